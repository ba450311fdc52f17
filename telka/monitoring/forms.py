"""Forms of project monitoring. The report form builds one field per planned indicator
and per budget line, so a project of any size validates as one form."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from telka.calls.forms.proposal import MultipleFileField
from telka.calls.forms.staff import Layout
from telka.calls.models import Proposal
from telka.calls.uploads import upload_problems
from telka.decisions.forms import DayInput
from telka.lib.forms import IntegerField
from telka.strategy.forms import DATE, NoColon
from telka.strategy.models import Indicator, Measure

from .models import Participant, ProjectStatus, Report
from .workflow.projects import DEFAULT_DUE_DAYS, MilestoneInput, planned_from_proposal
from .workflow.reports import ReportInput

MAX_REPORT_FILES = 20
AMOUNT = {"max_digits": 12, "decimal_places": 2}


def _amount_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"})


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(ProjectStatus.choices),
    )
    overdue = forms.BooleanField(label=_("Only with overdue reports"), required=False)
    to_review = forms.BooleanField(label=_("Only with reports to review"), required=False)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    measure = forms.ModelChoiceField(
        label=_("Measure"), required=False, queryset=Measure.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.title}"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class StartProjectForm(Layout, forms.Form):
    """Dates, reporting rhythm, public summary, milestones and the planned values (copied
    from the proposal, correctable by staff)."""

    starts_on = forms.DateField(label=_("Project start"), widget=DayInput)
    ends_on = forms.DateField(label=_("Project end"), widget=DayInput)
    report_every_months = IntegerField(
        label=_("A report every (months)"), min_value=1, max_value=24, initial=6
    )
    due_days = IntegerField(
        label=_("Report due (days after its period ends)"),
        min_value=0,
        max_value=120,
        initial=DEFAULT_DUE_DAYS,
    )
    summary = forms.CharField(
        label=_("Public summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the date (YYYY-MM-DD), a space, then what is reached."),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["summary"].initial = proposal.summary
        self.fields["starts_on"].initial = proposal.starts_on
        self.fields["ends_on"].initial = proposal.ends_on
        self.plan_fields = []
        planned = planned_from_proposal(proposal)
        named = Indicator.objects.in_bulk(list(planned))
        for pk, value in planned.items():
            indicator = named[pk]
            name = f"planned_{pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{indicator.code} {indicator.name} ({indicator.unit})",
                initial=value,
                required=False,
                widget=_amount_input(),
                **AMOUNT,
            )
            self.plan_fields.append(name)

    def clean_milestones(self) -> list[MilestoneInput]:
        found, errors = [], []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _space, title = line.partition(" ")
            try:
                found.append(MilestoneInput(title.strip(), datetime.date.fromisoformat(day)))
            except ValueError:
                errors.append(
                    _("Line %(number)s: start with a date such as 2026-06-30.") % {"number": number}
                )
        if errors:
            raise forms.ValidationError(errors)
        return found

    def planned(self) -> dict[int, Decimal | None]:
        return {int(n.split("_")[1]): self.cleaned_data.get(n) for n in self.plan_fields}

    def plan_boundfields(self):
        return [self[name] for name in self.plan_fields]


class ReportForm(forms.Form):
    """The promoter's report: activities, participants, the value achieved for every
    planned indicator and the expenditure on every budget line."""

    activities = forms.CharField(
        label=_("Activities carried out in the period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    participants_count = IntegerField(
        label=_("Participants in the period"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"min": 0}),
    )

    def __init__(self, *args, report: Report, plans, lines, values=None, spent=None, **kwargs):
        """`values` and `spent`: the report's own figures by indicator and budget line, if
        the caller has them already (else they are read from the report)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if values is None:
            values = {v.indicator_id: v.value for v in report.indicator_values.all()}
        if spent is None:
            spent = {e.budget_line_id: e.amount for e in report.expenditures.all()}
        self.fields["activities"].initial = report.activities
        self.fields["participants_count"].initial = report.participants_count
        self.plans, self.lines = plans, lines
        for plan in plans:
            self.fields[f"value_{plan.indicator_id}"] = forms.DecimalField(
                label=f"{plan.indicator.code} {plan.indicator.name}",
                required=False,
                initial=values.get(plan.indicator_id),
                widget=_amount_input(),
                **AMOUNT,
            )
        for line in lines:
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=line.description,
                required=False,
                initial=spent.get(line.pk),
                widget=_amount_input(),
                **AMOUNT,
            )

    def indicator_rows(self):
        return [(plan, self[f"value_{plan.indicator_id}"]) for plan in self.plans]

    def budget_rows(self):
        return [(line, self[f"spent_{line.pk}"]) for line in self.lines]

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            activities=data.get("activities") or "",
            participants_count=data.get("participants_count") or 0,
            values={p.indicator_id: data.get(f"value_{p.indicator_id}") for p in self.plans},
            spent={line.pk: data.get(f"spent_{line.pk}") for line in self.lines},
        )


class ReportAttachmentForm(Layout, forms.Form):
    """Files for a report, checked by content (telka.calls.uploads)."""

    file = MultipleFileField(label=_("Files"), required=False, allow_empty_file=True)

    def __init__(self, *args, report: Report, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.oversized = list(oversized)
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, ASiC-E, JPG or PNG; up to %(each)s each."
        ) % {"each": filesizeformat(settings.TELKA_ATTACHMENT_MAX_BYTES)}

    def clean_file(self):
        files = self.cleaned_data["file"]
        errors = [
            _("“%(name)s” is larger than %(max)s.")
            % {"name": name, "max": filesizeformat(settings.TELKA_ATTACHMENT_MAX_BYTES)}
            for name in self.oversized
        ]
        if not files and not errors:
            raise forms.ValidationError(_("Choose at least one file."))
        for upload in files:
            errors += upload_problems(upload)
        if self.report.attachments.count() + len(files) > MAX_REPORT_FILES:
            errors.append(
                _("A report can have at most %(max)s attachments.") % {"max": MAX_REPORT_FILES}
            )
        if errors:
            raise forms.ValidationError(errors)
        return files


class AcceptForm(Layout, forms.Form):
    paid_amount = forms.DecimalField(
        label=_("Paid for this period (EUR)"), widget=_amount_input(), **AMOUNT
    )
    comment = forms.CharField(
        label=_("Comments (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(Layout, forms.Form):
    comment = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 4})
    )


class TerminateForm(Layout, forms.Form):
    reason = forms.CharField(
        label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(Layout, forms.Form):
    done_on = forms.DateField(label=_("Reached on"), widget=DayInput)


class ParticipantForm(Layout, forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "full_name",
            "birth_year",
            "gender",
            "contact",
            "socially_excluded",
            "entered_on",
            "status_at_entry",
            "exited_on",
            "status_at_exit",
            "status_after_six_months",
            "volunteering_after_six_months",
        ]
        widgets = {"entered_on": DayInput, "exited_on": DayInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "max": 2100})


# Annual implementation report: which year of which version, and its approval.


class GenerateAnnualReportForm(NoColon, forms.Form):
    strategy = forms.ModelChoiceField(label=_("Strategy version"), queryset=None, empty_label=None)
    year = IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies
        self.fields["strategy"].label_from_instance = lambda s: str(s)


class ApproveAnnualReportForm(NoColon, forms.Form):
    approved_on = forms.DateField(label=_("General meeting date"), widget=DATE)
    minutes_number = forms.CharField(label=_("Minutes no."), max_length=60)
