"""Filters on the lists, the same for JSON and CSV."""

import pytest

from telka.content.models import News
from telka.monitoring.models import ProjectStatus

from .builders import project_with_reports
from .helpers import items, rows

pytestmark = pytest.mark.django_db


def test_it_filters_results_by_call_and_list(client, world, strategy):
    call = world["call"]
    funded = items(client.get(f"/api/results?call_id={call.pk}&outcome=funded"))
    assert [r["outcome"] for r in funded] == ["funded"]
    reserve = rows(client.get(f"/api/results.csv?call_id={call.pk}&outcome=reserve"))
    assert [r["reserve_place"] for r in reserve] == ["1"]
    assert items(client.get(f"/api/results?call_id={call.pk + 100}")) == []
    assert client.get("/api/results?outcome=rejected").status_code == 422


def test_it_filters_calls_by_status(client, world):
    assert [c["status"] for c in items(client.get("/api/calls?status=decided"))] == ["decided"]
    assert rows(client.get("/api/calls.csv?status=open")) == []
    assert client.get("/api/calls?status=draft").status_code == 422


def test_it_filters_projects_by_status_and_measure(client, world, strategy):
    other = project_with_reports(strategy, world["call"], status=ProjectStatus.COMPLETED)
    completed = items(client.get("/api/projects?status=completed"))
    assert [p["number"] for p in completed] == [other.number]
    assert [p["measure_code"] for p in items(client.get("/api/projects?measure_code=1.1.1"))] == [
        "1.1.1",
        "1.1.1",
    ]
    assert rows(client.get("/api/projects.csv?measure_code=9.9.9")) == []


def test_it_finds_news_by_words_without_accents(client, lag):
    News.objects.create(lag=lag, title="Kvietimas teikti pasiūlymus", slug="k", summary="S")
    News.objects.create(lag=lag, title="Mokymai", slug="m", summary="S")
    assert [n["slug"] for n in items(client.get("/api/news?q=pasiulymus"))] == ["k"]
    assert [n["slug"] for n in rows(client.get("/api/news.csv?q=mokymai"))] == ["m"]
