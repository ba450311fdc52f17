from io import StringIO

import pytest
from django.core.management import call_command

from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import Call, CallStatus

from .helpers import ago, ahead, draft_call

pytestmark = pytest.mark.usefixtures("english")


def run() -> str:
    out = StringIO()
    call_command("advance_calls", stdout=out)
    return out.getvalue()


def test_it_opens_published_calls_whose_time_has_come_once(lag, strategy):
    due = draft_call(lag, strategy, number="1", opens_at=ago(minutes=1))
    later = draft_call(lag, strategy, number="2", opens_at=ahead(hours=1))
    unpublished = draft_call(lag, strategy, number="3", opens_at=ago(minutes=1))
    Call.objects.filter(pk__in=[due.pk, later.pk, unpublished.pk]).update(
        status=CallStatus.APPROVED
    )
    Call.objects.filter(pk__in=[due.pk, later.pk]).update(published_at=ago(days=1))
    assert run() == f"opened K1: {due.title}\n"
    assert run() == ""
    statuses = dict(Call.objects.values_list("number", "status"))
    assert statuses == {"1": "open", "2": "approved", "3": "approved"}
    assert AuditEvent.objects.filter(action="call.opened").count() == 1


def test_it_closes_open_calls_past_their_closing_time_once(lag, strategy):
    past = draft_call(lag, strategy, number="1", closes_at=ago(seconds=1))
    running = draft_call(lag, strategy, number="2")
    Call.objects.filter(pk__in=[past.pk, running.pk]).update(
        status=CallStatus.OPEN, published_at=ago(days=2)
    )
    assert run() == f"closed K1: {past.title}\n"
    assert run() == ""
    assert Call.objects.get(pk=past.pk).status == CallStatus.CLOSED
    assert Call.objects.get(pk=running.pk).status == CallStatus.OPEN
    events = AuditEvent.objects.filter(action="call.closed")
    assert [(e.object_id, e.changes) for e in events] == [
        (str(past.pk), {"before": "open", "after": "closed"})
    ]


def test_a_call_claimed_by_another_run_is_left_alone(lag, strategy):
    """Two runners listed the same call; the second finds it already moved on."""
    call = draft_call(lag, strategy, closes_at=ago(seconds=1))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.OPEN, published_at=ago(days=2))
    stale = list(Call.objects.filter(pk=call.pk))
    assert workflow.close_due_calls() == [stale[0]]
    assert workflow._claim(stale, CallStatus.CLOSED, "call.closed") == []
    assert AuditEvent.objects.filter(action="call.closed").count() == 1
