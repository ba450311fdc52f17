"""The API docs in a real browser: Swagger UI renders every operation from our own
static files under the strict CSP (the `page` fixture fails on any CSP violation or
script error), on a phone too, and "Try it out" fetches live data."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def news(transactional_db, lag):
    from telka.content.models import News

    News.objects.create(lag=lag, title="Vieša naujiena", slug="viesa", summary="Santrauka")


def test_the_docs_render_every_operation_under_the_csp(page, live_server, news):
    page.goto(f"{live_server.url}/api/docs?lang=en")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/calls" in paths and "/api/results.csv" in paths and len(paths) == 17
    assert page.title() == "Open data API · Telka"
    page.locator("#operations-news_and_events-telka_api_views_content_news").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    # The live response table appears only after the request returns (the documented
    # examples above it are there from the start); expect() waits for the text.
    expect(page.locator(".live-responses-table")).to_contain_text("Vieša naujiena", timeout=15000)


def test_the_docs_fit_a_phone(phone, live_server, lag):
    phone.goto(f"{live_server.url}/api/docs")
    phone.locator(".opblock").first.wait_for()
    assert page_is_narrower_than_viewport(phone)


def test_the_docs_have_no_serious_accessibility_violations(axe_page, live_server, lag):
    url = f"{live_server.url}/api/docs?lang=en"
    axe_page.goto(url)
    axe_page.locator(".opblock").first.wait_for()
    assert serious_violations(axe_page, url) == []
