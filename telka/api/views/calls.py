"""Published calls with their allocations and criteria."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.decorators import decorate_view

from telka.calls.models import Allocation, Call, Criterion
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import AllocationOut, CallOut, CriterionOut

router = Router(tags=["calls"])


def _calls(request: HttpRequest):
    return (
        Call.objects.published()
        .for_lag(current_lag(request))
        .select_related("strategy")
        .prefetch_related("allocations__measure", "criteria")
        .order_by("-opens_at", "-pk")
    )


@router.get("/calls", response=paged(CallOut), summary="Published calls")
@decorate_view(cached)
def calls(request: HttpRequest, params: Query[PageParams]):
    """Published calls, newest first, each with its allocations per strategy measure
    and its selection criteria."""
    return page_of(request, _calls(request), params)


@router.get("/calls.csv", summary="Published calls (CSV)", openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def calls_csv(request: HttpRequest):
    """All published calls, one row each (allocations and criteria: their own CSV)."""
    return csv_response(request, "calls.csv", CallOut, _calls(request))


@router.get(
    "/allocations.csv", summary="Allocations of published calls (CSV)", openapi_extra=CSV_RESPONSE
)
@decorate_view(cached)
def allocations_csv(request: HttpRequest):
    rows = (
        Allocation.objects.filter(call__in=_calls(request).values("pk"))
        .select_related("measure")
        .order_by("call_id", "position", "measure__code")
    )
    return csv_response(request, "allocations.csv", AllocationOut, rows)


@router.get(
    "/criteria.csv",
    summary="Selection criteria of published calls (CSV)",
    openapi_extra=CSV_RESPONSE,
)
@decorate_view(cached)
def criteria_csv(request: HttpRequest):
    rows = Criterion.objects.filter(call__in=_calls(request).values("pk")).order_by(
        "call_id", "position", "code"
    )
    return csv_response(request, "criteria.csv", CriterionOut, rows)
