"""Reports: the promoter saves a draft and submits (DUE/RETURNED → SUBMITTED), LAG staff
accept it with the amount paid or return it with comments; attachments while it is
open; and the daily reminders of reports due soon or overdue."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.uploads import sha256_of
from telka.lib.workflow import Refused, check_transition
from telka.templatetags.telka import eur

from .. import emails
from ..models import (
    REPORT_TRANSITIONS,
    Expenditure,
    IndicatorValue,
    MonitoringSettings,
    ProjectStatus,
    Report,
    ReportAttachment,
    ReportStatus,
)

REPORT_LABELS = dict(ReportStatus.choices)
DEFAULT_REMIND_DAYS = 7


@dataclass
class ReportInput:
    """What the promoter enters: `values` by indicator id, `spent` by budget line id;
    None where the field was left empty."""

    activities: str = ""
    participants_count: int = 0
    values: Mapping[int, Decimal | None] = field(default_factory=dict)
    spent: Mapping[int, Decimal | None] = field(default_factory=dict)


def lock_report(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("project__lag", "project__proposal", "project__promoter")
        .get(pk=report.pk)
    )


def _refuse_unless_open(report: Report) -> None:
    if report.project.status != ProjectStatus.IN_IMPLEMENTATION:
        raise Refused(_("The project is closed: its reports can no longer change."))
    if report.status not in ReportStatus.OPEN:
        raise Refused(
            _("This report is %(status)s: it cannot be changed now.")
            % {"status": report.get_status_display().lower()}
        )


def _negative(data: ReportInput) -> list[str]:
    reasons = []
    if any(v is not None and v < 0 for v in data.values.values()):
        reasons.append(_("Indicator values cannot be negative."))
    if any(v is not None and v < 0 for v in data.spent.values()):
        reasons.append(_("Expenditure cannot be negative."))
    if data.participants_count is not None and data.participants_count < 0:
        reasons.append(_("The number of participants cannot be negative."))
    return reasons


def _store(report: Report, data: ReportInput) -> None:
    """Write the entered values: one row per planned indicator and per budget line of
    the proposal; an empty field removes its row."""
    report.activities = data.activities.strip()
    report.participants_count = data.participants_count or 0
    report.save(update_fields=["activities", "participants_count"])
    planned = set(report.project.indicators.values_list("indicator_id", flat=True))
    lines = set(report.project.proposal.budget_lines.values_list("pk", flat=True))
    for model, key, allowed, entered, column in (
        (IndicatorValue, "indicator_id", planned, data.values, "value"),
        (Expenditure, "budget_line_id", lines, data.spent, "amount"),
    ):
        rows = {getattr(r, key): r for r in model.objects.filter(report=report)}
        for pk in allowed:
            value, row = entered.get(pk), rows.get(pk)
            if value is None:
                if row is not None:
                    row.delete()
            elif row is None:
                model.objects.create(report=report, **{key: pk, column: value})
            elif getattr(row, column) != value:
                setattr(row, column, value)
                row.save(update_fields=[column])


def _incomplete(report: Report) -> list[str]:
    """What a report must hold before it is submitted."""
    reasons = []
    if not report.activities.strip():
        reasons.append(_("Describe the activities carried out in the period."))
    valued = set(report.indicator_values.values_list("indicator_id", flat=True))
    missing = report.project.indicators.exclude(indicator_id__in=valued).select_related("indicator")
    reasons += [
        _("Enter the value achieved for indicator %(code)s (zero if none).")
        % {"code": plan.indicator.code}
        for plan in missing
    ]
    spent = set(report.expenditures.values_list("budget_line_id", flat=True))
    unspent = report.project.proposal.budget_lines.exclude(pk__in=spent)
    reasons += [
        _("Enter the expenditure on budget line “%(line)s” (zero if none).")
        % {"line": line.description}
        for line in unspent
    ]
    if report.period_end >= timezone.localdate():
        reasons.append(
            _("The period ends on %(day)s: the report can be submitted after that.")
            % {"day": report.period_end.isoformat()}
        )
    return reasons


@transaction.atomic
def save_report(*, report: Report, actor: Any, data: ReportInput, files: Iterable = ()) -> Report:
    """Save the promoter's draft (DUE or RETURNED stays as it is), with the files chosen
    in the same form (already checked by content), so that attaching a file never loses
    what was typed. Audited: the draft saved, and the files attached if any."""
    locked = lock_report(report)
    _refuse_unless_open(locked)
    reasons = _negative(data)
    if reasons:
        raise Refused(*reasons)
    _store(locked, data)
    AuditEvent.objects.record(action="report.draft_saved", obj=locked, actor=actor)
    files = list(files)
    if files:
        _attach(locked, actor, files)
    return locked


@transaction.atomic
def submit_report(*, report: Report, actor: Any, data: ReportInput | None = None) -> Report:
    """DUE/RETURNED → SUBMITTED: store `data` if given, then require activities, a value
    of zero or more for every planned indicator and the expenditure on every budget line.
    Refused with every missing item (nothing stored). Audited; LAG staff e-mailed."""
    locked = lock_report(report)
    _refuse_unless_open(locked)
    check_transition(locked.status, ReportStatus.SUBMITTED, REPORT_TRANSITIONS, REPORT_LABELS)
    if data is not None:
        reasons = _negative(data)
        if reasons:
            raise Refused(*reasons)
        _store(locked, data)
    reasons = _incomplete(locked)
    if reasons:
        raise Refused(*reasons)
    before = locked.status
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), actor
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    AuditEvent.objects.record(
        action="report.submitted", obj=locked, actor=actor, before=before, after=locked.status
    )
    emails.report_submitted(locked)
    return locked


def _review(report: Report, to: str, actor: Any) -> tuple[Report, str]:
    locked = lock_report(report)
    if locked.project.status != ProjectStatus.IN_IMPLEMENTATION:
        raise Refused(_("The project is closed: its reports can no longer change."))
    check_transition(locked.status, to, REPORT_TRANSITIONS, REPORT_LABELS)
    return locked, locked.status


@transaction.atomic
def accept_report(
    *, report: Report, actor: Any, paid_amount: Decimal, comment: str = "", now=None
) -> Report:
    """SUBMITTED → ACCEPTED with the amount paid for the period (all payments together
    within the grant). Its indicator values now count on the dashboard, and the report
    and its figures are final (INV-35). Audited; the promoter is e-mailed."""
    locked, before = _review(report, ReportStatus.ACCEPTED, actor)
    if paid_amount is None or paid_amount < 0:
        raise Refused(_("Enter the amount paid for this period (zero or more)."))
    paid_before = locked.project.reports.accepted().aggregate(total=Sum("paid_amount"))[
        "total"
    ] or Decimal(0)
    if paid_before + paid_amount > locked.project.grant_amount:
        raise Refused(
            _("Payments would reach %(total)s, more than the grant of %(grant)s.")
            % {"total": eur(paid_before + paid_amount), "grant": eur(locked.project.grant_amount)}
        )
    locked.status, locked.paid_amount = ReportStatus.ACCEPTED, paid_amount
    locked.staff_comment = comment.strip()
    locked.reviewed_at, locked.reviewed_by = now or timezone.now(), actor
    locked.save(
        update_fields=["status", "paid_amount", "staff_comment", "reviewed_at", "reviewed_by"]
    )
    AuditEvent.objects.record(
        action="report.accepted",
        obj=locked,
        actor=actor,
        before=before,
        after=locked.status,
        paid=str(paid_amount),
    )
    emails.report_accepted(locked)
    return locked


@transaction.atomic
def return_report(*, report: Report, actor: Any, comment: str) -> Report:
    """SUBMITTED → RETURNED with the staff's comments (required); the promoter corrects
    and submits again. Audited; the promoter is e-mailed the comments."""
    if not comment.strip():
        raise Refused(_("Say what the promoter must correct."))
    locked, before = _review(report, ReportStatus.RETURNED, actor)
    locked.status, locked.staff_comment = ReportStatus.RETURNED, comment.strip()
    locked.reviewed_at, locked.reviewed_by = timezone.now(), actor
    locked.save(update_fields=["status", "staff_comment", "reviewed_at", "reviewed_by"])
    AuditEvent.objects.record(
        action="report.returned",
        obj=locked,
        actor=actor,
        before=before,
        after=locked.status,
        comment=locked.staff_comment,  # kept: a later acceptance replaces the row's comment
    )
    emails.report_returned(locked)
    return locked


# --- Attachments ------------------------------------------------------------------


@transaction.atomic
def add_attachments(*, report: Report, actor: Any, files: Iterable) -> list[ReportAttachment]:
    """Attach files (already checked by content) to an open report."""
    locked = lock_report(report)
    _refuse_unless_open(locked)
    return _attach(locked, actor, files)


def _attach(locked: Report, actor: Any, files: Iterable) -> list[ReportAttachment]:
    added = [
        ReportAttachment.objects.create(
            report=locked,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=upload.detected.content_type,
        )
        for upload in files
    ]
    AuditEvent.objects.record(
        action="report.attached",
        obj=locked,
        actor=actor,
        files=[a.name for a in added],
        sha256=[sha256_of(a.file) for a in added],
    )
    return added


@transaction.atomic
def remove_attachment(*, attachment: ReportAttachment, actor: Any) -> None:
    locked = lock_report(attachment.report)
    _refuse_unless_open(locked)
    attachment.file.delete(save=False)
    attachment.delete()
    AuditEvent.objects.record(
        action="report.attachment_removed", obj=locked, actor=actor, file=attachment.name
    )


# --- Reminders --------------------------------------------------------------------


def remind_days(lag_ids: Iterable[int]) -> dict[int, int]:
    found = dict(
        MonitoringSettings.objects.filter(lag_id__in=lag_ids).values_list(
            "lag_id", "remind_days_before"
        )
    )
    return {pk: found.get(pk, DEFAULT_REMIND_DAYS) for pk in lag_ids}


def remind_reports(today: datetime.date | None = None) -> list[Report]:
    """E-mail the promoter of every open report due within the LAG's reminder days or
    already overdue (demo projects aside), at most once a day per report: each report is claimed by a
    conditional update of `reminded_on`, so a second run the same day sends nothing."""
    today = today or timezone.localdate()
    candidates = Report.objects.filter(
        status__in=ReportStatus.OPEN,
        project__status=ProjectStatus.IN_IMPLEMENTATION,
        due_on__lte=today + datetime.timedelta(days=366),
        project__is_demo=False,  # invented history: nobody waits for those reports
    ).exclude(reminded_on=today)
    rows = list(candidates.values_list("pk", "due_on", "project__lag_id"))
    days = remind_days({lag for _pk, _due, lag in rows})
    reminded = []
    for pk, due_on, lag_id in rows:
        if due_on > today + datetime.timedelta(days=days[lag_id]):
            continue
        report = _claim(pk, today)
        if report is not None:
            reminded.append(report)
    return reminded


@transaction.atomic
def _claim(pk: int, today: datetime.date) -> Report | None:
    claimed = (
        Report.objects.filter(pk=pk, status__in=ReportStatus.OPEN)
        .exclude(reminded_on=today)
        .update(reminded_on=today)
    )
    if not claimed:
        return None
    report = Report.objects.select_related("project__proposal__organisation").get(pk=pk)
    overdue = report.due_on < today
    AuditEvent.objects.record(
        action="report.reminded", obj=report, overdue=overdue, due_on=report.due_on.isoformat()
    )
    emails.report_reminder(report, overdue=overdue)
    return report
