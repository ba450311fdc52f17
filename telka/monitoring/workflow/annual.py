"""Annual implementation reports (INV-36): staff generate the year's snapshot, the general
meeting approves it (date and minutes no.); an approved report never changes."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused, check_transition
from telka.strategy.models import Strategy, StrategyStatus

from ..annual import annual_figures
from ..models import AnnualReport, AnnualReportStatus

ANNUAL_TRANSITIONS = {
    AnnualReportStatus.DRAFT: {AnnualReportStatus.APPROVED},
    AnnualReportStatus.APPROVED: set(),
}


@transaction.atomic
def generate_annual_report(
    *, strategy: Strategy, year: int, actor: Any, today: datetime.date | None = None
) -> AnnualReport:
    """Create the draft report of `strategy` for `year`, or refresh the draft's figures.

    Steps: refuse a draft version, a year outside the strategy's period or not begun
    yet, and a report already approved (immutable, INV-35); snapshot the figures
    (annual.annual_figures); audit `annual_report.generated`. No e-mail."""
    today = today or timezone.localdate()
    if strategy.status == StrategyStatus.DRAFT:
        raise Refused(_("A draft strategy version has no implementation to report on."))
    if not strategy.period_start <= year <= strategy.period_end:
        raise Refused(
            _("The year must be within the strategy's period, %(start)s–%(end)s.")
            % {"start": strategy.period_start, "end": strategy.period_end}
        )
    if year > today.year:
        raise Refused(_("A report cannot be generated for a year that has not begun."))
    report = AnnualReport.objects.select_for_update().filter(strategy=strategy, year=year).first()
    if report is not None and report.status == AnnualReportStatus.APPROVED:
        raise Refused(
            _("The report for %(year)s is approved by the general meeting and cannot change.")
            % {"year": year}
        )
    created = report is None
    if created:
        report = AnnualReport(strategy=strategy, year=year)
    report.figures = annual_figures(strategy, year, today=today)
    report.generated_at = timezone.now()
    report.save()
    AuditEvent.objects.record(
        action="annual_report.generated",
        obj=report,
        actor=actor,
        year=year,
        regenerated=not created,
    )
    return report


@transaction.atomic
def approve_annual_report(
    *,
    report: AnnualReport,
    actor: Any,
    approved_on: datetime.date,
    minutes_number: str,
    today: datetime.date | None = None,
) -> AnnualReport:
    """DRAFT → APPROVED: record the general meeting's approval (date, minutes no.).

    Refused when already approved, without a minutes number, for a date in the future
    or before the report was generated. Audited `annual_report.approved`. No e-mail."""
    today = today or timezone.localdate()
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    labels = dict(AnnualReportStatus.choices)
    check_transition(report.status, AnnualReportStatus.APPROVED, ANNUAL_TRANSITIONS, labels)
    reasons = []
    minutes_number = minutes_number.strip()
    if not minutes_number:
        reasons.append(_("Enter the number of the general meeting's minutes."))
    if approved_on > today:
        reasons.append(_("The date of the general meeting cannot be in the future."))
    generated_on = timezone.localdate(report.generated_at) if report.generated_at else None
    if generated_on and approved_on < generated_on:
        reasons.append(
            _("The general meeting cannot have approved the report before it was generated.")
        )
    if reasons:
        raise Refused(*reasons)
    before = report.status
    report.status = AnnualReportStatus.APPROVED
    report.approved_on, report.minutes_number = approved_on, minutes_number
    report.save(update_fields=["status", "approved_on", "minutes_number"])
    AuditEvent.objects.record(
        action="annual_report.approved",
        obj=report,
        actor=actor,
        before=before,
        after=report.status,
        approved_on=approved_on.isoformat(),
        minutes_number=minutes_number,
    )
    return report
