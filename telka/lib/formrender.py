"""Form rendering without a template per widget.

Django renders every field through several small templates (the field group, its
label, its error list, the widget, the widget's attributes, each option of a
drop-down); on a proposal section with thirty fields that is most of the page's
time. `FormRenderer` writes the same HTML for Django's own templates directly in
Python and hands every other template (the project's form layout, the admin's
widgets) to Django's renderer. The output is identical character for character:
telka/lib/tests/test_formrender.py renders every kind of widget both ways.

Settings: FORM_RENDERER = "telka.lib.formrender.FormRenderer".
"""

from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString

from telka.lib.forms import SharedChoices

_CONTEXT = Context(autoescape=True)

WIDGETS = "django/forms/widgets/"
INPUT = WIDGETS + "input.html"
# Widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_ALIASES = {
    WIDGETS + f"{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}
OPTIONS = {WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html"}


# The text these functions return is only ever joined into markup that is marked safe
# as a whole, so it is escaped with the standard library's html.escape (what Django's
# escape() does inside, without its check for lazy arguments on every call).


def show(value) -> str:
    """`{{ value }}` with autoescaping, as a template writes it."""
    if isinstance(value, Promise):  # a lazy translation: its text
        value = str(value)
    if isinstance(value, str):  # text needs no localizing, only escaping
        return value if isinstance(value, SafeData) else escape(value)
    if type(value) is ErrorList and not value.data:
        return ""  # a field without errors: what its template gives, without rendering it
    if hasattr(value, "__html__"):  # a bound field, an error list: their own markup
        return value.__html__()
    return render_value_in_context(value, _CONTEXT)


def show_formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping."""
    text = str(value)  # what "%s" % value gives, and what the filter gives for a tuple
    return text if isinstance(value, SafeData) else escape(text)


# " name" as written for each plain-text attribute name seen ("id", "step", "min"…): the
# names come from code, a few dozen in all.
_NAMES: dict[str, str] = {}


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        written = _NAMES.get(name) if type(name) is str else None
        if written is None:
            written = " " + show(name)
            if type(name) is str and len(_NAMES) < 1000:
                _NAMES[name] = written
        parts.append(written)
        if value is not True:
            parts.append('="' + show_formatted(value) + '"')
    return "".join(parts)


def input_tag(widget: dict) -> str:
    """django/forms/widgets/input.html, without its final line break."""
    value = widget.get("value")
    shown = "" if value is None else ' value="' + show_formatted(value) + '"'
    return (
        f'<input type="{show(widget.get("type", ""))}" name="{show(widget.get("name", ""))}"'
        f"{shown}{attributes(widget.get('attrs', {}))}>"
    )


def textarea(widget: dict) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{show(widget.get("name", ""))}"{attributes(widget.get("attrs", {}))}>\n'
        f"{show(value) if value else ''}</textarea>"
    )


def _option(option: dict) -> str | None:
    """One <option>, or None when a custom option template is in use."""
    if option.get("template_name") != WIDGETS + "select_option.html":
        return None
    return (
        f'<option value="{show_formatted(option.get("value", ""))}"'
        f"{attributes(option.get('attrs', {}))}>{show(option.get('label', ''))}</option>\n"
    )


def select(widget: dict) -> str | None:
    parts = [f'<select name="{show(widget.get("name", ""))}"{attributes(widget.get("attrs", {}))}>']
    for group_name, group_choices, _index in widget.get("optgroups", []):
        if group_name:
            parts.append(f'\n  <optgroup label="{show(group_name)}">')
        for option in group_choices:
            html = _option(option)
            if html is None:
                return None
            parts.append("\n  " + html)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html with its final line break."""
    html = input_tag(option) + "\n"
    if not option.get("wrap_label"):
        return html + "\n"
    target = option.get("attrs", {}).get("id")
    label_for = f' for="{show(target)}"' if target else ""
    return f"<label{label_for}>{html} {show(option.get('label', ''))}</label>\n"


def choices(widget: dict) -> str | None:
    """django/forms/widgets/multiple_input.html (radio buttons and tick-box lists)."""
    attrs = widget.get("attrs", {})
    target, css = attrs.get("id"), attrs.get("class")
    parts = [
        "<div",
        f' id="{show(target)}"' if target else "",
        f' class="{show(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget.get("optgroups", []):
        if group:
            parts.append(f"\n  <div><label>{show(group)}</label>")
        for option in options:
            if option.get("template_name") not in OPTIONS:
                return None
            parts.append("<div>\n    " + input_option(option) + "\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def label(context: dict) -> str:
    """django/forms/label.html."""
    text = show(context.get("label", ""))
    if not context.get("use_tag"):
        return text
    tag = show(context.get("tag", ""))
    return f"<{tag}{attributes(context.get('attrs') or {})}>{text}</{tag}>"


def errors(context: dict) -> str:
    """django/forms/errors/list/default.html."""
    found = context.get("errors")
    if not found:
        return ""
    field_id = getattr(found, "field_id", None)
    target = f' id="{show(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{show(error)}</li>" for error in found)
    return f'<ul class="{show(context.get("error_class", ""))}"{target}>{items}</ul>'


def field_group(context: dict) -> str:
    """django/forms/field.html: label, help text, errors and the widget."""
    field = context["field"]
    plain = plain_field_group(field)
    if plain is not None:
        return plain
    fieldset = field.use_fieldset
    if fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{show(described)}"' if described else ""
        head = f"\n  <fieldset{described}>\n  {show(field.legend_tag()) if field.label else ''}\n"
    else:
        head = f"\n  {show(field.label_tag()) if field.label else ''}\n"
    help_html = ""
    if field.help_text:
        target = f' id="{show(field.auto_id)}_helptext"' if field.auto_id else ""
        help_html = f'<div class="helptext"{target}>{field.help_text}</div>'
    tail = "</fieldset>" if fieldset else ""
    return f"{head}\n{help_html}\n{show(field.errors)}\n{show(field)}{tail}\n"


def _widget(context: dict) -> str | None:
    return input_tag(context["widget"])


def layout(context: dict) -> str:
    """telka/templates/forms/layout.html, the project's form layout (telka.lib.forms.Layout):
    each field in its spaced box, tick boxes before their label. The template stays as
    the reference the equivalence test renders."""
    errors, fields = context.get("errors"), context.get("fields") or []
    hidden = "".join(show(field) for field in context.get("hidden_fields") or [])
    parts = [show(errors) if errors is not None else "", "\n"]
    if errors and not fields:
        parts.append(f"<div>{hidden}</div>")
    parts.append("\n")
    for position, (field, _errors) in enumerate(fields, start=1):
        checkbox = field.widget_type == "checkbox"
        classes = field.css_classes()
        parts.append(
            f'\n<div class="field{" checkbox" if checkbox else ""}'
            f'{" " + show(classes) if classes else ""}">\n  '
        )
        if checkbox:
            parts.append(f"{show(field)} {show(field.label_tag())}\n  ")
            if field.help_text:
                target = show(field.auto_id)
                parts.append(
                    f'<div class="helptext" id="{target}_helptext">{field.help_text}</div>'
                )
            parts.append(f"\n  {show(field.errors)}")
        else:
            parts.append(show(field.as_field_group()))
        parts.append(f"\n  {hidden if position == len(fields) else ''}\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(hidden)
    parts.append("\n")
    return "".join(parts)


def hidden_only(context: dict) -> str | None:
    """django/forms/div.html for a form of hidden fields only (a formset's management
    form); any other form is left to the template."""
    if context.get("fields") or context.get("errors"):
        return None
    return "".join(plain_widget(field) for field in context.get("hidden_fields", []))


RENDERERS = {
    INPUT: _widget,
    **dict.fromkeys(INPUT_ALIASES, _widget),
    WIDGETS + "textarea.html": lambda context: textarea(context["widget"]),
    WIDGETS + "select.html": lambda context: select(context["widget"]),
    WIDGETS + "radio.html": lambda context: choices(context["widget"]),
    WIDGETS + "checkbox_select.html": lambda context: choices(context["widget"]),
    "django/forms/label.html": label,
    "django/forms/errors/list/default.html": errors,
    "django/forms/errors/list/ul.html": errors,
    "django/forms/field.html": field_group,
    "django/forms/div.html": hidden_only,
    "forms/layout.html": layout,
    # One option on its own ({{ radio.tag }} in a template).
    WIDGETS + "select_option.html": lambda context: _option(context["widget"]),
    **dict.fromkeys(
        [WIDGETS + "input_option.html", *OPTIONS], lambda context: input_option(context["widget"])
    ),
}


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with Django's own widget templates written in Python."""

    def render(self, template_name, context, request=None):
        write = RENDERERS.get(template_name)
        html = write(context) if write is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return SafeString(html.strip())  # mark_safe() without its check for lazy text


# --- One field of a form, straight from its bound field -------------------------------

# Widgets whose field group `plain_field_group` writes itself (exactly these classes: a
# subclass may have a template or an option template of its own).
PLAIN_WIDGETS = {
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.DateInput,
    forms.Textarea,
    forms.Select,
}


# Widgets that plain_widget writes itself (shown on their own: hidden fields, tick boxes).
PLAIN_INPUTS = PLAIN_WIDGETS | {forms.HiddenInput, forms.CheckboxInput}


def plain_widget(field) -> str:
    """`str(field)`: its widget, written straight from the bound field when it is one of
    PLAIN_INPUTS (a formset row's hidden ids, its "remove" tick box)."""
    widget = field.field.widget
    if (
        type(widget) not in PLAIN_INPUTS
        or type(field.form.renderer) is not FormRenderer
        or widget.template_name not in RENDERERS
        or field.field.localize
        or field.field.show_hidden_initial
    ):
        return show(field)
    return _plain_widget(field)


def plain_field_group(field) -> str | None:
    """`field.as_field_group()` for a field of a plain kind (text, number, date, text
    area, drop-down) with the project's renderer, written here without the renderer's
    steps for its group, label and widget; None for any other field (render it the
    usual way). A formset row shows a dozen fields, and a budget section ten rows.
    telka/lib/tests/test_formrender.py checks it against Django's templates."""
    form, widget = field.form, field.field.widget
    if (
        type(widget) not in PLAIN_WIDGETS
        or type(form.renderer) is not FormRenderer
        or field.template_name != "django/forms/field.html"
        or form.template_name_label != "django/forms/label.html"
        or widget.template_name not in RENDERERS
        or field.field.localize
        or field.field.show_hidden_initial
        or hasattr(form, "required_css_class")
    ):
        return None
    head = ""
    if field.label:
        suffix = field.field.label_suffix
        if form.label_suffix if suffix is None else suffix:
            return None
        text = show(field.label)
        target = widget.attrs.get("id") or field.auto_id
        if target:
            target = widget.id_for_label(target)
            text = (
                f'<label for="{show_formatted(target)}">{text}</label>'
                if target
                else (f"<label>{text}</label>")
            )
        head = text
    help_html = ""
    if field.help_text:
        target = f' id="{show(field.auto_id)}_helptext"' if field.auto_id else ""
        help_html = f'<div class="helptext"{target}>{field.help_text}</div>'
    return f"\n  {head}\n\n{help_html}\n{show(field.errors)}\n{_plain_widget(field)}\n".strip()


def _plain_widget(field) -> str:
    """BoundField.as_widget() for the widgets of plain_field_group and plain_widget."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    value = field.value()
    if type(widget) is forms.Select:
        html = _shared_select(widget, field.field, field.html_name, value, attrs)
        if html is not None:
            return html
    context = widget.get_context(field.html_name, value, attrs)
    html = RENDERERS[widget.template_name](context)
    if html is None:
        return show(field)
    return html.strip()


def _shared_select(widget, form_field, name: str, value, attrs: dict) -> str | None:
    """A drop-down of fixed choices shared by every copy of its form class
    (telka.lib.forms.SharedChoices): its options are written once and kept with the
    choices; only the selected one changes from row to row."""
    choices = getattr(form_field, "_choices", None)
    # The widget holds its own copy of the field's choices: the same ones, unless
    # something gave the widget others.
    if type(choices) is not SharedChoices or widget.choices != choices:
        return None
    if widget.option_template_name != WIDGETS + "select_option.html":
        return None
    options = choices.__dict__.get("options_html")
    if options is None:
        options = choices.options_html = _select_options(choices) or ()
    if not options:
        return None
    context = forms.Widget.get_context(widget, name, value, attrs)["widget"]
    chosen = context["value"]
    parts = [f'<select name="{show(name)}"{attributes(context.get("attrs", {}))}>']
    selected = False
    for key, plain, marked in options:
        if not selected and key in chosen:
            selected = True
            parts.append("\n  " + marked)
        else:
            parts.append("\n  " + plain)
    parts.append("\n</select>")
    return "".join(parts)


def _select_options(choices) -> list | None:
    """(value as compared, the <option> written, the same selected) for each choice, as
    Select.optgroups and _option write them; None if the choices have groups."""
    options = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            return None
        value = "" if value is None else value
        option = {"value": value, "label": label, "template_name": WIDGETS + "select_option.html"}
        plain = _option({**option, "attrs": {}})
        marked = _option({**option, "attrs": {"selected": True}})
        options.append((str(value), plain, marked))
    return options


def plain_radios(field) -> list[tuple[str, str, object]] | None:
    """`[(radio.tag(), radio.id_for_label, radio.choice_label) for radio in field]` for a
    field shown as radio buttons (forms.RadioSelect) with the project's renderer, written
    straight from the bound field without a dictionary and a renderer's step per option;
    None for any other field or for grouped choices (iterate the field the usual way). A
    formal check shows a dozen items of four radio buttons each.
    telka/lib/tests/test_formrender.py checks it against Django's templates."""
    widget = field.field.widget
    if (
        type(widget) is not forms.RadioSelect
        or type(field.form.renderer) is not FormRenderer
        or widget.option_template_name not in RENDERERS
    ):
        return None
    # BoundField.subwidgets, ChoiceWidget.optgroups and create_option, for one level.
    target = widget.attrs.get("id") or field.auto_id
    common = {**widget.attrs, **field.build_widget_attrs({"id": target} if target else {})}
    chosen = widget.format_value(field.value())
    name, radios, selected = field.html_name, [], False
    for index, (value, text) in enumerate(widget.choices):
        if isinstance(text, list | tuple):
            return None
        if value is None:
            value = ""
        attrs = dict(common)
        if not selected and str(value) in chosen:
            selected = True
            attrs["checked"] = True
        if "id" in attrs and attrs["id"]:
            attrs["id"] = f"{attrs['id']}_{index}"
        option = {"name": name, "value": value, "type": "radio", "attrs": attrs}
        radios.append((input_option(option).strip(), attrs.get("id"), text))
    return radios
