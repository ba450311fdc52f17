"""Adjourning (issue 12 item 3): only the items whose quorum or balance failed become
invalid, each with its own reason; the others stay open for the next sitting or a
written procedure."""

import datetime

import pytest

from telka.decisions import workflow
from telka.decisions.models import Decision, DecisionStatus

from .builders import MEETING_AT, ranked
from .helpers import declare_all, everyone_present, selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_items(meeting, seats, sara, call):
    """Allocation one: three non-public members recused, public authorities would hold
    two of three votes. Allocation two: everyone may vote."""
    first, second = call.allocations.order_by("pk")
    a = ranked(call, 90, 20000, allocation=first)
    ranked(call, 80, 10000, allocation=second)
    items = selection(meeting, sara, first), selection(meeting, sara, second)
    everyone_present(meeting, seats, sara)
    interests = {seat.pk: {a.pk: "Valdybos narys"} for seat in seats[2:5]}
    declare_all(items[0], seats, sara, interests)
    declare_all(items[1], seats, sara)
    return items


def test_only_the_failed_item_becomes_invalid(two_items, meeting, sara):
    failed, fine = (item.decision for item in two_items)
    workflow.adjourn_meeting(meeting=meeting, actor=sara, reason="Viešosios valdžios dalis.")
    failed, fine = Decision.objects.get(pk=failed.pk), Decision.objects.get(pk=fine.pk)
    assert failed.status == DecisionStatus.INVALID
    assert "Public authorities would hold 2 of 3 votes" in failed.reasons
    assert fine.status == DecisionStatus.DEFERRED
    assert "Public authorities" not in fine.reasons
    assert "next sitting" in fine.reasons


def test_both_items_go_to_the_written_procedure_each_with_its_own_status(
    two_items, meeting, sara, call
):
    written = workflow.start_written_procedure(
        meeting=meeting,
        actor=sara,
        number="R-2",
        starts_at=MEETING_AT + datetime.timedelta(days=1),
        ballots_due_at=MEETING_AT + datetime.timedelta(days=4),
        reason="Viešosios valdžios dalis.",
    )
    statuses = sorted(d.status for d in Decision.objects.filter(meeting=meeting))
    assert statuses == ["deferred", "invalid"]
    assert written.decisions.filter(status=DecisionStatus.DRAFT).count() == 2


def test_the_open_item_can_go_to_the_next_sitting(two_items, meeting, sara, lag):
    workflow.adjourn_meeting(meeting=meeting, actor=sara, reason="Viešosios valdžios dalis.")
    later = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/6",
        mode="in_person",
        starts_at=MEETING_AT + datetime.timedelta(days=7),
        replaces=meeting,
    )
    item = selection(later, sara, two_items[1].allocation)
    assert item.decision.lines.count() == 1
