"""Finding 1 of issue 15: visitors see friendly error pages in their language, never
Django's technical pages, and nonsense amounts are form errors (tested in the calls
app). `make run` serves with DEBUG off (tests/test_make_run.py)."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from telka.urls import urlpatterns as site_urls


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied


@csrf_protect
def _form(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = [
    *i18n_patterns(
        path("boom/", _boom),
        path("forbidden/", _forbidden),
        path("form/", _form),
        prefix_default_language=False,
    ),
    *site_urls,
]
PREFIX = {"lt": "", "en": "/en"}


@pytest.mark.parametrize(
    ("prefix", "title"), [("", "Puslapis nerastas"), ("/en", "Page not found")]
)
def test_a_page_the_role_cannot_see_is_a_friendly_404(client, rita, prefix, title):
    client.force_login(rita)
    response = client.get(f"{prefix}/evaluation/calls/1/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in page and "URLconf" not in page
    assert "/accounts/" in page  # a way on: the personal area


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("language", "title"), [("lt", "Įvyko klaida"), ("en", "Something went wrong")]
)
def test_an_error_is_a_friendly_500_page(db, language, title):
    response = Client(raise_request_exception=False).get(f"{PREFIX[language]}/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert title in page and "Traceback" not in page and "a bug" not in page


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("language", "title"), [("lt", "Prieiga uždrausta"), ("en", "Access denied")]
)
def test_a_refusal_is_a_friendly_403_page(db, language, title):
    response = Client().get(f"{PREFIX[language]}/forbidden/")
    assert response.status_code == 403 and f"<h1>{title}</h1>" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_an_expired_form_is_explained(db):
    response = Client(enforce_csrf_checks=True).post("/en/form/")
    assert response.status_code == 403
    assert "<h1>The form has expired</h1>" in response.content.decode()
