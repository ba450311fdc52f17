"""ETags, 304, Cache-Control, pagination, and query counts that do not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from telka.content.models import News

from . import builders
from .helpers import ALL, JSON_LISTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def still_clock(monkeypatch):
    """The ETag's time bucket stays put, so a test never straddles two buckets."""
    monkeypatch.setattr("telka.api.caching.time_bucket", lambda: 1)


@pytest.mark.parametrize("url", ALL)
def test_it_answers_304_to_a_matching_etag(
    client, world, url, still_clock, django_assert_num_queries
):
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_change_of_public_data_changes_the_etag(client, world, lag, still_clock):
    first = client.get("/api/news")
    News.objects.create(lag=lag, title="Kita naujiena", slug="kita", summary="S")
    second = client.get("/api/news", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert [n["slug"] for n in second.json()["items"]] == ["kita", "viesa"]


def test_the_etag_changes_with_the_time_bucket(client, world, monkeypatch):
    """Changes made without a save (a news item scheduled for now) show within a bucket."""
    monkeypatch.setattr("telka.api.caching.time_bucket", lambda: 1)
    first = client.get("/api/news")
    monkeypatch.setattr("telka.api.caching.time_bucket", lambda: 2)
    later = client.get("/api/news", headers={"If-None-Match": first["ETag"]})
    assert later.status_code == 200 and later["ETag"] != first["ETag"]


def test_it_paginates_with_links(client, lag):
    for number in range(7):
        News.objects.create(lag=lag, title=f"Naujiena {number}", slug=f"n{number}", summary="S")
    first = client.get("/api/news?page_size=3").json()
    assert (first["count"], first["pages"], first["previous"]) == (7, 3, None)
    assert [n["slug"] for n in first["items"]] == ["n6", "n5", "n4"]
    assert first["next"] == "http://testserver/api/news?page_size=3&page=2"
    last = client.get("/api/news?page_size=3&page=3").json()
    assert [n["slug"] for n in last["items"]] == ["n0"] and last["next"] is None
    assert last["previous"] == "http://testserver/api/news?page_size=3&page=2"
    beyond = client.get("/api/news?page_size=3&page=9").json()
    assert beyond["items"] == [] and beyond["count"] == 7
    assert client.get("/api/news?page=0").status_code == 422
    assert client.get("/api/news?page_size=501").status_code == 422


def _queries(client) -> dict[str, int]:
    from django.core.cache import caches

    caches["pages"].clear()
    counts = {}
    for url in ALL:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + ("?page_size=500" if url in JSON_LISTS else ""))
        assert response.status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


def test_the_query_count_does_not_grow_with_rows(client, world, strategy, lag):
    one = _queries(client)
    builders.more_of_everything(world, strategy, lag, 6)
    assert _queries(client) == one
    assert max(one.values()) <= 8, one
