"""Reserve promotion lines are checked when saved against what is left (issue 12 item
9): a list over budget is refused at once with the amount left, and nothing changes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from telka.decisions import workflow
from telka.decisions.models import Award, DecisionLine
from telka.lib.workflow import Refused

from .builders import MEETING_AT, ranked
from .helpers import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def promotion(meeting, seats, sara, call, lag):
    """A and B funded (40 000 of 50 000), C 15 000, D 9 000, E 8 000 on the reserve; A
    lapses, 30 000 is left; the promotion draft funds C and D (24 000), E stays."""
    allocation = call.allocations.order_by("pk").first()
    a = ranked(call, 90, 20000, allocation=allocation)
    ranked(call, 85, 20000, allocation=allocation)
    ranked(call, 80, 15000, allocation=allocation)
    ranked(call, 70, 9000, allocation=allocation)
    ranked(call, 65, 8000, allocation=allocation)
    decide(meeting, seats, sara, allocation)
    Award.objects.filter(proposal=a).update(apply_by=datetime.date(2020, 1, 1))
    workflow.lapse_overdue()
    later = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/9",
        mode="in_person",
        starts_at=MEETING_AT + datetime.timedelta(days=30),
    )
    item = workflow.add_agenda_item(
        meeting=later, actor=sara, kind="promotion", allocation=allocation
    )
    return item.decision


def _e_line(decision):
    return decision.lines.get(proposal__requested_amount=Decimal(8000))


def test_a_promotion_over_what_is_left_is_refused_when_saved(promotion, sara):
    line = _e_line(promotion)
    assert line.outcome == "reserve"
    with pytest.raises(Refused, match=r"add up to €32,000.00, but only €30,000.00 is free"):
        workflow.update_lines(
            decision=promotion,
            actor=sara,
            changes={line.pk: workflow.LineInput("funded", fixed_amount=Decimal(8000))},
        )
    assert DecisionLine.objects.get(pk=line.pk).outcome == "reserve"


def test_the_page_says_what_is_left_and_keeps_the_lists(client, promotion, sara):
    line = _e_line(promotion)
    client.force_login(sara)
    page = client.get(reverse("decisions:decision", args=[promotion.pk]))
    data = {}
    for row in page.context["lines_form"]:
        if row.value() not in (None, False):
            data[row.html_name] = row.value()
    data[f"outcome_{line.pk}"] = "funded"
    data[f"amount_{line.pk}"] = "8000"
    response = client.post(reverse("decisions:save_lines", args=[promotion.pk]), data, follow=True)
    assert "only €30,000.00 is free" in response.text
    assert DecisionLine.objects.get(pk=line.pk).outcome == "reserve"
