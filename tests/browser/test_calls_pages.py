"""Accessibility (axe-core: no serious or critical violations) and phone width of the
call pages, every section of the proposal form and the staff area, in LT and EN."""

import pytest
from django.urls import reverse
from django.utils import translation

from telka.accounts.demo import PASSWORD
from telka.calls.models import Call, Proposal
from telka.calls.sections import ORDER
from tests import demo_db
from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


def log_in(tab, base: str, email: str) -> None:
    tab.goto(base + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("heading", name="My area").wait_for()


def paths(names: list[tuple]) -> list[str]:
    with translation.override("lt"):
        return [reverse(name, args=args) for name, *args in names]


def public_paths() -> list[str]:
    return paths(
        [("calls:list",)]
        + [("calls:detail", c.pk) for c in Call.objects.filter(lag__slug="aleksotas")]
    )


def applicant_paths() -> list[str]:
    draft = Proposal.objects.get(reg_number__isnull=True, call__lag__slug="aleksotas")
    registered = Proposal.objects.get(reg_number__isnull=False, call__number="2")
    sections = [("calls:proposal_section", draft.pk, s) for s in ORDER if s != "attachments"]
    return paths(
        [
            ("calls:apply", draft.call_id),
            ("calls:my_proposals",),
            ("calls:proposal", draft.pk),
            ("calls:proposal", registered.pk),
            *sections,
            ("calls:attachments", draft.pk),
            ("calls:proposal_check", draft.pk),
            ("calls:proposal_withdraw", registered.pk),
        ]
    )


def staff_paths() -> list[str]:
    open_call = Call.objects.get(lag__slug="aleksotas", number="2")
    registered = Proposal.objects.get(reg_number__isnull=False, call__number="2")
    return paths(
        [
            ("calls:manage",),
            ("calls:manage_create",),
            ("calls:manage_detail", open_call.pk),
            ("calls:manage_detail", Call.objects.get(lag__slug="aleksotas", number="1").pk),
            ("calls:manage_cancel", open_call.pk),
            ("calls:manage_approve", open_call.pk),
            ("calls:manage_proposals", open_call.pk),
            ("calls:manage_proposal", registered.pk),
        ]
    )


def violations(tab, base: str, prefix: str, urls: list[str]) -> dict:
    found = {url: serious_violations(tab, base + prefix + url) for url in urls}
    return {url: problems for url, problems in found.items() if problems}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_call_pages_are_accessible(axe_page, live_server, demo, prefix):
    assert violations(axe_page, live_server.url, prefix, public_paths()) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_proposal_section_is_accessible(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "ana@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, applicant_paths()) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_staff_area_is_accessible(axe_page, live_server, demo, prefix):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    assert violations(axe_page, live_server.url, prefix, staff_paths()) == {}


def test_a_section_with_errors_is_accessible(axe_page, live_server, demo):
    log_in(axe_page, live_server.url, "ana@aleksotas.test")
    draft = Proposal.objects.get(reg_number__isnull=True, call__lag__slug="aleksotas")
    axe_page.goto(live_server.url + f"/en/calls/proposals/{draft.pk}/edit/project/")
    axe_page.get_by_label("Project start").fill("2031-01-01")
    axe_page.get_by_label("Project end").fill("2030-01-01")
    axe_page.get_by_role("button", name="Save", exact=True).click()
    axe_page.get_by_text("The end date must not be before the start date.").wait_for()
    axe_page.add_script_tag(path="tests/vendor/axe-core-4.14.1.min.js")
    impacts = axe_page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.impact + ': ' + v.id)"
    )
    assert [i for i in impacts if i.startswith(("serious", "critical"))] == []


def test_the_call_pages_fit_a_phone_screen(phone, live_server, demo):
    log_in(phone, live_server.url, "ana@aleksotas.test")
    for url in public_paths() + applicant_paths():
        phone.goto(live_server.url + url)
        assert page_is_narrower_than_viewport(phone), url


def test_the_staff_area_fits_a_phone_screen(phone, live_server, demo):
    log_in(phone, live_server.url, "sara@aleksotas.test")
    for url in staff_paths():
        phone.goto(live_server.url + url)
        assert page_is_narrower_than_viewport(phone), url
