"""The shipped demo in a real browser: each persona of the README logs in and does
their main job, so the demo cannot rot (issue 15). One demo load for the module.

With TELKA_SCREENSHOTS=DIR set, each persona's main page is also saved at 375 and
1280 px wide as DIR/<persona>-<width>.png (the screenshots in docs/)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from telka.calls.models import Proposal
from telka.consultations.demo import TITLE as CONSULTATION
from telka.consultations.models import Comment, Consultation, Suggestion
from telka.content.models import News
from telka.decisions.models import Meeting, Vote
from telka.evaluation.models import Assessment
from telka.monitoring.models import Report
from tests import demo_db

from .conftest import DESKTOP, PHONE

PASSWORD = "aleksotas-demo"
SHOTS = os.environ.get("TELKA_SCREENSHOTS")


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


def en(path: str) -> str:
    return "/en" + path


def log_in(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/accounts/")


def shoot(page, name: str) -> None:
    """Save the page, in Lithuanian, as small palette PNGs: the phone's first screen and
    the whole desktop page (only when TELKA_SCREENSHOTS is set)."""
    if not SHOTS:
        return
    from PIL import Image

    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    here = page.url
    page.goto(here.replace("/en/", "/", 1))
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        path = Path(SHOTS) / f"{name}-{size['width']}.png"
        page.screenshot(path=str(path), full_page=size == DESKTOP)
        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    page.set_viewport_size(DESKTOP)
    page.goto(here)


def message(page) -> str:
    return page.locator(".messages").inner_text()


def staff_starts_a_formal_check(page, base: str) -> None:
    log_in(page, base, "sara@aleksotas.test")
    shoot(page, "staff")
    page.get_by_role("link", name="proposals wait for or are in the formal check").click()
    row = page.get_by_role("row").filter(has_text="K4-005")
    row.get_by_role("link", name="Formal check").click()
    page.get_by_role("button", name="Start the formal check").click()
    page.wait_for_load_state()
    assert Proposal.objects.get(reg_number="K4-005").status == "admin_check"


def staff_opens_the_admin_from_my_area(page, base: str) -> None:
    """The admin is loaded by its first request (telka/lib/adminsite.py): My area links
    to it, and what the workflow owns is shown there read-only."""
    page.goto(base + en(reverse("accounts:dashboard")))
    page.get_by_role("link", name="Open the administration site").click()
    page.wait_for_url(base + "/admin/")
    assert page.locator("#site-name").inner_text() == "Telka"
    page.locator("a[href='/admin/content/news/']").first.click()
    page.wait_for_url(base + "/admin/content/news/")
    news = News.objects.filter(lag__slug="aleksotas").latest("published_at")
    assert news.title in page.locator("#result_list").inner_text()
    # Site texts are edited here (audited); board seats change through the board pages.
    assert page.locator(".object-tools a.addlink").count() == 1
    page.goto(base + "/admin/lag/boardmembership/")
    assert page.locator("#result_list").count() == 1
    assert page.locator(".object-tools a.addlink").count() == 0


def assessor_declares_and_scores(page, base: str) -> None:
    log_in(page, base, "eva@aleksotas.test")
    page.goto(base + en("/evaluation/"))
    page.wait_for_url("**/en/evaluation/my/")
    shoot(page, "assessor")
    page.get_by_role("link", name="Read and sign the declaration").click()
    page.get_by_label("I have read the declaration and agree to it.").check()
    page.get_by_role("button", name="Sign the declaration").click()
    page.wait_for_url("**/en/evaluation/my/**")
    page.goto(base + en("/evaluation/my/"))
    page.get_by_role("link", name="K4-001").click()
    page.get_by_label("No, I have no conflict of interest with this proposal.").check()
    page.get_by_role("button", name="Submit the declaration").click()
    assessment = Assessment.objects.get(
        proposal__reg_number="K4-001", assessor__email="eva@aleksotas.test"
    )
    for criterion in assessment.proposal.call.criteria.all():
        section = page.locator(f"#crit-{criterion.pk}").locator("xpath=..")
        if criterion.is_scored:
            section.get_by_label("Points").fill(str(int(criterion.max_points * 8 / 10)))
        else:
            section.get_by_label("Met or not met").select_option("yes")
        section.get_by_label("Justification").fill("Gerai pagrįsta (demo).")
    page.get_by_role("button", name="Submit the assessment").click()
    page.wait_for_url("**/en/evaluation/my/")
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def board_member_declares_and_votes(page, base: str) -> None:
    log_in(page, base, "bruno@aleksotas.test")
    page.goto(base + en("/decisions/"))
    page.wait_for_url("**/en/decisions/board-area/")
    shoot(page, "board-member")
    written = Meeting.objects.get(is_demo=True, mode="written", status="scheduled")
    page.goto(base + en(written.get_member_url()))
    page.get_by_role("button", name="Record the declaration").click()
    page.wait_for_load_state()
    assert "Your declaration was recorded." in message(page)
    page.get_by_role("group", name="Your ballot on the proposed decision").get_by_label(
        "For", exact=True
    ).check()
    page.get_by_role("button", name="Cast the ballot").click()
    page.wait_for_load_state()
    assert "Your ballot was recorded." in message(page)
    vote = Vote.objects.get(decision__meeting=written)
    assert (vote.membership.user.email, vote.choice, vote.is_ballot) == (
        "bruno@aleksotas.test",
        "for",
        True,
    )


def applicant_finishes_and_submits_the_draft(page, base: str) -> None:
    log_in(page, base, "ana@aleksotas.test")
    page.goto(base + en(reverse("calls:my_proposals")))
    shoot(page, "applicant")
    draft = Proposal.objects.get(status="draft", organisation__legal_code="300000001")
    page.goto(base + en(reverse("calls:proposal_section", args=[draft.pk, "declarations"])))
    for label in ["I declare that the project", "I declare that the information", "I agree"]:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("link", name="Check and submit").first.click()
    page.get_by_text("The proposal is complete and meets the call's conditions.").wait_for()
    page.get_by_role("button", name="Submit the proposal").click()
    page.get_by_text("registered as K2-002").wait_for()
    draft.refresh_from_db()
    assert draft.status == "registered" and draft.reg_number == "K2-002"


def promoter_files_the_report(page, base: str) -> None:
    log_in(page, base, "paulius@aleksotas.test")
    page.goto(base + en(reverse("monitoring:my_projects")))
    shoot(page, "promoter")
    report = Report.objects.get(
        status="returned",
        project__proposal__organisation__memberships__user__email=("paulius@aleksotas.test"),
    )
    page.goto(base + en(reverse("monitoring:report", args=[report.pk])))
    page.get_by_label("Activities carried out in the period").fill(
        "Pridėti dalyvių sąrašai, išlaidos patikslintos (demo)."
    )
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_load_state()
    assert "The report is submitted" in message(page)
    report.refresh_from_db()
    assert report.status == "submitted"


def resident_comments(page, base: str) -> None:
    log_in(page, base, "rita@aleksotas.test")
    consultation = Consultation.objects.get(title=CONSULTATION)
    page.goto(base + en(consultation.get_absolute_url()))
    shoot(page, "resident")
    suggestion = Suggestion.objects.filter(consultation=consultation, hidden_at=None).first()
    page.goto(base + en(suggestion.get_absolute_url()))
    page.get_by_label("Your comment").fill("Pritariu: senjorams to labai reikia (demo).")
    page.get_by_role("button", name="Publish the comment").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(
        suggestion=suggestion, author__email="rita@aleksotas.test"
    ).exists()


def test_every_demo_persona_does_their_main_job(page, live_server, demo):
    base = live_server.url
    staff_starts_a_formal_check(page, base)
    staff_opens_the_admin_from_my_area(page, base)
    assessor_declares_and_scores(page, base)
    board_member_declares_and_votes(page, base)
    applicant_finishes_and_submits_the_draft(page, base)
    promoter_files_the_report(page, base)
    resident_comments(page, base)
