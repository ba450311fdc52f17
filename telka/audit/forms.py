from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from telka.decisions.forms import DayInput


def object_types() -> list[tuple[str, str]]:
    """Every Telka model, as "app.model" with its name: what the log can be filtered by."""
    choices = [
        (model._meta.label_lower, f"{model._meta.verbose_name} ({model._meta.app_label})")
        for model in apps.get_models()
        if model.__module__.startswith("telka.")
    ]
    return [("", _("Any object"))] + sorted(choices, key=lambda c: str(c[1]).lower())


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field is optional."""

    object = forms.ChoiceField(label=_("Object type"), required=False, choices=object_types)
    id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Name or e-mail address of who made the change."),
    )
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    since = forms.DateField(label=_("From"), required=False, widget=DayInput)
    until = forms.DateField(label=_("To"), required=False, widget=DayInput)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period is before its start."))
        if data.get("id") and not data.get("object"):
            self.add_error("object", _("Choose the type of the object too."))
        return data
