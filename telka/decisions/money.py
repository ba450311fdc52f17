"""The money of an allocation: one function computes what is left, from the facts.

    remaining = allocation − Σ committed − Σ held for complaints

A funded proposal commits its fixed amount while it is SELECTED, INVITED or APPLIED;
once the agency has approved it, the approved amount (≤ fixed, INV-32: the difference
returns); nothing once it LAPSED (INV-30), was rejected by the agency or withdrawn.
A complaint holds what its proposal asked for while it is pending and, once upheld,
until the board has placed the re-assessed proposal again (INV-29), so neither a
promotion nor another list can spend the place the complaint could win.

`left()` / `left_by_allocation()` is the one answer to "how much is left": the
evaluation ranking, the decision pages, the lists, promotions, the public results, the
exports and the API all call it; the strategy budget (calls/budget.py) uses
`committed()`, since holds are no commitment on the measure.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from telka.calls.models import Allocation, Proposal, ProposalStatus

from .models import Award, Complaint, ComplaintStatus

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
# Where an upheld complaint sends a proposal until the board places it again.
BACK_IN_EVALUATION = [
    ProposalStatus.ADMIN_CHECK,
    ProposalStatus.CLARIFICATION,
    ProposalStatus.ELIGIBLE,
    ProposalStatus.UNDER_ASSESSMENT,
    ProposalStatus.ASSESSED,
    ProposalStatus.RANKED,
    ProposalStatus.BELOW_THRESHOLD,
]

_MONEY = DecimalField(max_digits=14, decimal_places=2)
COMMITTED = Case(
    When(proposal__status__in=HOLDING_FIXED, then=F("fixed_amount")),
    When(proposal__status__in=HOLDING_APPROVED, then=Coalesce("approved_amount", "fixed_amount")),
    default=Value(ZERO),
    output_field=_MONEY,
)
# The same, read from the proposal's side (one row per proposal, its award joined).
_FIXED = F("award__fixed_amount")
_KEPT = Coalesce("award__approved_amount", "award__fixed_amount")
COMMITTED_BY_PROPOSAL = Case(
    When(status__in=HOLDING_FIXED, then=_FIXED),
    When(status__in=HOLDING_APPROVED, then=_KEPT),
    default=Value(ZERO),
    output_field=_MONEY,
)
LAPSED = Case(
    When(status=ProposalStatus.LAPSED, award__isnull=False, then=_FIXED),
    default=Value(ZERO),
    output_field=_MONEY,
)
RETURNED_BY_AGENCY = Case(
    When(status=ProposalStatus.AGENCY_REJECTED, award__isnull=False, then=_FIXED),
    When(status__in=HOLDING_APPROVED, award__isnull=False, then=_FIXED - _KEPT),
    default=Value(ZERO),
    output_field=_MONEY,
)


def _held(release: set[int]) -> Case:
    """The requested amount of a proposal a complaint holds money for (INV-29)."""
    complaints = Complaint.objects.filter(proposal=OuterRef("pk"))
    pending = Exists(complaints.filter(status__in=ComplaintStatus.PENDING_STATES))
    upheld = Exists(complaints.filter(status=ComplaintStatus.UPHELD))
    holds = Q(pending) | (Q(upheld) & Q(status__in=BACK_IN_EVALUATION))
    return Case(
        When(holds & ~Q(pk__in=release), then=F("requested_amount")),
        default=Value(ZERO),
        output_field=_MONEY,
    )


@dataclass(frozen=True)
class Left:
    """What is left of one allocation, with the parts that explain it."""

    allocation_id: int
    amount: Decimal  # the allocation
    committed: Decimal = ZERO  # fixed amounts, or the agency's approved amounts
    held: Decimal = ZERO  # for complaints (INV-29)
    lapsed: Decimal = ZERO  # fixed amounts freed by lapses (INV-30)
    returned_by_agency: Decimal = ZERO  # agency reductions and rejections (INV-32)

    @property
    def remaining(self) -> Decimal:
        """Never below zero: holds may exceed what the fixed amounts left."""
        return max(self.amount - self.committed - self.held, ZERO)


def _sums(ids: list[int], release: set[int]) -> dict[int, dict]:
    rows = (
        Proposal.objects.filter(allocation_id__in=ids)
        .values("allocation_id")
        .annotate(
            committed=Sum(COMMITTED_BY_PROPOSAL),
            held=Sum(_held(release)),
            lapsed=Sum(LAPSED),
            returned=Sum(RETURNED_BY_AGENCY),
        )
        .order_by()
    )
    return {row.pop("allocation_id"): row for row in rows}


def left_by_allocation(
    allocations: Iterable[Allocation], *, release: Iterable[int] = ()
) -> dict[int, Left]:
    """left() for several allocations in one query. `release`: proposals whose own
    complaint hold does not count (the board is placing them now)."""
    allocations = list(allocations)
    sums = _sums([a.pk for a in allocations], set(release))
    found = {}
    for a in allocations:
        row = sums.get(a.pk, {})
        found[a.pk] = Left(
            allocation_id=a.pk,
            amount=a.amount,
            committed=row.get("committed") or ZERO,
            held=row.get("held") or ZERO,
            lapsed=row.get("lapsed") or ZERO,
            returned_by_agency=row.get("returned") or ZERO,
        )
    return found


def left(allocation: Allocation, *, release: Iterable[int] = ()) -> Left:
    """What is left of the allocation: the one figure every page, export and API shows."""
    return left_by_allocation([allocation], release=release)[allocation.pk]


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


def remaining(allocation: Allocation, *, release: Iterable[int] = ()) -> Decimal:
    """What is still free on the allocation: left(allocation).remaining."""
    return left(allocation, release=release).remaining


def remaining_by_allocation(allocations) -> dict[int, Decimal]:
    """remaining() for several allocations in one query."""
    return {pk: found.remaining for pk, found in left_by_allocation(allocations).items()}


def is_holding(status: str) -> bool:
    return status in HOLDING_FIXED or status in HOLDING_APPROVED


__all__ = [
    "Left",
    "committed",
    "left",
    "left_by_allocation",
    "remaining",
    "remaining_by_allocation",
]
