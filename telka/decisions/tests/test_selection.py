"""Adopting an allocation's lists at a meeting: declarations, recusal, quorum, balance,
votes, the lists and what adoption changes (INV-19 … INV-25, INV-27)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.calls.models import CallStatus, ProposalStatus
from telka.decisions import money, workflow
from telka.decisions.models import DecisionStatus, LineOutcome, Notice
from telka.lag.models import BoardMembership
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import reasons_for_not_selected

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocation(call):
    return call.allocations.first()


@pytest.fixture
def proposals(call, allocation):
    return {
        "A": ranked(call, 90, 20000),
        "B": ranked(call, 80, 20000),
        "C": ranked(call, 70, 15000),
        "D": ranked(call, 40, 5000, status=ProposalStatus.BELOW_THRESHOLD),
    }


@pytest.fixture
def item(meeting, sara, allocation, proposals):
    return workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="selection", allocation=allocation
    )


def declare_all(item, seats, sara, interests=None):
    interests = interests or {}
    for seat in seats:
        workflow.declare(
            item=item, membership=seat, actor=sara, interests=interests.get(seat.pk, {})
        )


def vote_all(decision, seats, sara, skip=()):
    choices = {s.pk: "for" for s in seats if s.pk not in skip}
    return workflow.record_votes(decision=decision, actor=sara, choices=choices)


def test_it_drafts_the_lists_from_the_ranking(item, proposals):
    lines = {line.proposal_id: line for line in item.decision.lines.all()}
    assert [lines[proposals[k].pk].outcome for k in "ABCD"] == [
        LineOutcome.FUNDED,
        LineOutcome.FUNDED,
        LineOutcome.RESERVE,
        LineOutcome.NOT_SELECTED,
    ]
    assert lines[proposals["A"].pk].fixed_amount == Decimal("20000")
    assert lines[proposals["C"].pk].fixed_amount is None
    assert [lines[proposals[k].pk].rank for k in "ABC"] == [1, 2, 3]


def test_it_adopts_with_a_recusal_and_moves_every_proposal(
    item, seats, sara, proposals, allocation, django_capture_on_commit_callbacks, mailoutbox
):
    decision = item.decision
    workflow.record_attendance(meeting=item.meeting, actor=sara, present={s.pk for s in seats})
    tomas = seats[2]
    declare_all(
        item, seats, sara, {tomas.pk: {proposals["C"].pk: "Jo sesuo vadovauja pareiškėjui"}}
    )
    with pytest.raises(Refused, match="not recused vote: Tomas Verslas cannot"):
        workflow.record_votes(decision=decision, actor=sara, choices={tomas.pk: "for"})
    d_line = decision.lines.get(proposal=proposals["D"])
    workflow.update_lines(
        decision=decision,
        actor=sara,
        changes={
            d_line.pk: workflow.LineInput(
                outcome="not_selected", reasons="Surinkta mažiau nei 50 balų."
            )
        },
    )
    vote_all(decision, seats, sara, skip={tomas.pk})
    with django_capture_on_commit_callbacks(execute=True):
        decision = workflow.adopt_decision(decision=decision, actor=sara)
    assert decision.status == DecisionStatus.ADOPTED
    assert decision.votes_for == 5 and decision.figures["recused"] == {
        str(tomas.pk): [proposals["C"].pk]
    }
    statuses = {k: p.__class__.objects.get(pk=p.pk).status for k, p in proposals.items()}
    # Selected, and invited to apply to the agency by the same adoption (INV-30).
    assert statuses == {"A": "invited", "B": "invited", "C": "reserve", "D": "not_selected"}
    assert money.remaining(allocation) == Decimal("10000")
    assert Notice.objects.filter(decision=decision).count() == 4
    assert AuditEvent.objects.filter(action="decision.adopted").count() == 1
    assert AuditEvent.objects.filter(action="proposal.selected").count() == 2
    subjects = [m.subject for m in mailoutbox]
    assert any("K4-001" in s for s in subjects)
    assert all(
        m.attachments for m in mailoutbox if "sprendimas" in m.subject or "decision" in m.subject
    )


def test_it_refuses_adoption_without_quorum_after_recusals(item, seats, sara, proposals):
    """INV-20: 4 present, 1 recused → 3 may vote, 4 are needed."""
    present = seats[:4]
    workflow.record_attendance(meeting=item.meeting, actor=sara, present={s.pk for s in present})
    declare_all(item, present, sara, {present[2].pk: {proposals["A"].pk: "Narys"}})
    with pytest.raises(Refused) as refused:
        workflow.adopt_decision(decision=item.decision, actor=sara)
    assert "3 of 6 members may vote, 4 are needed" in str(refused.value)
    assert item.decision.__class__.objects.get(pk=item.decision.pk).status == DecisionStatus.DRAFT


def test_it_refuses_when_public_authorities_would_hold_more_than_half(item, seats, sara, proposals):
    """INV-21: both public members plus one other present and voting → 2 of 3 public."""
    present = [seats[0], seats[1], seats[2], seats[4]]
    workflow.record_attendance(meeting=item.meeting, actor=sara, present={s.pk for s in present})
    declare_all(item, present, sara, {seats[4].pk: {proposals["B"].pk: "Valdybos narys"}})
    with pytest.raises(Refused) as refused:
        workflow.adopt_decision(decision=item.decision, actor=sara)
    assert "Public authorities would hold 2 of 3 votes (66.7 %)" in str(refused.value)


def test_it_refuses_votes_before_every_declaration(item, seats, sara, proposals):
    workflow.record_attendance(meeting=item.meeting, actor=sara, present={s.pk for s in seats})
    declare_all(item, seats[:5], sara)
    with pytest.raises(Refused, match="has declared on every proposal"):
        workflow.adopt_decision(decision=item.decision, actor=sara)


def test_it_decides_the_call_when_every_allocation_is_decided(
    call, meeting, seats, sara, proposals
):
    second = call.allocations.last()
    ranked(call, 75, 10000, allocation=second)
    items = [
        workflow.add_agenda_item(meeting=meeting, actor=sara, kind="selection", allocation=a)
        for a in call.allocations.all()
    ]
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in seats})
    for number, item in enumerate(items):
        declare_all(item, seats, sara)
        for line in item.decision.lines.filter(outcome="not_selected"):
            workflow.update_lines(
                decision=item.decision,
                actor=sara,
                changes={line.pk: workflow.LineInput("not_selected", reasons="Mažai balų")},
            )
        vote_all(item.decision, seats, sara)
        workflow.adopt_decision(decision=item.decision, actor=sara)
        call.refresh_from_db()
        assert call.status == (CallStatus.DECIDED if number == 1 else CallStatus.DECISION_PENDING)


def test_it_refuses_when_one_interest_group_would_hold_more_than_half_of_the_votes(
    item, seats, sara, proposals
):
    """INV-21 for every interest group: Tomas holds 2 votes; with Bruno, Gintė and Laima
    absent the business sector would cast 3 of the 5 votes (public authorities only 1)."""
    BoardMembership.objects.filter(pk=seats[2].pk).update(voting_rights=2)
    present = [seats[0], seats[2], seats[3], seats[4]]
    workflow.record_attendance(meeting=item.meeting, actor=sara, present={s.pk for s in present})
    declare_all(item, present, sara)
    reasons_for_not_selected(item.decision, sara)
    vote_all(item.decision, present, sara)
    with pytest.raises(Refused) as refused:
        workflow.adopt_decision(decision=item.decision, actor=sara)
    assert refused.value.reasons == [
        "Business would hold 3 of 5 votes (60.0 %), more than the 50 % one interest group "
        "may hold (INV-21)."
    ]
    assert item.decision.__class__.objects.get(pk=item.decision.pk).status == DecisionStatus.DRAFT


def test_it_refuses_when_the_board_on_the_decision_date_breaks_the_49_percent_rule(
    item, seats, sara, proposals, client, lithuanian
):
    """INV-01 checked again on the decision date: seats recorded outside the membership
    workflow (an import) give Tomas 3 votes, so business holds 4 of the board's 8 (50 %).
    Everyone votes, and 4 of 8 is within the INV-21 half: only INV-01 refuses."""
    BoardMembership.objects.filter(pk=seats[2].pk).update(voting_rights=3)
    everyone = {s.pk for s in seats}
    workflow.record_attendance(meeting=item.meeting, actor=sara, present=everyone)
    declare_all(item, seats, sara)
    reasons_for_not_selected(item.decision, sara)
    vote_all(item.decision, seats, sara)
    with translation.override("en"), pytest.raises(Refused) as refused:
        workflow.adopt_decision(decision=item.decision, actor=sara)
    assert refused.value.reasons == [
        "On 2026-05-04 Business would hold 4 of 8 votes (50.0 %), more than the 49.0 % "
        "allowed (INV-01)."
    ]
    client.force_login(sara)
    response = client.post(reverse("decisions:adopt", args=[item.decision.pk]), follow=True)
    assert "grupė „Verslas“ turėtų 4 iš 8 balsų (50,0 %)" in response.text
    assert "Verslas: 4 / 8 (50,0\xa0%)" in response.text
    assert item.decision.__class__.objects.get(pk=item.decision.pk).status == DecisionStatus.DRAFT
