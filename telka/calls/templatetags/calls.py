"""Template filters of the calls app."""

import datetime

from django import template
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import npgettext_lazy

from telka.accounts.models import LegalForm
from telka.lib.formrender import show

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
        inner = show(field.as_field_group())
    css = " checkbox" if checkbox else ""
    return mark_safe(f'<div class="field{css} field-{show(field.name)}">\n{inner}\n</div>\n')
