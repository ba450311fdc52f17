"""Each period rule, checked the same way under both periods: the period record of the
strategy (and the fund of the call) decides the outcome, not a constant in the code."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from telka.calls.checks import call_problems, proposal_problems
from telka.calls.models import BudgetLine, Call, CostKind
from telka.calls.tests.helpers import fill, make_proposal, open_call
from telka.decisions.models import Meeting
from telka.decisions.workflow import schedule_meeting
from telka.lib.workflow import Refused
from telka.periods.models import Fund, PeriodFund, ProgrammingPeriod
from telka.periods.rules import ensure_seeded, get_fund, get_period, rules_for
from telka.strategy.models import Strategy
from tests.base import make_strategy

D = Decimal


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def strategy_of(lag, period: str, fund: str | None = None) -> Strategy:
    first = get_period(period).first_year + 1
    return make_strategy(
        lag,
        period_start=first,
        period_end=first + 6,
        fund=get_fund(fund) if fund else None,
        in_force_from=datetime.date(first, 1, 1),
    )


def test_the_seeded_periods_hold_the_values_of_the_domain_note(db):
    old, new = get_period("2014-2020"), get_period("2021-2027")
    assert (old.max_group_share, old.max_public_vote_share) == (D("0.49"), D("0.50"))
    assert (new.max_group_share, new.max_public_vote_share) == (None, None)
    assert (old.sco_threshold, new.sco_threshold) == (None, D(200000))
    assert old.default_fund.code == "ESF" and new.default_fund.code == "EAFRD"
    eafrd = PeriodFund.objects.get(period=new, fund__code="EAFRD")
    assert (eafrd.running_cost_cap_percent, eafrd.running_cost_cap_includes_cooperation) == (
        D(20),
        True,
    )
    assert set(new.fund_rules.filter(sco_mandatory=True).values_list("fund__code", flat=True)) == {
        "ESF+",
        "ERDF",
    }


def test_a_strategy_gets_the_period_of_its_first_year_and_a_call_the_strategy_fund(lag):
    strategy = make_strategy(lag)  # 2015–2020, as the demo
    assert strategy.period.code == "2014-2020"
    call = Call.objects.create(lag=lag, strategy=strategy, number="9", title="K")
    assert call.fund.code == "ESF"
    assert rules_for(call).fund == "ESF" and rules_for(call).period == "2014-2020"


@pytest.mark.parametrize(
    ("period", "fund", "running", "cooperation", "refused"),
    [
        # 22 % running costs: within 25 % (2014–2020, ESF) but not the LT EAFRD 20 %.
        ("2014-2020", None, "44000", "0", None),
        ("2021-2027", "EAFRD", "44000", "0", "exceed 20 % of the total budget"),
        ("2021-2027", "ESF+", "44000", "0", None),
        # 15 % + 10 % cooperation: only EAFRD 2021–2027 counts cooperation in.
        ("2014-2020", None, "30000", "20000", None),
        ("2021-2027", "EAFRD", "30000", "20000", "with cooperation exceed 20 %"),
    ],
)
def test_the_running_cost_cap_is_the_period_and_fund_one(
    lag, period, fund, running, cooperation, refused
):
    strategy = strategy_of(lag, period, fund)  # total budget 200 000
    strategy.running_costs_budget = D(running)
    measure = strategy.measures().first()
    measure.budget, measure.is_cooperation = D(cooperation), True
    measure.save()
    problems = strategy.running_cost_problems()
    if refused:
        assert len(problems) == 1 and refused in problems[0] and period in problems[0]
    else:
        assert problems == []


@pytest.mark.parametrize(
    ("period", "fund", "refused"),
    [("2014-2020", None, False), ("2021-2027", "ESF+", True), ("2021-2027", "EAFRD", False)],
)
def test_real_costs_in_a_small_project_are_refused_only_where_the_fund_requires_sco(
    lag, organisation, ana, period, fund, refused
):
    call = open_call(lag, strategy_of(lag, period), fund=get_fund(fund) if fund else None)
    Call.objects.filter(pk=call.pk).update(cost_kinds=list(CostKind.values))
    call.refresh_from_db()
    proposal = fill(make_proposal(call, organisation, ana, complete=False))
    messages = [p.message for p in proposal_problems(proposal)]
    sco = [m for m in messages if "lump sums, unit costs or flat rates" in m]
    assert bool(sco) == refused
    if refused:
        assert "ESF+ project costing at most €200,000.00" in sco[0]


def test_an_sco_budget_passes_and_flat_rates_are_computed_from_their_base(lag, organisation, ana):
    call = open_call(lag, strategy_of(lag, "2021-2027"), fund=get_fund("ESF+"))
    Call.objects.filter(pk=call.pk).update(cost_kinds=["unit_cost", "lump_sum", "flat_rate"])
    call.refresh_from_db()
    proposal = fill(make_proposal(call, organisation, ana, complete=False))
    proposal.budget_lines.all().delete()
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        kind="unit_cost",
        description="Val.",
        quantity=D(100),
        unit_price=D("20.50"),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="services",
        kind="lump_sum",
        description="Renginys",
        unit_price=D(3000),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="indirect",
        kind="flat_rate",
        description="Netiesioginės",
        rate_percent=D(15),
        base_category="staff",
    )
    proposal.recalculate_budget()
    assert proposal.total_cost == D("2050") + D("3000") + D("307.50")
    proposal.save()
    messages = [p.message for p in proposal_problems(proposal)]
    assert not [m for m in messages if "flat rates" in m or "does not allow" in m]


def test_a_line_of_a_kind_the_call_does_not_allow_is_refused(lag, organisation, ana):
    call = open_call(lag, strategy_of(lag, "2014-2020"))  # real costs only
    proposal = fill(make_proposal(call, organisation, ana, complete=False))
    BudgetLine.objects.filter(proposal=proposal).update(kind="lump_sum")
    messages = [p.message for p in proposal_problems(proposal)]
    assert "The call does not allow lump sum budget lines." in messages


@pytest.mark.parametrize(("fund", "refused"), [("ESF+", True), ("EAFRD", False)])
def test_a_call_of_an_sco_fund_must_allow_a_simplified_option(lag, fund, refused):
    call = open_call(lag, strategy_of(lag, "2021-2027"), fund=get_fund(fund))
    messages = [p.message for p in call_problems(call)]
    assert any("must use simplified cost options" in m for m in messages) == refused


@pytest.mark.parametrize(("period", "allowed"), [("2014-2020", True), ("2021-2027", False)])
def test_a_written_procedure_only_where_the_period_allows_it(lag, board, sara, period, allowed):
    # The record is data: here 2021–2027 says no (as a national rule might).
    ensure_seeded()
    ProgrammingPeriod.objects.filter(code="2021-2027").update(allows_written_procedure=False)
    strategy = strategy_of(lag, period)
    starts = timezone.make_aware(datetime.datetime(strategy.period_start + 1, 3, 1, 10))
    schedule = {
        "lag": lag,
        "actor": sara,
        "number": "R-1",
        "mode": "written",
        "starts_at": starts,
        "ballots_due_at": starts + datetime.timedelta(days=5),
    }
    if allowed:
        schedule_meeting(**schedule)
        assert Meeting.objects.get().mode == "written"
    else:
        with pytest.raises(Refused, match="2021-2027 period do not allow"):
            schedule_meeting(**schedule)
        assert not Meeting.objects.exists()


def test_a_fund_outside_the_strategy_period_is_refused_on_the_call_form(lag, sara):
    from telka.calls.forms.staff import CallForm

    strategy = strategy_of(lag, "2021-2027")
    form = CallForm(
        {"number": "7", "title": "K", "strategy": strategy.pk, "fund": get_fund("ESF").pk},
        lag=lag,
    )
    assert not form.is_valid()
    assert "The ESF is not a fund of the 2021-2027 period." in form.errors["fund"]


def test_funds_have_their_names_in_both_languages(db):
    ensure_seeded()
    fund = Fund.objects.get(code="EAFRD")
    with translation.override("lt"):
        assert fund.local_name.startswith("Europos žemės ūkio fondas")
    assert fund.local_name == "European Agricultural Fund for Rural Development"
