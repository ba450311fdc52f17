"""An accepted project report (its figures, expenditure and attachments) and an approved
annual report are final: the database refuses a raw UPDATE or DELETE (SQLite and, with
DATABASE_URL, PostgreSQL); the ORM refuses with a clear message (INV-35, INV-36)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from telka.lib.frozen import FrozenError
from telka.monitoring.models import (
    AnnualReport,
    Expenditure,
    IndicatorValue,
    Report,
    ReportAttachment,
)
from telka.monitoring.workflow import reports as flow
from telka.monitoring.workflow.annual import approve_annual_report, generate_annual_report

from .helpers import full_input

TODAY = datetime.date(2027, 2, 1)


@pytest.fixture
def accepted(project, ana, sara):
    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    ReportAttachment.objects.create(
        report=report, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), name="a.pdf", size=8
    )
    return flow.accept_report(report=report, actor=sara, paid_amount=Decimal(100))


@pytest.fixture
def approved(project, sara):
    report = generate_annual_report(
        strategy=project.strategy, year=project.strategy.period_start, actor=sara, today=TODAY
    )
    return approve_annual_report(
        report=report, actor=sara, approved_on=TODAY, minutes_number="VS-1", today=TODAY
    )


def refused_sql(sql: str, *params) -> None:
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


FROZEN = [
    (Report, "paid_amount = 5000"),
    (IndicatorValue, "value = 5000"),
    (Expenditure, "amount = 5000"),
    (ReportAttachment, "name = 'forged.pdf'"),
]


@pytest.mark.parametrize(("model", "assignment"), FROZEN, ids=[m.__name__ for m, _ in FROZEN])
def test_the_database_refuses_raw_changes_of_an_accepted_report(accepted, model, assignment):
    row = model.objects.order_by("pk").first()
    assert row is not None
    before = model.objects.filter(pk=row.pk).values().get()
    table = model._meta.db_table
    refused_sql(f"UPDATE {table} SET {assignment} WHERE id = %s", row.pk)
    refused_sql(f"DELETE FROM {table} WHERE id = %s", row.pk)
    assert model.objects.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize(("model", "assignment"), FROZEN, ids=[m.__name__ for m, _ in FROZEN])
def test_the_orm_refuses_changes_of_an_accepted_report(accepted, model, assignment):
    row = model.objects.order_by("pk").first()
    with pytest.raises(FrozenError, match="is final and cannot be changed or deleted"):
        row.save()
    with pytest.raises(FrozenError):
        model.objects.filter(pk=row.pk).delete()


def test_the_database_refuses_raw_changes_of_an_approved_annual_report(approved):
    refused_sql(
        "UPDATE monitoring_annualreport SET minutes_number = 'X' WHERE id = %s", approved.pk
    )
    refused_sql("DELETE FROM monitoring_annualreport WHERE id = %s", approved.pk)
    with pytest.raises(FrozenError):
        AnnualReport.objects.filter(pk=approved.pk).update(figures={})
    assert AnnualReport.objects.get(pk=approved.pk).minutes_number == "VS-1"


def test_open_reports_still_change_and_reminders_still_run(project, accepted):
    """The allowed case: a due report is edited in SQL too, and the reminder date of an
    accepted one may move."""
    due = project.reports.get(sequence=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE monitoring_report SET activities = 'x' WHERE id = %s", [due.pk])
    Report.objects.filter(pk=accepted.pk).update(reminded_on=TODAY)
    assert Report.objects.get(pk=due.pk).activities == "x"
