"""Every page speaks the page's language (issue 15, finding 5): each page without URL
parameters, for a visitor and for every demo persona, is rendered in Lithuanian and in
English on the demo data; a text that is exactly an English msgid (with a different
Lithuanian translation) on a Lithuanian page, or exactly a Lithuanian translation on an
English page outside content marked lang="lt" (data typed by the LAG), fails. Recorded
values (the audit log's before and after) sit in translate="no" and are not checked."""

from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from tests import demo_db

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = [None, "sara", "eva", "bruno", "ana", "rita", "paulius", "admin"]
SKIP = ("/admin/", "/api/", "logout", ".ics", ".csv", ".xlsx", ".pdf", "feed", "sitemap")


def catalogue_pairs() -> list[tuple[str, str]]:
    pairs = []
    found = [
        *ROOT.glob("telka/**/locale/lt/LC_MESSAGES/django.po"),
        ROOT / "locale/lt/LC_MESSAGES/django.po",
    ]
    for path in found:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgstr != entry.msgid and not entry.msgid_plural:
                pairs.append((entry.msgid, entry.msgstr))
    return pairs


def words(text: str) -> bool:
    """A UI sentence or label worth checking: letters, more than one short word."""
    return len(text) >= 8 and any(c.isalpha() for c in text) and "%" not in text


class Texts(HTMLParser):
    """Text nodes of <main>, each with whether it sits inside a lang="lt" element."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_main = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        # translate="no" (HTML's own marker) holds recorded values, not interface text.
        self.stack.append(("no" if attrs.get("translate") == "no" else tag, attrs.get("lang")))
        self.in_main += tag == "main"

    def handle_endtag(self, tag):
        while self.stack:
            name, _lang = self.stack.pop()
            self.in_main -= name == "main"
            if name == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.in_main and not any(t in ("script", "style", "no") for t, _ in self.stack):
            self.texts.append((text, any(lang == "lt" for _, lang in self.stack)))


def page_texts(html: str) -> list[tuple[str, bool]]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


def plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no parameter."""
    paths = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += plain_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
            paths.append("/" + (prefix + route).lstrip("^").replace("en/", "", 1).lstrip("/"))
    return sorted({p for p in paths if not any(s in p for s in SKIP)})


def object_paths() -> list[str]:
    """A few pages of every kind of object the demo has (calls, proposals, meetings …)."""
    paths = set()
    for model in apps.get_models():
        if not model.__module__.startswith("telka.") or not hasattr(model, "get_absolute_url"):
            continue
        for obj in model._default_manager.order_by("pk")[:3]:
            try:
                url = obj.get_absolute_url()
            except Exception:  # noqa: BLE001, S112 — some objects have no page in some states
                continue
            paths.add(url.removeprefix("/en"))
    return sorted(p for p in paths if not any(s in p for s in SKIP))


@pytest.fixture
def demo(db):
    demo_db.load_demo()


def leaks(client, path: str, english: set[str], lithuanian: set[str]) -> list[str]:
    found = []
    for prefix, wrong in (("", english), ("/en", lithuanian)):
        response = client.get(prefix + path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for text, typed_by_lag in page_texts(response.content.decode()):
            if text in wrong and not (prefix and typed_by_lag):
                found.append(f"{prefix}{path}: {text!r}")
    return found


def test_no_page_shows_a_ui_string_in_the_other_language(client, demo):
    pairs = [(e, lt) for e, lt in catalogue_pairs() if words(e) and words(lt)]
    english = {e for e, _lt in pairs} - {lt for _e, lt in pairs}
    lithuanian = {lt for _e, lt in pairs} - {e for e, _lt in pairs}
    users = get_user_model().objects
    found = []
    for persona in PERSONAS:
        client.logout()
        if persona:
            client.force_login(users.get(email=f"{persona}@aleksotas.test"))
        for path in plain_paths() + object_paths():
            found += leaks(client, path, english, lithuanian)
    assert sorted(set(found)) == []
