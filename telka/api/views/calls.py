"""Published calls with their allocations and criteria; the funded and reserve lists
of calls whose results are public (INV-28: adopted decision, signed minutes)."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from ninja import Query, Router
from ninja.decorators import decorate_view

from telka.calls.models import Allocation, Call, Criterion, Proposal, ProposalStatus
from telka.decisions.models import Award
from telka.evaluation.lists import tie_break
from telka.evaluation.ranking import Candidate, rank
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import AllocationOut, CallOut, CriterionOut, ResultOut

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


def _results(request: HttpRequest):
    lag = current_lag(request)
    public_calls = Call.objects.published().filter(
        lag=lag,
        allocations__decisions__status="adopted",
        allocations__decisions__meeting__minutes__signed_at__isnull=False,
    )
    funded = Award.objects.filter(
        proposal=OuterRef("pk"), decision__meeting__minutes__signed_at__isnull=False
    )
    return (
        Proposal.objects.filter(call__in=public_calls.values("pk"))
        .annotate(is_funded=Exists(funded))
        .filter(Q(is_funded=True) | Q(status=ProposalStatus.RESERVE))
        .select_related("call", "organisation", "allocation__measure", "result", "award__decision")
        .order_by(
            "-call__opens_at",
            "call_id",
            "allocation__position",
            "allocation_id",
            "-is_funded",
            "-result__final_score",
            "sequence",
        )
    )


def _reserve_places(proposals: list[Proposal]) -> dict[int, int]:
    """{proposal id: place} on the reserve lists of the page's allocations: one query,
    ordered by the evaluation's ranking with each call's tie-break rule."""
    calls = {p.allocation_id: p.call for p in proposals if not p.is_funded}
    if not calls:
        return {}
    rows = Proposal.objects.filter(
        allocation_id__in=calls, status=ProposalStatus.RESERVE
    ).values_list(
        "pk",
        "allocation_id",
        "sequence",
        "submitted_at",
        "requested_amount",
        "result__final_score",
        "result__tie_break_points",
    )
    by_allocation = defaultdict(list)
    for pk, allocation, sequence, submitted, amount, score, tie in rows:
        by_allocation[allocation].append(
            Candidate(pk, allocation, sequence, submitted, amount, score, tie, is_ranked=True)
        )
    places = {}
    for allocation, candidates in by_allocation.items():
        ranked = rank(candidates, tie_break(calls[allocation]))
        places.update({c.proposal_id: n for n, (c, _tie) in enumerate(ranked, start=1)})
    return places


def _result_rows(proposals: list[Proposal]) -> list[dict]:
    places = _reserve_places(proposals)
    rows = []
    for p in proposals:
        award = p.award if p.is_funded else None
        result = getattr(p, "result", None)
        rows.append(
            {
                "call_id": p.call_id,
                "call_number": p.call.registration_prefix,
                "measure_code": p.allocation.measure.code,
                "outcome": "funded" if p.is_funded else "reserve",
                "reserve_place": None if p.is_funded else places.get(p.pk),
                "registration_number": p.reg_number or "",
                "title": p.title,
                "applicant": p.organisation.name,
                "applicant_code": p.organisation.legal_code,
                "score": result.final_score if result else None,
                "requested_amount": p.requested_amount,
                "fixed_amount": award.fixed_amount if award else None,
                "decided_on": award.decision.decided_on if award else None,
                "status": p.status,
            }
        )
    return rows


@router.get("/results", response=paged(ResultOut), summary="Selection results")
@decorate_view(cached)
def results(request: HttpRequest, params: Query[PageParams]):
    """The funded and reserve lists of every call whose selection decision is adopted
    and its minutes signed: per call and allocation, funded first, then the reserve
    list in its order."""
    return page_of(request, _results(request), params, _result_rows)


@router.get("/results.csv", summary="Selection results (CSV)", openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def results_csv(request: HttpRequest):
    return csv_response(request, "results.csv", ResultOut, _result_rows(list(_results(request))))
