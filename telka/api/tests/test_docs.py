"""The browsable docs: served from our own static files under the site's strict CSP
(no inline script, no CDN), in the language `?lang=` asks for, linked from every page's footer."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_it_serves_the_docs_without_inline_script_or_outside_files(client):
    response = client.get("/api/docs?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    # Only the settings as a JSON data block run no code; the rest are our static files.
    inline = [attrs for attrs, body in scripts if body.strip()]
    assert inline == [' id="swagger-settings" type="application/json"']
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith((settings.STATIC_URL, "/api/")) for s in sources)
    assert '"validatorUrl": null' in html and '"url": "/api/openapi.json?lang=en"' in html
    assert "<title>Open data API · Telka</title>" in html and '<html lang="en">' in html


def test_the_docs_and_the_description_follow_the_visitors_language(client):
    html = client.get("/api/docs").content.decode()
    assert '<html lang="lt">' in html and "Atvirųjų duomenų API" in html
    document = client.get("/api/openapi.json?lang=lt").json()
    assert document["info"]["description"].startswith("Vietos veiklos grupės vieši duomenys")
    document = client.get("/api/openapi.json?lang=en").json()
    assert document["info"]["description"].startswith("Public data of the local action group")


def test_every_page_links_the_api_docs_from_the_footer(client, lag):
    html = client.get("/").content.decode()
    assert '<a href="/api/docs?lang=lt">Atvirieji duomenys (API, CSV)</a>' in html
    english = client.get("/en/").content.decode()
    assert '<a href="/api/docs?lang=en">Open data (API, CSV)</a>' in english


def test_the_endpoints_and_headings_follow_the_visitors_language(client):
    lithuanian = client.get("/api/openapi.json?lang=lt").json()
    calls = lithuanian["paths"]["/api/calls"]["get"]
    assert (calls["summary"], calls["tags"]) == ("Paskelbti kvietimai", ["kvietimai"])
    assert lithuanian["info"]["title"] == "Telkos atvirųjų duomenų API"
    assert calls["responses"]["304"]["description"].startswith("Nepasikeitė")
    english = client.get("/api/openapi.json?lang=en").json()
    assert english["paths"]["/api/calls"]["get"]["summary"] == "Published calls"
