"""Load a call's candidates and budgets from the database in a fixed number of queries
and hand them to the pure ranking functions (ranking.py)."""

from django.db.models import Q, QuerySet

from telka.calls.models import Call, ProposalStatus

from .models import ResultOutcome
from .ranking import AllocationLists, Budget, Candidate, TieBreak, draft_lists

# Proposals that take part in the lists: assessed or on the way there.
LISTED_STATES = [
    ProposalStatus.ELIGIBLE,
    ProposalStatus.UNDER_ASSESSMENT,
    ProposalStatus.ASSESSED,
    ProposalStatus.BELOW_THRESHOLD,
    ProposalStatus.RANKED,
]


# Proposals the board has placed since: they keep their evaluation rank, so the ranking
# of a decided call still shows every assessed proposal (DOMAIN.md §7.2).
DECIDED_STATES = [
    ProposalStatus.SELECTED,
    ProposalStatus.RESERVE,
    ProposalStatus.NOT_SELECTED,
    ProposalStatus.COMPLAINT,
    ProposalStatus.INVITED,
    ProposalStatus.APPLIED,
    ProposalStatus.LAPSED,
    ProposalStatus.AGENCY_APPROVED,
    ProposalStatus.AGENCY_REJECTED,
    ProposalStatus.CONTRACTED,
    ProposalStatus.IN_IMPLEMENTATION,
    ProposalStatus.COMPLETED,
    ProposalStatus.TERMINATED,
]


def _is_ranked(status: str, outcome: str | None) -> bool:
    """Ranked now, or ranked by the evaluation before the board placed it."""
    if status == ProposalStatus.RANKED:
        return True
    return status in DECIDED_STATES and outcome == ResultOutcome.RANKED


def candidates_of(proposals: QuerySet) -> list[Candidate]:
    """The proposals as ranking candidates, in one query (the decisions app drafts its
    lists from the same rows)."""
    rows = proposals.values_list(
        "pk",
        "allocation_id",
        "sequence",
        "submitted_at",
        "requested_amount",
        "result__final_score",
        "result__tie_break_points",
        "status",
        "reg_number",
        "title",
        "organisation__name",
        "result__outcome",
    )
    return [
        Candidate(
            proposal_id=pk,
            allocation_id=allocation,
            sequence=sequence,
            submitted_at=submitted,
            requested_amount=amount,
            final_score=score,
            tie_break_points=tie,
            is_ranked=_is_ranked(status, outcome),
            status=status,
            label=reg_number,
            title=title,
            applicant=applicant,
        )
        for (
            pk,
            allocation,
            sequence,
            submitted,
            amount,
            score,
            tie,
            status,
            reg_number,
            title,
            applicant,
            outcome,
        ) in rows
    ]


def candidates(call: Call) -> list[Candidate]:
    """Every proposal the evaluation ranks or has ranked, including those the board has
    placed since, each with its current status."""
    decided = Q(status__in=DECIDED_STATES, result__isnull=False)
    return candidates_of(call.proposals.filter(Q(status__in=LISTED_STATES) | decided))


def budgets(call: Call, *, release=()) -> list[Budget]:
    """Each allocation's budget is what is left of it (decisions.money: the one answer,
    the whole allocation before any decision); `release`: the proposals being ranked,
    whose own complaint hold is theirs to use."""
    from telka.decisions import money  # the decisions app builds on this module

    allocations = list(call.allocations.all())
    left = money.left_by_allocation(allocations, release=release)
    return [
        Budget(a.pk, left[a.pk].remaining, a.allows_reduced_amounts, a.min_per_project)
        for a in allocations
    ]


def tie_break(call: Call) -> TieBreak:
    return TieBreak(
        use_criterion=call.tie_break_criterion_id is not None,
        by_submission=call.tie_break_by_submission,
    )


def call_lists(call: Call) -> list[AllocationLists]:
    """Draft funded, reserve and other lists of every allocation for the proposals still
    before the board, on what is left of the allocation (decisions.money): four queries."""
    found = [c for c in candidates(call) if c.status not in DECIDED_STATES]
    release = [c.proposal_id for c in found]
    return draft_lists(found, budgets(call, release=release), tie_break(call))


def placed_lists(call: Call) -> dict[int, AllocationLists]:
    """The proposals the board has placed, at their evaluation rank against the whole
    allocation, as the board saw them: the ranking of a decided call stays readable."""
    placed = [c for c in candidates(call) if c.status in DECIDED_STATES]
    if not placed:
        return {}
    whole = [
        Budget(a.pk, a.amount, a.allows_reduced_amounts, a.min_per_project)
        for a in call.allocations.all()
    ]
    return {
        lists.allocation_id: lists
        for lists in draft_lists(placed, whole, tie_break(call))
        if lists.funded or lists.reserve or lists.rest
    }
