"""The LAG itself as an applicant (INV-26) in a real browser: staff mark the LAG's own
organisation on the people page with a reason (refused without one), then a staff
member who opens that organisation's proposal is refused the formal check with the
reason on the page; the links register and the check page with the designation card
have no serious axe-core violations in Lithuanian and English and fit a phone."""

import pytest

from telka.accounts.models import Organisation
from telka.audit.models import AuditEvent
from telka.calls.models import Proposal
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_decisions import log_in


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()
    registered = (
        Proposal.objects.filter(status="registered", reg_number__isnull=False)
        .select_related("organisation", "call")
        .order_by("pk")
    )
    # One the staff may check now: its call has closed (call no. 4 of the demo).
    proposal = next(p for p in registered if p.call.evaluation_may_start())
    return {"proposal": proposal, "organisation": proposal.organisation}


def _messages(tab) -> str:
    return tab.locator(".messages").inner_text()


def _submit_flag(tab, legal_code: str, reason: str = "") -> None:
    tab.get_by_label("Organisation's legal entity code").fill(legal_code)
    tab.get_by_role("combobox", name="The LAG's own organisation").select_option("1")
    tab.get_by_label("Reason").fill(reason)
    tab.get_by_role("button", name="Save").click()
    tab.wait_for_load_state()


def test_staff_mark_the_lags_own_organisation_and_are_refused_its_check(page, live_server, demo):
    organisation = demo["organisation"]
    log_in(page, live_server.url, "sara@aleksotas.test")
    page.goto(live_server.url + "/en/accounts/people/")
    _submit_flag(page, organisation.legal_code)
    assert "Give the reason for the change." in _messages(page)
    assert not Organisation.objects.get(pk=organisation.pk).is_lag_itself

    _submit_flag(page, organisation.legal_code, "The LAG's own legal entity (same legal code).")
    assert "The LAG's own organisation is saved." in _messages(page)
    assert Organisation.objects.get(pk=organisation.pk).is_lag_itself
    event = AuditEvent.objects.get(action="organisation.lag_itself_set")
    assert event.changes["reason"] == "The LAG's own legal entity (same legal code)."
    page.locator("summary", has_text="Recent changes").click()
    assert "same legal code" in page.locator("main").inner_text()

    proposal = demo["proposal"]
    page.goto(f"{live_server.url}/en/evaluation/proposals/{proposal.pk}/check/")
    assert page.get_by_role("heading", name="The LAG itself applies (INV-26)").is_visible()
    page.get_by_role("button", name="Start the formal check").click()
    page.wait_for_load_state()
    assert "only the person the board designates may handle this proposal" in _messages(page)
    assert Proposal.objects.get(pk=proposal.pk).status == "registered"


def _pages(demo) -> list[str]:
    return ["/accounts/people/links/", f"/evaluation/proposals/{demo['proposal'].pk}/check/"]


def _mark(demo):
    Organisation.objects.filter(pk=demo["organisation"].pk).update(is_lag_itself=True)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    _mark(demo)
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in _pages(demo)}
    assert {p: v for p, v in found.items() if v} == {}


def test_the_pages_fit_a_phone(phone, live_server, demo):
    _mark(demo)
    log_in(phone, live_server.url, "sara@aleksotas.test")
    wide = []
    for path in _pages(demo):
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []
