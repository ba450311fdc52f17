"""Builders for dashboard and annual-report tests: awards on funded lists and reports
with accepted (or other) indicator values and payments. Rows are created directly; the
flows that create them are tested in their own apps."""

import datetime
from decimal import Decimal

from django.utils import timezone

from telka.calls.models import Proposal
from telka.decisions.models import AgendaItem, Award, Decision, Meeting
from telka.lag.models import Board
from telka.monitoring.models import IndicatorValue, Project, Report, ReportStatus
from tests import base


def award(
    proposal: Proposal,
    fixed: Decimal,
    *,
    approved: Decimal | None = None,
    signed_on: datetime.date | None = None,
    status: str | None = None,
) -> Award:
    """The board's award for `proposal` (one meeting and decision per allocation)."""
    allocation = proposal.allocation
    decision = Decision.objects.filter(allocation=allocation).first()
    if decision is None:
        lag = proposal.call.lag
        board = Board.objects.filter(lag=lag).first() or base.make_board(lag)
        meeting = Meeting.objects.create(
            lag=lag,
            board=board,
            number=f"M{allocation.pk}",
            mode="in_person",
            starts_at=timezone.now(),
            held_on=timezone.localdate(),
        )
        item = AgendaItem.objects.create(meeting=meeting, kind="selection", allocation=allocation)
        decision = Decision.objects.create(
            item=item, meeting=meeting, allocation=allocation, kind="selection"
        )
    if status is not None:
        Proposal.objects.filter(pk=proposal.pk).update(status=status)
    return Award.objects.create(
        proposal=proposal,
        decision=decision,
        fixed_amount=fixed,
        approved_amount=approved,
        agreement_signed_on=signed_on,
    )


def report_values(
    project: Project,
    sequence: int,
    values: dict,
    *,
    status: str = ReportStatus.ACCEPTED,
    paid: Decimal = Decimal(0),
) -> Report:
    """Report `sequence` of `project` in `status`, declaring {indicator: value}."""
    report = project.reports.get(sequence=sequence)
    Report.objects.filter(pk=report.pk).update(status=status, paid_amount=paid)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator=indicator, value=Decimal(value))
        for indicator, value in values.items()
    )
    report.refresh_from_db()
    return report


def project_on(strategy, call, position: int = 0, **fields) -> Project:
    """make_project on the call's allocation at `position` (its measure in order)."""
    from .builders import make_project

    project = make_project(strategy, call=call, **fields)
    allocation = call.allocations.order_by("position")[position]
    if allocation.pk != project.proposal.allocation_id:
        Proposal.objects.filter(pk=project.proposal_id).update(allocation=allocation)
        Project.objects.filter(pk=project.pk).update(measure=allocation.measure)
        project.indicators.all().delete()
        for target in allocation.measure.targets.all():
            project.indicators.create(indicator=target.indicator, planned_value=Decimal(20))
        project.refresh_from_db()
    return project
