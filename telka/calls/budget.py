"""How much of a strategy measure's budget is still free for a call (INV-10).

A measure's budget is held by the allocations of every call that has been approved
and not cancelled. Once the board has fixed amounts on a decided call, only those
amounts stay committed and the unspent rest returns to the measure: the decisions
app narrows `allocation_commitment` for such calls (see its docstring).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from telka.decisions import money
from telka.periods.rules import rules_for, sco_required
from telka.strategy.models import Measure
from telka.templatetags.telka import eur

from .models import Allocation, Call, CallStatus, CostKind

# Once the board has decided, only what the funded proposals hold stays committed.
DECIDED_STATES = {CallStatus.DECIDED, CallStatus.COMPLAINTS_CLOSED}


def allocation_commitment(allocation: Allocation) -> Decimal:
    """The part of its measure's budget one allocation holds: the whole allocation until
    the board has decided, then what its funded proposals hold — fixed amounts, or the
    agency's approved amounts, nothing for lapsed ones (decisions.money, INV-30, INV-32)."""
    if allocation.call.status in DECIDED_STATES:
        return money.committed(allocation)
    return allocation.amount


def committed_elsewhere(measure: Measure, *, exclude_call: Call | None = None) -> Decimal:
    """Σ commitments on the action of `measure` by other approved, not cancelled calls,
    in every version of the strategy: a measure keeps its `lineage` across amendments,
    so money committed under an earlier version stays committed after a new one enters
    into force."""
    allocations = Allocation.objects.filter(
        measure__lineage=measure.lineage,
        measure__objective__goal__strategy__lag_id=measure.objective.goal.strategy.lag_id,
        call__status__in=CallStatus.COMMITTING_STATES,
    ).select_related("call")
    if exclude_call is not None:
        allocations = allocations.exclude(call=exclude_call)
    return sum((allocation_commitment(a) for a in allocations), Decimal(0))


def remaining_budget(measure: Measure, *, exclude_call: Call | None = None) -> Decimal:
    return measure.budget - committed_elsewhere(measure, exclude_call=exclude_call)


@dataclass
class Overrun:
    allocation: Allocation
    remaining: Decimal


def overruns(call: Call) -> list[Overrun]:
    """The call's allocations that do not fit what is left of their measure (INV-10)."""
    found = []
    for allocation in call.allocations.select_related("measure"):
        remaining = remaining_budget(allocation.measure, exclude_call=call)
        if allocation.amount > remaining:
            found.append(Overrun(allocation, remaining))
    return found


def cost_option_problems(call: Call, lines: list) -> list[str]:
    """What the call and its fund's rules say about the kinds of the budget lines: each
    line of a kind the call allows, and — where the fund makes simplified cost options
    mandatory (CPR 2021/1060 Art. 53(2)) — no real-cost line in a project whose total is
    at most the threshold. `lines` are settled (their amounts set)."""
    allowed = call.allowed_cost_kinds()
    labels = dict(CostKind.choices)
    problems = [
        _("The call does not allow %(kind)s budget lines.") % {"kind": labels[kind].lower()}
        for kind in sorted({line.kind for line in lines} - set(allowed))
    ]
    rules = rules_for(call)
    total = sum((line.amount for line in lines), Decimal(0))
    if sco_required(rules, total) and any(line.kind == CostKind.REAL for line in lines):
        problems.append(
            _(
                "A %(fund)s project costing at most %(limit)s is paid only by lump sums, unit "
                "costs or flat rates (%(basis)s): change the real-cost lines."
            )
            % {
                "fund": rules.fund,
                "limit": eur(rules.sco_required_up_to),
                "basis": rules.ref("sco"),
            }
        )
    return problems
