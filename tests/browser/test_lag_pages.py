import pytest

from tests import demo_db
from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations

PAGES = ["/", "/strategy/", "/about/", "/about/members/", "/about/board/", "/contacts/"]


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_lag_pages_have_no_serious_accessibility_violations(axe_page, live_server, demo, prefix):
    problems = {
        path: serious_violations(axe_page, live_server.url + prefix + path) for path in PAGES
    }
    assert {path: found for path, found in problems.items() if found} == {}


def test_lag_pages_fit_a_phone_screen(phone, live_server, demo):
    for path in PAGES:
        phone.goto(live_server.url + path)
        assert page_is_narrower_than_viewport(phone), path
