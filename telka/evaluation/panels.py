"""Blocks for the personal area: staff see checks and assignments waiting, assessors
what to score, applicants where their proposals stand and what to correct."""

from django.http import HttpRequest

from telka.calls.models import Proposal, ProposalStatus
from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_assessor, is_lag_staff
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel

from .models import AssessmentStatus, Clarification, ClarificationStatus
from .queries import CHECK_STATES, needing_assessors

APPLICANT_STATES = [
    *CHECK_STATES,
    ProposalStatus.ADMIN_REJECTED,
    ProposalStatus.ELIGIBLE,
    ProposalStatus.UNDER_ASSESSMENT,
    ProposalStatus.ASSESSED,
    ProposalStatus.BELOW_THRESHOLD,
    ProposalStatus.RANKED,
]


def staff_tasks(lag: LocalActionGroup, kind: str):
    """The proposals of one kind of staff work waiting (the "waiting for you" lists):
    `check` (not yet checked or check in progress), `clarification` (waiting for the
    applicant's correction), `assign` (needing assessors). The panel counts these and the
    task page lists them, so the two always agree."""
    proposals = Proposal.objects.filter(call__lag=lag)
    if kind == "check":
        return proposals.filter(status__in=[ProposalStatus.REGISTERED, ProposalStatus.ADMIN_CHECK])
    if kind == "clarification":
        return proposals.filter(status=ProposalStatus.CLARIFICATION)
    return needing_assessors(proposals)


STAFF_TASKS = ("check", "clarification", "assign")


def _staff(lag: LocalActionGroup) -> dict:
    return {
        "to_check": staff_tasks(lag, "check").count(),
        "awaiting_applicant": staff_tasks(lag, "clarification").count(),
        "to_assign": staff_tasks(lag, "assign").count(),
    }


def _assessor(user, lag: LocalActionGroup) -> dict:
    assessments = user.assessments.filter(proposal__call__lag=lag)
    return {
        "to_declare": assessments.filter(status=AssessmentStatus.ASSIGNED).count(),
        "to_score": assessments.filter(status=AssessmentStatus.DECLARED).count(),
    }


def _applicant(user, lag: LocalActionGroup) -> dict:
    proposals = (
        Proposal.objects.for_user(user)
        .filter(call__lag=lag, status__in=APPLICANT_STATES)
        .order_by("-submitted_at")[:10]
    )
    open_requests = Clarification.objects.filter(
        check_run__proposal__organisation__memberships__user=user,
        check_run__proposal__call__lag=lag,
        status=ClarificationStatus.OPEN,
    ).select_related("check_run__proposal")
    return {"proposals": list(proposals), "clarifications": list(open_requests)}


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    lag = lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    context = {}
    if is_lag_staff(user, lag):
        context["staff"] = _staff(lag)
    if is_assessor(user, lag):
        context["assessor"] = _assessor(user, lag)
    applicant = _applicant(user, lag)
    if applicant["proposals"]:
        context["applicant"] = applicant
    if not context:
        return None
    return Panel(template="evaluation/panel.html", context=context, order=40)
