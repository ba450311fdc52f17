"""The lists a decision adopts: drafted from the evaluation ranking, then checked
before adoption (INV-23 order, INV-24 amounts, INV-25 reserve).

Drafting never re-implements the ranking: it hands the allocation's candidates to
`telka.evaluation.ranking.allocation_lists` with the money still free (money.py).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from telka.calls.models import Allocation, Proposal, ProposalStatus
from telka.evaluation import lists as evaluation_lists
from telka.evaluation.ranking import Budget, Candidate, allocation_lists
from telka.templatetags.telka import eur

from . import money
from .models import DecisionLine, LineOutcome

ZERO = Decimal(0)
# Proposals a selection decision places: those the evaluation has finished with.
UNDECIDED = [ProposalStatus.RANKED, ProposalStatus.BELOW_THRESHOLD]
# Where an upheld complaint sends a proposal until the board places it again.
BACK_IN_EVALUATION = money.BACK_IN_EVALUATION


def _candidates(allocation: Allocation, statuses) -> list[Candidate]:
    """The allocation's proposals in `statuses` as ranking candidates: one query."""
    return evaluation_lists.candidates_of(
        Proposal.objects.filter(allocation=allocation, status__in=statuses)
    )


def held_amount(allocation: Allocation) -> Decimal:
    """Money held for complaints (INV-29): see money.left()."""
    return money.left(allocation).held


def promotable(allocation: Allocation) -> Decimal:
    """What a promotion may spend: what is left, complaint holds included (money.py)."""
    return max(money.remaining(allocation), ZERO)


def _budget(allocation: Allocation, amount: Decimal) -> Budget:
    return Budget(
        allocation.pk, amount, allocation.allows_reduced_amounts, allocation.min_per_project
    )


def draft_selection(allocation: Allocation) -> list[dict]:
    """Lines for the allocation's ranked and below-threshold proposals, in rank order,
    with the free money as the budget (the whole allocation the first time)."""
    candidates = _candidates(allocation, UNDECIDED)
    # The proposals placed now use the money their own complaint held (INV-29).
    free = money.remaining(allocation, release=[c.proposal_id for c in candidates])
    lists = allocation_lists(
        candidates,
        _budget(allocation, free),
        evaluation_lists.tie_break(allocation.call),
    )
    lines = [_line(line, LineOutcome.FUNDED) for line in lists.funded]
    lines += [_line(line, LineOutcome.RESERVE) for line in lists.reserve]
    lines += [_line(line, LineOutcome.NOT_SELECTED) for line in lists.rest]
    return lines


def draft_promotion(allocation: Allocation) -> list[dict]:
    """The reserve list in order; those that fit the promotable money are proposed."""
    candidates = [
        Candidate(**{**vars(c), "is_ranked": True})
        for c in _candidates(allocation, [ProposalStatus.RESERVE])
    ]
    lists = allocation_lists(
        candidates,
        _budget(allocation, promotable(allocation)),
        evaluation_lists.tie_break(allocation.call),
    )
    return [_line(line, LineOutcome.FUNDED) for line in lists.funded] + [
        _line(line, LineOutcome.RESERVE) for line in lists.reserve
    ]


def _line(line, outcome: str) -> dict:
    candidate = line.candidate
    return {
        "proposal_id": candidate.proposal_id,
        "rank": line.rank,
        "score": candidate.final_score,
        "requested_amount": candidate.requested_amount,
        "outcome": outcome,
        "draft_outcome": outcome,
        "fixed_amount": line.proposed_amount if outcome == LineOutcome.FUNDED else None,
        "tie_resolved_by": line.tie_resolved_by,
    }


def check_lines(
    lines: list[DecisionLine], allocation: Allocation, *, budget: Decimal, min_score
) -> list[str]:
    """INV-23 … INV-25 and the reasons INV-27 needs. `budget`: money the lines may use."""
    reasons: list[str] = []
    for line in lines:
        reasons += _check_line(line, allocation, min_score)
    funded = sum(
        (line.fixed_amount or ZERO for line in lines if line.outcome == LineOutcome.FUNDED), ZERO
    )
    if funded > budget:
        reasons.append(
            _("The fixed amounts add up to %(total)s, but only %(budget)s is free (INV-24).")
            % {"total": eur(funded), "budget": eur(budget)}
        )
    return reasons


def _label(line: DecisionLine) -> str:
    return line.proposal.reg_number or str(line.proposal_id)


def _check_line(line: DecisionLine, allocation: Allocation, min_score) -> list[str]:
    label = _label(line)
    reasons = []
    if line.is_deviation and not line.justification.strip():
        reasons.append(
            _("%(no)s departs from the score order: record the justification (INV-23).")
            % {"no": label}
        )
    if line.outcome == LineOutcome.FUNDED:
        reasons += _check_amount(line, allocation, label)
    if line.outcome in (LineOutcome.FUNDED, LineOutcome.RESERVE):
        if line.proposal.status == ProposalStatus.BELOW_THRESHOLD or (
            min_score is not None and (line.score is None or line.score < min_score)
        ):
            reasons.append(
                _("%(no)s is below the threshold and can only be not selected (INV-25).")
                % {"no": label}
            )
    if line.outcome == LineOutcome.NOT_SELECTED and not line.reasons.strip():
        reasons.append(_("Give the reasons why %(no)s is not selected (INV-27).") % {"no": label})
    return reasons


def _check_amount(line: DecisionLine, allocation: Allocation, label: str) -> list[str]:
    amount = line.fixed_amount
    if amount is None or amount <= 0:
        return [_("Fix the amount for %(no)s.") % {"no": label}]
    reasons = []
    if amount > line.requested_amount:
        reasons.append(
            _("%(no)s: the fixed amount is more than requested (INV-24).") % {"no": label}
        )
    if amount > allocation.max_per_project:
        reasons.append(
            _("%(no)s: the fixed amount is more than the %(max)s allowed per project (INV-24).")
            % {"no": label, "max": eur(allocation.max_per_project)}
        )
    if amount < line.requested_amount:
        if not allocation.allows_reduced_amounts:
            reasons.append(
                _("%(no)s: this allocation does not allow reduced amounts (INV-24).")
                % {"no": label}
            )
        elif not line.has_consent:
            reasons.append(
                _("%(no)s: a reduced amount needs the applicant's consent (INV-24).")
                % {"no": label}
            )
    return reasons


def mark_deviations(lines: list[DecisionLine]) -> None:
    """A line deviates when its list differs from the draft drawn from the ranking, or a
    funded proposal ranks below one left off the funded list (INV-23). Not saved."""
    best_unfunded = min(
        (
            line.rank
            for line in lines
            if line.rank
            and line.outcome != LineOutcome.FUNDED
            and line.draft_outcome != LineOutcome.NOT_SELECTED
        ),
        default=None,
    )
    for line in lines:
        moved = line.outcome != line.draft_outcome
        jumped = (
            line.outcome == LineOutcome.FUNDED
            and best_unfunded is not None
            and line.rank is not None
            and line.rank > best_unfunded
        )
        line.is_deviation = moved or jumped
