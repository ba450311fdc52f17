"""Programming periods as data, in a real browser: an applicant fills a budget of
simplified cost options (unit cost, lump sum, flat rate) on a 2021–2027 ESF+ call and
submits it; staff read the period's rules on their page (LT and EN, phone, axe-core)."""

import datetime
from decimal import Decimal

import pytest

from telka.calls.models import BudgetLine, Call, ProposalStatus
from telka.calls.tests.helpers import make_proposal, open_call
from telka.periods.rules import get_fund
from tests import base, demo_db

from .conftest import page_is_narrower_than_viewport, serious_violations
from .test_evaluation import log_in


@pytest.fixture
def esf_plus_draft(transactional_db):
    """A 2021–2027 urban strategy, an open ESF+ call that admits only simplified cost
    options, and Ana's otherwise complete draft without budget lines."""
    lag = base.make_lag()
    strategy = base.make_strategy(
        lag, period_start=2023, period_end=2029, in_force_from=datetime.date(2023, 6, 1)
    )
    call = open_call(lag, strategy, fund=get_fund("ESF+"))
    Call.objects.filter(pk=call.pk).update(cost_kinds=["unit_cost", "lump_sum", "flat_rate"])
    ana = base.make_user("ana@example.test", "Ana Stankevičienė")
    proposal = make_proposal(call, base.make_organisation(ana), ana)
    proposal.budget_lines.all().delete()
    return proposal


def fill_line(page, row: int, kind: str, category: str, description: str, **values) -> None:
    page.locator(f"[name=lines-{row}-category]").select_option(category)
    page.locator(f"[name=lines-{row}-kind]").select_option(kind)
    page.locator(f"[name=lines-{row}-description]").fill(description)
    for name, value in values.items():
        if name == "base_category":
            page.locator(f"[name=lines-{row}-base_category]").select_option(value)
        else:
            page.locator(f"[name=lines-{row}-{name}]").fill(value)


def log_in_as_ana(page, url: str) -> None:
    page.goto(url + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill("ana@example.test")
    page.get_by_label("Password").fill(base.PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/accounts/")


def save_line(page, url: str, total: str, row: int, *line, **values) -> None:
    """Fill the empty row, wait for htmx's live total, save, and come back to the
    budget with a new empty row (one request at a time: SQLite in tests)."""
    fill_line(page, row, *line, **values)
    page.locator("#budget-totals").get_by_text(total).first.wait_for()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved.").wait_for()
    page.goto(url)


def fill_the_sco_budget(page, url: str) -> None:
    page.goto(url)
    kinds = page.locator("[name=lines-0-kind] option").all_inner_texts()
    assert kinds == ["Lump sum", "Unit cost × quantity", "Flat rate (% of other lines)"]
    hours = {"quantity": "100", "unit_price": "20.50"}
    save_line(page, url, "€2,050.00", 0, "unit_cost", "staff", "Valandos", **hours)
    save_line(page, url, "€5,050.00", 1, "lump_sum", "services", "Renginys", unit_price="3000")
    rate = {"rate_percent": "15", "base_category": "staff"}
    # 2 050 + 3 000 + 15 % of the staff line (307.50), recomputed while typing
    save_line(page, url, "€5,357.50", 2, "flat_rate", "indirect", "Netiesioginės", **rate)


@pytest.mark.browser
def test_an_applicant_fills_and_submits_an_sco_budget_on_an_esf_plus_call(
    page, live_server, esf_plus_draft
):
    proposal = esf_plus_draft
    log_in_as_ana(page, live_server.url)
    fill_the_sco_budget(page, live_server.url + f"/en/calls/proposals/{proposal.pk}/edit/budget/")
    lines = BudgetLine.objects.filter(proposal=proposal).order_by("position")
    assert [(line.kind, line.amount) for line in lines] == [
        ("unit_cost", Decimal("2050.00")),
        ("lump_sum", Decimal("3000.00")),
        ("flat_rate", Decimal("307.50")),
    ]
    page.goto(live_server.url + f"/en/calls/proposals/{proposal.pk}/check/")
    page.get_by_text("The proposal is complete and meets the call's conditions.").wait_for()
    page.get_by_role("button", name="Submit the proposal").click()
    page.get_by_text("registered as K4-001").wait_for()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.total_cost) == (ProposalStatus.REGISTERED, Decimal("5357.50"))
    page.goto(live_server.url + f"/en/calls/proposals/{proposal.pk}/")
    page.locator("details > summary").first.click()
    page.get_by_role("columnheader", name="Cost option").wait_for()
    budget = page.locator("main").inner_text()
    assert "Lump sum" in budget and "15.00 % Staff costs" in budget


@pytest.fixture
def demo(transactional_db):
    demo_db.load_demo()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_read_the_period_rules_without_serious_violations(
    axe_page, live_server, demo, prefix
):
    log_in(axe_page, live_server.url, "sara@aleksotas.test")
    assert serious_violations(axe_page, live_server.url + prefix + "/strategy/rules/") == []
    assert "2014-2020" in axe_page.locator("h1").inner_text()


@pytest.mark.browser
def test_the_period_rules_fit_a_phone(phone, live_server, demo):
    log_in(phone, live_server.url, "sara@aleksotas.test")
    phone.goto(live_server.url + "/strategy/rules/")
    assert page_is_narrower_than_viewport(phone)
