"""Blocks this app adds to the home page and to a user's personal area."""

from collections.abc import Callable

from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from telka.accounts.permissions import memberships_of
from telka.lag.site import lag_or_none
from telka.lib.pagecache import shared_value
from telka.lib.panels import Panel
from telka.lib.statements import fetch_objects

from .models import Call, CallStatus, Proposal
from .permissions import can_manage_calls


def home_panel(request: HttpRequest) -> Panel | None:
    """Open and upcoming calls, soonest deadline first."""
    lag = lag_or_none(request)
    if lag is None:
        return None
    now = timezone.now()
    calls = Call.objects.for_lag(lag).annotate(budget=Sum("allocations__amount"))
    open_calls = list(calls.accepting(now).order_by("closes_at")[:3])
    upcoming = list(calls.upcoming(now).order_by("opens_at")[:2])
    if not open_calls and not upcoming:
        return None
    return Panel(
        "calls/panels/home.html",
        {"open_calls": open_calls, "upcoming_calls": upcoming, "now": now},
        order=10,
    )


# The fields of a proposal the panel shows (its link needs only the id).
SHOWN = ("reg_number", "title", "status")


def dashboard_panel(request: HttpRequest) -> Panel | None:
    """An applicant's latest proposals; for LAG staff, the calls still in progress."""
    user, lag = request.user, lag_or_none(request)
    if lag is None:
        return None
    context = {"now": timezone.now()}
    if can_manage_calls(user, lag):
        context["managed_calls"] = shared_value(f"panel:managed-calls:{lag.pk}", _managed(lag))
    if memberships_of(user):
        context["proposals"] = fetch_objects(
            ("panel:my-proposals", user.pk, lag.pk),
            lambda: (
                Proposal.objects.for_user(user)
                .for_lag(lag)
                .only(*SHOWN)
                .order_by("-updated_at")[:5]
            ),
        )
        # Call.accepting() by the clock, with the time compared here: the candidates
        # (a LAG has only a handful of approved or open calls) are the same for everyone
        # and kept until a call changes.
        now = context["now"]
        candidates = shared_value(f"panel:accepting-calls:{lag.pk}", _candidates(lag))
        context["open_calls"] = [c for c in candidates if c.opens_at <= now < c.closes_at][:3]
    if len(context) == 1:
        return None
    return Panel("calls/panels/dashboard.html", context, order=10)


# What the LAG's staff and applicants see of its calls is public data, the same for every
# reader: kept per page-cache generation (telka/lib/pagecache.py), which any save of a
# call starts anew, with only the fields the panel shows (the list is pickled).


def _managed(lag) -> Callable[[], list[Call]]:
    def build() -> list[Call]:
        calls = Call.objects.for_lag(lag).exclude(
            status__in=[CallStatus.COMPLAINTS_CLOSED, CallStatus.CANCELLED]
        )
        return list(calls.only("number", "title", "status").order_by("-created_at")[:5])

    return build


def _candidates(lag) -> Callable[[], list[Call]]:
    def build() -> list[Call]:
        calls = Call.objects.for_lag(lag).published()
        calls = calls.filter(status__in=[CallStatus.APPROVED, CallStatus.OPEN])
        return list(calls.only("number", "opens_at", "closes_at").order_by("closes_at"))

    return build
