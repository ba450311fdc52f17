"""Staff, assessors and board members of one LAG see nothing of another's non-public data
(issue 18): every object URL of the site, filled with the Aleksotas demo's rows, is
requested

- on Aleksotas's host by every person of Pamarys (staff, assessor, board member, chair,
  applicant, auditor), who may see no more than a resident without any role does;
- on Pamarys's host by Aleksotas's own people and by a visitor: another LAG's object is
  "not found" there, whoever asks (its ids are guessed for them: they are real ids);

and every page without parameters, the open-data API and the back office on each host
show that LAG's rows only. The data is built once for the module (see tests/cross_lag.py).
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from telka.audit.models import AuditEvent
from telka.lag.models import LocalActionGroup
from telka.lag.scoping import for_lags
from telka.lib.adminsite import discover
from tests import cross_lag, demo_db

LINK = re.compile(
    r'(?:href|action|hx-get|hx-post|src)="(?:https?://[^/"]+)?([^"#?]+)|<loc>https?://[^/<]+([^<#?]+)'
)
LOGIN = "/accounts/login/"
# Pages whose GET only offers a form a person fills in for themself (no other person's
# data): a person without a role may open them too.
REFUSED = {403, 404}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("cross-lag-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        demo_db.load_demo()
        home = LocalActionGroup.objects.get(slug="aleksotas")
        home.host = cross_lag.HOME_HOST
        home.save(update_fields=["host"])
        cross_lag.complete_the_demo(home)
        other = cross_lag.build_other_lag()
        yield {
            "home": home,
            "other": other,
            "urls": cross_lag.object_urls(home),
            "other_urls": cross_lag.object_urls(other.lag),
            "demo": cross_lag.demo_personas(),
            "media": media,
        }
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world):
    settings.MEDIA_ROOT = world["media"]


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def request(client: Client, path: str, host: str):
    """GET the path; a POST-only URL is POSTed to, empty."""
    response = client.get(path, HTTP_HOST=host)
    if response.status_code == 405:
        response = client.post(path, {}, HTTP_HOST=host)
    return response


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        return "login" if location.startswith(LOGIN) else f"302 {location}"
    return str(response.status_code)


def links(response) -> set[str]:
    if not any(kind in response.get("Content-Type", "") for kind in ("html", "xml")):
        return set()
    found = LINK.findall(response.content.decode(errors="replace"))
    return {page or loc for page, loc in found}


def first_paths(urls: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, paths[0]) for name, paths in sorted(urls.items()) if paths]


# Kinds of objects the walk cannot reach in the demo (none: complete_the_demo adds them).
NOT_IN_DEMO: set[str] = set()


@pytest.mark.django_db
def test_the_walk_covers_every_object_url(world):
    names = cross_lag.parameterised_url_names()
    assert names - set(cross_lag.OBJECT_URLS) - cross_lag.GLOBAL_URLS == set(), (
        "a new URL: add it to OBJECT_URLS (or GLOBAL_URLS) in tests/cross_lag.py"
    )
    empty = {name for name, paths in world["urls"].items() if not paths}
    assert empty == NOT_IN_DEMO, " ".join(sorted(empty ^ NOT_IN_DEMO))


@pytest.mark.django_db
def test_another_lags_people_see_no_more_than_a_resident(world):
    """Pamarys's people on Aleksotas's host: a page refused to a resident is refused to
    them, and a page a resident may see offers them no link a resident is not offered."""
    people = {key: client_of(user) for key, user in world["other"].people.items()}
    resident = people.pop("newcomer")  # a registered person with no role anywhere
    leaks = []
    for name, path in first_paths(world["urls"]):
        if name == "content:registration_cancel":
            continue
        baseline = request(resident, path, cross_lag.HOME_HOST)
        for key, client in people.items():
            response = request(client, path, cross_lag.HOME_HOST)
            if response.status_code == 200 and baseline.status_code != 200:
                leaks.append((name, key, outcome(baseline), "200"))
            elif response.status_code == 200:
                extra = links(response) - links(baseline)
                if extra:
                    leaks.append((name, key, "links", sorted(extra)))
            elif outcome(response) != outcome(baseline) and response.status_code not in REFUSED:
                leaks.append((name, key, outcome(baseline), outcome(response)))
    assert not leaks, "\n".join(map(repr, leaks))


@pytest.mark.django_db
def test_a_lags_objects_are_not_found_on_another_lags_host(world):
    """Aleksotas's objects by their real ids on Pamarys's host: not found for a visitor
    and for Aleksotas's own staff, assessor, board member and applicant alike."""
    people = {"visitor": client_of()}
    people |= {key: client_of(user) for key, user in world["demo"].items()}
    leaks = []
    for name, paths in sorted(world["urls"].items()):
        for path in paths:
            for key, client in people.items():
                response = request(client, path, cross_lag.OTHER_HOST)
                if response.status_code not in REFUSED and outcome(response) != "login":
                    leaks.append((name, path, key, outcome(response)))
    assert not leaks, "\n".join(map(repr, leaks))


