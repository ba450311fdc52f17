"""Electronic signatures in a real browser (issue 17): staff upload minutes signed with
the demo's test-only certificates on the meeting page, then read the validation report
and the trust anchors, in Lithuanian and English, on a desktop and a phone, with no
serious or critical axe-core violations."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.utils import timezone

from telka.accounts.models import User
from telka.calls.models import Call
from telka.decisions import workflow
from telka.decisions.models import Minutes
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_decisions import log_in


@pytest.fixture
def closed(transactional_db, tmp_path):
    """The demo, and a meeting with the chair and the secretary recorded, closed with no
    agenda left (ready for signing)."""
    demo_db.load_demo()
    sara = User.objects.get(email="sara@aleksotas.test")
    lag = Call.objects.get(lag__slug="aleksotas", number="1").lag
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/9", mode="in_person",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    seats = list(meeting.board.memberships.on(meeting.held_on))
    workflow.record_attendance(
        meeting=meeting, actor=sara, present={s.pk for s in seats}, chair=seats[0],
        secretary=sara.full_name,
    )  # fmt: skip
    workflow.close_meeting(meeting=meeting, actor=sara)
    return meeting, seats[0].full_name, sara.full_name


def sign(pdf, output, name: str) -> None:
    """What the chair or the secretary does with their own tool. In another thread:
    pyHanko runs its own event loop, and Playwright's is running in this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(call_command, "demo_sign_pdf", pdf, output, name=name).result()


def test_staff_upload_signed_minutes_and_read_the_report(page, live_server, closed, tmp_path):
    meeting, chair, secretary = closed
    log_in(page, live_server.url, "sara@aleksotas.test")
    page.goto(f"{live_server.url}/en/decisions/meetings/{meeting.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Minutes for signing (PDF)").click()
    download.value.save_as(tmp_path / "draft.pdf")
    sign(tmp_path / "draft.pdf", tmp_path / "one.pdf", chair)
    sign(tmp_path / "one.pdf", tmp_path / "two.pdf", secretary)
    page.get_by_label("Minutes signed by the chair and the secretary (PDF)").set_input_files(
        tmp_path / "two.pdf"
    )
    page.get_by_role("button", name="Check the signatures and publish").click()
    page.wait_for_load_state()
    assert "The signatures were checked" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Signature validation report").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Signature 1: {chair.upper()}").is_visible()
    assert "Every signature is valid" in page.locator("main").inner_text()
    assert Minutes.objects.get(meeting=meeting).signed_document is not None


def test_signature_pages_have_no_serious_axe_violations(
    axe_page, phone, live_server, closed, tmp_path
):
    meeting, chair, secretary = closed
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    log_in(phone, live_server.url, "sara@aleksotas.test")
    pages = [f"/decisions/meetings/{meeting.pk}/", "/signatures/trust-anchors/"]
    for path in pages:
        _check(axe_page, phone, live_server.url, path)
    sara = User.objects.get(email="sara@aleksotas.test")
    draft = workflow.issue_minutes_for_signing(meeting=meeting, actor=sara)
    (tmp_path / "draft.pdf").write_bytes(draft.pdf.read())
    sign(tmp_path / "draft.pdf", tmp_path / "one.pdf", chair)
    sign(tmp_path / "one.pdf", tmp_path / "two.pdf", secretary)
    with ThreadPoolExecutor(1) as pool:  # validation runs pyHanko's event loop
        minutes = pool.submit(
            workflow.accept_signed_minutes,
            meeting=meeting,
            actor=sara,
            data=(tmp_path / "two.pdf").read_bytes(),
        ).result()
    _check(axe_page, phone, live_server.url, f"/signatures/reports/{minutes.signed_document_id}/")
    _check(axe_page, phone, live_server.url, f"/decisions/meetings/{meeting.pk}/")


def _check(axe_page, phone, base: str, path: str) -> None:
    """`path` in Lithuanian and English: no serious axe violation, nothing wider than a phone."""
    for prefix in ("", "/en"):
        url = base + prefix + path
        assert serious_violations(axe_page, url) == [], url
        phone.goto(url)
        assert page_is_narrower_than_viewport(phone), url
