"""Forms LAG staff use to prepare a call: conditions, money per measure, criteria,
documents, and the steps of its life (approval, cancellation)."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from telka.accounts.models import LegalForm
from telka.lag.models import Sector
from telka.lib import statements
from telka.lib.forms import Layout
from telka.strategy.models import Measure, Strategy, StrategyStatus

from ..active_content import content_problem
from ..models import (
    Allocation,
    AttachmentKind,
    Call,
    CallDocument,
    CostKind,
    Criterion,
    CriterionKind,
    ProposalStatus,
)
from ..uploads import ACCEPT_ATTRIBUTE, sniff


class MinuteInput(forms.DateTimeInput):
    """datetime-local to the minute, in Europe/Vilnius (the site's time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 60, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class CallForm(Layout, forms.ModelForm):
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("Eligible legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to admit any legal form."),
    )
    eligible_sectors = forms.MultipleChoiceField(
        label=_("Eligible sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to admit any sector."),
    )
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"),
        choices=AttachmentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cost_kinds = forms.MultipleChoiceField(
        label=_("Cost options proposals may use"),
        choices=CostKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: real costs only. Tick only simplified options to require them."),
    )
    signed_attachments = forms.MultipleChoiceField(
        label=_("Attachments to be signed with a qualified electronic signature"),
        choices=AttachmentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each such file must carry a qualified electronic signature: a signed PDF (PAdES) "
            "or an ASiC-E container (.asice, XAdES)."
        ),
    )

    class Meta:
        model = Call
        fields = [
            "number",
            "title",
            "title_en",
            "strategy",
            "fund",
            "cost_kinds",
            "summary",
            "summary_en",
            "opens_at",
            "closes_at",
            "eligible_applicants",
            "eligible_applicants_en",
            "eligible_legal_forms",
            "eligible_sectors",
            "eligible_partners",
            "eligible_partners_en",
            "territory_rule",
            "conditions",
            "conditions_en",
            "min_score",
            "tie_break_criterion",
            "tie_break_by_submission",
            "assessors_required",
            "reconciliation_threshold_percent",
            "is_rolling",
            "complaint_window_days",
            "complaint_window_unit",
            "clarification_working_days",
            "agency_application_days",
            "agency_application_unit",
            "required_attachments",
            "signed_attachments",
        ]
        widgets = {
            "opens_at": MinuteInput(),
            "closes_at": MinuteInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "eligible_applicants": forms.Textarea(attrs={"rows": 3}),
            "eligible_applicants_en": forms.Textarea(attrs={"rows": 3}),
            "eligible_partners": forms.Textarea(attrs={"rows": 3}),
            "eligible_partners_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, lag, **kwargs):
        super().__init__(*args, **kwargs)
        self.lag = lag
        # Only the version in force can carry a call (INV-10); an existing call keeps
        # its own version in the list so that its other fields can still be saved.
        in_force = Q(status=StrategyStatus.IN_FORCE) | Q(pk=self.instance.strategy_id)
        strategies = Strategy.objects.filter(in_force, lag=lag)
        self.fields["strategy"].queryset = strategies
        if not self.instance.pk and len(strategies) == 1:
            self.fields["strategy"].initial = strategies[0].pk
        self.fields["tie_break_criterion"].queryset = (
            self.instance.criteria.filter(kind=CriterionKind.SCORED)
            if self.instance.pk
            else Criterion.objects.none()
        )
        self.fields["tie_break_criterion"].help_text = _(
            "Add the criteria first; then choose the one that breaks ties."
        )
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _("Vilnius time, to the minute.")
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    FIELDSETS = [
        (
            _("The call"),
            ["number", "title", "title_en", "strategy", "fund", "summary", "summary_en"],
        ),
        (_("Budget"), ["cost_kinds"]),
        (_("Accepting proposals"), ["opens_at", "closes_at", "is_rolling"]),
        (
            _("Who may apply"),
            [
                "eligible_applicants",
                "eligible_applicants_en",
                "eligible_legal_forms",
                "eligible_sectors",
                "eligible_partners",
                "eligible_partners_en",
                "territory_rule",
                "required_attachments",
                "signed_attachments",
                "conditions",
                "conditions_en",
            ],
        ),
        (
            _("Selection"),
            [
                "min_score",
                "tie_break_criterion",
                "tie_break_by_submission",
                "assessors_required",
                "reconciliation_threshold_percent",
            ],
        ),
        (
            _("Deadlines after the call"),
            [
                "clarification_working_days",
                "complaint_window_days",
                "complaint_window_unit",
                "agency_application_days",
                "agency_application_unit",
            ],
        ),
    ]

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        strategy, fund = data.get("strategy"), data.get("fund")
        if strategy is not None and fund is not None:
            if not strategy.period.fund_rules.filter(fund=fund).exists():
                self.add_error(
                    "fund",
                    _("The %(fund)s is not a fund of the %(period)s period.")
                    % {"fund": fund.code, "period": strategy.period.code},
                )
        return data

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        taken = Call.objects.filter(lag=self.lag, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another call already has this number."))
        return number

    def _minute(self, name: str):
        value = self.cleaned_data.get(name)
        return value.replace(second=0, microsecond=0) if value else value

    def clean_opens_at(self):
        return self._minute("opens_at")

    def clean_closes_at(self):
        return self._minute("closes_at")


class AllocationForm(Layout, forms.ModelForm):
    class Meta:
        model = Allocation
        fields = [
            "measure",
            "amount",
            "max_per_project",
            "min_per_project",
            "max_rate_percent",
            "allows_reduced_amounts",
        ]

    def validate_constraints(self):
        """A measure once per call is checked among the rows of the form set, not against
        the rows as stored, so that two rows can swap their measures in one save."""
        try:
            self.instance.validate_constraints(
                exclude={*self._get_validation_exclusions(), "measure"}
            )
        except forms.ValidationError as error:
            self._update_errors(error)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_per_project"), data.get("max_per_project")
        if low is not None and high is not None and low > high:
            self.add_error("min_per_project", _("The minimum cannot be more than the maximum."))
        return data


class CriterionForm(Layout, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "code",
            "title",
            "title_en",
            "description",
            "description_en",
            "kind",
            "max_points",
            "min_points",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == CriterionKind.PASS_FAIL:
            data["max_points"] = data["min_points"] = None
            self.instance.max_points = self.instance.min_points = None
        elif data.get("kind") == CriterionKind.SCORED and not data.get("max_points"):
            self.add_error("max_points", _("A scored criterion needs its maximum points."))
        return data


class RowsFormSet(forms.BaseInlineFormSet):
    """Inline rows that keep the order they were typed in (their `position`)."""

    def save(self, commit=True):
        saved = super().save(commit=True)
        kept = [f.instance for f in self.forms if f.instance.pk and f not in self.deleted_forms]
        for position, row in enumerate(kept):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        return saved


class AllocationRowsFormSet(RowsFormSet):
    """Allocation rows. A row whose measure changed is stored afresh after the removed and
    moved rows are gone: the database accepts a measure once per call at every moment,
    so two rows swapping their measures could not be updated one after the other. Only an
    editable call (no proposals yet) has its rows changed."""

    def save(self, commit=True):
        moved = [
            form
            for form in self.initial_forms
            if "measure" in form.changed_data and form not in self.deleted_forms
        ]
        gone = [form.instance.pk for form in [*moved, *self.deleted_forms] if form.instance.pk]
        Allocation.objects.filter(pk__in=gone).delete()
        for form in self.deleted_forms:
            form.instance.pk = None
        for form in moved:
            form.instance.pk = None
            form.instance._state.adding = True
            form.save()
        return super().save(commit)


def allocation_formset(call: Call, data=None):
    formset_class = inlineformset_factory(
        Call,
        Allocation,
        form=AllocationForm,
        formset=AllocationRowsFormSet,
        extra=1,
        can_delete=True,
    )
    formset = formset_class(data, instance=call, prefix="allocations")
    measures = Measure.objects.filter(objective__goal__strategy=call.strategy).order_by("code")
    for form in formset.forms:
        form.fields["measure"].queryset = measures
    formset.empty_form.fields["measure"].queryset = measures
    return formset


def criterion_formset(call: Call, data=None):
    formset_class = inlineformset_factory(
        Call, Criterion, form=CriterionForm, formset=RowsFormSet, extra=1, can_delete=True
    )
    return formset_class(data, instance=call, prefix="criteria")


class CallDocumentForm(Layout, forms.ModelForm):
    class Meta:
        model = CallDocument
        fields = ["title", "title_en", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.TELKA_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        found = sniff(upload)
        if found is None:
            raise forms.ValidationError(
                _(
                    "Upload a PDF, DOCX, XLSX, ODT, ASiC-E, JPG or PNG file (checked by its content)."
                )
            )
        problem = content_problem(upload.name, upload)
        if problem:
            raise forms.ValidationError(problem)
        self.detected = found
        return upload


class ApproveForm(Layout, forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(
        label=_("Board decision"),
        max_length=300,
        help_text=_("e.g. board meeting minutes no. 5"),
    )


class CancelForm(Layout, forms.Form):
    reason = forms.CharField(
        label=_("Reasons for cancellation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published on the call page and sent to every applicant."),
    )


class ProposalFilterForm(Layout, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Title, applicant, legal entity code or registration number"),
    )
    # The measure's id: the call's measures are read through a statement compiled once
    # per call (telka/lib/statements.py), where a model choice field compiles its query
    # on every visit of the list (issue 16).
    measure = forms.TypedChoiceField(label=_("Measure"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        measures = statements.fetch_objects(
            ("call-measures", call.pk), lambda: Measure.objects.filter(allocations__call=call)
        )
        self.fields["measure"].choices = [
            ("", _("All measures")),
            *((measure.pk, str(measure)) for measure in measures),
        ]
        self.fields["status"].choices = [("", _("All statuses")), *ProposalStatus.choices]
