"""One account, two LAGs, in a real browser (issue 18): Sara, staff of the Aleksotas demo
LAG, is also the representative of an organisation applying to the Kuršiai LAG. On
aleksotas.localhost her "My area" shows her staff role and the call management; on
kursiai.localhost she logs in with the same account, applies to the Kuršiai call, and
sees only her applicant's views there: no staff role, call management "not found",
and her Kuršiai draft is on Kuršiai's site only. Chromium resolves *.localhost to the
loopback address itself, so no system file is edited."""

from urllib.parse import urlsplit

import pytest

from telka.accounts.models import User
from telka.calls.models import Proposal
from telka.calls.tests.helpers import open_call
from telka.lag.models import LocalActionGroup
from tests import base, demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations

PASSWORD = "aleksotas-demo"


@pytest.fixture
def two_lags(transactional_db, live_server):
    demo_db.load_demo()
    port = urlsplit(live_server.url).port
    home = LocalActionGroup.objects.get(slug="aleksotas")
    home.host = "aleksotas.localhost"
    home.save(update_fields=["host"])
    other = base.make_lag(
        slug="kursiai",
        name="Kuršių krašto vietos veiklos grupė",
        short_name="Kuršių VVG",
        territory="Kuršių kraštas",
        vision="Kuršių kraštas – gyvas ir atviras.",
        mission="Telkti pajūrio bendruomenes.",
        host="kursiai.localhost",
    )
    strategy = base.make_strategy(other, title="Kuršių strategija", period_start=2023)
    call = open_call(other, strategy, title="Kuršių bendruomenių kvietimas", number="1")
    sara = User.objects.get(email="sara@aleksotas.test")
    base.make_organisation(sara, name="Kuršių jaunimo klubas", legal_code="304000111")
    return {
        "home": f"http://aleksotas.localhost:{port}",
        "other": f"http://kursiai.localhost:{port}",
        "call": call,
    }


def log_in(tab, site: str) -> None:
    tab.goto(site + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill("sara@aleksotas.test")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/en/accounts/")


def test_staff_in_one_lag_applies_to_another_with_the_same_account(page, two_lags):
    home, other, call = two_lags["home"], two_lags["other"], two_lags["call"]
    log_in(page, home)
    area = page.locator("main").inner_text()
    assert "LAG staff" in area and "Aleksot" in page.title() + page.content()
    assert page.goto(home + "/en/calls/manage/").status == 200

    log_in(page, other)
    area = page.locator("main").inner_text()
    assert "LAG staff" not in area and "Applicant" in area
    assert page.goto(other + "/en/calls/manage/").status == 404

    page.goto(f"{other}/en/calls/{call.pk}/")
    assert "Kuršių bendruomenių kvietimas" in page.locator("main").inner_text()
    page.goto(f"{other}/en/calls/{call.pk}/apply/")
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_load_state()
    draft = Proposal.objects.get(call=call)
    assert draft.organisation.name == "Kuršių jaunimo klubas"

    page.goto(other + "/en/calls/proposals/")
    assert draft.get_absolute_url().removeprefix("/") in page.content()
    # The same account on Aleksotas's site: its staff tools, none of the Kuršiai draft.
    page.goto(home + "/en/calls/proposals/")
    assert draft.get_absolute_url().removeprefix("/") not in page.content()
    assert page.goto(home + draft.get_absolute_url()).status == 404
    assert page_is_narrower_than_viewport(page)


def test_my_area_on_each_host_has_no_serious_accessibility_problems(axe_page, two_lags):
    log_in(axe_page, two_lags["other"])
    assert serious_violations(axe_page, two_lags["other"] + "/en/accounts/") == []
    assert serious_violations(axe_page, two_lags["other"] + "/accounts/") == []
