"""Who may see and change strategy versions and amendments.

Versions in force and superseded ones are public. A draft becomes public when a
consultation on it opens; before that only LAG staff know it exists (404)."""

from django.http import Http404, HttpRequest

from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_lag_staff
from telka.lag.site import current_lag

from .models import Strategy, StrategyAmendment, StrategyStatus


def can_manage_amendments(user, lag: LocalActionGroup) -> bool:
    """LAG staff prepare amendments and record the board's, meeting's and MA's steps."""
    return is_lag_staff(user, lag)


def can_view_version(user, strategy: Strategy) -> bool:
    if strategy.status != StrategyStatus.DRAFT:
        return True
    amendment = StrategyAmendment.objects.filter(draft=strategy).first()
    if amendment is not None and amendment.is_public:
        return True
    return can_manage_amendments(user, strategy.lag)


def get_version_for_user(request: HttpRequest, number: int) -> Strategy:
    lag = current_lag(request)
    strategy = Strategy.objects.filter(lag=lag, version=number).first()
    if strategy is None or not can_view_version(request.user, strategy):
        raise Http404("No such strategy version.")
    return strategy


def get_amendment_for_staff(request: HttpRequest, pk: int) -> StrategyAmendment:
    lag = current_lag(request)
    if not can_manage_amendments(request.user, lag):
        raise Http404("Not LAG staff.")
    amendment = (
        StrategyAmendment.objects.filter(lag=lag, pk=pk).select_related("base", "draft").first()
    )
    if amendment is None:
        raise Http404("No such amendment.")
    return amendment
