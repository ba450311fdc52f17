"""Evaluation pages in a real browser: no serious or critical axe-core violations on the
staff checklist, assignment, score breakdown and ranking pages and on the assessor's
workspace and scoring sheet, in Lithuanian and English; nothing wider than a phone."""

import pytest

from telka.calls.models import Call, Proposal
from telka.calls.tests.helpers import attach
from telka.evaluation import workflow
from telka.evaluation.models import Assessment
from telka.evaluation.tests.builders import make_proposal
from telka.evaluation.tests.scenario import pass_check
from tests import demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def demo(transactional_db):
    """The Aleksotas demo (its historical call assessed) plus one proposal Eva is scoring."""
    demo_db.load_demo()
    call = Call.objects.get(lag__slug="aleksotas", number="1")
    from telka.accounts.models import User

    sara = User.objects.get(email="sara@aleksotas.test")
    eva = User.objects.get(email="eva@aleksotas.test")
    jonas = User.objects.get(email="jonas.vertintojas@aleksotas.test")
    fresh = make_proposal(call, title="Vertinamas projektas (demo)")
    attach(fresh)  # the budget justification the demo call requires
    open_one = pass_check(fresh, sara)
    mine, _other = workflow.assign_assessors(proposal=open_one, assessors=[eva, jonas], actor=sara)
    workflow.declare_no_conflict(assessment=mine, actor=eva)
    checked = Proposal.objects.get(call__lag__slug="aleksotas", reg_number="K1-002")
    # One assessed proposal as after an upheld complaint: its sheets shown as superseded.
    superseded = (
        Proposal.objects.filter(call=call, assessments__status="submitted")
        .exclude(pk=checked.pk)
        .distinct()
        .first()
    )
    workflow.reopen_assessment(proposal=superseded, actor=sara)
    return {
        "call": call,
        "open": open_one,
        "mine": mine,
        "checked": checked,
        "superseded": superseded,
    }


def log_in(tab, base: str, email: str) -> None:
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill("aleksotas-demo")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/en/accounts/")


def staff_pages(demo) -> list[str]:
    call, checked = demo["call"].pk, demo["checked"].pk
    return [
        "/evaluation/",
        f"/evaluation/calls/{call}/",
        f"/evaluation/calls/{call}/checklist/",
        f"/evaluation/proposals/{checked}/check/",
        f"/evaluation/proposals/{demo['open'].pk}/assessors/",
        f"/evaluation/proposals/{checked}/scores/",
        f"/evaluation/proposals/{demo['superseded'].pk}/scores/",
        f"/evaluation/calls/{call}/ranking/",
    ]


def assessor_pages(demo) -> list[str]:
    submitted = Assessment.objects.filter(
        assessor=demo["mine"].assessor, status="submitted"
    ).first()
    return [
        "/evaluation/my/",
        f"/evaluation/my/calls/{demo['call'].pk}/declaration/",
        f"/evaluation/my/assessments/{demo['mine'].pk}/",
        f"/evaluation/my/assessments/{submitted.pk}/",
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    found = {
        p: serious_violations(axe_page, live_server.url + prefix + p) for p in staff_pages(demo)
    }
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_assessor_pages_have_no_serious_violations(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "eva@aleksotas.test")
    found = {
        p: serious_violations(axe_page, live_server.url + prefix + p) for p in assessor_pages(demo)
    }
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_evaluation_pages_fit_a_phone_screen(phone, live_server, demo, prefix):
    too_wide = []
    log_in(phone, live_server.url, "sara@aleksotas.test")
    for path in staff_pages(demo):
        phone.goto(live_server.url + prefix + path)
        if not page_is_narrower_than_viewport(phone):
            too_wide.append(path)
    assert too_wide == []


def test_an_assessor_scores_and_submits_in_the_browser(page, live_server, demo):
    log_in(page, live_server.url, "eva@aleksotas.test")
    page.goto(live_server.url + f"/en/evaluation/my/assessments/{demo['mine'].pk}/")
    for criterion in demo["call"].criteria.all():
        section = page.locator(f"#crit-{criterion.pk}").locator("xpath=..")
        if criterion.is_scored:
            section.get_by_label("Points").fill(str(int(criterion.max_points * 8 / 10)))
        else:
            section.get_by_label("Met or not met").select_option("yes")
        section.get_by_label("Justification").fill("Gerai pagrįsta.")
    page.get_by_role("button", name="Submit the assessment").click()
    page.wait_for_url("**/en/evaluation/my/")
    assert page.get_by_text("Your assessment was submitted and is now locked.").is_visible()
    demo["mine"].refresh_from_db()
    assert demo["mine"].status == "submitted"
