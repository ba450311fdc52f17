"""Ranking per allocation and the draft lists the board decides on (INV-23 … INV-25).

Pure functions on plain dataclasses, with no database access, so the decisions app
and the benchmark can call them on whatever rows they load:

    lists = draft_lists(candidates, budgets, rule=TieBreak(use_criterion=True))

Order: final score, descending; ties by the call's published rule — higher points on
the tie-break criterion, then earlier submission — and finally the registration
sequence, so two runs on the same data always give the same order.

Funded list: proposals in rank order while the allocation lasts. The first proposal
that does not fit stops the list (skipping to a smaller one further down would break
the score order, INV-23); if the allocation allows reduced amounts it is proposed for
what is left, otherwise it heads the reserve list (INV-24). The reserve list holds
the other ranked proposals in score order (INV-25); the rest are those not ranked.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Candidate:
    proposal_id: int
    allocation_id: int
    sequence: int
    submitted_at: datetime.datetime
    requested_amount: Decimal
    final_score: Decimal | None = None
    tie_break_points: Decimal | None = None
    is_ranked: bool = False  # reconciled and at or above every threshold
    status: str = ""
    # Display only, never part of the order:
    label: str = ""
    title: str = ""
    applicant: str = ""


@dataclass(frozen=True)
class Budget:
    allocation_id: int
    amount: Decimal
    allows_reduced_amounts: bool = False
    min_per_project: Decimal | None = None


@dataclass(frozen=True)
class TieBreak:
    use_criterion: bool = False
    by_submission: bool = True


@dataclass(frozen=True)
class Line:
    candidate: Candidate
    rank: int | None = None
    proposed_amount: Decimal = ZERO
    is_reduced: bool = False
    # When the score equals the previous line's: what put this one after it
    # ("criterion", "submission" or "sequence").
    tie_resolved_by: str = ""


@dataclass(frozen=True)
class AllocationLists:
    allocation_id: int
    amount: Decimal
    funded: tuple[Line, ...]
    reserve: tuple[Line, ...]
    rest: tuple[Line, ...]

    @property
    def funded_total(self) -> Decimal:
        return sum((line.proposed_amount for line in self.funded), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.funded_total

    @property
    def ranked(self) -> tuple[Line, ...]:
        return self.funded + self.reserve


def _key(candidate: Candidate, rule: TieBreak) -> tuple:
    tie_points = candidate.tie_break_points if rule.use_criterion else None
    return (
        -(candidate.final_score or ZERO),
        -(tie_points if tie_points is not None else Decimal(-1)),
        candidate.submitted_at if rule.by_submission else datetime.datetime.min,
        candidate.sequence,
        candidate.proposal_id,
    )


def _tie_reason(before: Candidate, after: Candidate, rule: TieBreak) -> str:
    if before.final_score != after.final_score:
        return ""
    if rule.use_criterion and before.tie_break_points != after.tie_break_points:
        return "criterion"
    if rule.by_submission and before.submitted_at != after.submitted_at:
        return "submission"
    return "sequence"


def rank(candidates: Iterable[Candidate], rule: TieBreak) -> list[tuple[Candidate, str]]:
    """Ranked candidates in order, each with the tie rule that placed it (or "")."""
    ordered = sorted((c for c in candidates if c.is_ranked), key=lambda c: _key(c, rule))
    reasons = [""][: len(ordered)] + [
        _tie_reason(a, b, rule) for a, b in zip(ordered, ordered[1:], strict=False)
    ]
    return list(zip(ordered, reasons, strict=True))


def _fits(amount: Decimal, remaining: Decimal, budget: Budget) -> tuple[Decimal, bool] | None:
    """(proposed amount, reduced?) if the proposal can go on the funded list, else None."""
    if amount <= remaining:
        return amount, False
    floor = budget.min_per_project or ZERO
    if budget.allows_reduced_amounts and remaining > ZERO and remaining >= floor:
        return remaining, True
    return None


def allocation_lists(
    candidates: Sequence[Candidate], budget: Budget, rule: TieBreak
) -> AllocationLists:
    funded: list[Line] = []
    reserve: list[Line] = []
    remaining = budget.amount
    for position, (candidate, tie) in enumerate(rank(candidates, rule), start=1):
        # Once one proposal did not fit, or took what was left, the funded list is closed.
        fit = None if reserve else _fits(candidate.requested_amount, remaining, budget)
        if fit is None or (funded and funded[-1].is_reduced):
            reserve.append(Line(candidate, position, ZERO, False, tie))
            continue
        amount, reduced = fit
        funded.append(Line(candidate, position, amount, reduced, tie))
        remaining -= amount
    rest = sorted(
        (c for c in candidates if not c.is_ranked),
        key=lambda c: (-(c.final_score or ZERO), c.sequence, c.proposal_id),
    )
    return AllocationLists(
        allocation_id=budget.allocation_id,
        amount=budget.amount,
        funded=tuple(funded),
        reserve=tuple(reserve),
        rest=tuple(Line(c) for c in rest),
    )


def draft_lists(
    candidates: Iterable[Candidate], budgets: Iterable[Budget], rule: TieBreak
) -> list[AllocationLists]:
    """The draft funded, reserve and other lists of every allocation, in `budgets` order."""
    by_allocation: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_allocation[candidate.allocation_id].append(candidate)
    return [allocation_lists(by_allocation[b.allocation_id], b, rule) for b in budgets]
