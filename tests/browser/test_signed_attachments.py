"""Signed attachments in a real browser (issue 17 item 3): on the demo's open call,
which wants partnership letters signed, the applicant uploads a letter signed into an
ASiC-E container with her (test-only, demo) certificate and the completeness check
shows the signature as valid; an unsigned container is listed with its reason. The
check page passes axe in Lithuanian and English and fits a phone."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command

from telka.calls.models import Proposal
from telka.calls.tests.helpers import PDF
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_calls_pages import log_in

ANA = "Ana Stankevičienė"
LETTER = "Partnership agreement or letter of intent"


@pytest.fixture
def draft(transactional_db):
    demo_db.load_demo()
    return Proposal.objects.get(reg_number__isnull=True, call__lag__slug="aleksotas")


def signed_container(tmp_path):
    """What the applicant's signing tool makes: the letter in a container she signed."""
    letter = tmp_path / "partnerio-rastas.pdf"
    letter.write_bytes(PDF)
    output = tmp_path / "partnerio-rastas.asice"
    with ThreadPoolExecutor(1) as pool:  # outside Playwright's event loop
        pool.submit(call_command, "demo_sign_asice", output, letter, name=ANA).result()
    return output


def unsigned_container(tmp_path):
    output = tmp_path / "nepasirasytas.asice"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.etsi.asic-e+zip")
        archive.writestr("partnerio-rastas.pdf", PDF)
    output.write_bytes(buffer.getvalue())
    return output


def upload(page, base: str, draft, path) -> None:
    page.goto(f"{base}/en/calls/proposals/{draft.pk}/edit/attachments/")
    page.get_by_label("What is it?").select_option(label=LETTER)
    page.get_by_label("Files").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The files have been attached.").wait_for()


def test_the_applicant_uploads_a_signed_container_and_sees_it_checked(
    page, live_server, draft, tmp_path
):
    log_in(page, live_server.url, "ana@aleksotas.test")
    upload(page, live_server.url, draft, signed_container(tmp_path))
    page.locator("main .actions").get_by_role("link", name="Check and submit").click()
    signed = page.locator(".signed-files").inner_text()
    assert (
        "partnerio-rastas.asice: a valid qualified electronic signature by ANA STANKEVIČIENĖ"
        in signed
    )
    assert "partnerio-rastas.asice" not in page.locator(".problems").inner_text()

    upload(page, live_server.url, draft, unsigned_container(tmp_path))
    page.locator("main .actions").get_by_role("link", name="Check and submit").click()
    reason = "nepasirasytas.asice: it carries no electronic signature"
    assert reason in page.locator(".problems").inner_text()
    assert reason in page.locator(".signed-files").inner_text()


def test_the_check_page_with_signed_files_is_accessible(
    axe_page, phone, live_server, draft, tmp_path
):
    for tab in (axe_page, phone):
        log_in(tab, live_server.url, "ana@aleksotas.test")
    upload(axe_page, live_server.url, draft, signed_container(tmp_path))
    upload(axe_page, live_server.url, draft, unsigned_container(tmp_path))
    for prefix in ("", "/en"):
        url = f"{live_server.url}{prefix}/calls/proposals/{draft.pk}/check/"
        assert serious_violations(axe_page, url) == [], url
        phone.goto(url)
        assert phone.locator(".signed-files li").count() == 2
        assert page_is_narrower_than_viewport(phone), url
