"""Blocks for the personal area: board members see meetings to attend and ballots to
cast; applicants see decisions on their proposals and open complaint windows."""

from django.http import HttpRequest
from django.utils import timezone

from telka.calls.models import Call
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel

from .models import Complaint, DecisionStatus, Meeting, Notice
from .permissions import can_run_meetings


def _member(user, lag) -> dict | None:
    meetings = list(
        Meeting.objects.for_member(user).filter(lag=lag).upcoming().order_by("starts_at")[:5]
    )
    if not meetings:
        return None
    written = [m for m in meetings if m.is_written]
    voted = set(
        Meeting.objects.filter(
            pk__in=[m.pk for m in written], decisions__votes__membership__user=user
        ).values_list("pk", flat=True)
    )
    return {
        "meetings": meetings,
        "ballots": [
            m
            for m in written
            if m.pk not in voted and m.decisions.filter(status=DecisionStatus.DRAFT).exists()
        ],
    }


def _applicant(user, lag) -> list:
    return list(
        Notice.objects.filter(
            proposal__organisation__memberships__user=user, proposal__call__lag=lag
        )
        .select_related("proposal")
        .order_by("-sent_at")[:5]
    )


def _staff(lag) -> dict:
    return {
        "open_meetings": Meeting.objects.filter(lag=lag).upcoming().count(),
        "pending_complaints": Complaint.objects.pending().filter(proposal__call__lag=lag).count(),
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
        "notices": _applicant(user, lag),
        "staff": _staff(lag) if can_run_meetings(user, lag) else None,
        "today": timezone.localdate(),
    }
    if not context["member"] and not context["notices"] and not context["staff"]:
        return None
    return Panel(template="decisions/panel.html", context=context, order=45)
