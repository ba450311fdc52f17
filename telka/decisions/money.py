"""The money of an allocation: one function computes what is left, from the facts.

    remaining = allocation − Σ committed

A funded proposal commits its fixed amount while it is SELECTED, INVITED or APPLIED;
once the agency has approved it, the approved amount (≤ fixed, INV-32: the difference
returns); nothing once it LAPSED (INV-30), was rejected by the agency or withdrawn.
Every page, the lists, promotions and the strategy budget (calls/budget.py) use this
module, so the figure is the same everywhere.
"""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import Coalesce

from telka.calls.models import Allocation, ProposalStatus

from .models import Award

ZERO = Decimal(0)
# The fixed amount is held while the agency has not decided.
HOLDING_FIXED = [ProposalStatus.SELECTED, ProposalStatus.INVITED, ProposalStatus.APPLIED]
# The approved amount is held once the agency approved.
HOLDING_APPROVED = [
    ProposalStatus.AGENCY_APPROVED,
    ProposalStatus.CONTRACTED,
    ProposalStatus.IN_IMPLEMENTATION,
    ProposalStatus.COMPLETED,
    ProposalStatus.TERMINATED,
]

_MONEY = DecimalField(max_digits=14, decimal_places=2)
COMMITTED = Case(
    When(proposal__status__in=HOLDING_FIXED, then=F("fixed_amount")),
    When(proposal__status__in=HOLDING_APPROVED, then=Coalesce("approved_amount", "fixed_amount")),
    default=Value(ZERO),
    output_field=_MONEY,
)


def committed_by_allocation(allocation_ids) -> dict[int, Decimal]:
    """Σ committed per allocation id, in one query."""
    rows = (
        Award.objects.filter(proposal__allocation_id__in=list(allocation_ids))
        .values("proposal__allocation_id")
        .annotate(total=Sum(COMMITTED))
    )
    return {row["proposal__allocation_id"]: row["total"] or ZERO for row in rows}


def committed(allocation: Allocation) -> Decimal:
    return committed_by_allocation([allocation.pk]).get(allocation.pk, ZERO)


def remaining(allocation: Allocation) -> Decimal:
    """What is still free on the allocation: the one figure used everywhere."""
    return allocation.amount - committed(allocation)


def remaining_by_allocation(allocations) -> dict[int, Decimal]:
    """remaining() for several allocations in one query."""
    allocations = list(allocations)
    spent = committed_by_allocation(a.pk for a in allocations)
    return {a.pk: a.amount - spent.get(a.pk, ZERO) for a in allocations}


def is_holding(status: str) -> bool:
    return status in HOLDING_FIXED or status in HOLDING_APPROVED


__all__ = ["committed", "remaining", "remaining_by_allocation"]
