"""The agency stage in a real browser (issue 12 item 1): staff record the application,
the agency's decision with a reduced amount and the grant agreement on /decisions/agency/,
and the freed money shows as remaining."""

import pytest
from django.utils import timezone

from telka.calls.models import Proposal
from telka.decisions import money
from telka.decisions.models import Award
from tests import demo_db

from .test_decisions import log_in


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()
    awards = Award.objects.select_related("proposal__allocation")
    return awards.filter(proposal__status__in=["selected", "invited"]).order_by("pk").first()


def _submit(page, card, fields: dict, button: str) -> str:
    """Fill the card's labelled fields, press the button, return the message shown."""
    for label, value in fields.items():
        if value is True:
            card.get_by_label(label, exact=True).check()
        else:
            card.get_by_label(label).fill(value)
    card.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    return page.locator(".messages").inner_text()


def test_staff_do_the_whole_agency_stage_in_the_browser(page, live_server, demo):
    award = demo
    today = timezone.localdate().isoformat()
    before = money.remaining(award.proposal.allocation)
    log_in(page, live_server.url, "sara@aleksotas.test")
    page.goto(live_server.url + "/en/decisions/agency/")
    heading = page.get_by_role("heading", name=award.proposal.reg_number)
    card = page.locator("section.card", has=heading)
    invite = card.get_by_role("button", name="Invite to apply to the agency")
    if invite.count():
        invite.click()
        page.wait_for_load_state()
    applied = {"Applied to the agency on": today, "Agency application no.": "ESFA-2026-1"}
    assert "the application was recorded" in _submit(page, card, applied, "Record the application")
    decision = {
        "Approved": True,
        "Decision date": today,
        "Approved amount (EUR)": str(award.fixed_amount - 1000),
    }
    assert "the agency's decision was recorded" in _submit(
        page, card, decision, "Record the agency's decision"
    )
    agreement = {"Grant agreement no.": "S-2026-7", "Signed on": today}
    assert "the grant agreement was recorded" in _submit(
        page, card, agreement, "Record the grant agreement"
    )
    assert Proposal.objects.get(pk=award.proposal_id).status == "contracted"
    assert money.remaining(award.proposal.allocation) == before + 1000
