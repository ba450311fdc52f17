"""Builders for evaluation tests: a call past its deadline with allocations and
criteria, registered proposals with their first submitted version, and assessors.
Rows are created directly (the calls app's submission flow is tested there)."""

import datetime
from decimal import Decimal
from itertools import count

from django.utils import timezone

from telka.calls.models import (
    Activity,
    Allocation,
    BudgetLine,
    Call,
    CallStatus,
    Criterion,
    CriterionKind,
    IndicatorPlan,
    Proposal,
    ProposalStatus,
    Submission,
)
from telka.lag.models import RoleKind
from tests import base

_codes = count(300000100)
START = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def make_call(strategy, *, amounts=(Decimal("50000"), Decimal("30000")), **fields) -> Call:
    """A closed call under assessment: one allocation per amount (strategy measures in
    order), criteria K1 (max 40, min 10), K2 (30), K3 (30) and a pass/fail criterion P1."""
    defaults = {
        "number": "4",
        "title": "Kvietimas Nr. 4",
        "status": CallStatus.ASSESSMENT,
        "opens_at": START - datetime.timedelta(days=40),
        "closes_at": START - datetime.timedelta(days=10),
        "published_at": START - datetime.timedelta(days=45),
        "min_score": Decimal("50"),
    }
    call = Call.objects.create(lag=strategy.lag, strategy=strategy, **{**defaults, **fields})
    measures = list(strategy.goals.first().objectives.first().measures.order_by("position"))
    for position, (measure, amount) in enumerate(zip(measures, amounts, strict=False)):
        Allocation.objects.create(
            call=call,
            measure=measure,
            amount=amount,
            max_per_project=amount,
            max_rate_percent=Decimal("92.5"),
            position=position,
        )
    scored = [("K1", 40, 10), ("K2", 30, None), ("K3", 30, None)]
    for position, (code, max_points, min_points) in enumerate(scored):
        Criterion.objects.create(
            call=call,
            code=code,
            title=f"Kriterijus {code}",
            kind=CriterionKind.SCORED,
            max_points=max_points,
            min_points=min_points,
            position=position,
        )
    Criterion.objects.create(
        call=call, code="P1", title="Atitinka strategiją", kind=CriterionKind.PASS_FAIL, position=9
    )
    return call


def make_proposal(
    call: Call,
    *,
    allocation: Allocation | None = None,
    amount: Decimal = Decimal("10000"),
    status: str = ProposalStatus.REGISTERED,
    organisation=None,
    submitted_at: datetime.datetime | None = None,
    title: str = "",
    complete: bool = True,
) -> Proposal:
    """A registered proposal with version 1 of its submission. A `complete` one also has
    its activity, budget line and planned indicator values (it meets every submission
    rule); without them, callers add their own rows."""
    call.refresh_from_db(fields=["last_sequence"])
    sequence = call.last_sequence + 1
    Call.objects.filter(pk=call.pk).update(last_sequence=sequence)
    organisation = organisation or base.make_organisation(
        name=f"Bendruomenė {sequence}", legal_code=str(next(_codes))
    )
    submitted_at = submitted_at or START - datetime.timedelta(days=11, minutes=-sequence)
    own = max(Decimal(1000), (amount / 10).quantize(Decimal(1)))
    proposal = Proposal.objects.create(
        call=call,
        allocation=allocation or call.allocations.first(),
        organisation=organisation,
        status=status,
        sequence=sequence,
        reg_number=f"{call.registration_prefix}-{sequence:03d}",
        title=title or f"Projektas {sequence}",
        summary="Santrauka",
        contact_name="Kontaktinis asmuo",
        contact_email=f"contact{sequence}@example.test",
        contact_phone="+370 600 00000",
        problem="Problema",
        target_groups="Jaunimas",
        planned_participants=20,
        location="Aleksotas",
        activities_in_territory=True,
        starts_on=START.date(),
        ends_on=timezone.localdate() + datetime.timedelta(days=365),
        contribution="Prisideda prie strategijos.",
        total_cost=amount + own,
        own_contribution=own,
        requested_amount=amount,
        submitted_at=submitted_at,
        declares_accurate=True,
        declares_not_completed=True,
        consents=True,
    )
    if complete:
        _complete(proposal)
    Submission.objects.create(
        proposal=proposal,
        version=1,
        registration_number=proposal.reg_number,
        submitted_at=submitted_at,
        content={"project": {"title": proposal.title}, "budget": {"own_contribution": "1000.00"}},
        content_sha256="0" * 64,
    )
    return proposal


def _complete(proposal: Proposal) -> None:
    """The parts of a proposal kept in rows of their own: an activity, a budget line,
    a planned value for every target of the measure."""
    Activity.objects.create(
        proposal=proposal, title="Veikla", starts_on=proposal.starts_on, ends_on=proposal.ends_on
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        description="Darbo užmokestis",
        quantity=Decimal(1),
        unit_price=proposal.total_cost,
    )
    IndicatorPlan.objects.bulk_create(
        IndicatorPlan(proposal=proposal, indicator_id=target.indicator_id, planned_value=20)
        for target in proposal.allocation.measure.targets.all()
    )


def make_assessor(lag, name: str):
    user = base.make_user(f"{name.lower()}@example.test", f"{name} Vertintoja")
    base.give_role(user, lag, RoleKind.ASSESSOR)
    return user
