"""The public dashboard page and its CSV downloads."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from telka.calls.models import CallStatus
from telka.evaluation.tests.builders import make_call
from telka.monitoring.models import MonitoringSettings, ReportStatus
from telka.strategy.models import Indicator, StrategyStatus
from tests.base import count_queries, make_strategy

from .dashboard_builders import award, project_on, report_values

D = Decimal


@pytest.fixture(autouse=True)
def _lithuanian():
    """Each test starts in Lithuanian, whatever language an earlier request left active."""
    with translation.override("lt"):
        yield


@pytest.fixture
def call(strategy):
    return make_call(strategy, status=CallStatus.DECIDED)


@pytest.fixture
def p1(strategy):
    return Indicator.objects.get(code="P1")


def _projects(strategy, call, p1, count: int, start: int = 0):
    for n in range(start, start + count):
        project = project_on(strategy, call, n % 2, grant=D(1000))
        award(project.proposal, D(1000), signed_on=datetime.date(2026, 2, 1))
        report_values(project, 1, {p1: 2}, paid=D(100))
        report_values(project, 2, {p1: 50}, status=ReportStatus.RETURNED)


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_it_shows_targets_achievements_and_money(client, strategy, call, p1):
    _projects(strategy, call, p1, 3)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Strategijos įgyvendinimo suvestinė" in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert "P1 Dalyviai" in page
    assert "6,00" in page  # 3 accepted reports × 2; returned ones do not count
    assert "3\xa0000\xa0€" in page  # committed and contracted
    assert "300\xa0€" in page  # paid


def test_it_says_so_when_no_strategy_is_in_force(client, lag):
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Dar nėra galiojančios strategijos" in page


def test_it_shows_a_superseded_version_and_hides_drafts(client, lag, strategy):
    make_strategy(lag, version=2, status=StrategyStatus.DRAFT)
    assert client.get(reverse("monitoring:dashboard_version", args=[1])).status_code == 200
    assert client.get(reverse("monitoring:dashboard_version", args=[2])).status_code == 404


def test_it_works_in_english(client, strategy, call, p1):
    _projects(strategy, call, p1, 1)
    page = client.get("/en/monitoring/dashboard/").content.decode()
    assert "Strategy dashboard" in page and "Money by measure" in page


def test_it_flags_commitment_behind_the_milestone(client, lag, strategy, call, p1):
    MonitoringSettings.objects.create(lag=lag, commitment_milestone_on=datetime.date(2020, 3, 31))
    _projects(strategy, call, p1, 1)
    page = client.get("/en/monitoring/dashboard/").content.decode()
    assert "Milestone missed" in page


def test_the_query_count_does_not_grow_with_projects(client, strategy, call, p1):
    _projects(strategy, call, p1, 1)
    url = reverse("monitoring:dashboard")
    one = count_queries(client, url)
    _projects(strategy, call, p1, 12, start=1)
    assert count_queries(client, url) == one <= 9


def test_the_indicator_csv_has_the_figures(client, strategy, call, p1):
    _projects(strategy, call, p1, 2)
    rows = _csv(client.get(reverse("monitoring:dashboard_csv", args=[1, "indicators"])))
    assert rows[0][:3] == ["Uždavinys", "Kodas", "Rodiklis"]
    assert rows[1] == ["1.1", "P1", "Dalyviai", "asmenys", "300", "4", "1.3"]


def test_the_trend_csv_cumulates_by_quarter(client, strategy, call, p1):
    _projects(strategy, call, p1, 2)
    url = reverse("monitoring:dashboard_csv", args=[1, "trend"]) + "?indicator=P1"
    rows = _csv(client.get(url))
    assert rows[1:] == [["P1", "Dalyviai", "2026-04-01", "4", "4"]]


def test_the_money_csv_has_one_row_per_measure(client, strategy, call, p1):
    _projects(strategy, call, p1, 3)
    rows = _csv(client.get(reverse("monitoring:dashboard_csv", args=[1, "money"])))
    assert rows[1] == ["1.1.1", "Veiksmas 1", "100000", "50000", "2000", "2000", "200"]
    assert rows[2] == ["1.1.2", "Veiksmas 2", "100000", "30000", "1000", "1000", "100"]


def test_an_unknown_table_is_not_found(client, strategy):
    url = reverse("monitoring:dashboard_csv", args=[1, "people"])
    assert client.get(url).status_code == 404


def test_the_strategy_page_and_menu_link_to_the_dashboard(client, strategy):
    page = client.get(reverse("strategy:detail")).content.decode()
    assert page.count(reverse("monitoring:dashboard")) >= 2


def test_chart_labels_are_shortened_at_a_word_never_mid_word():
    from telka.monitoring.charts import clip_label

    name = "R2 Socialinės atskirties mažinimo veiklose dalyvavę vaikai, jaunimas ir senjorai"
    short = clip_label(name)
    assert len(short) <= 44 and short.endswith("…")
    assert name.startswith(short[:-1]) and name[len(short) - 1] == " "
    assert clip_label("P1 Dalyviai") == "P1 Dalyviai"
