from django.core.cache import caches

from telka.lag.models import LocalActionGroup


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
    client.get("/about/")
    LocalActionGroup.objects.filter(pk=lag.pk).update(
        vision="Be signalo"
    )  # bypasses the cache refresh
    assert "Be signalo" not in client.get("/about/").text
    client.force_login(rita)
    assert "Be signalo" in client.get("/about/").text
    assert caches["pages"].get("pages:generation") is not None
