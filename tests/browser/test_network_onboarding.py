"""Issue 18 in a real browser, on the demo: a network administrator sets up a LAG on
the network's site and imports its strategy from the XLSX template; a LAG's staff
invite an assessor from the network's pool. Pages: LT and EN, phone and desktop,
no serious or critical axe-core violations."""

from urllib.parse import urlsplit

import pytest

from telka.calls.models import Call, CallStatus
from telka.evaluation.models import PoolInvitation
from telka.lag.demo_pamarys import PASSWORD, strategy_data
from telka.lag.models import LocalActionGroup, Role, RoleKind
from telka.strategy import importing
from telka.strategy.models import Strategy, StrategyStatus
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations

NETWORK = "tinklas.localhost"
BOARD = "Ona Onaitė; civil; no\nRima Verslaitė; business; no\nVida Valdžia; public; yes"


@pytest.fixture
def demo(transactional_db, settings):
    settings.TELKA_NETWORK_HOST = NETWORK
    demo_db.load_demo()


def site(live_server, host: str) -> str:
    return f"http://{host}:{urlsplit(live_server.url).port}"


def log_in_network(tab, base: str) -> None:
    tab.context.clear_cookies()
    tab.goto(base + "/en/onboarding/login/")
    tab.get_by_label("E-mail address").fill("tinklas@pamarys.test")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/en/onboarding/")


def set_up_lag(page) -> None:
    page.get_by_label("Name", exact=True).fill("Pajūrio vietos veiklos grupė")
    page.get_by_label("Short name").fill("Pajūrio VVG")
    page.get_by_label("Slug").fill("pajuris")
    page.get_by_label("Web address (host name)").fill("pajuris.localhost")
    page.get_by_label("Legal entity code").fill("300123456")
    page.get_by_label("Territory").fill("Pajūrio seniūnija")
    page.get_by_label("Programming period").select_option("2021-2027")
    page.get_by_label("Fund").select_option("EAFRD")
    page.get_by_label("Board").fill(BOARD)
    page.get_by_label("First staff").fill("Rūta Darbuotoja; ruta@example.test")
    page.get_by_role("button", name="Set up the LAG").click()
    page.wait_for_url("**/onboarding/pajuris/strategy/")


def upload(page, path) -> str:
    page.get_by_label("Strategy workbook (XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    return page.locator("main").inner_text()


def test_a_network_admin_sets_up_a_lag_and_imports_its_strategy(page, live_server, demo, tmp_path):
    log_in_network(page, site(live_server, NETWORK))
    set_up_lag(page)
    assert "is set up; its staff were invited" in page.locator(".messages").inner_text()
    lag = LocalActionGroup.objects.get(slug="pajuris")
    assert Role.objects.filter(lag=lag, kind=RoleKind.STAFF).count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the XLSX template").click()
    empty = tmp_path / "template.xlsx"
    download.value.save_as(empty)
    assert empty.read_bytes()[:2] == b"PK"

    broken = tmp_path / "strategija.xlsx"
    broken.write_bytes(b"code;title\n1;Tikslas\n")
    assert "This is not an XLSX workbook." in upload(page, broken)

    filled = tmp_path / "pajurio-strategija.xlsx"  # the template as the LAG filled it in
    filled.write_bytes(importing.template_workbook(strategy_data()))
    upload(page, filled)
    table = page.locator("main table").inner_text()
    assert "1.1.1" in table and "P-R1" in table
    page.get_by_label("In force from").fill("2023-06-01")
    page.get_by_label("Adopted by").fill("Visuotinio narių susirinkimo sprendimas")
    page.get_by_role("button", name="Put in force").click()
    page.wait_for_load_state()
    assert "The strategy is in force." in page.locator(".messages").inner_text()
    strategy = Strategy.objects.get(lag=lag)
    assert strategy.status == StrategyStatus.IN_FORCE and strategy.measures().count() == 2


def test_staff_invite_an_assessor_from_the_network_pool(page, live_server, demo):
    base = site(live_server, "pamarys.localhost")
    call = Call.objects.get(lag__slug="pamarys", status=CallStatus.OPEN)
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill("vaida@pamarys.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/accounts/")
    page.goto(base + f"/en/evaluation/calls/{call.pk}/assessor-pool/")
    page.get_by_label("Expertise, language or name").fill("įtrauktis")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Invite Eva Petrauskienė").click()
    page.wait_for_load_state()
    assert "is invited and was told by e-mail" in page.locator("main").inner_text()
    invitation = PoolInvitation.objects.get(call=call)
    assert invitation.entry.user.email == "eva@aleksotas.test"
    assert (
        Role.objects.active()
        .filter(lag=call.lag, user=invitation.entry.user, kind=RoleKind.ASSESSOR)
        .exists()
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_have_no_serious_violations_and_fit_a_phone(
    axe_page, phone, live_server, demo, prefix
):
    network = site(live_server, NETWORK)
    log_in_network(axe_page, network)
    log_in_network(phone, network)
    pages = [
        network + prefix + "/onboarding/",
        network + prefix + "/onboarding/assessors/",
        network + prefix + "/onboarding/pamarys/strategy/",
    ]
    found = {url: serious_violations(axe_page, url) for url in pages}
    assert {url: v for url, v in found.items() if v} == {}
    wide = []
    for url in pages:
        phone.goto(url)
        if not page_is_narrower_than_viewport(phone):
            wide.append(url)
    assert wide == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_staff_pool_page_has_no_serious_violations(axe_page, live_server, demo, prefix):
    base = site(live_server, "pamarys.localhost")
    call = Call.objects.get(lag__slug="pamarys", status=CallStatus.OPEN)
    axe_page.goto(base + "/en/accounts/login/")
    axe_page.get_by_label("E-mail address").fill("vaida@pamarys.test")
    axe_page.get_by_label("Password").fill(PASSWORD)
    axe_page.locator("main").get_by_role("button", name="Log in").click()
    axe_page.wait_for_url("**/en/accounts/")
    url = base + prefix + f"/evaluation/calls/{call.pk}/assessor-pool/"
    assert serious_violations(axe_page, url) == []
    assert page_is_narrower_than_viewport(axe_page)
