"""Every page links to itself in each language: the links the site context processor
gives are what Django's translate_url gives for the page's path."""

import pytest
from django.urls import translate_url


@pytest.mark.parametrize(
    "path",
    [
        "/about/",
        "/en/about/members/",
        "/contacts/?q=Ona%20%3Cx%3E&page=2",
        "/en/about/board/?a=1#x",
        "/no-such-page/",
        "/en/no-such-page/?x=1",
    ],
)
def test_the_language_links_are_what_translate_url_gives(client, lag, path):
    response = client.get(path)
    links = response.context["language_links"]
    full_path = response.wsgi_request.get_full_path()
    assert [link["url"] for link in links] == [
        translate_url(full_path, link["code"]) for link in links
    ]
    assert {link["code"] for link in links} == {"lt", "en"}
    if "no-such-page" not in path:
        assert response.status_code == 200
        assert any(link["url"].startswith("/en/") for link in links)
