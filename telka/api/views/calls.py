"""Published calls with their allocations and criteria."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from telka.calls.models import Allocation, Call, CallStatus, Criterion
from telka.decisions import money
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import AllocationOut, CallOut, CriterionOut

router = Router(tags=[gettext_noop("calls")])


class CallFilters(Schema):
    status: Literal[tuple(s for s in CallStatus.values if s != "draft")] | None = Field(
        None, description=gettext_noop("Only calls in this status, e.g. open.")
    )


def _calls(request: HttpRequest, filters: CallFilters | None = None):
    calls = Call.objects.published()
    if filters and filters.status:
        calls = calls.filter(status=filters.status)
    return (
        calls.for_lag(current_lag(request))
        .select_related("strategy")
        .prefetch_related("allocations__measure", "criteria")
        .order_by("-opens_at", "-pk")
    )


def _with_left(allocations) -> None:
    """What is left of each allocation (decisions.money), for a whole page at once."""
    allocations = list(allocations)
    left = money.left_by_allocation(allocations)
    for allocation in allocations:
        allocation.left_now = left[allocation.pk]


def _calls_with_left(calls: list) -> list:
    _with_left(a for call in calls for a in call.allocations.all())
    return calls


@router.get("/calls", response=paged(CallOut), summary=gettext_noop("Published calls"))
@decorate_view(cached)
def calls(request: HttpRequest, params: Query[PageParams], filters: Query[CallFilters]):
    """Published calls, newest first, each with its allocations per strategy measure
    and its selection criteria."""
    return page_of(request, _calls(request, filters), params, _calls_with_left)


@router.get("/calls.csv", summary=gettext_noop("Published calls (CSV)"), openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def calls_csv(request: HttpRequest, filters: Query[CallFilters]):
    """All published calls, one row each (allocations and criteria: their own CSV)."""
    calls = _calls_with_left(list(_calls(request, filters)))
    return csv_response(request, "calls.csv", CallOut, calls)


@router.get(
    "/allocations.csv",
    summary=gettext_noop("Allocations of published calls (CSV)"),
    openapi_extra=CSV_RESPONSE,
)
@decorate_view(cached)
def allocations_csv(request: HttpRequest):
    rows = list(
        Allocation.objects.filter(call__in=_calls(request).values("pk"))
        .select_related("measure")
        .order_by("call_id", "position", "measure__code")
    )
    _with_left(rows)
    return csv_response(request, "allocations.csv", AllocationOut, rows)


@router.get(
    "/criteria.csv",
    summary=gettext_noop("Selection criteria of published calls (CSV)"),
    openapi_extra=CSV_RESPONSE,
)
@decorate_view(cached)
def criteria_csv(request: HttpRequest):
    rows = Criterion.objects.filter(call__in=_calls(request).values("pk")).order_by(
        "call_id", "position", "code"
    )
    return csv_response(request, "criteria.csv", CriterionOut, rows)
