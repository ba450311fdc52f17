"""Who may see and do what with board decisions. Plain predicates, and getters that
return the object or raise 404 when the user may not know it exists.

- LAG staff run meetings, prepare lists, record votes, register complaints and the
  agency's facts.
- Board members see the meetings of the days they hold a seat, and declare and vote.
- Applicants see only their own notices and complaints.
- Everyone sees published results: adopted decisions whose minutes are signed."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from telka.accounts.permissions import memberships_of
from telka.calls.models import Call
from telka.lag.models import BoardMembership, LocalActionGroup
from telka.lag.permissions import is_lag_staff
from telka.lag.site import current_lag
from telka.lib import statements

from .models import Award, Complaint, Decision, Meeting, Notice


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_run_meetings(user, lag: LocalActionGroup) -> bool:
    """LAG staff schedule meetings, record the facts and manage board membership."""
    return is_lag_staff(user, lag)


def seat_of(user, meeting: Meeting) -> BoardMembership | None:
    """The user's seat on the meeting's board on its decision date (INV-03)."""
    if not _active(user):
        return None
    return statements.first(
        ("seat", meeting.board_id, meeting.held_on, user.pk),
        lambda: meeting.board.memberships.on(meeting.held_on).filter(user=user),
    )


def can_see_meeting(user, meeting: Meeting) -> bool:
    return can_run_meetings(user, meeting.lag) or seat_of(user, meeting) is not None


def is_applicant_of(user, proposal) -> bool:
    return proposal.organisation_id in memberships_of(user)


def results_are_public(call: Call) -> bool:
    """A call's results are public once a decision on it is adopted and its minutes signed."""
    return Decision.objects.filter(
        allocation__call=call, status="adopted", meeting__minutes__signed_at__isnull=False
    ).exists()


def member_redirect(request: HttpRequest, meeting_pk: int | None = None) -> str | None:
    """Where a board member who is not staff is sent from a staff page of the board's
    work (their own area, or their view of the meeting), else None."""
    lag = current_lag(request)
    user = request.user
    if can_run_meetings(user, lag) or not _active(user):
        return None
    meetings = Meeting.objects.for_member(user).filter(lag=lag)
    if meeting_pk is not None:
        meeting = meetings.filter(pk=meeting_pk).first()
        return meeting.get_member_url() if meeting else None
    if meetings.exists():
        return reverse("decisions:member_home")
    return None


def staff_lag(request: HttpRequest) -> LocalActionGroup:
    lag = current_lag(request)
    if not can_run_meetings(request.user, lag):
        raise Http404
    return lag


def get_meeting_for_staff(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("board", "lag", "replaces"), pk=pk, lag=staff_lag(request)
    )


def get_decision_for_staff(request: HttpRequest, pk: int) -> Decision:
    queryset = Decision.objects.select_related(
        "item__complaint__proposal",
        "meeting__board",
        "meeting__lag",
        "allocation__measure",
        "allocation__call",
    )
    return get_object_or_404(queryset, pk=pk, meeting__lag=staff_lag(request))


def get_meeting_for_member(request: HttpRequest, pk: int) -> tuple[Meeting, BoardMembership]:
    lag = current_lag(request)
    meeting = statements.get_or_404(
        ("member-meeting", pk, lag.pk),
        lambda: Meeting.objects.select_related("board", "lag").filter(pk=pk, lag=lag),
    )
    seat = seat_of(request.user, meeting)
    if seat is None:
        raise Http404
    return meeting, seat


def get_membership_for_staff(request: HttpRequest, pk: int) -> BoardMembership:
    return get_object_or_404(BoardMembership, pk=pk, board__lag=staff_lag(request))


def get_notice_for_applicant(request: HttpRequest, pk: int) -> Notice:
    queryset = Notice.objects.select_related(
        "proposal__call__lag",
        "proposal__organisation",
        "proposal__allocation__measure",
        "decision__meeting",
    )
    notice = get_object_or_404(queryset, pk=pk, proposal__call__lag=current_lag(request))
    if not is_applicant_of(request.user, notice.proposal):
        raise Http404
    return notice


def get_complaint_for_applicant(request: HttpRequest, pk: int) -> Complaint:
    queryset = Complaint.objects.select_related("proposal__call", "proposal__organisation")
    complaint = get_object_or_404(queryset, pk=pk, proposal__call__lag=current_lag(request))
    if not is_applicant_of(request.user, complaint.proposal):
        raise Http404
    return complaint


def get_complaint_for_staff(request: HttpRequest, pk: int) -> Complaint:
    queryset = Complaint.objects.select_related(
        "proposal__call", "proposal__organisation", "proposal__allocation__measure", "filed_by"
    )
    return get_object_or_404(queryset, pk=pk, proposal__call__lag=staff_lag(request))


def get_award_for_staff(request: HttpRequest, pk: int) -> Award:
    queryset = Award.objects.select_related(
        "proposal__call", "proposal__organisation", "proposal__allocation__measure"
    )
    return get_object_or_404(queryset, pk=pk, proposal__call__lag=staff_lag(request))


def get_public_call(request: HttpRequest, pk: int) -> Call:
    call = get_object_or_404(Call.objects.published(), pk=pk, lag=current_lag(request))
    if not results_are_public(call):
        raise Http404
    return call
