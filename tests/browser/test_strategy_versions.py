"""Strategy versions: the draft, the history and the tracked changes read well
for everyone (axe-core, LT and EN, phone), and so does the staff area."""

import pytest

from telka.strategy.models import Measure, StrategyAmendment
from tests import demo_db
from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations

PUBLIC = [
    "/strategy/",
    "/strategy/versions/",
    "/strategy/versions/2/",
    "/strategy/versions/2/changes/",
    "/strategy/versions/2/changes/?all=1",
]


@pytest.fixture
def amendment(transactional_db):
    demo_db.load_demo()
    return StrategyAmendment.objects.get()


def staff_pages(amendment) -> list[str]:
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.2")
    base = f"/strategy/amendments/{amendment.pk}"
    return [
        "/strategy/amendments/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/measure/{measure.pk}/",
        f"{base}/measure/{measure.pk}/remove/",
        f"{base}/target/add/?parent={measure.pk}",
    ]


def log_in_as_staff(tab, base: str) -> None:
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill("sara@aleksotas.test")
    tab.get_by_label("Password").fill("aleksotas-demo")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("heading", name="My area").wait_for()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_version_pages_have_no_serious_violations(axe_page, live_server, amendment, prefix):
    found = {path: serious_violations(axe_page, live_server.url + prefix + path) for path in PUBLIC}
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_staff_area_has_no_serious_violations(axe_page, live_server, amendment, prefix):
    log_in_as_staff(axe_page, live_server.url)
    found = {
        path: serious_violations(axe_page, live_server.url + prefix + path)
        for path in staff_pages(amendment)
    }
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_version_pages_fit_a_phone_screen(phone, live_server, amendment, prefix):
    for path in PUBLIC:
        phone.goto(live_server.url + prefix + path)
        assert page_is_narrower_than_viewport(phone), path
    log_in_as_staff(phone, live_server.url)
    for path in staff_pages(amendment):
        phone.goto(live_server.url + prefix + path)
        assert page_is_narrower_than_viewport(phone), path
