"""Blocks for the personal area: board members see meetings to attend and ballots to
cast; applicants see decisions on their proposals and open complaint windows."""

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from telka.accounts.permissions import memberships_of
from telka.calls.models import Call
from telka.lag.permissions import has_board_seat_ahead
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel, figure, figures
from telka.lib.statements import fetch_objects

from .models import Complaint, Decision, DecisionStatus, Meeting, Notice, Vote
from .permissions import can_run_meetings


def _member(user, lag) -> dict | None:
    if not has_board_seat_ahead(user, lag):
        return None

    def build():
        drafts = Decision.objects.filter(meeting=OuterRef("pk"), status=DecisionStatus.DRAFT)
        voted = Vote.objects.filter(decision__meeting=OuterRef("pk"), membership__user=user)
        return (
            Meeting.objects.for_member(user)
            .filter(lag=lag)
            .upcoming()
            .annotate(has_drafts=Exists(drafts), has_voted=Exists(voted))
            .order_by("starts_at")[:5]
        )

    meetings = fetch_objects(("panel:my-meetings", user.pk, lag.pk), build)
    if not meetings:
        return None
    return {
        "meetings": meetings,
        "ballots": [m for m in meetings if m.is_written and not m.has_voted and m.has_drafts],
    }


@figure("mine", "decisions.notices")
def _notices(user, lag):
    return Notice.objects.filter(
        proposal__organisation__memberships__user=user, proposal__call__lag=lag
    )


def _applicant(request: HttpRequest, user, lag) -> list:
    if not memberships_of(user) or not figures(request, "mine")["decisions.notices"]:
        return []
    return fetch_objects(
        ("panel:my-notices", user.pk, lag.pk),
        lambda: (
            _notices(user, lag)
            .select_related("proposal")
            # What the panel shows: not the notice's snapshot of the decision.
            .only("sent_at", "outcome", "complaint_deadline", "proposal__reg_number")
            .order_by("-sent_at")[:5]
        ),
    )


@figure("lag", "decisions.open_meetings")
def _open_meetings(user, lag):
    return Meeting.objects.filter(lag=lag).upcoming()


@figure("lag", "decisions.pending_complaints")
def _pending_complaints(user, lag):
    return Complaint.objects.pending().filter(proposal__call__lag=lag)


def _staff(request: HttpRequest) -> dict:
    found = figures(request, "lag")
    return {
        "open_meetings": found["decisions.open_meetings"],
        "pending_complaints": found["decisions.pending_complaints"],
    }


def home_panel(request: HttpRequest) -> Panel | None:
    """The latest published selection results on the public home page."""
    lag = lag_or_none(request)
    if lag is None:
        return None
    calls = list(
        Call.objects.published()
        .filter(lag=lag, allocations__decisions__meeting__minutes__signed_at__isnull=False)
        .distinct()
        .order_by("-opens_at")[:3]
    )
    if not calls:
        return None
    return Panel(template="decisions/home_panel.html", context={"calls": calls}, order=35)


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    lag = lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    context = {
        "member": _member(user, lag),
        "notices": _applicant(request, user, lag),
        "staff": _staff(request) if can_run_meetings(user, lag) else None,
        "today": timezone.localdate(),
    }
    if not context["member"] and not context["notices"] and not context["staff"]:
        return None
    return Panel(template="decisions/panel.html", context=context, order=45)
