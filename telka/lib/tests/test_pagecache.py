from django.core.cache import caches

from telka.content.models import News
from telka.content.tests.builders import make_news
from telka.lag.site import lag_for_host


def test_it_serves_anonymous_visitors_a_cached_page_without_queries(
    client, lag, django_assert_num_queries
):
    client.get("/about/")
    with django_assert_num_queries(0):
        assert "Aleksoto VVG" in client.get("/about/").text


def test_an_edit_shows_at_once(client, lag):
    assert "Naujas tekstas" not in client.get("/about/").text
    lag.vision = "Naujas tekstas"
    lag.save()
    assert "Naujas tekstas" in client.get("/about/").text


def test_each_language_is_cached_separately(client, lag):
    assert client.get("/about/").headers["Content-Language"] == "lt"
    assert client.get("/en/about/").headers["Content-Language"] == "en"


def test_logged_in_users_are_never_served_the_cache(client, lag, rita):
    news = make_news(lag, title="Senas pavadinimas")
    client.get("/news/")
    News.objects.filter(pk=news.pk).update(title="Be signalo")  # bypasses the cache refresh
    assert "Be signalo" not in client.get("/news/").text
    client.force_login(rita)
    assert "Be signalo" in client.get("/news/").text
    assert caches["pages"].get("pages:generation") is not None


def test_the_lag_of_a_host_is_read_once_per_generation_and_changes_with_a_save(
    client, lag, rita, django_assert_num_queries
):
    """Every page needs its LAG: its row is kept until public data is next saved."""
    client.force_login(rita)
    client.get("/about/")
    with django_assert_num_queries(0):  # the LAG row alone, outside any page
        assert lag_for_host("testserver").pk == lag.pk
    kept = lag_for_host("testserver")
    kept.vision = "Pakeista tik šiame užklausime"  # one request's change to its own object
    assert lag_for_host("testserver").vision != kept.vision
    lag.vision = "Nauja vizija"
    lag.save()
    assert "Nauja vizija" in client.get("/about/").text
