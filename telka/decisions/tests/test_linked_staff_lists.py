"""INV-26: LAG staff linked to an applicant do not draft or change the lists that place
its proposal; another staff member does (issue 12, item 13)."""

import pytest
from django.urls import reverse

from telka.decisions import workflow
from telka.decisions.models import AgendaItem, DecisionLine
from telka.lag import links
from telka.lag.models import LinkKind
from telka.lib.workflow import Refused
from tests import base

from .builders import ranked
from .helpers import selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(lag, sara, call):
    """Two ranked proposals; Sara works for the second one's applicant."""
    proposals = [ranked(call, 90, 20000), ranked(call, 80, 15000)]
    links.record_link(
        lag=lag,
        actor=sara,
        user=sara,
        legal_code=proposals[1].organisation.legal_code,
        kind=LinkKind.EMPLOYMENT,
    )
    return proposals


@pytest.fixture
def colleague(lag):
    user = base.make_user("tomas@example.test", "Tomas Darbuotojas")
    base.give_role(user, lag)
    return user


def test_linked_staff_cannot_draft_the_list(meeting, sara, call, linked):
    with pytest.raises(Refused, match=r"linked to the applicant of K4-002 .* prepare this list"):
        selection(meeting, sara, call.allocations.first())
    assert not AgendaItem.objects.exists() and not DecisionLine.objects.exists()


def test_linked_staff_cannot_change_the_list_a_colleague_drafted(
    meeting, sara, colleague, call, linked
):
    item = selection(meeting, colleague, call.allocations.first())
    line = item.decision.lines.get(proposal=linked[1])
    change = {line.pk: workflow.LineInput("not_selected", reasons="Per mažai balų.")}
    with pytest.raises(Refused, match="another staff member must prepare this list"):
        workflow.update_lines(decision=item.decision, actor=sara, changes=change)
    line.refresh_from_db()
    assert line.outcome == "funded"
    workflow.update_lines(decision=item.decision, actor=colleague, changes=change)
    line.refresh_from_db()
    assert line.outcome == "not_selected"


def test_the_meeting_page_shows_the_refusal(client, meeting, sara, call, linked, lithuanian):
    client.force_login(sara)
    response = client.post(
        reverse("decisions:item_add", args=[meeting.pk]),
        {"kind": "selection", "allocation": call.allocations.first().pk},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("turi parengti kitas darbuotojas (INV-26)" in m for m in messages), messages
    assert not AgendaItem.objects.exists()
