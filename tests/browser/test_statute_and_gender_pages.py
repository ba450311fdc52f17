"""The board statute page, the board's gender balance and the first-version page in a
real browser: no serious or critical axe-core violations in Lithuanian and English, and
nothing wider than a phone."""

import pytest

from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_evaluation import log_in

STAFF = ["/about/board/statute/", "/strategy/versions/2/in-force/"]
PUBLIC = ["/about/board/?on=2021-06-01"]


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in PUBLIC}
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    found |= {p: serious_violations(axe_page, live_server.url + prefix + p) for p in STAFF}
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.browser
def test_the_pages_fit_a_phone(phone, live_server, demo):
    log_in(phone, live_server.url, "sara@aleksotas.test")
    wide = []
    for path in STAFF + PUBLIC:
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []
