"""The report cycle: draft, submit, accept with the amount paid, return with comments,
resubmit; refusals leave everything as it was."""

from decimal import Decimal

import pytest

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused
from telka.monitoring.models import IndicatorValue, ReportStatus
from telka.monitoring.workflow import reports as flow
from tests import base

from .helpers import full_input


@pytest.fixture
def report(project):
    return project.reports.get(sequence=1)


@pytest.fixture
def submitted(report, ana):
    return flow.submit_report(report=report, actor=ana, data=full_input(report))


def test_it_submits_a_complete_report_and_tells_the_staff(
    report, ana, sara, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        flow.submit_report(report=report, actor=ana, data=full_input(report))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == ana
    assert report.activities == "Surengti 3 mokymai"
    assert [v.value for v in report.indicator_values.all()] == [Decimal(5)]
    assert [e.amount for e in report.expenditures.all()] == [Decimal(1000), Decimal(1000)]
    assert AuditEvent.objects.filter(action="report.submitted", object_id=str(report.pk)).exists()
    assert [m.to for m in mailoutbox] == [[sara.email]]
    assert mailoutbox[0].subject.startswith("Pateikta")


def test_it_accepts_a_report_with_the_amount_paid(
    submitted, sara, ana, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        flow.accept_report(report=submitted, actor=sara, paid_amount=Decimal("2500"))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED
    assert submitted.paid_amount == Decimal("2500")
    assert submitted.reviewed_by == sara
    event = AuditEvent.objects.get(action="report.accepted")
    assert event.changes["paid"] == "2500"
    assert ana.email in {m.to[0] for m in mailoutbox}
    assert "priimta" in mailoutbox[0].subject
    achieved = IndicatorValue.objects.filter(report__project=submitted.project)
    assert list(achieved.achieved_by_indicator().values()) == [Decimal(5)]


def test_it_returns_a_report_with_comments_and_takes_it_again(
    submitted, sara, ana, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        flow.return_report(report=submitted, actor=sara, comment="Trūksta sąskaitų kopijų")
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED
    assert submitted.staff_comment == "Trūksta sąskaitų kopijų"
    returned = AuditEvent.objects.get(action="report.returned")
    assert returned.changes["comment"] == "Trūksta sąskaitų kopijų"
    mail = next(m for m in mailoutbox if m.to == [ana.email])
    assert "Trūksta sąskaitų kopijų" in mail.body
    flow.submit_report(report=submitted, actor=ana, data=full_input(submitted, value=Decimal(6)))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.indicator_values.get().value == Decimal(6)


def test_a_return_needs_comments(submitted, sara):
    with pytest.raises(Refused, match="correct"):
        flow.return_report(report=submitted, actor=sara, comment="  ")
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_it_refuses_a_report_missing_values_and_stores_nothing(report, ana, mailoutbox):
    data = full_input(report)
    data.activities = ""
    data.values = {}
    data.spent = {next(iter(data.spent)): Decimal(10)}
    with pytest.raises(Refused) as refusal:
        flow.submit_report(report=report, actor=ana, data=data)
    reasons = refusal.value.reasons
    assert "Describe the activities carried out in the period." in reasons
    assert "Enter the value achieved for indicator P1 (zero if none)." in reasons
    assert any("Mokymai" in r for r in reasons)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE
    assert not report.expenditures.exists()
    assert not AuditEvent.objects.filter(action="report.submitted").exists()
    assert not mailoutbox


def test_it_refuses_negative_values(report, ana):
    data = full_input(report, value=Decimal(-1), spent=Decimal(-5))
    with pytest.raises(Refused) as refusal:
        flow.submit_report(report=report, actor=ana, data=data)
    assert refusal.value.reasons == [
        "Indicator values cannot be negative.",
        "Expenditure cannot be negative.",
    ]
    with pytest.raises(Refused):
        flow.save_report(report=report, actor=ana, data=data)
    assert not report.indicator_values.exists()


def test_it_refuses_a_report_whose_period_is_not_over(project, ana):
    later = project.reports.get(sequence=2)
    later.period_end = later.due_on = later.period_end.replace(year=2999)
    later.save(update_fields=["period_end", "due_on"])
    with pytest.raises(Refused, match="can be submitted after that"):
        flow.submit_report(report=later, actor=ana, data=full_input(later))


def test_it_refuses_steps_in_the_wrong_state(report, submitted, sara, ana):
    with pytest.raises(Refused, match="cannot be changed"):
        flow.submit_report(report=submitted, actor=ana, data=full_input(submitted))
    with pytest.raises(Refused, match="cannot be changed"):
        flow.save_report(report=submitted, actor=ana, data=full_input(submitted))
    flow.accept_report(report=submitted, actor=sara, paid_amount=Decimal(0))
    with pytest.raises(Refused, match="not possible"):
        flow.return_report(report=submitted, actor=sara, comment="Per vėlu")
    due = submitted.project.reports.get(sequence=2)
    with pytest.raises(Refused, match="not possible"):
        flow.accept_report(report=due, actor=sara, paid_amount=Decimal(0))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED


def test_payments_stay_within_the_grant(submitted, sara):
    with pytest.raises(Refused, match="more than the grant"):
        flow.accept_report(report=submitted, actor=sara, paid_amount=Decimal("10000.01"))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_a_draft_keeps_what_was_entered(report, ana):
    data = full_input(report)
    data.values = {}
    flow.save_report(report=report, actor=ana, data=data)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE
    assert report.activities == "Surengti 3 mokymai"
    assert report.expenditures.count() == 2
    assert not report.indicator_values.exists()


def test_staff_e_mail_goes_to_every_active_staff_member(
    report, ana, sara, lag, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = base.make_user("tomas@example.test", "Tomas Kolega")
    base.give_role(colleague, lag)
    with django_capture_on_commit_callbacks(execute=True):
        flow.submit_report(report=report, actor=ana, data=full_input(report))
    assert sorted(m.to[0] for m in mailoutbox) == [sara.email, colleague.email]


def test_a_promoter_who_reads_english_gets_english(
    submitted, sara, ana, django_capture_on_commit_callbacks, mailoutbox
):
    ana.language = "en"
    ana.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        flow.return_report(report=submitted, actor=sara, comment="Pridėkite sąskaitas")
    mail = next(m for m in mailoutbox if m.to == [ana.email])
    assert mail.subject == f"Report no. 1 of project {submitted.project.number} needs corrections"
    assert "/en/monitoring/reports/" in mail.body
