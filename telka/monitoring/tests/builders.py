"""Builders for monitoring tests: a contracted proposal made into a project, with
planned indicator values and a schedule of reports. Rows are created directly; the
flows that create them are tested in their own apps."""

import datetime
from decimal import Decimal

from telka.calls.models import BudgetLine, Proposal, ProposalStatus
from telka.evaluation.tests.builders import make_call, make_proposal
from telka.monitoring.models import Project, ProjectIndicator, Report


def contracted_proposal(call, **fields) -> Proposal:
    """A proposal of `call` in CONTRACTED status with two budget lines."""
    proposal = make_proposal(call, status=ProposalStatus.CONTRACTED, complete=False, **fields)
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        description="Koordinatorius",
        quantity=Decimal(10),
        unit_price=Decimal(500),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="services",
        description="Mokymai",
        quantity=Decimal(1),
        unit_price=Decimal(6000),
    )
    return proposal


def make_project(
    strategy,
    *,
    call=None,
    organisation=None,
    grant: Decimal = Decimal("10000"),
    planned: Decimal = Decimal("20"),
    starts_on: datetime.date = datetime.date(2026, 1, 1),
    months: int = 12,
    report_every_months: int = 6,
    **fields,
) -> Project:
    """A project in implementation from a contracted proposal of `call` (a new call on
    `strategy` if none), planning `planned` for every indicator its measure targets, with
    its reports scheduled every `report_every_months` and due 15 days after each period."""
    call = call or make_call(strategy)
    proposal = contracted_proposal(call, amount=grant, organisation=organisation)
    measure = proposal.allocation.measure
    ends_on = _add_months(starts_on, months) - datetime.timedelta(days=1)
    project = Project.objects.create(
        lag=strategy.lag,
        proposal=proposal,
        strategy=strategy,
        measure=measure,
        promoter=proposal.organisation,
        number=f"{proposal.reg_number}-S",
        title=proposal.title,
        summary="Projekto santrauka",
        starts_on=starts_on,
        ends_on=ends_on,
        total_cost=proposal.total_cost,
        grant_amount=grant,
        report_every_months=report_every_months,
        **fields,
    )
    for target in measure.targets.all():
        ProjectIndicator.objects.create(
            project=project, indicator=target.indicator, planned_value=planned
        )
    start, sequence = starts_on, 1
    while start <= ends_on:
        end = min(_add_months(start, report_every_months) - datetime.timedelta(days=1), ends_on)
        Report.objects.create(
            project=project,
            sequence=sequence,
            period_start=start,
            period_end=end,
            due_on=end + datetime.timedelta(days=15),
            is_final=end == ends_on,
        )
        start, sequence = end + datetime.timedelta(days=1), sequence + 1
    return project


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))