def other_lags_paths(world) -> set[str]:
    return {path for paths in world["urls"].values() for path in paths}


@pytest.mark.django_db
def test_each_hosts_pages_show_only_that_lags_objects(world):
    """Every page, feed, sitemap and export without parameters: on Pamarys's host, for a
    visitor and for Aleksotas's staff, no link to Aleksotas's objects and
    no text of them; on Aleksotas's host, for each of Pamarys's people, none of
    Pamarys's."""
    home_paths = other_lags_paths(world)
    pamarys_paths = {p for paths in world["other_urls"].values() for p in paths}
    demo = world["demo"]
    # (Ana's own organisation, global, is named after Aleksotas: tests/test_one_account_*
    # check an applicant's pages on two hosts.)
    on_other = {"visitor": client_of(), "sara": client_of(demo["staff"])}
    on_home = {key: client_of(user) for key, user in world["other"].people.items()}
    checks = [
        (on_other, cross_lag.OTHER_HOST, home_paths, cross_lag.HOME_MARK),
        (on_home, cross_lag.HOME_HOST, pamarys_paths, cross_lag.OTHER_MARK),
    ]
    leaks = []
    for path in cross_lag.plain_paths():
        for readers, host, foreign_paths, mark in checks:
            for key, client in readers.items():
                response = client.get(path, HTTP_HOST=host)
                found = links(response) & foreign_paths
                if found or mark in response.content.decode(errors="replace"):
                    leaks.append((path, key, host, sorted(found)))
    assert not leaks, "\n".join(map(repr, leaks))


@pytest.mark.django_db
def test_the_open_data_api_of_each_host_holds_that_lags_rows(world):
    client = client_of()
    for endpoint in ("/api/calls", "/api/calls.csv", "/api/news", "/api/strategy"):
        home = client.get(endpoint, HTTP_HOST=cross_lag.HOME_HOST).content.decode()
        other = client.get(endpoint, HTTP_HOST=cross_lag.OTHER_HOST).content.decode()
        assert cross_lag.OTHER_MARK not in home, endpoint
        assert cross_lag.OTHER_MARK in other and "Aleksot" not in other, endpoint


@pytest.mark.django_db
def test_the_back_office_shows_staff_their_own_lags_rows_only(world):
    """Pamarys's staff in the admin: no Aleksotas row is listed, and each one's change
    page is not found; Aleksotas's staff likewise see none of Pamarys's rows."""
    home, other = world["home"], world["other"]
    client = client_of(other.people["staff"])
    leaks = []
    for model, _model_admin in discover()._registry.items():
        meta = model._meta
        listing = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        if listing.status_code != 200:
            continue
        rows = for_lags(model._default_manager.all(), [home.pk])
        if rows.query.where and rows.exists() and listing.context["cl"].result_count:
            shown = listing.context["cl"].queryset
            if shown.filter(pk__in=rows.values("pk")).exists():
                leaks.append((meta.label, "listed"))
            first = rows.order_by("pk").first()
            change = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{first.pk}/change/")
            if change.status_code == 200:
                leaks.append((meta.label, "opened"))
    assert not leaks, "\n".join(map(repr, leaks))
    # Their own LAG's texts they edit; its host name (which LAG a request is for) not.
    own = client.get(f"/admin/lag/localactiongroup/{other.lag.pk}/change/")
    assert "name" in own.context["adminform"].form.fields
    assert "host" not in own.context["adminform"].form.fields
    sara = client_of(world["demo"]["staff"])
    lags = sara.get("/admin/lag/localactiongroup/").context["cl"].queryset
    assert list(lags) == [home]
    assert sara.get(f"/admin/lag/localactiongroup/{other.lag.pk}/change/").status_code == 302


@pytest.mark.django_db
def test_the_audit_log_of_each_lag_holds_its_own_events(world):
    other = world["other"]
    for key in ("staff", "auditor"):
        client = client_of(other.people[key])
        page = client.get("/audit/", HTTP_HOST=cross_lag.OTHER_HOST)
        assert page.status_code == 200, key
        shown = {event.pk for event in page.context["page_obj"]}
        home_events = AuditEvent.objects.filter(object_repr__contains="Aleksot")
        assert not shown & set(home_events.values_list("pk", flat=True)), key
        refused = client.get("/audit/", HTTP_HOST=cross_lag.HOME_HOST)
        assert refused.status_code == 404, key
