"""The funded and reserve lists of calls whose results are public (INV-28: an adopted
decision with signed minutes), as the public results page and the list of operations
show them: the rows of telka.decisions.results, in the adopted order, each with its
status now (lapsed, reduced by the agency, promoted, …) and the date that set it."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from telka.calls.models import Call
from telka.decisions import results as decision_results
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import MAX_ID, PageParams, page_of_list, paged
from ..schemas import ResultOut

router = Router(tags=[gettext_noop("calls")])


class ResultFilters(Schema):
    call_id: int | None = Field(
        None, ge=1, le=MAX_ID, description=gettext_noop("Only this call's lists.")
    )
    outcome: Literal["funded", "reserve"] | None = Field(
        None, description=gettext_noop("Only one list.")
    )


def _calls(request: HttpRequest, filters: ResultFilters):
    calls = Call.objects.published().filter(
        lag=current_lag(request),
        allocations__decisions__status="adopted",
        allocations__decisions__meeting__minutes__signed_at__isnull=False,
    )
    if filters.call_id:
        calls = calls.filter(pk=filters.call_id)
    return calls.distinct().order_by("-opens_at", "pk")


def _item(row: decision_results.Row) -> dict:
    proposal = row.proposal
    return {
        "call_id": proposal.call_id,
        "call_number": proposal.call.registration_prefix,
        "measure_code": proposal.allocation.measure.code,
        "outcome": row.outcome,
        "place": row.place,
        "reserve_place": None if row.is_funded else row.place,
        "registration_number": proposal.reg_number or "",
        "title": proposal.title,
        "applicant": proposal.organisation.name,
        "applicant_code": proposal.organisation.legal_code,
        "score": row.score,
        "requested_amount": proposal.requested_amount,
        "fixed_amount": row.fixed_amount,
        "approved_amount": row.approved_amount,
        "decided_on": row.decided_on,
        "result_status": row.status,
        "result_status_on": row.status_on,
        "status": proposal.status,
    }


def _items(request: HttpRequest, filters: ResultFilters) -> list[dict]:
    rows = decision_results.rows(_calls(request, filters), outcome=filters.outcome)
    return [_item(row) for row in rows]


@router.get("/results", response=paged(ResultOut), summary=gettext_noop("Selection results"))
@decorate_view(cached)
def results(request: HttpRequest, params: Query[PageParams], filters: Query[ResultFilters]):
    """The funded and reserve lists of every call whose selection decision is adopted
    and its minutes signed: per call and allocation, the funded list and then the
    reserve list, each in the order of the board's adopted lists, with where each
    proposal stands now and since when."""
    return page_of_list(request, _items(request, filters), params)


@router.get(
    "/results.csv", summary=gettext_noop("Selection results (CSV)"), openapi_extra=CSV_RESPONSE
)
@decorate_view(cached)
def results_csv(request: HttpRequest, filters: Query[ResultFilters]):
    return csv_response(request, "results.csv", ResultOut, _items(request, filters))
