import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from telka.audit.models import AppendOnlyError, AuditEvent


def test_it_records_an_event_with_actor_object_and_changes(lag, sara):
    event = AuditEvent.objects.record(
        action="lag.updated", obj=lag, actor=sara, before="a", after="b"
    )
    stored = AuditEvent.objects.for_object(lag).get()
    assert stored == event
    assert stored.actor == sara
    assert stored.changes == {"before": "a", "after": "b"}
    assert stored.object_repr == "Aleksoto VVG"


def test_it_refuses_to_change_or_delete_events(lag):
    event = AuditEvent.objects.record(action="lag.updated", obj=lag)
    event.message = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(message="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().message == ""


def test_the_database_refuses_raw_updates_and_deletes(lag):
    """On SQLite and, with DATABASE_URL, on PostgreSQL (INV-35)."""
    AuditEvent.objects.record(action="lag.updated", obj=lag)
    for sql in ("UPDATE audit_auditevent SET message = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="final row"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditEvent.objects.get().message == ""
