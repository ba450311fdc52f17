"""INV-35 below the models: once the minutes are signed, the database itself refuses a
raw UPDATE or DELETE of the decision, its lines and votes, the notices, the attendance,
the declarations and the minutes; the ORM refuses with a clear message. Runs on SQLite
and, with DATABASE_URL, on PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from telka.decisions import workflow
from telka.decisions.models import (
    Attendance,
    Decision,
    DecisionLine,
    InterestDeclaration,
    Minutes,
    Notice,
    Vote,
)
from telka.lib.frozen import FrozenError

from .builders import ranked
from .helpers import decide, declare_all, selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(meeting, seats, sara, call, django_capture_on_commit_callbacks):
    ranked(call, 90, 20000)
    ranked(call, 40, 1000, status="below_threshold")
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(meeting, seats, sara, call.allocations.first())
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    return decision


def refused_sql(sql: str, *params) -> None:
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


FROZEN = [
    (Decision, "reasons = 'rewritten'"),
    (DecisionLine, "fixed_amount = 99999"),
    (Vote, "choice = 'against'"),
    (Minutes, "sha256 = 'forged'"),
    (Notice, "outcome = 'forged'"),
    (Attendance, "is_present = FALSE"),
    (InterestDeclaration, "nature = 'hidden'"),
]


@pytest.mark.parametrize(("model", "assignment"), FROZEN, ids=[m.__name__ for m, _ in FROZEN])
def test_the_database_refuses_raw_updates_and_deletes_of_final_rows(signed, model, assignment):
    row = model.objects.order_by("pk").first()
    assert row is not None, f"the signed meeting has no {model.__name__}"
    before = model.objects.filter(pk=row.pk).values().get()
    table = model._meta.db_table
    refused_sql(f"UPDATE {table} SET {assignment} WHERE id = %s", row.pk)
    refused_sql(f"DELETE FROM {table} WHERE id = %s", row.pk)
    assert model.objects.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize(("model", "assignment"), FROZEN, ids=[m.__name__ for m, _ in FROZEN])
def test_the_orm_refuses_with_a_clear_message(signed, model, assignment):
    row = model.objects.order_by("pk").first()
    with pytest.raises(FrozenError, match="is final and cannot be changed or deleted"):
        row.save()
    with pytest.raises(FrozenError):
        row.delete()
    with pytest.raises(FrozenError):
        model.objects.filter(pk=row.pk).delete()


def test_votes_declarations_and_attendance_rewritten_in_bulk_are_refused(signed):
    with pytest.raises(FrozenError):
        Vote.objects.all().update(choice="against")
    with pytest.raises(FrozenError):
        InterestDeclaration.objects.all().update(has_interest=True, nature="x")
    with pytest.raises(FrozenError):
        Attendance.objects.all().update(is_present=False)
    assert not Vote.objects.exclude(choice="for").exists()


def test_rows_of_an_open_meeting_still_change(meeting, seats, sara, call):
    """The allowed case: before anything is final, the workflow replaces declarations
    and attendance, in the ORM and in SQL alike."""
    ranked(call, 90, 20000)
    item = selection(meeting, sara, call.allocations.first())
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in seats})
    declare_all(item, seats, sara)
    declare_all(item, seats, sara)  # replaces: deletes and re-creates the rows
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_attendance SET is_present = FALSE")
        cursor.execute("UPDATE decisions_decision SET reasons = 'draft'")
    assert not Attendance.objects.filter(is_present=True).exists()
    assert Decision.objects.get().reasons == "draft"


def test_a_member_link_may_still_be_cleared_on_a_final_row(signed, sara):
    """SET_NULL of a removed account is the one change final rows accept."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_vote SET entered_by_id = NULL")
        cursor.execute("UPDATE decisions_decision SET recorded_by_id = NULL")
    assert not Vote.objects.filter(entered_by__isnull=False).exists()
    refused_sql("UPDATE decisions_vote SET entered_by_id = %s", sara.pk)
