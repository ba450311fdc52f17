"""Consultation pages for every audience: no serious or critical axe-core
violations in Lithuanian and English, and nothing wider than a phone."""

import pytest

from telka.consultations.models import Comment, Consultation, Suggestion
from tests import demo_db
from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()
    consultation = Consultation.objects.get()
    suggestion = consultation.suggestions.order_by("pk").first()
    return {
        "consultation": consultation.pk,
        "suggestion": suggestion.pk,
        "comment": Comment.objects.filter(parent=None).first().pk,
    }


def public_pages(ids: dict) -> list[str]:
    return [
        "/consultations/",
        f"/consultations/{ids['consultation']}/",
        f"/consultations/{ids['consultation']}/?sort=supported",
        f"/consultations/suggestions/{ids['suggestion']}/",
    ]


def resident_pages(ids: dict) -> list[str]:
    return [
        f"/consultations/{ids['consultation']}/suggest/",
        f"/consultations/{ids['consultation']}/take-part/",
        f"/consultations/comments/{ids['comment']}/reply/",
        f"/consultations/suggestions/{ids['suggestion']}/report/",
    ]


def staff_pages(ids: dict) -> list[str]:
    return [
        "/consultations/manage/",
        "/consultations/manage/new/",
        f"/consultations/manage/{ids['consultation']}/",
        f"/consultations/manage/{ids['consultation']}/edit/",
        f"/consultations/suggestions/{ids['suggestion']}/answer/",
        f"/consultations/manage/hide/suggestion/{ids['suggestion']}/",
    ]


def log_in(tab, base: str, email: str) -> None:
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill("aleksotas-demo")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("heading", name="My area").wait_for()


def violations(tab, base: str, prefix: str, paths: list[str]) -> dict:
    found = {path: serious_violations(tab, base + prefix + path) for path in paths}
    return {path: problems for path, problems in found.items() if problems}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_consultation_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    assert violations(axe_page, live_server.url, prefix, public_pages(demo)) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_resident_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "tomas@aleksotas.test")
    pages = public_pages(demo) + resident_pages(demo)
    assert violations(axe_page, live_server.url, prefix, pages) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, staff_pages(demo)) == {}


def test_forms_with_errors_and_hidden_content_have_no_serious_violations(
    axe_page, live_server, demo
):
    suggestion = Suggestion.objects.get(pk=demo["suggestion"])
    Suggestion.objects.filter(pk=suggestion.pk).update(
        hidden_reason="Reklama", hidden_at=suggestion.created_at
    )
    log_in(axe_page, live_server.url, "tomas@aleksotas.test")
    axe_page.goto(live_server.url + f"/en/consultations/{demo['consultation']}/suggest/")
    axe_page.locator("main form button[type=submit]").click()
    axe_page.get_by_text("This field is required.").first.wait_for()
    assert serious_violations(axe_page, axe_page.url) == []
    assert violations(axe_page, live_server.url, "/en", public_pages(demo)) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_consultation_pages_fit_a_phone_screen(phone, live_server, demo, prefix):
    for path in public_pages(demo):
        phone.goto(live_server.url + prefix + path)
        assert page_is_narrower_than_viewport(phone), path
    log_in(phone, live_server.url, "sara@aleksotas.test")
    for path in resident_pages(demo) + staff_pages(demo):
        phone.goto(live_server.url + prefix + path)
        assert page_is_narrower_than_viewport(phone), path
