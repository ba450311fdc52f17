"""Staff pages of the assessment: assigning assessors with their workload, removing
one, and the score breakdown of a proposal (also as a PDF assessment sheet)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.permissions import is_board_member
from telka.lib.pdf import pdf_response, render_pdf
from telka.lib.workflow import Refused

from .. import workflow
from ..forms import AssignForm, ReasonForm
from ..models import Assessment, AssessmentStatus, BoardMemberPolicy
from ..permissions import get_proposal_for_staff, staff_lag
from ..queries import assessor_workload
from ..sheets import breakdown
from .common import show_refusal


def _assign_context(request, proposal, form=None) -> dict:
    lag = proposal.call.lag
    workload = list(assessor_workload(lag))
    board = {u.pk for u in workload if is_board_member(u, lag)}
    assessments = list(
        proposal.assessments.select_related("assessor").order_by("assigned_at", "pk")
    )
    taken = {a.assessor_id for a in assessments}
    candidates = [u for u in workload if u.pk not in taken]
    queryset = assessor_workload(lag).exclude(pk__in=taken)
    return {
        "proposal": proposal,
        "assessments": assessments,
        "candidates": candidates,
        "board": board,
        "policy": workflow.board_member_policy(proposal.call),
        "block_policy": BoardMemberPolicy.BLOCK,
        "form": form or AssignForm(queryset=queryset),
        "needed": workflow.needed_assessors(proposal),
        "counting": sum(a.status in AssessmentStatus.COUNTING_STATES for a in assessments),
        "remove_form": ReasonForm(),
        "can_assign": proposal.status in {"eligible", "under_assessment"},
    }


@login_required
def assessors(request: HttpRequest, pk: int) -> HttpResponse:
    """Who assesses this proposal, and the pool with each assessor's workload."""
    proposal = get_proposal_for_staff(request, pk)
    if request.method != "POST":
        return render(request, "evaluation/assessors.html", _assign_context(request, proposal))
    context = _assign_context(request, proposal)
    form = AssignForm(request.POST, queryset=context["form"].fields["assessors"].queryset)
    if form.is_valid():
        try:
            created = workflow.assign_assessors(
                proposal=proposal,
                assessors=list(form.cleaned_data["assessors"]),
                actor=request.user,
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            if any(a.board_member_warning for a in created):
                messages.warning(
                    request, _("A board member was assigned as an assessor: this is recorded.")
                )
            messages.success(request, _("The assessors were assigned and informed."))
            return redirect("evaluation:assessors", proposal.pk)
    return render(
        request, "evaluation/assessors.html", _assign_context(request, proposal, form), status=400
    )


@login_required
@require_POST
def remove_assessor(request: HttpRequest, pk: int) -> HttpResponse:
    lag = staff_lag(request)
    assessment = get_object_or_404(Assessment, pk=pk, proposal__call__lag=lag)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for removing the assessor."))
        return redirect("evaluation:assessors", assessment.proposal_id)
    try:
        workflow.remove_assessor(
            assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The assessor was removed from the proposal."))
    return redirect("evaluation:assessors", assessment.proposal_id)


@login_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Every assessor's points and justifications, and how they were reconciled."""
    proposal = get_proposal_for_staff(request, pk)
    return render(request, "evaluation/scores.html", breakdown(proposal))


@login_required
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    context = breakdown(proposal) | {"lag": proposal.call.lag}
    data = render_pdf("evaluation/pdf/sheet.html", context, language=request.LANGUAGE_CODE)
    return pdf_response(data, f"vertinimas-{proposal.reg_number}.pdf")
