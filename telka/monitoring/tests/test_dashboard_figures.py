"""The dashboard's figures: exact sums for a small scenario, money per measure, the
commitment pace, and (hypothesis) achieved = Σ values of accepted reports only."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telka.calls.models import CallStatus, ProposalStatus
from telka.evaluation.tests.builders import make_call
from telka.monitoring.figures import strategy_figures
from telka.monitoring.models import MonitoringSettings, ReportStatus
from telka.strategy.models import Indicator

from .dashboard_builders import award, project_on, report_values

D = Decimal


@pytest.fixture
def call(strategy):
    return make_call(strategy, status=CallStatus.DECIDED)


@pytest.fixture
def p1(strategy):
    return Indicator.objects.get(code="P1")


@pytest.fixture
def scenario(strategy, call, p1):
    """Two projects on measure 1.1.1, one on 1.1.2; reports in every status."""
    one = project_on(strategy, call, 0, grant=D(10000))
    two = project_on(strategy, call, 0, grant=D(8000))
    three = project_on(strategy, call, 1, grant=D(5000))
    award(one.proposal, D(10000), approved=D(9000), signed_on=datetime.date(2026, 2, 1))
    award(two.proposal, D(8000), status=ProposalStatus.SELECTED)
    award(three.proposal, D(5000), status=ProposalStatus.LAPSED)
    report_values(one, 1, {p1: 7}, paid=D(3000))
    report_values(one, 2, {p1: 100}, status=ReportStatus.SUBMITTED, paid=D(999))
    report_values(two, 1, {p1: 50}, status=ReportStatus.RETURNED)
    report_values(two, 2, {p1: 5}, paid=D(2000))
    report_values(three, 1, {p1: 1}, status=ReportStatus.DUE)
    return one, two, three


def test_it_adds_up_targets_and_accepted_values_per_objective(strategy, scenario, p1):
    figures = strategy_figures(strategy, today=datetime.date(2026, 12, 31))
    [objective] = figures.objectives
    [row] = objective.indicators
    assert row.indicator == p1
    assert row.target == D(300)  # 100 + 200 over the objective's two measures
    assert row.achieved == D(12)  # 7 + 5; submitted, returned and due reports do not count
    assert row.share == D("4.0")
    assert [(p.on, p.added, p.cumulative) for p in row.trend] == [
        (datetime.date(2026, 4, 1), D(7), D(7)),
        (datetime.date(2026, 10, 1), D(5), D(12)),
    ]
    assert row.achieved_in(2026) == D(12) and row.achieved_in(2025) == D(0)


def test_it_computes_the_money_of_each_measure(strategy, scenario):
    figures = strategy_figures(strategy)
    first, second = figures.measures
    assert (first.budget, first.allocated, first.committed, first.contracted, first.paid) == (
        D(100000),
        D(50000),
        D(17000),  # approved 9 000 + fixed 8 000 of the undecided one
        D(9000),  # only the signed agreement
        D(5000),  # accepted reports only
    )
    assert (second.allocated, second.committed, second.contracted, second.paid) == (
        D(30000),
        D(0),  # lapsed
        D(0),
        D(0),
    )
    totals = figures.totals
    assert (totals.budget, totals.allocated, totals.committed) == (D(200000), D(80000), D(17000))


def test_a_cancelled_call_allocates_nothing(strategy, scenario, call):
    type(call).objects.filter(pk=call.pk).update(status=CallStatus.CANCELLED)
    assert [m.allocated for m in strategy_figures(strategy).measures] == [D(0), D(0)]


def test_the_cut_off_date_leaves_out_later_reports(strategy, scenario):
    figures = strategy_figures(strategy, until=datetime.date(2026, 6, 30))
    assert figures.objectives[0].indicators[0].achieved == D(7)
    assert figures.measures[0].paid == D(3000)


def test_values_of_an_earlier_version_count_under_the_amended_measure(strategy, scenario, lag):
    from telka.strategy.versions import copy_version

    amended = copy_version(strategy, version=2)
    figures = strategy_figures(amended)
    assert figures.objectives[0].indicators[0].achieved == D(12)
    assert figures.measures[0].committed == D(17000)


def test_the_commitment_pace_is_flagged_when_behind_the_milestone(strategy, lag, scenario):
    MonitoringSettings.objects.create(
        lag=lag, commitment_milestone_on=datetime.date(2020, 3, 31), commitment_milestone_share=90
    )
    pace = strategy_figures(strategy, today=datetime.date(2021, 1, 1)).pace
    assert pace.allocation == D(200000) and pace.committed == D(17000)
    assert pace.share == D("8.5")
    assert pace.expected_share == D(90)
    assert pace.behind and pace.milestone_missed


def test_the_pace_expected_grows_linearly_and_is_met(strategy, lag, scenario):
    MonitoringSettings.objects.create(
        lag=lag, commitment_milestone_on=datetime.date(2016, 1, 1), commitment_milestone_share=20
    )
    # Halfway from 2015-01-01 to 2016-01-01: 10 % expected, 8.5 % committed.
    pace = strategy_figures(strategy, today=datetime.date(2015, 7, 2)).pace
    assert pace.expected_share == D("10.0") and pace.behind
    pace = strategy_figures(strategy, today=datetime.date(2015, 4, 1)).pace
    assert not pace.behind and not pace.milestone_missed


def test_without_a_milestone_nothing_is_flagged(strategy, scenario):
    pace = strategy_figures(strategy).pace
    assert pace.milestone_on is None and not pace.behind


def test_the_figures_take_a_fixed_number_of_queries(
    strategy, call, p1, django_assert_max_num_queries
):
    for n in range(3):
        project = project_on(strategy, call, n % 2)
        report_values(project, 1, {p1: n})
    with django_assert_max_num_queries(6):
        strategy_figures(strategy)


REPORT = st.tuples(
    st.sampled_from(list(ReportStatus.values)),
    st.integers(0, 1000),
    st.integers(0, 10000),
)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.tuples(st.integers(0, 2), st.integers(1, 2)), REPORT, max_size=6))
def test_achieved_and_paid_are_the_sums_of_accepted_reports(strategy, call, p1, reports):
    with transaction.atomic():
        projects = [project_on(strategy, call, n % 2) for n in range(3)]
        for (n, sequence), (status, value, paid) in reports.items():
            report_values(projects[n], sequence, {p1: value}, status=status, paid=D(paid))
        figures = strategy_figures(strategy)
        accepted = [r for r in reports.values() if r[0] == ReportStatus.ACCEPTED]
        [row] = figures.indicator_totals()
        assert row.achieved == sum(D(v) for _, v, _ in accepted)
        assert figures.totals.paid == sum(D(p) for _, _, p in accepted)
        assert row.trend == [] or row.trend[-1].cumulative == row.achieved
        transaction.set_rollback(True)
