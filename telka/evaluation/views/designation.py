"""The LAG itself as an applicant (INV-26): staff record the board's designation of the
person who handles its proposal; that person signs the declaration of independence.
Both on the proposal's check page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lib.workflow import Refused

from .. import workflow
from ..forms import DesignationForm
from ..models import Designation
from ..permissions import get_proposal_for_staff
from .common import show_refusal


def designation_context(proposal) -> dict:
    """What the check page shows about the LAG's own proposal (nothing for others)."""
    if not proposal.organisation.is_lag_itself:
        return {}
    designation = (
        Designation.objects.filter(proposal=proposal).select_related("user", "recorded_by").first()
    )
    return {
        "lag_itself": True,
        "designation": designation,
        "designation_form": DesignationForm(lag=proposal.call.lag),
        "independence_text": _(workflow.INDEPENDENCE_TEXT),
    }


@login_required
@require_POST
def designate(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    form = DesignationForm(request.POST, lag=proposal.call.lag)
    try:
        if not form.is_valid():
            raise Refused(*[e for errors in form.errors.values() for e in errors])
        designation = workflow.designate_handler(
            proposal=proposal,
            user=form.cleaned_data["user"],
            decision_reference=form.cleaned_data["decision_reference"],
            actor=request.user,
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(
            request,
            _("%(name)s is designated; they sign the declaration of independence here.")
            % {"name": designation.user},
        )
    return redirect("evaluation:check", proposal.pk)


@login_required
@require_POST
def declare_independence(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    try:
        workflow.declare_independence(proposal=proposal, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Your declaration is signed: you may handle this proposal."))
    return redirect("evaluation:check", proposal.pk)
