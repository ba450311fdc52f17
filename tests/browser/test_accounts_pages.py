"""Every accounts page, in Lithuanian and English: no serious or critical
axe-core violations, and nothing wider than a 375 px phone."""

import pytest

from telka.accounts.models import Organisation
from tests import demo_db
from tests.browser.conftest import AXE, page_is_narrower_than_viewport, serious_violations

PUBLIC = [
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/verify/resend/",
    "/accounts/verify/not-a-valid-link/",
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/accounts/password/reset/MQ/not-a-token/",
    "/accounts/password/reset/done/",
    "/accounts/privacy/",
]
PERSONAL = [
    "/accounts/",
    "/accounts/profile/",
    "/accounts/password/",
    "/accounts/privacy/my-data/",
    "/accounts/delete/",
    "/accounts/organisations/",
    "/accounts/organisations/new/",
    "/accounts/organisations/{pk}/",
    "/accounts/organisations/{pk}/edit/",
]


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()
    return Organisation.objects.get(legal_code="300000001")


def log_in(tab, base: str, email: str = "ana@aleksotas.test") -> None:
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill("aleksotas-demo")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/en/accounts/")


def axe_here(tab) -> list[str]:
    """Serious and critical violations on the page as it is now (e.g. with form errors)."""
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]


def personal_pages(organisation) -> list[str]:
    return [path.format(pk=organisation.pk) for path in PERSONAL]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_accounts_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in PUBLIC}
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_personal_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url)
    pages = personal_pages(demo)
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in pages}
    assert {path: v for path, v in found.items() if v} == {}


def test_forms_with_errors_have_no_serious_violations(axe_page, live_server, demo):
    axe_page.goto(live_server.url + "/accounts/register/")
    axe_page.locator("main form button[type=submit]").click()
    assert axe_page.locator(".errorlist").count() >= 4
    assert axe_here(axe_page) == []
    log_in(axe_page, live_server.url)
    axe_page.goto(live_server.url + "/en/accounts/organisations/new/")
    axe_page.get_by_label("Legal entity code").fill("12345")
    axe_page.locator("main form button[type=submit]").click()
    assert axe_page.get_by_text("exactly 9 digits").count() == 1
    assert axe_here(axe_page) == []


@pytest.mark.parametrize(
    "who", ["sara@aleksotas.test", "eva@aleksotas.test", "rita@aleksotas.test"]
)
def test_my_area_reads_well_for_other_roles(axe_page, live_server, demo, who):
    log_in(axe_page, live_server.url, who)
    assert serious_violations(axe_page, live_server.url + "/accounts/") == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_accounts_pages_fit_a_phone_screen(phone, live_server, demo, prefix):
    too_wide = []
    for path in PUBLIC:
        phone.goto(live_server.url + prefix + path)
        if not page_is_narrower_than_viewport(phone):
            too_wide.append(path)
    log_in(phone, live_server.url)
    for path in personal_pages(demo):
        phone.goto(live_server.url + prefix + path)
        if not page_is_narrower_than_viewport(phone):
            too_wide.append(path)
    assert too_wide == []
