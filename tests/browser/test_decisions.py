"""Board decisions in a real browser: no serious or critical axe-core violations on the
meeting, declaration, voting, results and complaint pages in Lithuanian and English,
nothing wider than a phone, and a member declaring and voting with the forms."""

import datetime
import hashlib

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
    call = Call.objects.get(lag__slug="aleksotas", number="1")
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
    reserve = Proposal.objects.get(call__lag__slug="aleksotas", reg_number="K1-004")
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


@pytest.fixture
def promoted(transactional_db):
    """The Aleksotas demo where K1-003 (invited when the lists were adopted) does not apply to the agency and the board then
    promotes Ana's reserve proposal K1-004: two notices on K1-004, as issued."""
    demo_db.load_demo()
    sara = User.objects.get(email="sara@aleksotas.test")
    ana = User.objects.get(email="ana@aleksotas.test")
    reserve = Proposal.objects.get(call__lag__slug="aleksotas", reg_number="K1-004")
    OrganisationMembership.objects.create(organisation=reserve.organisation, user=ana)
    lapsing = Proposal.objects.get(call__lag__slug="aleksotas", reg_number="K1-003")
    workflow.record_no_application(proposal=lapsing, actor=sara)
    meeting = workflow.schedule_meeting(
        lag=reserve.call.lag,
        actor=sara,
        number="2026/2",
        mode="in_person",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    item = workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="promotion", allocation=reserve.allocation
    )
    seats = list(meeting.board.memberships.on(meeting.held_on))
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in seats})
    for seat in seats:
        workflow.declare(item=item, membership=seat, actor=sara, interests={})
    workflow.record_votes(decision=item.decision, actor=sara, choices={s.pk: "for" for s in seats})
    workflow.adopt_decision(decision=item.decision, actor=sara)
    old, new = Notice.objects.filter(proposal=reserve).order_by("sent_at")
    return old, new


def test_an_applicant_opens_both_notices_of_a_promoted_proposal(page, live_server, promoted):
    """Each notice says what it said on its date: the reserve list, then the promotion;
    the list shows both, the old one points to the new one, each PDF is the stored one."""
    old, new = promoted
    base = live_server.url
    log_in(page, base, "ana@aleksotas.test")
    page.goto(base + "/en/decisions/my/")
    rows = page.locator("tbody tr").filter(has_text="K1-004")
    assert rows.count() == 2
    assert "Promoted from the reserve list" in rows.nth(0).inner_text()
    assert "Reserve list" in rows.nth(1).inner_text()
    rows.nth(1).get_by_role("link", name="K1-004").click()
    page.wait_for_url(f"**/en/decisions/my/notices/{old.pk}/")
    main = page.locator("main")
    assert "The proposal is on the reserve list." in main.inner_text()
    assert old.sha256 in main.inner_text() and new.sha256 not in main.inner_text()
    stored = page.request.get(base + f"/en/decisions/my/notices/{old.pk}/notice.pdf").body()
    assert hashlib.sha256(stored).hexdigest() == old.sha256
    main.get_by_role("link", name="Notice of").click()
    page.wait_for_url(f"**/en/decisions/my/notices/{new.pk}/")
    assert "promoted from the reserve list to the funded list" in main.inner_text()
    assert "A later decision" not in main.inner_text()


def test_the_notice_pages_of_a_promoted_proposal_are_accessible_and_fit_a_phone(
    phone, axe_page, live_server, promoted
):
    old, new = promoted
    base = live_server.url
    pages = [
        "/decisions/my/",
        f"/decisions/my/notices/{old.pk}/",
        f"/decisions/my/notices/{new.pk}/",
        f"/evaluation/proposals/{old.proposal_id}/status/",  # lists both notices
    ]
    log_in(axe_page, base, "ana@aleksotas.test")
    for prefix in ("", "/en"):
        assert violations(axe_page, base, prefix, pages) == {}
    log_in(phone, base, "ana@aleksotas.test")
    wide = []
    for path in pages:
        phone.goto(base + path)
        if not page_is_narrower_than_viewport(phone):
            wide.append(path)
    assert wide == []
