"""Template filters of the calls app."""

import datetime

from django import template
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy

from telka.accounts.models import LegalForm
from telka.lib.formrender import plain_field_group, plain_widget, show

from ..history import event_label, status_change
from ..models import BudgetCategory, CostKind

register = template.Library()
register.filter("event_label", event_label)


@register.filter
def event_change(event) -> str:
    return status_change(event.action, event.changes)


# Django's Lithuanian catalogue lacks these, and "closes in …" needs the genitive
# ("po 3 savaičių"), so the calls app carries its own, with a context.
TIME_LEFT = {
    "year": npgettext_lazy("time left", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time left", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time left", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time left", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time left", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time left", "%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def time_left(moment: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """{{ call.closes_at|time_left:now }} → "2 weeks, 3 days" (the server's view of it)."""
    if moment is None:
        return ""
    return timesince(moment, now, reversed=True, time_strings=TIME_LEFT)


def _label(choices, part, field: str):
    """A frozen copy keeps the code and the label of the language it was submitted in;
    show the label in the reader's language while the code is still a known choice."""
    if not isinstance(part, dict):
        return ""
    try:
        return str(choices(part.get(field)).label)
    except ValueError:
        return part.get(f"{field}_label", "")


@register.filter
def legal_form_label(applicant: dict) -> str:
    return _label(LegalForm, applicant, "legal_form")


@register.filter
def budget_category_label(line: dict) -> str:
    return _label(BudgetCategory, line, "category")


@register.filter
def cost_kind_label(line: dict) -> str:
    """Versions submitted before cost options existed were all real costs."""
    return _label(CostKind, {"kind": "real", **line}, "kind")


@register.filter
def flat_rate_base_label(line: dict) -> str:
    return _label(BudgetCategory, line, "base_category")


@register.simple_tag
def field_box(field) -> str:
    """One field of a proposal section or call form, in its spaced box: a tick box before
    its label, any other field as Django's field group (label, help, errors, widget):

        <div class="field[ checkbox] field-NAME">
        {{ field }} {{ field.label_tag }}[help][errors]   (tick box)
        {{ field.as_field_group }}                        (anything else)
        </div>

    Written here rather than in an included template: a budget section shows some thirty."""
    checkbox = field.widget_type == "checkbox"
    if checkbox:
        inner = f"{show(field)} {show(field.label_tag())}"
        if field.help_text:
            inner += (
                f'<div class="helptext" id="{show(field.auto_id)}_helptext">{field.help_text}</div>'
            )
        inner += show(field.errors)
    else:
        inner = plain_field_group(field)
        if inner is None:
            inner = show(field.as_field_group())
    css = " checkbox" if checkbox else ""
    return SafeString(f'<div class="field{css} field-{show(field.name)}">\n{inner}\n</div>\n')


@register.simple_tag
def formset_rows(formset, row_label="", new_label="") -> str:
    """calls/includes/rows.html's rows, each form of the formset in its card: a budget
    section shows ten lines of five fields, which cost more through template loops and
    lookups than the rest of the page (issue 16). Byte for byte what the loop gave:

        {{ formset.management_form }}
        [<div class="errorlist" role="alert">{{ formset.non_form_errors }}</div>]
        per row: <fieldset class="row-card" id="PREFIX-row-N"><legend>…</legend>
          [row errors] hidden fields <div class="row-fields">visible fields</div>
        </fieldset>
    """
    non_form = formset.non_form_errors()
    parts = [
        show(formset.management_form),
        "\n",
        f'<div class="errorlist" role="alert">{show(non_form)}</div>' if non_form else "",
        "\n",
    ]
    remove = show(_("Remove this row"))
    row_label, new_label = show(row_label), show(new_label)
    prefix = show(formset.prefix)
    for index, row in enumerate(formset):
        saved = getattr(getattr(row, "instance", None), "pk", None)
        legend = f"{row_label} {index + 1}" if saved else new_label
        row_errors = row.non_field_errors()
        row_errors = (
            f'<div class="errorlist" role="alert">{show(row_errors)}</div>' if row_errors else ""
        )
        hidden = "".join(plain_widget(field) for field in row.hidden_fields())
        fields = []
        for field in row.visible_fields():
            if field.name != "DELETE":
                fields.append(field_box(field))
            elif saved:
                fields.append(
                    f'<div class="field checkbox">{plain_widget(field)} '
                    f'<label for="{show(field.id_for_label)}">{remove}</label></div>'
                )
        parts.append(
            f'\n<fieldset class="row-card" id="{prefix}-row-{index}">\n'
            f"  <legend>{legend}</legend>\n"
            f"  {row_errors}\n"
            f"  {hidden}\n"
            '  <div class="row-fields">\n'
            f"  {''.join(fields)}\n"
            "  </div>\n</fieldset>\n"
        )
    return SafeString("".join(parts))
