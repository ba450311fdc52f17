"""The ranking per allocation with the draft lists, and the XLSX of all scores."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from telka.lib.xlsx import xlsx_response

from ..exports import score_sheets
from ..lists import call_lists
from ..permissions import get_call_for_staff


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft funded, reserve and other lists per allocation: what the board decides on."""
    call = get_call_for_staff(request, pk)
    allocations = {a.pk: a for a in call.allocations.select_related("measure")}
    proposals = {
        p.pk: p
        for p in call.proposals.filter(reg_number__isnull=False).select_related("organisation")
    }
    sections = [
        {"allocation": allocations[lists.allocation_id], "lists": lists}
        for lists in call_lists(call)
    ]
    pending = sum(
        1
        for s in sections
        for line in s["lists"].rest
        if line.candidate.status != "below_threshold"
    )
    return render(
        request,
        "evaluation/ranking.html",
        {
            "call": call,
            "sections": sections,
            "proposals": proposals,
            "pending": pending,
            "tie_criterion": call.tie_break_criterion,
        },
    )


@login_required
def scores_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    return xlsx_response(
        _("scores-call-%(number)s.xlsx") % {"number": call.number}, score_sheets(call)
    )
