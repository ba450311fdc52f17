"""Published results (INV-28): the funded and reserve lists per allocation with the
minutes, declarations and recusals, and the list of operations as CSV and XLSX."""

from collections import defaultdict

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from telka.calls.models import Call
from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.lib.xlsx import xlsx_response

from .. import money, operations
from .. import results as results_rows
from ..models import Decision, InterestDeclaration, LineOutcome, Meeting
from ..permissions import get_public_call
from ..record import figures_of


@public_page
def results_index(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    calls = (
        Call.objects.published()
        .filter(
            lag=lag,
            allocations__decisions__status="adopted",
            allocations__decisions__meeting__minutes__signed_at__isnull=False,
        )
        .distinct()
        .order_by("-opens_at")
    )
    return render(request, "decisions/results_index.html", {"calls": calls})


def _decisions(call: Call) -> list[dict]:
    decisions = list(
        Decision.objects.filter(allocation__call=call, meeting__minutes__signed_at__isnull=False)
        .exclude(status="draft")
        .select_related("meeting__minutes", "allocation__measure", "item__complaint__proposal")
        .order_by("meeting__held_on", "item__position")
    )
    interests = defaultdict(list)
    rows = InterestDeclaration.objects.filter(
        meeting__in={d.meeting_id for d in decisions}, has_interest=True
    ).select_related("membership", "proposal")
    for row in rows:
        interests[(row.meeting_id, row.proposal.allocation_id)].append(row)
    return [
        {
            "decision": d,
            "figures": figures_of(d),
            "interests": interests[(d.meeting_id, d.allocation_id)],
        }
        for d in decisions
    ]


@public_page
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Each allocation's funded and reserve lists in the adopted order, each proposal
    with its status now and its date (results.rows, as the exports and the API), and
    what is left (money.left)."""
    call = get_public_call(request, pk)
    allocations = list(call.allocations.select_related("measure"))
    left = money.remaining_by_allocation(allocations)
    found = results_rows.by_allocation(results_rows.rows([call]))
    sections = [
        {
            "allocation": a,
            "remaining": left[a.pk],
            "funded": found[(a.pk, LineOutcome.FUNDED)],
            "reserve": found[(a.pk, LineOutcome.RESERVE)],
        }
        for a in allocations
    ]
    return render(
        request,
        "decisions/results.html",
        {"call": call, "sections": sections, "decisions": _decisions(call)},
    )


def operations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_public_call(request, pk)
    response = HttpResponse(operations.as_csv(call), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="operations-{call.registration_prefix}.csv"'
    )
    return response


def operations_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_public_call(request, pk)
    return xlsx_response(
        f"operations-{call.registration_prefix}.xlsx",
        [(call.registration_prefix, operations.header(), operations.rows(call))],
    )


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed minutes as stored when signed (their SHA-256 is on the results page)."""
    meeting = get_object_or_404(
        Meeting, pk=pk, lag=current_lag(request), minutes__signed_at__isnull=False
    )
    if not meeting.minutes.pdf:
        raise Http404
    return FileResponse(
        meeting.minutes.pdf.open("rb"),
        content_type="application/pdf",
        filename=meeting.minutes.pdf.name.rsplit("/", 1)[-1],
    )
