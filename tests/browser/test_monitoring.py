"""Projects in a real browser: no serious or critical axe-core violations on the public
project list and page, the promoter's report form and participant list, and the staff's
pages, in Lithuanian and English; nothing wider than a phone; a promoter saving a draft
report and resubmitting a returned one with the forms."""

import pytest

from telka.monitoring.models import Project
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_decisions import log_in


@pytest.fixture
def demo(transactional_db):
    """The Aleksotas demo: two projects of call 1 and the first promoter,
    whose third report was returned for correction; Paulius represents it."""
    demo_db.load_demo()
    first, second = Project.objects.filter(lag__slug="aleksotas").order_by("number")
    return {
        "first": first,
        "second": second,
        "returned": first.reports.get(status="returned"),
        "accepted": first.reports.filter(status="accepted").first(),
        "participant": first.participants.first(),
    }


def public_pages(d) -> list[str]:
    return ["/monitoring/projects/", f"/monitoring/projects/{d['first'].pk}/"]


def promoter_pages(d) -> list[str]:
    pk = d["first"].pk
    return [
        "/monitoring/my/",
        f"/monitoring/work/{pk}/",
        f"/monitoring/reports/{d['returned'].pk}/",
        f"/monitoring/work/{pk}/participants/",
        f"/monitoring/work/{pk}/participants/new/",
        f"/monitoring/participants/{d['participant'].pk}/",
    ]


def staff_pages(d) -> list[str]:
    return [
        "/monitoring/manage/",
        "/monitoring/manage/waiting/",
        f"/monitoring/work/{d['second'].pk}/",
        f"/monitoring/reports/{d['accepted'].pk}/",
        f"/monitoring/work/{d['second'].pk}/participants/",
    ]


def violations(tab, base, prefix, paths) -> dict:
    found = {p: serious_violations(tab, base + prefix + p) for p in paths}
    return {path: v for path, v in found.items() if v}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_and_promoter_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    assert violations(axe_page, live_server.url, prefix, public_pages(demo)) == {}
    log_in(axe_page, live_server.url, "paulius@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, promoter_pages(demo)) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, staff_pages(demo)) == {}


def test_the_pages_fit_a_phone(phone, live_server, demo):
    wide = []
    for path in public_pages(demo):
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    log_in(phone, live_server.url, "paulius@aleksotas.test")
    for path in promoter_pages(demo):
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []


def test_a_promoter_corrects_and_resubmits_a_returned_report(page, live_server, demo):
    log_in(page, live_server.url, "paulius@aleksotas.test")
    page.goto(live_server.url + f"/en/monitoring/reports/{demo['returned'].pk}/")
    assert "Pridėkite dalyvių sąrašų kopijas" in page.locator(".staff-comment").inner_text()
    page.get_by_label("Activities carried out in the period").fill("Pataisyta: pridėti sąrašai.")
    page.get_by_role("button", name="Save and continue later").click()
    page.wait_for_load_state()
    assert "The report is saved" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_load_state()
    assert "The report is submitted" in page.locator(".messages").inner_text()
    demo["returned"].refresh_from_db()
    assert demo["returned"].status == "submitted"
    assert demo["returned"].activities == "Pataisyta: pridėti sąrašai."


def test_attaching_a_file_keeps_the_unsaved_text(page, live_server, demo, tmp_path):
    """Finding 3 of issue 15: the file goes up with the report form, so nothing typed is
    lost, and the attachments come before the submit button."""
    log_in(page, live_server.url, "paulius@aleksotas.test")
    page.goto(live_server.url + f"/en/monitoring/reports/{demo['returned'].pk}/")
    page.get_by_label("Activities carried out in the period").fill("Dar neišsaugotas tekstas.")
    scan = tmp_path / "sarasas.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Files").set_input_files(str(scan))
    submit = page.get_by_role("button", name="Submit the report").bounding_box()
    attach = page.get_by_role("button", name="Attach", exact=True)
    assert attach.bounding_box()["y"] < submit["y"]
    attach.click()
    page.wait_for_load_state()
    assert "The files have been attached" in page.locator(".messages").inner_text()
    field = page.get_by_label("Activities carried out in the period")
    assert field.input_value() == "Dar neišsaugotas tekstas."
    assert page.get_by_role("link", name="sarasas.pdf").count() == 1
    field.fill("Išsaugota paspaudus Enter.")
    page.get_by_label("Participants in the period").press("Enter")
    page.wait_for_load_state()
    assert "The report is saved" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="sarasas.pdf").count() == 1
