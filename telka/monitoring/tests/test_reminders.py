"""The scheduled reminders: reports due within the LAG's days and overdue ones, at most
one e-mail per report a day; closed projects and finished reports are left alone."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.monitoring.models import MonitoringSettings, ProjectStatus, ReportStatus
from telka.monitoring.workflow.reports import remind_reports

# make_project: report 1 due 2026-07-15, report 2 due 2027-01-15.
FIRST_DUE = datetime.date(2026, 7, 15)


def _to_ana(outbox) -> list:
    return [m for m in outbox if m.to == ["ana@example.test"]]


def test_it_reminds_a_report_due_within_seven_days(
    project, ana, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        reminded = remind_reports(FIRST_DUE - datetime.timedelta(days=7))
    assert [r.sequence for r in reminded] == [1]
    assert [m.to for m in mailoutbox if m.to == [ana.email]] == [[ana.email]]
    assert mailoutbox[0].subject.startswith("Priminimas")
    assert project.reports.get(sequence=1).reminded_on == FIRST_DUE - datetime.timedelta(days=7)
    assert AuditEvent.objects.filter(action="report.reminded").count() == 1


def test_it_does_not_remind_earlier_than_the_lags_days(project, lag, mailoutbox):
    assert remind_reports(FIRST_DUE - datetime.timedelta(days=8)) == []
    MonitoringSettings.objects.create(lag=lag, remind_days_before=10)
    assert [r.sequence for r in remind_reports(FIRST_DUE - datetime.timedelta(days=8))] == [1]


def test_it_reminds_overdue_reports(project, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        reminded = remind_reports(datetime.date(2026, 8, 1))
    assert [r.sequence for r in reminded] == [1]
    assert mailoutbox[0].subject.startswith("Vėluoja")


def test_it_reminds_once_a_day(project, django_capture_on_commit_callbacks, mailoutbox):
    day = datetime.date(2026, 8, 1)
    with django_capture_on_commit_callbacks(execute=True):
        remind_reports(day)
        again = remind_reports(day)
    assert again == []
    assert len(_to_ana(mailoutbox)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        remind_reports(day + datetime.timedelta(days=1))
    assert len(_to_ana(mailoutbox)) == 2


def test_it_leaves_submitted_reports_and_closed_projects_alone(project, other_project, mailoutbox):
    project.reports.filter(sequence=1).update(status=ReportStatus.SUBMITTED)
    other_project.status = ProjectStatus.TERMINATED
    other_project.save(update_fields=["status"])
    assert remind_reports(datetime.date(2026, 8, 1)) == []


def test_it_leaves_demo_projects_alone(project, mailoutbox):
    project.is_demo = True
    project.save(update_fields=["is_demo"])
    assert remind_reports(datetime.date(2026, 8, 1)) == []


def test_the_command_is_scheduled_and_idempotent(
    project, settings, django_capture_on_commit_callbacks, mailoutbox
):
    assert "remind_reports" in settings.TELKA_SCHEDULED_COMMANDS
    project.reports.exclude(sequence=1).update(status=ReportStatus.ACCEPTED)
    project.reports.filter(sequence=1).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick")
        call_command("remind_reports")
    assert len(_to_ana(mailoutbox)) == 1
