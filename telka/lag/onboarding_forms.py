"""The network administrator's forms: set up a LAG, import its strategy, put it in force.

The board and the first staff are typed one per line (a LAG has nine to fifteen
seats and one to three staff): a form field each would be a form builder."""

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from telka.lib.forms import Layout

from .models import LocalActionGroup, Sector, normalise_host
from .onboarding import LagInput, SeatInput, StaffInput
from .programme import Fund, period_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES = {"yes", "taip", "y", "t", "1"}
NO = {"no", "ne", "n", "0", ""}
SECTORS = {
    "public": Sector.PUBLIC,
    "viešasis": Sector.PUBLIC,
    "business": Sector.BUSINESS,
    "verslas": Sector.BUSINESS,
    "civil": Sector.CIVIL,
    "pilietinė": Sector.CIVIL,
}


def _model_field(name: str) -> forms.Field:
    return LocalActionGroup._meta.get_field(name).formfield()


class OnboardForm(Layout, forms.Form):
    name = _model_field("name")
    short_name = _model_field("short_name")
    slug = _model_field("slug")
    host = _model_field("host")
    legal_code = _model_field("legal_code")
    territory = _model_field("territory")
    period = forms.ChoiceField(label=_("Programming period"), choices=period_choices)
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices)
    board = forms.CharField(
        label=_("Board"),
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_(
            "One seat a line: full name; sector (public, business or civil); "
            "public authority (yes or no). E.g. “Ona Onaitė; civil; no”."
        ),
    )
    staff = forms.CharField(
        label=_("First staff"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person a line: full name; e-mail. Each gets an invitation e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].required = True

    def clean_host(self) -> str:
        return normalise_host(self.cleaned_data["host"])

    def clean_board(self) -> list[SeatInput]:
        seats, errors = [], []
        for number, line in _lines(self.cleaned_data["board"]):
            parts = [p.strip() for p in line.split(";")]
            sector = SECTORS.get(parts[1].lower()) if len(parts) > 1 else None
            public = parts[2].lower() if len(parts) > 2 else ""
            if len(parts) > 3 or not parts[0] or sector is None or public not in YES | NO:
                errors.append(
                    _("Line %(number)s: write “full name; public, business or civil; yes or no”.")
                    % {"number": number}
                )
                continue
            seats.append(SeatInput(parts[0][:200], sector, public in YES))
        if errors:
            raise forms.ValidationError(errors)
        return seats

    def clean_staff(self) -> list[StaffInput]:
        people, errors = [], []
        for number, line in _lines(self.cleaned_data["staff"]):
            parts = [p.strip() for p in line.split(";")]
            try:
                if len(parts) != 2 or not parts[0]:
                    raise forms.ValidationError("")
                validate_email(parts[1])
            except forms.ValidationError:
                errors.append(_("Line %(number)s: write “full name; e-mail”.") % {"number": number})
                continue
            people.append(StaffInput(parts[0][:200], parts[1].lower()))
        if errors:
            raise forms.ValidationError(errors)
        return people

    def lag_input(self) -> LagInput:
        data = self.cleaned_data
        return LagInput(
            **{k: data[k] for k in ["name", "short_name", "slug", "host", "legal_code"]},
            territory=data["territory"],
            period=data["period"],
            fund=data["fund"],
        )


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


class StrategyUploadForm(Layout, forms.Form):
    workbook = forms.FileField(
        label=_("Strategy workbook (XLSX)"),
        help_text=_("Fill in the template and upload it. Nothing is stored while it has errors."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class InForceForm(Layout, forms.Form):
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE, required=False)
    adopted_by = forms.CharField(
        label=_("Adopted by"),
        max_length=300,
        help_text=_("The decision that adopted the strategy, e.g. general meeting minutes no."),
    )


class PoolEntryForm(Layout, forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the person's account"),
        help_text=_("The person registers in Telka first; the pool lists accounts."),
    )
    expertise = forms.CharField(
        label=_("Expertise"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    languages = forms.CharField(
        label=_("Languages"), max_length=200, help_text=_("E.g. lt, en, pl.")
    )


class PoolRemoveForm(forms.Form):
    entry = forms.IntegerField(min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput)
