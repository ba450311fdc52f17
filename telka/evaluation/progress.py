"""The steps of a proposal's way as the applicant sees them: done, current or to come.
Scores are never part of it; they reach the applicant with the board's decision."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Proposal, ProposalStatus

S = ProposalStatus
STEPS = [
    (_("Submitted and registered"), {S.SUBMITTED, S.REGISTERED}),
    (_("Formal check"), {S.ADMIN_CHECK, S.CLARIFICATION, S.ADMIN_REJECTED}),
    (_("Assessment"), {S.ELIGIBLE, S.UNDER_ASSESSMENT, S.ASSESSED, S.BELOW_THRESHOLD, S.RANKED}),
    (_("Board decision"), {S.SELECTED, S.RESERVE, S.NOT_SELECTED, S.COMPLAINT}),
]
# What the applicant is told while a step is current. BELOW_THRESHOLD and RANKED read
# as "assessment completed": the outcome comes with the board's decision.
EXPLANATIONS = {
    S.REGISTERED: _("Your proposal is registered and waits for the formal check."),
    S.ADMIN_CHECK: _("LAG staff are checking that your proposal meets the formal requirements."),
    S.CLARIFICATION: _("The LAG asked you to correct deficiencies: see the request below."),
    S.ADMIN_REJECTED: _("Your proposal did not pass the formal check: see the reasons below."),
    S.ELIGIBLE: _("Your proposal passed the formal check and waits for its assessors."),
    S.UNDER_ASSESSMENT: _("Independent assessors are scoring your proposal."),
    S.ASSESSED: _("The assessment is completed. The board will decide on the lists."),
    S.BELOW_THRESHOLD: _("The assessment is completed. The board will decide on the lists."),
    S.RANKED: _("The assessment is completed. The board will decide on the lists."),
}


@dataclass(frozen=True)
class Step:
    title: str | Promise
    state: str  # "done", "current" or "todo"


def applicant_steps(proposal: Proposal) -> list[Step]:
    current = next((i for i, (_t, states) in enumerate(STEPS) if proposal.status in states), None)
    if current is None:
        current = len(STEPS) if proposal.status not in {S.DRAFT, S.WITHDRAWN} else -1
    return [
        Step(title, "done" if i < current else "current" if i == current else "todo")
        for i, (title, _states) in enumerate(STEPS)
    ]


def explanation(proposal: Proposal) -> str | Promise:
    return EXPLANATIONS.get(proposal.status, proposal.get_status_display())
