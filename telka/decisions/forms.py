"""Forms of board decisions. Row-per-member and row-per-proposal forms build their
fields from the rows they are given, so a list of any length validates as one form."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.active_content import content_problem
from telka.calls.models import Allocation, CallStatus
from telka.calls.uploads import ACCEPT_ATTRIBUTE, sniff
from telka.lag.models import BoardMembership, BoardRole, Sector
from telka.lib.forms import IntegerField

from .models import ComplaintGround, Decision, LineOutcome, MeetingMode, VoteChoice
from .models.meetings import AgendaKind


class MinuteInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 60, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MembershipForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail of the member's account"),
        required=False,
        help_text=_("Links the seat to an account so the member can declare and vote online."),
    )
    interest_group = forms.ChoiceField(label=_("Interest group"), choices=Sector.choices)
    is_public_authority = forms.BooleanField(
        label=_("Represents a public authority"), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=BoardRole.choices, initial=BoardRole.MEMBER)
    voting_rights = IntegerField(label=_("Votes"), min_value=1, max_value=20, initial=1)
    valid_from = forms.DateField(label=_("Member from"), widget=DayInput)
    valid_to = forms.DateField(label=_("Member until"), widget=DayInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end cannot be before the start."))
        return data


class EndMembershipForm(forms.Form):
    last_day = forms.DateField(label=_("Last day on the board"), widget=DayInput)


class ChangeMembershipForm(forms.Form):
    on = forms.DateField(label=_("Change takes effect on"), widget=DayInput)
    interest_group = forms.ChoiceField(label=_("Interest group"), choices=Sector.choices)
    is_public_authority = forms.BooleanField(
        label=_("Represents a public authority"), required=False
    )
    voting_rights = IntegerField(label=_("Votes"), min_value=1, max_value=20)


class MeetingForm(forms.Form):
    number = forms.CharField(label=_("Minutes number"), max_length=30, help_text=_("e.g. 2026/4"))
    mode = forms.ChoiceField(label=_("Form"), choices=MeetingMode.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=MinuteInput)
    ballots_due_at = forms.DateTimeField(
        label=_("Ballots due (written procedure)"), widget=MinuteInput, required=False
    )
    location = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes for the members"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    allocations = forms.ModelMultipleChoiceField(
        label=_("Allocations to decide"),
        queryset=Allocation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, lag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocations"].queryset = (
            Allocation.objects.filter(
                call__lag=lag,
                call__status__in=[
                    CallStatus.ASSESSMENT,
                    CallStatus.DECISION_PENDING,
                    CallStatus.DECIDED,
                ],
            )
            .select_related("call", "measure")
            .order_by("call__number", "position")
        )
        self.fields["allocations"].label_from_instance = lambda a: (
            f"{a.call.registration_prefix} · {a.measure.code} {a.measure.title}"
        )


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Item"), choices=AgendaKind.choices)
    allocation = forms.ModelChoiceField(
        label=_("Allocation"), queryset=Allocation.objects.none(), required=False
    )
    complaint = forms.ModelChoiceField(label=_("Complaint"), queryset=None, required=False)
    corrects = forms.ModelChoiceField(
        label=_("Decision to correct"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args, lag=None, complaints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.filter(
            call__lag=lag
        ).select_related("call", "measure")
        self.fields["allocation"].label_from_instance = lambda a: (
            f"{a.call.registration_prefix} · {a.measure.code} {a.measure.title}"
        )
        self.fields["complaint"].queryset = complaints
        self.fields["corrects"].queryset = (
            Decision.objects.adopted().filter(meeting__lag=lag).select_related("meeting", "item")
        )

    def clean(self):
        data = super().clean()
        needs_allocation = data.get("kind") in (AgendaKind.SELECTION, AgendaKind.PROMOTION)
        if needs_allocation and not data.get("allocation"):
            self.add_error("allocation", _("Choose the allocation."))
        if data.get("kind") == AgendaKind.COMPLAINT and not data.get("complaint"):
            self.add_error("complaint", _("Choose the complaint."))
        if data.get("kind") == AgendaKind.CORRECTION and not data.get("corrects"):
            self.add_error("corrects", _("Choose the decision to correct."))
        return data


class AttendanceForm(forms.Form):
    secretary = forms.CharField(label=_("Secretary"), max_length=200, required=False)

    def __init__(self, *args, seats=(), present=(), chair=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = list(seats)
        for seat in self.seats:
            self.fields[f"present_{seat.pk}"] = forms.BooleanField(
                label=seat.full_name, required=False, initial=seat.pk in present
            )
        self.fields["chair"] = forms.ModelChoiceField(
            label=_("Chair of the meeting"),
            queryset=BoardMembership.objects.filter(pk__in=[s.pk for s in self.seats]),
            required=False,
            initial=chair,
        )

    def present(self) -> set[int]:
        return {s.pk for s in self.seats if self.cleaned_data.get(f"present_{s.pk}")}

    def rows(self):
        return [(seat, self[f"present_{seat.pk}"]) for seat in self.seats]


class DeclarationForm(forms.Form):
    """One member's declaration on every proposal of an item: tick those with an
    interest and describe each; the rest are "no interest"."""

    def __init__(self, *args, proposals=(), declared=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        declared = declared or {}
        for p in self.proposals:
            nature = declared.get(p.pk)
            self.fields[f"interest_{p.pk}"] = forms.BooleanField(
                label=p.reg_number, required=False, initial=bool(nature)
            )
            self.fields[f"nature_{p.pk}"] = forms.CharField(
                label=_("Nature of the interest in %(number)s") % {"number": p.reg_number},
                required=False,
                max_length=500,
                initial=nature or "",
            )

    def clean(self):
        data = super().clean()
        for p in self.proposals:
            if data.get(f"interest_{p.pk}") and not (data.get(f"nature_{p.pk}") or "").strip():
                self.add_error(f"nature_{p.pk}", _("Describe the nature of the interest."))
        return data

    def interests(self) -> dict[int, str]:
        return {
            p.pk: self.cleaned_data[f"nature_{p.pk}"]
            for p in self.proposals
            if self.cleaned_data.get(f"interest_{p.pk}")
        }

    def rows(self):
        return [(p, self[f"interest_{p.pk}"], self[f"nature_{p.pk}"]) for p in self.proposals]


class LinesForm(forms.Form):
    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"outcome_{line.pk}"] = forms.ChoiceField(
                label=_("List"), choices=LineOutcome.choices, initial=line.outcome
            )
            self.fields[f"amount_{line.pk}"] = forms.DecimalField(
                label=_("Fixed amount (EUR)"),
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=line.fixed_amount,
            )
            self.fields[f"consent_{line.pk}"] = forms.BooleanField(
                label=_("Applicant consents to a reduced amount"),
                required=False,
                initial=line.has_consent,
            )
            self.fields[f"justification_{line.pk}"] = forms.CharField(
                label=_("Justification of a deviation"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=line.justification,
            )
            self.fields[f"reasons_{line.pk}"] = forms.CharField(
                label=_("Reasons"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=line.reasons,
            )

    def changes(self):
        from .workflow import LineInput

        data = self.cleaned_data
        return {
            line.pk: LineInput(
                outcome=data[f"outcome_{line.pk}"],
                fixed_amount=data.get(f"amount_{line.pk}"),
                has_consent=bool(data.get(f"consent_{line.pk}")),
                justification=data.get(f"justification_{line.pk}") or "",
                reasons=data.get(f"reasons_{line.pk}") or "",
            )
            for line in self.lines
        }

    def rows(self):
        return [
            (
                line,
                *(
                    self[f"{name}_{line.pk}"]
                    for name in ["outcome", "amount", "consent", "justification", "reasons"]
                ),
            )
            for line in self.lines
        ]


class VotesForm(forms.Form):
    def __init__(self, *args, voters=(), votes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        votes = votes or {}
        for seat in self.voters:
            self.fields[f"vote_{seat.pk}"] = forms.ChoiceField(
                label=seat.full_name,
                choices=VoteChoice.choices,
                widget=forms.RadioSelect,
                initial=votes.get(seat.pk),
            )

    def choices(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data[f"vote_{s.pk}"] for s in self.voters}

    def rows(self):
        return [(seat, self[f"vote_{seat.pk}"]) for seat in self.voters]


class DecisionTextForm(forms.Form):
    independence_note = forms.CharField(
        label=_("Functional independence note (the LAG itself applies)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    complaint_upheld = forms.TypedChoiceField(
        label=_("Proposed outcome of the complaint"),
        choices=[("", "—"), ("yes", _("Upheld")), ("no", _("Rejected"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class WrittenProcedureForm(ReasonForm):
    number = forms.CharField(label=_("Minutes number of the written procedure"), max_length=30)
    starts_at = forms.DateTimeField(label=_("Ballots open"), widget=MinuteInput)
    ballots_due_at = forms.DateTimeField(label=_("Ballots due"), widget=MinuteInput)


class SignForm(forms.Form):
    signatories = forms.CharField(label=_("Signed by (chair and secretary)"), max_length=400)
    signed_on = forms.DateField(label=_("Signed on"), widget=DayInput, initial=timezone.localdate)


class SignedMinutesForm(forms.Form):
    signed_pdf = forms.FileField(
        label=_("Minutes signed by the chair and the secretary (PDF)"),
        help_text=_("The PDF for signing, with both qualified electronic signatures added."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )


class ComplaintForm(forms.Form):
    grounds = forms.MultipleChoiceField(
        label=_("Grounds"), choices=ComplaintGround.choices, widget=forms.CheckboxSelectMultiple
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria whose assessment you contest"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Your complaint"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = call.criteria.all()
        self.fields["criteria"].label_from_instance = lambda c: f"{c.code}. {c.title}"

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > settings.TELKA_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        if sniff(upload) is None:
            raise forms.ValidationError(
                _("Attach a PDF, DOCX, XLSX, ODT, ASiC-E, JPG or PNG file.")
            )
        problem = content_problem(upload.name, upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ExaminationForm(forms.Form):
    examination = forms.CharField(
        label=_("Examination for the board"), widget=forms.Textarea(attrs={"rows": 6})
    )


class AppliedForm(forms.Form):
    applied_on = forms.DateField(label=_("Applied to the agency on"), widget=DayInput)
    reference = forms.CharField(label=_("Agency application no."), max_length=100, required=False)


class AgencyDecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Agency decision"),
        choices=[("yes", _("Approved")), ("no", _("Rejected"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DayInput)
    amount = forms.DecimalField(
        label=_("Approved amount (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    reasons = forms.CharField(
        label=_("Agency's reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Grant agreement no."), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DayInput)
