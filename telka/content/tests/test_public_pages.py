"""Every public page of the content app: served in both languages, a bounded number of
queries whatever the number of items, and an English page chrome without Lithuanian."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.utils import translation

from tests.base import count_queries

from .builders import make_document, make_event, make_news, make_page, register

ROOT = Path(__file__).resolve().parents[3]
LITHUANIAN_LETTERS = re.compile("[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]")


def add_items(lag, count: int) -> None:
    for number in range(count):
        make_news(lag, title=f"Strategijos naujiena {number}", title_en=f"Strategy news {number}")
        make_page(lag, title=f"Strategijos puslapis {number}")
        make_document(lag, title=f"Strategijos dokumentas {number}")
        event = make_event(lag, title=f"Renginys {number}", capacity=50)
        past = make_event(lag, title=f"Praėjęs {number}", in_days=-10)
        register(event)
        register(past)


def public_paths(lag) -> list[str]:
    """Lithuanian paths (no prefix); tests add "/en" for the English page."""
    news, page, event = lag.news.last(), lag.pages.last(), lag.events.order_by("pk").first()
    with translation.override("lt"):
        return [
            "/",
            "/news/",
            "/news/?q=strategijos",
            news.get_absolute_url(),
            "/documents/",
            "/documents/?category=other&q=strategijos",
            "/events/",
            event.get_absolute_url(),
            page.get_absolute_url(),
            "/search/?q=strategijos",
        ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_is_served_in_both_languages(client, lag, prefix):
    add_items(lag, 1)
    for path in public_paths(lag):
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == (prefix.strip("/") or "lt")


def test_every_public_page_runs_the_same_queries_for_1_and_20_items(client, lag):
    add_items(lag, 1)
    paths = public_paths(lag)
    small = {path: count_queries(client, path) for path in paths}
    add_items(lag, 19)
    assert {path: count_queries(client, path) for path in paths} == small


def test_every_empty_public_page_says_so_in_words(client, lag):
    expected = {
        "/en/": ["No news has been published yet.", "No events are planned at the moment."],
        "/en/news/": ["No news has been published yet."],
        "/en/documents/": ["No documents have been published yet."],
        "/en/events/": ["No events are planned at the moment.", "No past events yet."],
        "/en/search/": ["Type a word to search the news, pages, documents, calls, events"],
        "/en/search/?q=nieko": ["Nothing found for “nieko”."],
    }
    for path, sentences in expected.items():
        text = client.get(path).text
        assert all(sentence in text for sentence in sentences), path


class ChromeText(HTMLParser):
    """Text of <header> and <footer>, leaving out elements marked lang="lt" (LAG content)."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in chrome, in Lithuanian)
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        chrome, lithuanian = self.stack[-1][1:] if self.stack else (False, False)
        entry = (tag, chrome or tag in {"header", "footer"}, lithuanian or ("lang", "lt") in attrs)
        if tag not in self.VOID:
            self.stack.append(entry)
        elif entry[1] and not entry[2]:
            self.texts += [value for name, value in attrs if name in {"alt", "title"}]

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and data.strip():
            self.texts.append(" ".join(data.split()))


def lithuanian_ui_strings() -> set[str]:
    """Every Lithuanian translation that differs from its English msgid."""
    found = set()
    for path in ROOT.glob("**/locale/lt/LC_MESSAGES/django.po"):
        if ".venv" not in path.parts:
            found |= {e.msgstr for e in polib.pofile(str(path)) if e.msgstr and e.msgstr != e.msgid}
    return found


def test_the_english_page_chrome_has_no_lithuanian_ui_words(client, lag):
    lag.address = "Veiverių g. 150, Kaunas"
    lag.save()
    add_items(lag, 1)
    lithuanian = lithuanian_ui_strings()
    content = {lag.name, lag.short_name, lag.address}
    for path in public_paths(lag):
        parser = ChromeText()
        parser.feed(client.get("/en" + path).text)
        texts = [t for t in parser.texts if t not in content]
        assert "Home" in texts and "Log in" in texts, path
        assert [t for t in texts if t in lithuanian or LITHUANIAN_LETTERS.search(t)] == [], path


def test_anonymous_visitors_get_cached_pages_that_change_as_soon_as_content_does(
    client, lag, django_assert_num_queries
):
    make_news(lag, title="Pirmoji naujiena")
    client.get("/news/")
    with django_assert_num_queries(0):
        assert "Pirmoji naujiena" in client.get("/news/").text
    make_news(lag, title="Antroji naujiena")
    assert "Antroji naujiena" in client.get("/news/").text


def test_the_event_page_with_its_form_is_never_cached(client, lag):
    event = make_event(lag)
    first = client.get(event.get_absolute_url())
    second = client.get(event.get_absolute_url())
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
