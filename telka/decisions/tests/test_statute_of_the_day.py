"""A decision reads the board statute in force on its date, not today's (INV-20, INV-21)."""

import datetime
from decimal import Decimal

import pytest

from telka.decisions import facts
from telka.lag.models import RecusalScope
from telka.lag.workflow import StatuteInput, change_statute

from .builders import ranked
from .helpers import selection

pytestmark = pytest.mark.django_db


def statute_from(board, sara, day, quorum):
    return change_statute(
        board=board,
        actor=sara,
        data=StatuteInput(
            valid_from=day,
            quorum_share=Decimal(quorum),
            quorum_rule="at_least",
            max_group_share=Decimal("0.49"),
            max_public_vote_share=Decimal("0.4"),
            recusal_scope=RecusalScope.PROPOSAL,
            decision_reference="VNS 2026-01-10 Nr. 1",
        ),
    )


def test_the_statute_in_force_on_the_meeting_day_applies(meeting, seats, sara, call, board):
    ranked(call, 90, 20000)
    item = selection(meeting, sara, call.allocations.first())
    before = facts.statute(item)
    assert (before.quorum_share, before.quorum_more_than) == (board.quorum_share, True)
    statute_from(board, sara, meeting.held_on - datetime.timedelta(days=30), "0.8")
    statute_from(board, sara, meeting.held_on + datetime.timedelta(days=1), "0.2")
    now = facts.statute(item)
    assert now.quorum_share == Decimal("0.8") and not now.quorum_more_than
    assert now.max_public_vote_share == Decimal("0.4") and now.per_proposal_scope
    assert facts.item_figures(item).quorum_needed == 5  # at least 80 % of 6 seats
