"""A submitted version and the copies of its files (with their SHA-256) are final: the
database refuses a raw UPDATE or DELETE (SQLite and, with DATABASE_URL, PostgreSQL),
except the contact details a GDPR erasure overwrites."""

import pytest
from django.db import IntegrityError, connection, transaction

from telka.calls import workflow
from telka.calls.models import Submission, SubmissionFile
from telka.lib.frozen import FrozenError

from .helpers import make_proposal, open_call

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def submission(lag, strategy, organisation, ana):
    proposal = make_proposal(open_call(lag, strategy), organisation, ana)
    workflow.submit_proposal(proposal=proposal, actor=ana)
    return Submission.objects.get(proposal=proposal)


def refused_sql(sql: str, *params) -> None:
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("model", "assignment"),
    [(Submission, "content_sha256 = 'forged'"), (SubmissionFile, "sha256 = 'forged'")],
    ids=["Submission", "SubmissionFile"],
)
def test_the_database_refuses_raw_updates_and_deletes(submission, model, assignment):
    row = model.objects.order_by("pk").first()
    before = model.objects.filter(pk=row.pk).values().get()
    table = model._meta.db_table
    refused_sql(f"UPDATE {table} SET {assignment} WHERE id = %s", row.pk)
    refused_sql(f"DELETE FROM {table} WHERE id = %s", row.pk)
    assert model.objects.filter(pk=row.pk).values().get() == before


def test_the_orm_refuses_with_a_clear_message(submission):
    copy = submission.files.first()
    with pytest.raises(FrozenError, match="is final and cannot be changed or deleted"):
        copy.save()
    with pytest.raises(FrozenError):
        SubmissionFile.objects.filter(pk=copy.pk).update(sha256="x")
    with pytest.raises(FrozenError):
        Submission.objects.filter(pk=submission.pk).update(content={})


def test_an_erasure_may_overwrite_the_contact_details(submission):
    """The allowed case: the contact fields of a final row, in the ORM and in SQL."""
    Submission.objects.filter(pk=submission.pk).update(contact_name="(removed)")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE calls_submission SET contact_email = '', submitted_by_id = NULL")
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.contact_name, stored.contact_email, stored.submitted_by) == (
        "(removed)",
        "",
        None,
    )
