"""The public site in a real browser: a visitor's journey, accessibility of every public
page in both languages, and phone-width layouts."""

import pytest
from django.core import mail
from django.utils import translation

from telka.content.models import Event, EventRegistration
from telka.content.workflow import register_for_event
from tests import demo_db
from tests.browser.conftest import AXE, page_is_narrower_than_viewport, serious_violations

EVENT = "/events/mokymai-projektiniu-pasiulymu-rengejams/"
PAGES = [
    "/",
    "/news/",
    "/news/parengta-aleksoto-vietos-pletros-strategija/",
    "/news/?q=strategija",
    "/documents/",
    "/documents/?category=call",
    "/events/",
    EVENT,
    "/pages/teritorija/",
    "/search/",
    "/search/?q=strategija",
    "/search/?q=nieko-nera",
    "/strategy/",
    "/about/",
    "/about/members/",
    "/about/board/",
    "/contacts/",
]


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


def switch_to_english_and_back(page, base: str) -> None:
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Kauno miesto Aleksoto vietos veiklos grupė"
    page.get_by_role("link", name="EN", exact=True).click()
    page.wait_for_url("**/en/")
    assert page.get_by_role("heading", name="Vision").is_visible()
    page.get_by_role("link", name="LT", exact=True).click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("heading", name="Vizija").is_visible()


def read_the_strategy_and_a_news_item(page) -> None:
    page.get_by_role("navigation", name="Pagrindinis").get_by_role(
        "link", name="Strategija"
    ).click()
    assert "Aleksoto vietos plėtros 2015–2020 m. strategija" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Naujienos", exact=True).click()
    page.get_by_role(
        "link", name="Parengta Aleksoto vietos plėtros 2015–2020 m. strategija"
    ).click()
    assert page.locator("h1").inner_text().startswith("Parengta Aleksoto vietos plėtros")
    assert page.get_by_text("Strategija numato tris uždavinius tikslui pasiekti").is_visible()


def download_a_document(page) -> None:
    page.get_by_role("link", name="Dokumentai", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Informacija dėl Aleksoto VVG strategijos keitimo").click()
    download = download_info.value
    assert download.suggested_filename == "Informacija dėl Aleksoto VVG strategijos keitimo.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def register_for_the_training(page) -> None:
    page.get_by_role("link", name="Renginiai", exact=True).click()
    page.get_by_role("link", name="Mokymai projektinių pasiūlymų rengėjams (demo)").click()
    page.get_by_label("Vardas ir pavardė").fill("Rita Vaitkutė")
    page.get_by_label("El. paštas").fill("rita@example.test")
    page.get_by_label("Sutinku, kad VVG saugotų").check()
    page.get_by_role("button", name="Registruotis").click()
    assert page.get_by_text("Jūs užsiregistravote.").is_visible()
    assert page.get_by_text("19 laisvų iš 20").is_visible()


def test_a_visitor_reads_the_site_in_both_languages_and_registers_for_the_training(
    page, live_server, demo
):
    switch_to_english_and_back(page, live_server.url)
    read_the_strategy_and_a_news_item(page)
    download_a_document(page)
    register_for_the_training(page)
    assert EventRegistration.objects.get().email == "rita@example.test"
    [message] = mail.outbox
    assert message.to == ["rita@example.test"]
    assert message.subject.startswith("Registracija patvirtinta: Mokymai")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_have_no_serious_accessibility_violations(axe_page, live_server, demo, prefix):
    problems = {
        path: serious_violations(axe_page, live_server.url + prefix + path) for path in PAGES
    }
    assert {path: found for path, found in problems.items() if found} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_cancellation_page_has_no_serious_accessibility_violations(
    axe_page, live_server, demo, prefix
):
    event = Event.objects.get()
    registration = register_for_event(
        event=event, name="Rita Vaitkutė", email="rita@example.test", consent=True
    )
    with translation.override("lt"):
        path = registration.get_cancel_url()
    assert serious_violations(axe_page, live_server.url + prefix + path) == []


def test_a_refused_registration_form_is_accessible(axe_page, live_server, demo):
    axe_page.goto(live_server.url + "/en" + EVENT)
    axe_page.get_by_label("E-mail").fill("not-an-address")
    axe_page.get_by_role("button", name="Register").click()
    assert axe_page.get_by_text("Please correct the marked fields.").is_visible()
    # Checked where it is (after the POST), not by loading the URL again.
    axe_page.add_script_tag(path=str(AXE))
    impacts = axe_page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.impact + ': ' + v.id)"
    )
    assert [i for i in impacts if i.startswith(("serious", "critical"))] == []


def test_public_pages_fit_a_phone_screen(phone, live_server, demo):
    for path in PAGES:
        phone.goto(live_server.url + path)
        assert page_is_narrower_than_viewport(phone), path
