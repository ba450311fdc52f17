"""The browsable API docs: Swagger UI from the files django-ninja ships (served by us,
no CDN). Our template only adds the page language and a translated title; the page
runs no inline script (settings travel as a JSON data block read by ninja's init
file), so the site's strict CSP applies to it unchanged."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class Docs(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # No badge fetched from validator.swagger.io: the docs work offline.
            "validatorUrl": None,
        }
        return render(request, self.template, {"api": api, "swagger_settings": settings})
