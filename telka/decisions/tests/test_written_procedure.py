"""Written procedure (INV-22): each member's own ballot and declarations, with identity
and time, before the deadline; the rules apply to the ballots returned."""

import datetime

import pytest

from telka.decisions import workflow
from telka.decisions.models import DecisionStatus, Vote
from telka.lib.workflow import Refused

from .builders import MEETING_AT, ranked
from .helpers import reasons_for_not_selected

pytestmark = pytest.mark.django_db
DUE = MEETING_AT + datetime.timedelta(days=3)
DURING = MEETING_AT + datetime.timedelta(days=1)


@pytest.fixture
def item(lag, seats, sara, call):
    ranked(call, 90, 20000)
    ranked(call, 40, 5000, status="below_threshold")
    meeting = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="R-1",
        mode="written",
        starts_at=MEETING_AT,
        ballots_due_at=DUE,
        allocations=[call.allocations.first()],
    )
    item = meeting.items.get()
    reasons_for_not_selected(item.decision, sara)
    return item


def ballot(item, seat, choice="for", when=DURING, interests=None):
    workflow.declare(
        item=item, membership=seat, actor=seat.user, interests=interests or {}, now=when
    )
    if not interests:
        workflow.cast_ballot(
            decision=item.decision, membership=seat, actor=seat.user, choice=choice, now=when
        )


def test_a_ballot_carries_the_member_and_the_time(item, seats):
    ballot(item, seats[2])
    vote = Vote.objects.get()
    assert (vote.membership, vote.entered_by, vote.cast_at, vote.is_ballot) == (
        seats[2],
        seats[2].user,
        DURING,
        True,
    )


def test_a_member_cannot_cast_another_members_ballot(item, seats):
    workflow.declare(item=item, membership=seats[2], actor=seats[2].user, interests={}, now=DURING)
    with pytest.raises(Refused, match="only their own ballots"):
        workflow.cast_ballot(
            decision=item.decision,
            membership=seats[2],
            actor=seats[3].user,
            choice="for",
            now=DURING,
        )


def test_ballots_outside_the_window_are_refused(item, seats):
    with pytest.raises(Refused, match="not open for ballots"):
        ballot(item, seats[2], when=DUE + datetime.timedelta(seconds=1))
    with pytest.raises(Refused, match="not open for ballots"):
        ballot(item, seats[2], when=MEETING_AT - datetime.timedelta(seconds=1))


def test_a_ballot_needs_the_declarations_first_and_cannot_change(item, seats):
    with pytest.raises(Refused, match="Declare on every proposal"):
        workflow.cast_ballot(
            decision=item.decision,
            membership=seats[2],
            actor=seats[2].user,
            choice="for",
            now=DURING,
        )
    ballot(item, seats[2])
    with pytest.raises(Refused, match="already been recorded"):
        workflow.cast_ballot(
            decision=item.decision,
            membership=seats[2],
            actor=seats[2].user,
            choice="against",
            now=DURING,
        )


def test_the_rules_apply_to_the_ballots_returned(item, seats, sara):
    """Only the two public authorities and one civil member return ballots: quorum (4)
    fails and public authorities hold 2 of 3 votes; the decision cannot be recorded."""
    for seat in (seats[0], seats[1], seats[4]):
        ballot(item, seat)
    with pytest.raises(Refused) as refused:
        workflow.adopt_decision(
            decision=item.decision, actor=sara, now=DUE + datetime.timedelta(minutes=1)
        )
    assert "3 of 6 members may vote, 4 are needed" in str(refused.value)
    assert "2 of 3 votes (66.7 %)" in str(refused.value)


def test_enough_returned_ballots_adopt_after_the_deadline(item, seats, sara):
    for seat in seats[1:]:
        ballot(item, seat, choice="against" if seat == seats[1] else "for")
    with pytest.raises(Refused, match="after the deadline"):
        workflow.adopt_decision(decision=item.decision, actor=sara, now=DURING)
    decision = workflow.adopt_decision(
        decision=item.decision, actor=sara, now=DUE + datetime.timedelta(minutes=1)
    )
    assert (decision.status, decision.votes_for, decision.votes_against) == (
        DecisionStatus.ADOPTED,
        4,
        1,
    )
    assert decision.figures["taking_part"] == sorted(s.pk for s in seats[1:])


def test_a_declaration_without_a_ballot_is_not_a_returned_ballot(item, seats):
    """INV-22: taking part in a written procedure is returning a ballot; a member who
    only declared no interest has not (one who declared an interest has, and is recused)."""
    from telka.decisions import facts

    workflow.declare(item=item, membership=seats[2], actor=seats[2].user, interests={}, now=DURING)
    proposal = item.proposals().first()
    ballot(item, seats[3], interests={proposal.pk: "Brolis"})
    figures = facts.item_figures(item)
    assert figures.taking_part == [seats[3].pk] and figures.recused == {seats[3].pk: [proposal.pk]}
