"""Recusals (INV-19) in both scopes, and the LAG itself as an applicant (INV-26)."""

import pytest

from telka.accounts.models import OrganisationMembership
from telka.calls.workflow import change_proposal_status
from telka.decisions import facts, workflow
from telka.decisions.models import DecisionSettings, DecisionStatus, RecusalScope
from telka.evaluation import workflow as evaluation_workflow
from telka.lib.workflow import Refused
from tests import base

from . import helpers
from .builders import ranked
from .helpers import declare_all, everyone_present, reasons_for_not_selected, selection, vote_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(call):
    return [ranked(call, 90, 20000), ranked(call, 80, 15000)]


def test_an_interest_in_one_proposal_recuses_from_the_whole_allocation(
    meeting, seats, sara, call, proposals
):
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(
        item, seats, sara, {seats[4].pk: {proposals[1].pk: "Sutuoktinis dirba pas pareiškėją"}}
    )
    figures = facts.item_figures(item)
    assert (
        figures.recused == {seats[4].pk: [proposals[1].pk]} and seats[4].pk not in figures.eligible
    )
    assert len(figures.eligible) == 5


@pytest.mark.parametrize(
    ("scope", "recused"), [(RecusalScope.ALLOCATION, True), (RecusalScope.PROPOSAL, False)]
)
def test_the_scope_of_a_recusal_is_a_statute_option(
    meeting, seats, sara, call, lag, scope, recused
):
    """A promotion moves C up and leaves D on the reserve. An interest in D recuses from
    the whole allocation by default; with the per-proposal option, only from decisions
    that place D."""
    DecisionSettings.objects.create(lag=lag, recusal_scope=scope)
    allocation = call.allocations.first()
    a, _b, c, d = (
        ranked(call, 90, 20000),
        ranked(call, 85, 20000),
        ranked(call, 80, 15000),
        ranked(call, 70, 20000),
    )
    helpers.decide(meeting, seats, sara, allocation)
    change_proposal_status(proposal=a, to="withdrawn", actor=sara, action="proposal.withdrawn")
    item = workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="promotion", allocation=allocation
    )
    assert {x.proposal_id: x.outcome for x in item.decision.lines.all()} == {
        c.pk: "funded",
        d.pk: "reserve",
    }
    declare_all(item, seats, sara, {seats[4].pk: {d.pk: "Pareiškėjo steigėjas"}})
    assert (seats[4].pk in facts.item_figures(item).recused) is recused


def test_a_member_who_declares_no_interest_votes(meeting, seats, sara, call, proposals):
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara)
    vote_for(item.decision, sara)
    assert item.decision.votes.count() == 6


@pytest.fixture
def lag_applies(call, seats):
    """The LAG's own organisation applies; Bruno (a board member) belongs to it."""
    own = base.make_organisation(name="Aleksoto VVG", legal_code="300099999", is_lag_itself=True)
    OrganisationMembership.objects.create(organisation=own, user=seats[4].user)
    return ranked(call, 85, 10000, organisation=own)


@pytest.fixture
def irena(lag, sara, lag_applies):
    """The person the board designated to handle the LAG's own proposal (INV-26)."""
    user = base.make_user("irena@example.test", "Irena Nepriklausoma")
    base.give_role(user, lag)
    evaluation_workflow.designate_handler(
        proposal=lag_applies, user=user, decision_reference="Valdybos sprendimas Nr. 7", actor=sara
    )
    evaluation_workflow.declare_independence(proposal=lag_applies, actor=user)
    return user


def test_only_the_designated_person_drafts_a_list_placing_the_lags_own_proposal(
    meeting, seats, sara, call, lag_applies
):
    with pytest.raises(Refused, match="only the person the board designates"):
        selection(meeting, sara, call.allocations.first())
    assert not meeting.items.exists()


def test_people_linked_to_the_lag_as_applicant_are_recused_and_must_declare(
    meeting, seats, sara, irena, call, lag_applies
):
    item = selection(meeting, irena, call.allocations.first())
    everyone_present(meeting, seats, sara)
    with pytest.raises(Refused, match="is linked to the applicant of"):
        workflow.declare(item=item, membership=seats[4], actor=sara, interests={})
    declare_all(item, seats, sara, {seats[4].pk: {lag_applies.pk: "VVG narys"}})
    figures = facts.item_figures(item)
    assert seats[4].pk in figures.recused and seats[4].pk in figures.forced
    assert facts.linked_members(item, facts.seats(item)) == {seats[4].pk: [lag_applies.pk]}


def test_the_lag_as_applicant_needs_the_independence_note(
    meeting, seats, sara, irena, call, lag_applies
):
    item = selection(meeting, irena, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara, {seats[4].pk: {lag_applies.pk: "VVG narys"}})
    with pytest.raises(Refused, match="only Irena Nepriklausoma"):
        reasons_for_not_selected(item.decision, sara)
    reasons_for_not_selected(item.decision, irena)
    vote_for(item.decision, sara)
    with pytest.raises(Refused, match="functional independence note"):
        workflow.adopt_decision(decision=item.decision, actor=sara)
    note = "Sprendimą priėmė su VVG nesusiję nariai; vertino nepriklausomi vertintojai."
    workflow.record_text(decision=item.decision, actor=sara, independence_note=note)
    decision = workflow.adopt_decision(decision=item.decision, actor=sara)
    assert decision.status == DecisionStatus.ADOPTED and decision.independence_note == note
