"""At 375 px nothing sticks out sideways (issue 15, finding 8): the applicant's "My
proposals" shows every column as a labelled card row, and the dashboard's indicator
names end at a word, inside their chart. Checked element by element, on the demo."""

import pytest

from tests import demo_db

from .test_decisions import log_in

# Elements whose box ends right of the viewport (a closed <details> shows nothing);
# contents of a scrolling .table-wrap count too, since a column scrolled off-screen is
# what the finding was about.
OVERFLOWING = """() => [...document.querySelectorAll('main *')]
  .filter(e => !e.closest('details:not([open])'))
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && r.right > window.innerWidth + 1; })
  .map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
        ? '.' + e.className : '') + ': ' + (e.textContent || '').trim().slice(0, 40))
  .slice(0, 10)"""


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


def overflowing(tab, url: str) -> list[str]:
    tab.goto(url)
    return tab.evaluate(OVERFLOWING)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_my_proposals_and_the_dashboard_fit_a_phone(phone, live_server, demo, prefix):
    base = live_server.url
    assert overflowing(phone, f"{base}{prefix}/monitoring/dashboard/") == []
    log_in(phone, base, "ana@aleksotas.test")
    assert overflowing(phone, f"{base}{prefix}/calls/proposals/") == []
    status = phone.locator("td[data-label]").filter(has=phone.locator(".status")).first
    assert status.is_visible() and status.bounding_box()["x"] < 375
