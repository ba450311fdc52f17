"""The network's own site in a browser: a visitor finds an open call of one LAG among
every LAG's calls, opens it on that LAG's own site, and searches funded projects across
LAGs; every network page passes axe-core on a phone and a desktop, in LT and EN."""

import pytest

from bench.network_data import build_network
from telka.calls.models import Call, CallStatus
from telka.lag.models import LocalActionGroup
from telka.monitoring.models import Project
from tests import demo_db
from tests.browser.conftest import DESKTOP, PHONE, page_is_narrower_than_viewport

NETWORK = "tinklas.localhost"
PAGES = ["/", "/calls/", "/results/", "/projects/?q=projektas", "/dashboard/"]


@pytest.fixture
def network(transactional_db, settings, live_server):
    demo_db.load_demo()
    LocalActionGroup.objects.filter(slug="aleksotas").update(host="aleksotas.localhost")
    build_network(2, calls=3, proposals=6, projects=2, reports=1)
    settings.TELKA_NETWORK_HOST = NETWORK
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{NETWORK}:{port}", port


def test_a_visitor_finds_a_call_across_lags_and_a_funded_project(page, network):
    url, port = network
    call = Call.objects.accepting().get(lag__slug="aleksotas")
    page.goto(url + "/en/calls/")
    page.get_by_label("Local action group").select_option(label="Aleksoto VVG")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=call.title_en or call.title).click()
    assert page.url == f"http://aleksotas.localhost:{port}/en/calls/{call.pk}/"
    assert page.get_by_role("heading", level=1).inner_text().find(call.title_en or call.title) >= 0

    project = Project.objects.filter(lag__slug="lag-002").first()
    page.goto(url + "/en/projects/")
    page.get_by_label("Words to find").fill(project.title)
    page.get_by_role("button", name="Show").click()
    assert page.locator("tbody tr").count() == 1
    assert "VVG 2" in page.locator("tbody").inner_text()
    page.get_by_role("link", name=project.title).click()
    assert page.url == f"http://lag-002.localhost:{port}/en/monitoring/projects/{project.pk}/"


def test_a_visitor_finds_pamarys_results_and_a_reporting_project_on_its_host(axe_page, network):
    page = axe_page  # a tab where axe-core may run too
    url, port = network
    page.goto(url + "/en/results/?lag=pamarys")
    assert "Dviračių nuoma ir pažintiniai maršrutai (demo)" in page.locator("tbody").inner_text()
    base = f"http://pamarys.localhost:{port}"
    call = Call.objects.get(lag__slug="pamarys", status=CallStatus.DECIDED)
    page.goto(base + "/en/decisions/results/")
    page.locator("li", has_text=call.title).get_by_role("link", name="K1").click()
    assert page.url == f"{base}/en/decisions/results/{call.pk}/"
    lists = page.locator("main").inner_text()
    assert "Funded list" in lists and "Reserve list" in lists and "Amatų mugė prie marių" in lists
    assert _violations(page, page.url) == []
    page.goto(base + "/en/monitoring/projects/")
    page.get_by_role("link", name="Dviračių nuoma ir pažintiniai maršrutai (demo)").click()
    project = page.locator("main").inner_text()
    assert "PAMA-LEADER-2024-01" in project and "2 / 2" in project


def _violations(tab, url: str) -> list[str]:
    from tests.browser.conftest import serious_violations

    return serious_violations(tab, url)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_network_pages_pass_axe_in_both_languages(browser, network, viewport):
    url, _port = network
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    tab = context.new_page()
    try:
        problems = {
            prefix + path: _violations(tab, url + prefix + path)
            for prefix in ("", "/en")
            for path in PAGES
        }
        narrow = viewport != PHONE or page_is_narrower_than_viewport(tab)
    finally:
        context.close()
    assert {path: found for path, found in problems.items() if found} == {}
    assert narrow
