"""The browsable API docs: Swagger UI from the files django-ninja ships (served by us,
no CDN). Our template only adds the page language and a translated title; the page
runs no inline script (settings travel as a JSON data block read by ninja's init
file), so the site's strict CSP applies to it unchanged."""

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from ninja.openapi.docs import DocsBase

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def requested_language(request: HttpRequest) -> str:
    """/api/ is outside the language prefixes: the docs take `?lang=en` instead."""
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGES else settings.LANGUAGE_CODE


def in_requested_language(view):
    """Render the docs page and the OpenAPI document in the `?lang=` language."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(requested_language(request)):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = requested_language(request)
        return response

    return wrapper


class Docs(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        url = self.get_openapi_url(api, kwargs)
        swagger = {
            "url": f"{url}?lang={requested_language(request)}",
            "layout": "BaseLayout",
            # Deep links put a link inside each operation's toggle button, which
            # screen readers cannot use (axe: nested-interactive).
            "deepLinking": False,
            # No badge fetched from validator.swagger.io: the docs work offline.
            "validatorUrl": None,
        }
        return render(request, self.template, {"api": api, "swagger_settings": swagger})
