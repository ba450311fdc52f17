"""The lists a decision adopts: score order and justified deviations (INV-23), fixed
amounts (INV-24), the reserve above the threshold (INV-25)."""

from decimal import Decimal

import pytest

from telka.decisions import money, workflow
from telka.decisions.models import DecisionLine, DecisionStatus
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import declare_all, everyone_present, reasons_for_not_selected, selection, vote_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocation(call):
    return call.allocations.first()  # 50 000, at most 50 000 per project


@pytest.fixture
def ready(meeting, seats, sara, call, allocation):
    """Three ranked proposals (20 000 + 20 000 fit, 15 000 to the reserve) and one below."""
    proposals = [
        ranked(call, 90, 20000),
        ranked(call, 80, 20000),
        ranked(call, 70, 15000),
        ranked(call, 40, 5000, status="below_threshold"),
    ]
    item = selection(meeting, sara, allocation)
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara)
    reasons_for_not_selected(item.decision, sara)
    vote_for(item.decision, sara)
    return item.decision, {p.pk: item.decision.lines.get(proposal=p) for p in proposals}, proposals


def change(decision, sara, line, **fields):
    current = {"outcome": line.outcome, "fixed_amount": line.fixed_amount, "reasons": line.reasons}
    workflow.update_lines(
        decision=decision,
        actor=sara,
        changes={line.pk: workflow.LineInput(**{**current, **fields})},
    )


def test_a_deviation_without_justification_is_refused(ready, sara):
    decision, lines, (a, b, c, d) = ready
    change(decision, sara, lines[b.pk], outcome="reserve", fixed_amount=None)
    change(decision, sara, lines[c.pk], outcome="funded", fixed_amount=Decimal(15000))
    assert set(
        DecisionLine.objects.filter(is_deviation=True).values_list("proposal_id", flat=True)
    ) == {b.pk, c.pk}
    with pytest.raises(Refused, match="departs from the score order"):
        workflow.adopt_decision(decision=decision, actor=sara)


def test_a_justified_deviation_is_adopted_and_flagged(ready, sara, allocation):
    decision, lines, (a, b, c, d) = ready
    reason = "Projektas dubliuoja jau finansuotą veiklą."
    change(
        decision,
        sara,
        lines[b.pk],
        outcome="not_selected",
        fixed_amount=None,
        justification=reason,
        reasons=reason,
    )
    change(
        decision,
        sara,
        lines[c.pk],
        outcome="funded",
        fixed_amount=Decimal(15000),
        justification="Kitas eilėje.",
    )
    decision = workflow.adopt_decision(decision=decision, actor=sara)
    assert decision.status == DecisionStatus.ADOPTED
    assert DecisionLine.objects.get(pk=lines[b.pk].pk).is_deviation
    assert money.remaining(allocation) == Decimal(15000)


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal("20000.01"), "more than requested"), (Decimal(0), "Fix the amount")],
)
def test_a_fixed_amount_must_be_positive_and_within_the_request(ready, sara, amount, message):
    decision, lines, (a, *_rest) = ready
    change(decision, sara, lines[a.pk], fixed_amount=amount)
    with pytest.raises(Refused, match=message):
        workflow.adopt_decision(decision=decision, actor=sara)


def test_a_fixed_amount_cannot_pass_the_maximum_per_project(ready, sara, allocation):
    decision, lines, (a, *_rest) = ready
    allocation.__class__.objects.filter(pk=allocation.pk).update(max_per_project=Decimal(19000))
    with pytest.raises(Refused, match="more than the €19,000.00 allowed per project"):
        workflow.adopt_decision(decision=decision, actor=sara)


def test_the_fixed_amounts_cannot_pass_the_allocation(ready, sara):
    """Refused already when the lines are saved (issue 12 item 9), with what is left."""
    decision, lines, (a, b, c, d) = ready
    with pytest.raises(Refused, match="add up to €55,000.00, but only €50,000.00 is free"):
        change(
            decision,
            sara,
            lines[c.pk],
            outcome="funded",
            fixed_amount=Decimal(15000),
            justification="Valdybos sprendimu.",
        )


def test_a_reduced_amount_needs_the_allocation_rule_and_the_consent(ready, sara, allocation):
    decision, lines, (a, b, c, d) = ready
    change(
        decision,
        sara,
        lines[c.pk],
        outcome="funded",
        fixed_amount=Decimal(10000),
        justification="Likutis.",
    )
    with pytest.raises(Refused, match="does not allow reduced amounts"):
        workflow.adopt_decision(decision=decision, actor=sara)
    allocation.__class__.objects.filter(pk=allocation.pk).update(allows_reduced_amounts=True)
    with pytest.raises(Refused, match="needs the applicant's consent"):
        workflow.adopt_decision(decision=decision, actor=sara)
    change(
        decision,
        sara,
        lines[c.pk],
        outcome="funded",
        fixed_amount=Decimal(10000),
        justification="Likutis.",
        has_consent=True,
    )
    assert workflow.adopt_decision(decision=decision, actor=sara).status == DecisionStatus.ADOPTED
    assert money.remaining(allocation) == Decimal(0)


def test_a_proposal_below_the_threshold_cannot_go_to_the_reserve(ready, sara):
    decision, lines, (a, b, c, d) = ready
    change(decision, sara, lines[d.pk], outcome="reserve", justification="Valdybos nuomone vertas.")
    with pytest.raises(Refused, match="below the threshold and can only be not selected"):
        workflow.adopt_decision(decision=decision, actor=sara)


def test_a_not_selected_line_needs_reasons(ready, sara):
    decision, lines, (a, b, c, d) = ready
    change(decision, sara, lines[d.pk], reasons="")
    with pytest.raises(Refused, match="Give the reasons why"):
        workflow.adopt_decision(decision=decision, actor=sara)


def test_ties_follow_the_published_rule(meeting, sara, call, allocation):
    """Equal scores: the earlier submission first, and the line says why."""
    first = ranked(call, 80, 10000)
    second = ranked(call, 80, 10000)
    item = selection(meeting, sara, allocation)
    lines = list(item.decision.lines.order_by("position"))
    assert [x.proposal_id for x in lines] == [first.pk, second.pk]
    assert (lines[0].tie_resolved_by, lines[1].tie_resolved_by) == ("", "submission")


def test_the_lists_of_an_adopted_decision_cannot_change(ready, sara):
    decision, lines, (a, *_rest) = ready
    workflow.adopt_decision(decision=decision, actor=sara)
    with pytest.raises(Refused, match="cannot be changed"):
        change(decision, sara, lines[a.pk], fixed_amount=Decimal(100))
    line = DecisionLine.objects.get(pk=lines[a.pk].pk)
    line.fixed_amount = Decimal(100)
    with pytest.raises(Exception, match="final"):
        line.save()
    with pytest.raises(Exception, match="final"):
        DecisionLine.objects.filter(pk=line.pk).update(fixed_amount=Decimal(1))
    assert DecisionLine.objects.get(pk=line.pk).fixed_amount == Decimal(20000)
