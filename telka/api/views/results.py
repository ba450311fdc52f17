"""The funded and reserve lists of calls whose results are public (INV-28: an adopted
decision with signed minutes), as the public results page shows them: applicant
organisation, title, score and amount. Rows are read as values, not model instances:
the CSV has thousands of them."""

from collections import defaultdict
from types import SimpleNamespace
from typing import Literal

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from telka.calls.models import Call, Proposal, ProposalStatus
from telka.decisions.models import Award
from telka.evaluation.lists import tie_break
from telka.evaluation.ranking import Candidate, rank
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import MAX_ID, PageParams, page_of, paged
from ..schemas import ResultOut

router = Router(tags=[gettext_noop("calls")])

FIELDS = {
    "pk": "pk",
    "call_id": "call_id",
    "allocation_id": "allocation_id",
    "call_number": "call__number",
    "tie_break_criterion_id": "call__tie_break_criterion_id",
    "tie_break_by_submission": "call__tie_break_by_submission",
    "measure_code": "allocation__measure__code",
    "is_funded": "is_funded",
    "registration_number": "reg_number",
    "title": "title",
    "applicant": "organisation__name",
    "applicant_code": "organisation__legal_code",
    "score": "result__final_score",
    "requested_amount": "requested_amount",
    "fixed_amount": "award__fixed_amount",
    "decided_on": "award__decision__decided_on",
    "status": "status",
}


class ResultFilters(Schema):
    call_id: int | None = Field(
        None, ge=1, le=MAX_ID, description=gettext_noop("Only this call's lists.")
    )
    outcome: Literal["funded", "reserve"] | None = Field(
        None, description=gettext_noop("Only one list.")
    )


def _results(request: HttpRequest, filters: ResultFilters):
    public_calls = Call.objects.published().filter(
        lag=current_lag(request),
        allocations__decisions__status="adopted",
        allocations__decisions__meeting__minutes__signed_at__isnull=False,
    )
    funded = Award.objects.filter(
        proposal=OuterRef("pk"), decision__meeting__minutes__signed_at__isnull=False
    )
    rows = (
        Proposal.objects.filter(call__in=public_calls.values("pk"))
        .annotate(is_funded=Exists(funded))
        .filter(Q(is_funded=True) | Q(status=ProposalStatus.RESERVE))
    )
    if filters.call_id:
        rows = rows.filter(call_id=filters.call_id)
    if filters.outcome:
        rows = rows.filter(is_funded=filters.outcome == "funded")
    return rows.order_by(
        "-call__opens_at",
        "call_id",
        "allocation__position",
        "allocation_id",
        "-is_funded",
        "-result__final_score",
        "sequence",
    ).values(*FIELDS.values())


def _reserve_places(rows: list[dict]) -> dict[int, int]:
    """{proposal id: place} on the reserve lists of the page's allocations: one query,
    ordered by the evaluation's ranking with each call's tie-break rule."""
    rules = {
        r["allocation_id"]: tie_break(
            SimpleNamespace(
                tie_break_criterion_id=r["tie_break_criterion_id"],
                tie_break_by_submission=r["tie_break_by_submission"],
            )
        )
        for r in rows
        if not r["is_funded"]
    }
    if not rules:
        return {}
    reserve = Proposal.objects.filter(
        allocation_id__in=rules, status=ProposalStatus.RESERVE
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
    for pk, allocation, sequence, submitted, amount, score, tie in reserve:
        by_allocation[allocation].append(
            Candidate(pk, allocation, sequence, submitted, amount, score, tie, is_ranked=True)
        )
    places = {}
    for allocation, candidates in by_allocation.items():
        ranked = rank(candidates, rules[allocation])
        places.update({c.proposal_id: n for n, (c, _tie) in enumerate(ranked, start=1)})
    return places


def _result_rows(values: list[dict]) -> list[dict]:
    rows = [{name: v[path] for name, path in FIELDS.items()} for v in values]
    places = _reserve_places(rows)
    return [
        {
            **{name: row[name] for name in ResultOut.model_fields if name in row},
            "call_number": f"K{row['call_number']}",
            "outcome": "funded" if row["is_funded"] else "reserve",
            "reserve_place": None if row["is_funded"] else places.get(row["pk"]),
            "registration_number": row["registration_number"] or "",
            "fixed_amount": row["fixed_amount"] if row["is_funded"] else None,
            "decided_on": row["decided_on"] if row["is_funded"] else None,
        }
        for row in rows
    ]


@router.get("/results", response=paged(ResultOut), summary=gettext_noop("Selection results"))
@decorate_view(cached)
def results(request: HttpRequest, params: Query[PageParams], filters: Query[ResultFilters]):
    """The funded and reserve lists of every call whose selection decision is adopted
    and its minutes signed: per call and allocation, funded first, then the reserve
    list in its order."""
    return page_of(request, _results(request, filters), params, _result_rows)


@router.get(
    "/results.csv", summary=gettext_noop("Selection results (CSV)"), openapi_extra=CSV_RESPONSE
)
@decorate_view(cached)
def results_csv(request: HttpRequest, filters: Query[ResultFilters]):
    rows = _result_rows(list(_results(request, filters)))
    return csv_response(request, "results.csv", ResultOut, rows)
