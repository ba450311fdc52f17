from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from telka.evaluation.reconcile import local_points
from telka.lib.formrender import plain_radios, plain_widget, show
from telka.templatetags.telka import localized_text

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """{{ proposals|get_item:pk }}: a value of a dict by a key from the loop."""
    return mapping.get(key)


@register.filter
def points(value) -> str:
    """30.00 → "30", 12.50 → "12,5" (lt) / "12.5" (en): points as people write them."""
    return local_points(value)


@register.simple_tag
def checklist_rows(form, clarified) -> str:
    """The formal check's items (evaluation/check.html), each in its fieldset with its
    verdict's radio buttons and its comment. A checklist has a dozen items of four
    controls each, which cost more through template loops and lookups than the rest of
    the page (issue 16). Byte for byte what this loop gave:

        {% for item, verdict, comment in form.rows %}
        <fieldset class="check-item {{ verdict.value }}">
          <legend>{{ item.code }}. <span lang="…">{{ item|localized:"title" }}</span>
            [<span class="tag">clarification round used</span>]</legend>
          <div class="choices">{% for radio in verdict %}<span>{{ radio.tag }}
            <label for="{{ radio.id_for_label }}">{{ radio.choice_label }}</label></span>
          {% endfor %}</div>
          <label for="{{ comment.id_for_label }}">{{ comment.label }}</label>{{ comment }}
        </fieldset>
        {% endfor %}
    """
    used = show(gettext("clarification round used"))  # outside the f-string: xgettext finds it
    used = f' <span class="tag">{used}</span>'
    labels = {}  # every item has the same (lazily translated) labels: each shown once

    def label(text) -> str:
        if id(text) not in labels:
            labels[id(text)] = (text, show(text))  # the text kept: its id stays its own
        return labels[id(text)][1]

    parts = []
    for item, verdict, comment in form.rows():
        title, lang = localized_text(item, "title")
        # Each button (its markup) straight from the bound field, or as iterating it gives.
        buttons = plain_radios(verdict)
        if buttons is None:
            buttons = [(radio.tag(), radio.id_for_label, radio.choice_label) for radio in verdict]
        radios = "".join(
            f'<span>{tag} <label for="{show(target)}">{label(text)}</label></span>'
            for tag, target, text in buttons
        )
        parts.append(
            f'\n    <fieldset class="check-item {show(verdict.value())}">\n'
            f'      <legend>{show(item.code)}. <span lang="{lang}">{show(title)}</span>'
            f"{used if item.pk in clarified else ''}</legend>\n"
            f'      <div class="choices">{radios}</div>\n'
            f'      <label for="{show(comment.id_for_label)}">{label(comment.label)}</label>'
            f"{plain_widget(comment)}\n    </fieldset>\n    "
        )
    return SafeString("".join(parts))  # every value above is escaped by show()
