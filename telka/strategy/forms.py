"""Forms of the staff area where an amendment's draft is prepared and its steps recorded."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.active_content import content_problem
from telka.lib.forms import Layout

from .models import Goal, Indicator, Measure, Objective, Strategy, StrategyAmendment, Target
from .workflow import AMENDMENT_FIELDS, DRAFT_STRATEGY_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The name the monitoring forms import.
NoColon = Layout


class AmendmentForm(Layout, forms.ModelForm):
    class Meta:
        model = StrategyAmendment
        fields = AMENDMENT_FIELDS
        widgets = {"reasons": forms.Textarea(attrs={"rows": 6})}


class DraftStrategyForm(Layout, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = DRAFT_STRATEGY_FIELDS

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class GoalForm(Layout, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["code", "title", "title_en", "position"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3})}


class ObjectiveForm(Layout, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["goal", "code", "title", "title_en", "position"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, draft: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(strategy=draft)


class MeasureForm(Layout, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "objective",
            "code",
            "title",
            "title_en",
            "description",
            "description_en",
            "budget",
            "target_group",
            "target_group_en",
            "planned_projects",
            "max_duration_months",
            "eligible_applicants",
            "eligible_applicants_en",
            "programme_measure",
            "is_cooperation",
            "is_demo",
            "position",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "eligible_applicants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, draft: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(goal__strategy=draft)


class TargetForm(Layout, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "value", "is_demo"]

    def __init__(self, *args, draft: Strategy, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["indicator"].queryset = Indicator.objects.filter(lag_id=draft.lag_id)

    def clean_indicator(self):
        indicator = self.cleaned_data["indicator"]
        taken = Target.objects.filter(measure=self.measure, indicator=indicator)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This measure already has a target for that indicator."))
        return indicator


class ProposeForm(Layout, forms.Form):
    proposed_on = forms.DateField(label=_("Board decision date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"proposed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AdoptForm(Layout, forms.Form):
    adopted_on = forms.DateField(label=_("General meeting date"), widget=DATE)
    minutes_number = forms.CharField(label=_("Minutes no."), max_length=60)
    minutes_document = forms.FileField(label=_("Minutes (PDF)"), required=False)

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The meeting date cannot be in the future."))
        return day

    def clean_minutes_document(self):
        upload = self.cleaned_data.get("minutes_document")
        if upload and not upload.read(5).startswith(b"%PDF"):
            raise forms.ValidationError(_("The minutes must be a PDF file."))
        if upload:
            upload.seek(0)
            problem = content_problem(upload.name, upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload


class SubmitToMAForm(Layout, forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)
    reference = forms.CharField(label=_("Letter or registration no."), max_length=120)


class MADecisionForm(Layout, forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approved")), ("no", _("Rejected"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    reference = forms.CharField(label=_("Decision reference"), max_length=120)


class InForceForm(Layout, forms.Form):
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)


class FirstInForceForm(Layout, forms.Form):
    adopted_by = forms.CharField(
        label=_("Adopted by"),
        max_length=300,
        help_text=_("The decision that adopted the strategy, e.g. general meeting minutes no."),
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE, required=False)
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)


class WithdrawForm(Layout, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CompareForm(Layout, forms.Form):
    against = forms.TypedChoiceField(label=_("Compare with version"), coerce=int)

    def __init__(self, *args, versions: list[Strategy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].choices = [
            (v.version, f"{v.version} — {v.get_status_display()}") for v in versions
        ]
