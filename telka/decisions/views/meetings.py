"""Staff run meetings: schedule with an agenda, send it, record attendance, adjourn or
move to a written procedure, close, and record the signed minutes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.calls.models import Allocation, CallStatus
from telka.lib.pdf import pdf_response
from telka.lib.workflow import Refused

from .. import money, pdfs, workflow
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    ReasonForm,
    SignedMinutesForm,
    SignForm,
    WrittenProcedureForm,
)
from ..models import Award, Complaint, ComplaintStatus, Meeting
from ..permissions import get_meeting_for_staff, member_redirect, staff_lag
from ..record import meeting_record
from ._common import show_refusal

ACTIVE_CALLS = [
    CallStatus.ASSESSMENT,
    CallStatus.DECISION_PENDING,
    CallStatus.DECIDED,
    CallStatus.COMPLAINTS_CLOSED,
]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if target := member_redirect(request):
        return redirect(target)
    lag = staff_lag(request)
    meetings = Paginator(Meeting.objects.filter(lag=lag).select_related("minutes"), 20).get_page(
        request.GET.get("page")
    )
    allocations = list(
        Allocation.objects.filter(call__lag=lag, call__status__in=ACTIVE_CALLS)
        .select_related("call", "measure")
        .order_by("-call__pk", "position")
    )
    left = money.remaining_by_allocation(allocations)
    context = {
        "meetings": meetings,
        "allocations": [(a, left[a.pk]) for a in allocations],
        "pending_complaints": Complaint.objects.pending().filter(proposal__call__lag=lag).count(),
        "to_invite": Award.objects.filter(
            proposal__call__lag=lag, proposal__status="selected"
        ).count(),
    }
    return render(request, "decisions/index.html", context)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    lag = staff_lag(request)
    form = MeetingForm(request.POST or None, lag=lag)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = workflow.schedule_meeting(
                lag=lag,
                actor=request.user,
                number=data["number"],
                mode=data["mode"],
                starts_at=data["starts_at"],
                ballots_due_at=data["ballots_due_at"],
                location=data["location"],
                notes=data["notes"],
                allocations=list(data["allocations"]),
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request,
                _("The meeting was scheduled. Check the agenda and send it to the members."),
            )
            return redirect(meeting)
    return render(
        request,
        "decisions/meeting_form.html",
        {"form": form},
        status=400 if form.errors or request.method == "POST" else 200,
    )


def _pending_complaints(lag):
    return Complaint.objects.filter(
        status=ComplaintStatus.REGISTERED, proposal__call__lag=lag
    ).select_related("proposal")


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    if target := member_redirect(request, pk):
        return redirect(target)
    meeting = get_meeting_for_staff(request, pk)
    seats = list(meeting.board.memberships.on(meeting.held_on).order_by("full_name"))
    record = meeting_record(meeting)
    present = {a.membership_id for a in record["attendance"] if a.is_present}
    context = record | {
        "seats": seats,
        "attendance_form": AttendanceForm(
            seats=seats,
            present=present,
            chair=meeting.chair_id,
            initial={"secretary": meeting.secretary},
        ),
        "item_form": AgendaItemForm(lag=meeting.lag, complaints=_pending_complaints(meeting.lag)),
        "reason_form": ReasonForm(),
        "written_form": WrittenProcedureForm(initial={"number": f"{meeting.number}-R"}),
        "sign_form": SignForm(),
        "signed_minutes_form": SignedMinutesForm(),
        "minutes": getattr(meeting, "minutes", None),
    }
    return render(request, "decisions/meeting_detail.html", context)


def _act(request: HttpRequest, meeting: Meeting, action, success: str) -> HttpResponse:
    try:
        action()
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, success)
    return redirect(meeting)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    form = AgendaItemForm(
        request.POST, lag=meeting.lag, complaints=_pending_complaints(meeting.lag)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(meeting)
    data = form.cleaned_data
    complaint = data["complaint"] if data["kind"] == "complaint" else None
    corrects = data["corrects"] if data["kind"] == "correction" else None
    allocation = data["allocation"]
    if complaint or corrects:
        allocation = complaint.proposal.allocation if complaint else corrects.allocation
    return _act(
        request,
        meeting,
        lambda: workflow.add_agenda_item(
            meeting=meeting,
            actor=request.user,
            kind=data["kind"],
            allocation=allocation,
            complaint=complaint,
            corrects=corrects,
        ),
        _("The item was added to the agenda."),
    )


@login_required
@require_POST
def send_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    return _act(
        request,
        meeting,
        lambda: workflow.send_agenda(meeting=meeting, actor=request.user),
        _("The agenda was sent to the members."),
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    seats = list(meeting.board.memberships.on(meeting.held_on))
    form = AttendanceForm(request.POST, seats=seats)
    if not form.is_valid():
        messages.error(request, _("Check the attendance form."))
        return redirect(meeting)
    return _act(
        request,
        meeting,
        lambda: workflow.record_attendance(
            meeting=meeting,
            actor=request.user,
            present=form.present(),
            chair=form.cleaned_data["chair"],
            secretary=form.cleaned_data["secretary"],
        ),
        _("Attendance was recorded."),
    )


@login_required
@require_POST
def adjourn(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for adjourning."))
        return redirect(meeting)
    return _act(
        request,
        meeting,
        lambda: workflow.adjourn_meeting(
            meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The meeting was adjourned."),
    )


@login_required
@require_POST
def written(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    form = WrittenProcedureForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(meeting)
    data = form.cleaned_data
    try:
        new = workflow.start_written_procedure(
            meeting=meeting,
            actor=request.user,
            number=data["number"],
            starts_at=data["starts_at"],
            ballots_due_at=data["ballots_due_at"],
            reason=data["reason"],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect(meeting)
    messages.success(
        request, _("The written procedure was started and the members were sent its agenda.")
    )
    return redirect(new)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    return _act(
        request,
        meeting,
        lambda: workflow.close_meeting(meeting=meeting, actor=request.user),
        _("The meeting was closed."),
    )


@login_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name who signed the minutes and when."))
        return redirect(meeting)
    data = form.cleaned_data
    return _act(
        request,
        meeting,
        lambda: workflow.sign_minutes(
            meeting=meeting,
            actor=request.user,
            signatories=data["signatories"],
            signed_on=data["signed_on"],
        ),
        _("The minutes are signed and published; they can no longer change."),
    )


@login_required
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as generated now (staff); the signed copy is served by public.minutes."""
    meeting = get_meeting_for_staff(request, pk)
    return pdf_response(
        pdfs.minutes_pdf(meeting), f"protokolas-{meeting.number.replace('/', '-')}.pdf"
    )


@login_required
def minutes_for_signing(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes PDF the chair and the secretary sign electronically: issued once,
    then the same bytes every time (the signed upload is checked against them)."""
    meeting = get_meeting_for_staff(request, pk)
    try:
        draft = workflow.issue_minutes_for_signing(meeting=meeting, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect(meeting)
    with draft.pdf.open("rb") as stored:
        data = stored.read()
    name = f"protokolas-{meeting.number.replace('/', '-')}-pasirasymui.pdf"
    return pdf_response(data, name, inline=False)


@login_required
@require_POST
def upload_signed_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_staff(request, pk)
    form = SignedMinutesForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the signed PDF of the minutes."))
        return redirect(meeting)
    upload = form.cleaned_data["signed_pdf"]
    if upload.size > settings.TELKA_ATTACHMENT_MAX_BYTES:
        messages.error(request, _("The file is too large."))
        return redirect(meeting)
    data = upload.read()
    return _act(
        request,
        meeting,
        lambda: workflow.accept_signed_minutes(meeting=meeting, actor=request.user, data=data),
        _(
            "The signatures were checked; the signed minutes are published and can no longer change."
        ),
    )
