"""The ranking per allocation with the draft lists, and the XLSX of all scores."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from telka.calls.models import ProposalStatus
from telka.lib.xlsx import xlsx_response

from ..exports import score_sheets
from ..lists import call_lists, placed_lists
from ..permissions import get_call_for_staff

# Rows of the reserve and other lists shown before "show all".
LIST_HEAD = 200


NOT_ASSESSED = {ProposalStatus.ELIGIBLE, ProposalStatus.UNDER_ASSESSMENT, ProposalStatus.ASSESSED}


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft funded, reserve and other lists per allocation: what the board decides on."""
    call = get_call_for_staff(request, pk)
    if not call.evaluation_may_start():
        return render(request, "evaluation/ranking.html", {"call": call, "before_deadline": True})
    allocations = {a.pk: a for a in call.allocations.select_related("measure")}
    show_all = request.GET.get("all") == "1"
    placed = placed_lists(call)
    sections = [
        _section(allocations[lists.allocation_id], lists, show_all, placed)
        for lists in call_lists(call)
    ]
    return render(
        request,
        "evaluation/ranking.html",
        {
            "call": call,
            "sections": sections,
            "pending": sum(s["pending"] for s in sections),
            "statuses": dict(ProposalStatus.choices),
            "tie_criterion": call.tie_break_criterion,
        },
    )


def _section(allocation, lists, show_all: bool, placed: dict) -> dict:
    """One allocation's lists with their totals. Long lists show their first rows unless
    all rows are asked for (a national call can have thousands; the XLSX has them all).
    With nothing left before the board, the rows are those the board placed."""
    limit = None if show_all else LIST_HEAD
    shown = lists
    if not (lists.funded or lists.reserve or lists.rest) and allocation.pk in placed:
        shown = placed[allocation.pk]
    return {
        "allocation": allocation,
        "lists": lists,
        "placed_total": shown.funded_total if shown is not lists else None,
        "funded": shown.funded[:limit],
        "reserve": shown.reserve[:limit],
        "rest": shown.rest[:limit],
        "cut": not show_all
        and max(len(shown.funded), len(shown.reserve), len(shown.rest)) > LIST_HEAD,
        "pending": sum(1 for line in lists.rest if line.candidate.status in NOT_ASSESSED),
    }


@login_required
def scores_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    return xlsx_response(
        _("scores-call-%(number)s.xlsx") % {"number": call.number}, score_sheets(call)
    )
