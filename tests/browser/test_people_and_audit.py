"""The people page and "who changed what" in a real browser: no serious or critical
axe-core violations in Lithuanian and English, nothing wider than a phone, and staff
granting a role with the form and then finding the change in the audit log."""

import pytest

from telka.accounts.models import User
from telka.lag.models import Role, RoleKind
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_decisions import log_in


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()
    return {"rita": User.objects.get(email="rita@aleksotas.test")}


def pages(d) -> list[str]:
    return [
        "/accounts/people/",
        f"/accounts/people/{d['rita'].pk}/",
        "/audit/",
        "/audit/?object=lag.board&id=1",
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in pages(demo)}
    assert {p: v for p, v in found.items() if v} == {}


def test_the_pages_fit_a_phone(phone, live_server, demo):
    log_in(phone, live_server.url, "sara@aleksotas.test")
    wide = []
    for path in pages(demo):
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []


def test_staff_grant_a_role_and_find_it_in_the_log(page, live_server, demo):
    log_in(page, live_server.url, "sara@aleksotas.test")
    page.goto(live_server.url + "/en/accounts/people/?q=rita")
    page.get_by_role("link", name="Rita Vaitkutė").click()
    page.get_by_label("Role to grant").select_option("assessor")
    page.get_by_label("Job title").fill("Vertintoja")
    page.get_by_role("button", name="Grant the role").click()
    page.wait_for_load_state()
    assert "The role was granted" in page.locator(".messages").inner_text()
    assert Role.objects.filter(user=demo["rita"], kind=RoleKind.ASSESSOR).exists()
    page.goto(live_server.url + "/en/audit/?action=role.granted")
    assert "Vertintoja" in page.locator("main table").inner_text()
