"""Blocks for the personal area: staff see checks and assignments waiting, assessors
what to score, applicants where their proposals stand and what to correct."""

from django.http import HttpRequest

from telka.accounts.permissions import memberships_of
from telka.calls.models import Proposal, ProposalStatus
from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_assessor, is_lag_staff
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel, figure, figures
from telka.lib.statements import fetch_objects

from .models import Assessment, AssessmentStatus, Clarification, ClarificationStatus
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


@figure("lag", "evaluation.to_check")
def _to_check(user, lag: LocalActionGroup):
    return staff_tasks(lag, "check")


@figure("lag", "evaluation.awaiting_applicant")
def _awaiting_applicant(user, lag: LocalActionGroup):
    return staff_tasks(lag, "clarification")


@figure("lag", "evaluation.to_assign")
def _to_assign(user, lag: LocalActionGroup):
    return staff_tasks(lag, "assign")


@figure("mine", "evaluation.to_declare")
def _to_declare(user, lag: LocalActionGroup):
    return Assessment.objects.filter(
        assessor=user, proposal__call__lag=lag, status=AssessmentStatus.ASSIGNED
    )


@figure("mine", "evaluation.to_score")
def _to_score(user, lag: LocalActionGroup):
    return Assessment.objects.filter(
        assessor=user, proposal__call__lag=lag, status=AssessmentStatus.DECLARED
    )


@figure("mine", "evaluation.submitted")
def _submitted(user, lag: LocalActionGroup):
    return Proposal.objects.for_user(user).filter(call__lag=lag, status__in=APPLICANT_STATES)


@figure("mine", "evaluation.clarifications")
def _clarifications(user, lag: LocalActionGroup):
    return Clarification.objects.filter(
        check_run__proposal__organisation__memberships__user=user,
        check_run__proposal__call__lag=lag,
        status=ClarificationStatus.OPEN,
    )


def _applicant(request: HttpRequest, user, lag: LocalActionGroup) -> dict | None:
    """Where the applicant's submitted proposals stand and what to correct; None for
    someone who acts for no organisation or has submitted nothing."""
    if not memberships_of(user):
        return None
    mine = figures(request, "mine")
    if not mine["evaluation.submitted"]:
        return None
    proposals = fetch_objects(
        ("panel:submitted", user.pk, lag.pk),
        lambda: (
            _submitted(user, lag)
            .only("reg_number", "title", "status")  # what the panel shows
            .order_by("-submitted_at")[:10]
        ),
    )
    clarifications = []
    if mine["evaluation.clarifications"]:
        clarifications = fetch_objects(
            ("panel:clarifications", user.pk, lag.pk),
            lambda: _clarifications(user, lag).select_related("check_run__proposal"),
        )
    return {"proposals": proposals, "clarifications": clarifications}


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    lag = lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    context = {}
    if is_lag_staff(user, lag):
        found = figures(request, "lag")
        context["staff"] = {
            "to_check": found["evaluation.to_check"],
            "awaiting_applicant": found["evaluation.awaiting_applicant"],
            "to_assign": found["evaluation.to_assign"],
        }
    if is_assessor(user, lag):
        mine = figures(request, "mine")
        context["assessor"] = {
            "to_declare": mine["evaluation.to_declare"],
            "to_score": mine["evaluation.to_score"],
        }
    applicant = _applicant(request, user, lag)
    if applicant:
        context["applicant"] = applicant
    if not context:
        return None
    return Panel(template="evaluation/panel.html", context=context, order=40)
