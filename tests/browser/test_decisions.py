"""Board decisions in a real browser: no serious or critical axe-core violations on the
meeting, declaration, voting, results and complaint pages in Lithuanian and English,
nothing wider than a phone, and a member declaring and voting with the forms."""

import datetime

import pytest
from django.utils import timezone

from telka.accounts.models import OrganisationMembership, User
from telka.calls.models import Call, Proposal
from telka.decisions import workflow
from telka.decisions.models import Decision, Meeting, Notice
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def demo(transactional_db):
    """The Aleksotas demo (call 1 decided at meeting 2020/3), a correction put to a new
    meeting with attendance recorded, and Ana's complaint about the reserve proposal."""
    demo_db.load_demo()
    sara = User.objects.get(email="sara@aleksotas.test")
    ana = User.objects.get(email="ana@aleksotas.test")
    call = Call.objects.get(number="1")
    adopted = Decision.objects.get(meeting__number="2020/3")
    meeting = workflow.schedule_meeting(
        lag=call.lag,
        actor=sara,
        number="2026/1",
        mode="in_person",
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    item = workflow.add_agenda_item(
        meeting=meeting,
        actor=sara,
        kind="correction",
        allocation=adopted.allocation,
        corrects=adopted,
    )
    seats = list(meeting.board.memberships.on(meeting.held_on))
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in seats})
    reserve = Proposal.objects.get(reg_number="K1-004")
    OrganisationMembership.objects.create(organisation=reserve.organisation, user=ana)
    complaint = workflow.file_complaint(
        proposal=reserve, actor=ana, grounds=["procedure"], criteria=[], text="Netinkama tvarka."
    )
    return {
        "call": call,
        "meeting": meeting,
        "decision": item.decision,
        "seat": seats[0],
        "notice": Notice.objects.get(proposal=reserve),
        "complaint": complaint,
    }


def log_in(tab, base: str, email: str) -> None:
    tab.context.clear_cookies()
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill("aleksotas-demo")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/en/accounts/")


def staff_pages(d) -> list[str]:
    return [
        "/decisions/",
        "/decisions/board/",
        "/decisions/meetings/new/",
        f"/decisions/meetings/{d['meeting'].pk}/",
        f"/decisions/meetings/{Meeting.objects.get(number='2020/3').pk}/",
        f"/decisions/items/{d['decision'].pk}/",
        f"/decisions/items/{Decision.objects.get(meeting__number='2020/3').pk}/",
        f"/decisions/items/{d['decision'].pk}/declarations/{d['seat'].pk}/",
        "/decisions/complaints/",
        f"/decisions/complaints/{d['complaint'].pk}/manage/",
        "/decisions/agency/",
    ]


def applicant_pages(d) -> list[str]:
    notice = d["notice"].pk
    return [
        "/decisions/my/",
        f"/decisions/my/notices/{notice}/",
        f"/decisions/my/notices/{notice}/complaint/",
        f"/decisions/my/complaints/{d['complaint'].pk}/",
    ]


def public_pages(d) -> list[str]:
    return ["/decisions/results/", f"/decisions/results/{d['call'].pk}/"]


def violations(tab, base, prefix, paths) -> dict:
    found = {p: serious_violations(tab, base + prefix + p) for p in paths}
    return {path: v for path, v in found.items() if v}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, staff_pages(demo)) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_member_applicant_and_public_pages_have_no_serious_violations(
    axe_page, live_server, demo, prefix
):
    assert violations(axe_page, live_server.url, prefix, public_pages(demo)) == {}
    log_in(axe_page, live_server.url, "ana@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, applicant_pages(demo)) == {}
    log_in(axe_page, live_server.url, "bruno@aleksotas.test")
    member = ["/decisions/board-area/", f"/decisions/board-area/meetings/{demo['meeting'].pk}/"]
    assert violations(axe_page, live_server.url, prefix, member) == {}


def test_the_pages_fit_a_phone(phone, live_server, demo):
    log_in(phone, live_server.url, "sara@aleksotas.test")
    wide = []
    for path in staff_pages(demo) + public_pages(demo):
        phone.goto(live_server.url + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []


def test_a_member_declares_in_the_browser(page, live_server, demo):
    log_in(page, live_server.url, "bruno@aleksotas.test")
    page.goto(live_server.url + f"/en/decisions/board-area/meetings/{demo['meeting'].pk}/")
    page.get_by_role("button", name="Record the declaration").click()
    page.wait_for_load_state()
    assert "Your declaration was recorded." in page.locator(".messages").inner_text()
    assert "You declared no interest in any proposal of this item." in page.content()
