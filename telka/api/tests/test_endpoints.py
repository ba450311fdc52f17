"""Each endpoint's JSON and CSV against the rows the builders created."""

import pytest

from .helpers import items, rows

pytestmark = pytest.mark.django_db


def test_it_lists_published_calls_with_allocations_and_criteria(client, world):
    call = world["call"]
    [item] = items(client.get("/api/calls"))
    assert item["id"] == call.pk and item["registration_prefix"] == "K4"
    assert item["status"] == "decided" and item["total_budget"] == "80000.00"
    assert item["url"] == f"http://testserver/calls/{call.pk}/"
    assert [(a["measure_code"], a["amount"]) for a in item["allocations"]] == [
        ("1.1.1", "50000.00"),
        ("1.1.2", "30000.00"),
    ]
    assert [c["code"] for c in item["criteria"]] == ["K1", "K2", "K3", "P1"]
    assert (
        item["criteria"][0]["max_points"] == "40.00"
        and item["criteria"][0]["min_points"] == "10.00"
    )
    assert item["criteria"][3]["kind"] == "pass_fail"


def test_it_gives_calls_allocations_and_criteria_as_csv(client, world):
    call = world["call"]
    [row] = rows(client.get("/api/calls.csv"))
    assert row["registration_prefix"] == "K4" and row["total_budget"] == "80000.00"
    assert "allocations" not in row and row["id"] == str(call.pk)
    allocations = rows(client.get("/api/allocations.csv"))
    assert [(a["call_id"], a["measure_code"], a["max_rate_percent"]) for a in allocations] == [
        (str(call.pk), "1.1.1", "92.50"),
        (str(call.pk), "1.1.2", "92.50"),
    ]
    assert allocations[0]["allows_reduced_amounts"] == "false"
    criteria = rows(client.get("/api/criteria.csv"))
    assert [c["code"] for c in criteria] == ["K1", "K2", "K3", "P1"]


def test_it_lists_the_funded_and_reserve_lists_of_decided_calls(client, world):
    funded, reserve, below = world["proposals"]
    found = items(client.get("/api/results"))
    assert [(r["registration_number"], r["outcome"]) for r in found] == [
        (funded.reg_number, "funded"),
        (reserve.reg_number, "reserve"),
    ]
    first, second = found
    assert first["applicant"] == "Asociacija „Jaunimo iniciatyvos“"
    assert first["applicant_code"] == "300000001" and first["title"] == "Jaunimo erdvė"
    assert first["score"] == "90.00" and first["fixed_amount"] == "20000.00"
    assert first["decided_on"] == "2026-05-04" and first["reserve_place"] is None
    assert second["reserve_place"] == 1 and second["fixed_amount"] is None
    assert second["requested_amount"] == "40000.00" and second["score"] == "80.00"
    assert rows(client.get("/api/results.csv")) == [
        {k: "" if v is None else str(v) for k, v in r.items()} for r in found
    ]


def test_it_lists_projects_with_planned_and_accepted_indicator_values(client, world):
    project = world["project"]
    [item] = items(client.get("/api/projects"))
    assert item["number"] == project.number and item["promoter_code"] == "300000001"
    assert item["grant_amount"] == "10000.00" and item["status"] == "in_implementation"
    assert item["starts_on"] == "2026-01-01" and item["ends_on"] == "2026-12-31"
    # 7 from the accepted report; the submitted one's 5 does not count.
    assert item["indicators"] == [
        {
            "project_id": project.pk,
            "indicator_code": "P1",
            "indicator_name": "Dalyviai",
            "unit": "asmenys",
            "planned": "20.00",
            "achieved": "7.00",
        }
    ]
    [row] = rows(client.get("/api/projects.csv"))
    assert row["number"] == project.number and row["measure_code"] == "1.1.1"
    [indicator] = rows(client.get("/api/project-indicators.csv"))
    assert (indicator["planned"], indicator["achieved"]) == ("20.00", "7.00")


def test_it_gives_the_strategy_in_force_with_targets_and_achievements(client, world, lag):
    from tests.base import make_strategy

    make_strategy(lag, status="draft", version=2, title="Juodraštinė versija")
    data = client.get("/api/strategy").json()
    assert data["version"] == 1 and data["total_budget"] == "200000.00"
    [goal] = data["goals"]
    [objective] = goal["objectives"]
    targets = [t for m in objective["measures"] for t in m["targets"]]
    assert [(t["measure_code"], t["target"], t["achieved"]) for t in targets] == [
        ("1.1.1", "100.00", "7.00"),
        ("1.1.2", "200.00", "0.00"),
    ]
    assert rows(client.get("/api/strategy/targets.csv")) == [
        {k: str(v) for k, v in t.items()} for t in targets
    ]
    [indicator] = items(client.get("/api/indicators"))
    # The draft version's targets do not count; 7 of 300 achieved.
    assert (indicator["target"], indicator["achieved"], indicator["share"]) == (
        "300.00",
        "7.00",
        "0.0233",
    )
    [row] = rows(client.get("/api/indicators.csv"))
    assert row["code"] == "P1" and row["share"] == "0.0233"


def test_it_answers_404_without_a_strategy_in_force(client, lag):
    response = client.get("/api/strategy")
    assert response.status_code == 404
    assert client.get("/api/strategy/targets.csv").status_code == 404


def test_it_lists_published_news_and_events_only(client, world):
    assert [n["title"] for n in items(client.get("/api/news"))] == ["Vieša naujiena"]
    assert [n["slug"] for n in rows(client.get("/api/news.csv"))] == ["viesa"]
    [event] = items(client.get("/api/events"))
    assert event["title"] == "Mokymai" and event["kind"] == "training" and event["capacity"] == 30
    assert event["url"] == "http://testserver/events/mokymai/"
    assert [e["title"] for e in rows(client.get("/api/events.csv"))] == ["Mokymai"]


def test_indicator_totals_count_only_projects_of_the_strategy_in_force(client, world, lag):
    """A project of an earlier programming period (its own measures, not a version of
    the ones in force) reports on the same indicator: like the dashboard, the API's
    total counts only the strategy in force."""
    from telka.evaluation.tests.builders import make_call
    from telka.monitoring.models import IndicatorValue, Report, ReportStatus
    from telka.monitoring.tests.builders import make_project
    from tests.base import make_strategy

    earlier = make_strategy(lag, status="superseded", version=9, period_start=2007, period_end=2013)
    old = make_project(earlier, call=make_call(earlier, number="2007-1"))
    report = old.reports.first()
    IndicatorValue.objects.create(report=report, indicator=old.indicators.get().indicator, value=50)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    [indicator] = items(client.get("/api/indicators"))
    assert indicator["achieved"] == "7.00"


def test_a_title_that_looks_like_a_formula_stays_text_in_the_csv(client, world):
    """Issue 14 item 1: open-data CSVs open in spreadsheets too; numbers stay numbers."""
    funded = world["proposals"][0]
    type(funded).objects.filter(pk=funded.pk).update(title='=HYPERLINK("https://x.example")')
    [row, _reserve] = rows(client.get("/api/results.csv"))
    assert row["title"] == '\'=HYPERLINK("https://x.example")'
    assert row["score"] == "90.00" and row["fixed_amount"] == "20000.00"
