"""Site search: text folding, a small Lithuanian stemmer, and the hits every app adds.

An app may have a `search.py` with `site_hits(lag, terms) -> list[Hit]`: its public
objects of that LAG containing every term. The search page collects them the way
panels are collected (telka.lib.panels), so it imports no app.

Matching is on folded text (no tags, no accents, case-folded: "Pasiūlymų" and
"pasiulymu" are the same) and on stems: a term is a word with its Lithuanian (or
English plural) ending cut off, so "kvietimai", "kvietimų" and "kvietimas" all find
"kvietim…". Folding happens in Python on both sides, so SQLite and PostgreSQL match
alike: apps with a stored folded column filter in the database, the others fetch their
LAG's public rows (tens to hundreds) with the text fields only and match here.
"""

import datetime
import importlib
import importlib.util
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.apps import apps
from django.utils.html import strip_tags
from django.utils.text import Truncator

from telka.templatetags.telka import localized, localized_lang

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MIN_STEM = 4
SNIPPET_WORDS = 30

# Inflectional endings, folded (no accents), longest first: nouns and adjectives in
# their cases and numbers, a few verb forms, and the English plural.
ENDINGS = sorted(
    {
        *("iuose", "uose", "iems", "ioms", "iais", "omis", "emis", "imis"),
        *("ams", "oms", "ems", "ims", "ums", "ais", "ose", "ese", "yse", "iai", "ius", "ies"),
        *("ame", "ate", "ojo", "iu", "io", "ia", "ei", "ui", "as", "is", "ys", "us", "os"),
        *("es", "ai", "ti", "a", "e", "i", "o", "u", "y", "s"),
    },
    key=len,
    reverse=True,
)


def plain_text(html: str) -> str:
    """Rich text as words: tags become spaces (so paragraphs do not run together)."""
    return " ".join(unescape(strip_tags((html or "").replace("<", " <"))).split())


def fold(text: str) -> str:
    """Text for matching: no tags, no accents, case-folded, single spaces.

    Residents often type Lithuanian without diacritics ("pasiulymas"), and
    SQLite's LIKE only folds ASCII case, so both sides are folded in Python."""
    decomposed = unicodedata.normalize("NFKD", plain_text(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def stem(word: str) -> str:
    """A folded word without its ending, keeping at least MIN_STEM letters."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def terms(query: str) -> list[str]:
    """The stems to look for: every word of the query must match."""
    return [stem(word) for word in fold(query).split()]


def contains_all(text: str, wanted: list[str]) -> bool:
    folded = fold(text)
    return all(term in folded for term in wanted)


def matches(obj, fields, wanted: list[str]) -> bool:
    """Whether an object's text fields, together, hold every wanted term."""
    return contains_all(" ".join(getattr(obj, name) or "" for name in fields), wanted)


@dataclass
class Hit:
    kind: str
    url: str
    title: str
    lang: str
    day: datetime.date | None = None
    snippet_text: str = ""
    snippet_lang: str = ""
    rank: int = 1

    @property
    def snippet(self) -> str:
        return Truncator(plain_text(self.snippet_text)).words(SNIPPET_WORDS)


def hit(obj, kind, wanted: list[str], *, url: str = "", day=None, snippet: str = "") -> Hit:
    """A hit for a model object with `title` (and an optional `title_en`) in the page
    language; it ranks first when its title, in either language, has every term."""
    titles = f"{obj.title} {getattr(obj, 'title_en', '')}"
    return Hit(
        kind=kind,
        url=url or obj.get_absolute_url(),
        title=localized(obj, "title"),
        lang=localized_lang(obj, "title"),
        day=day,
        snippet_text=localized(obj, snippet) if snippet else "",
        snippet_lang=localized_lang(obj, snippet) if snippet else "",
        rank=0 if contains_all(titles, wanted) else 1,
    )


def site_search(lag, query: str) -> list[Hit]:
    """Every app's hits for `query`; title matches first, then newest first."""
    wanted = terms(query)
    if not wanted:
        return []
    hits: list[Hit] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.search"
        if not config.name.startswith("telka.") or importlib.util.find_spec(module_name) is None:
            continue
        provider = getattr(importlib.import_module(module_name), "site_hits", None)
        if provider:
            hits += provider(lag, wanted)
    return sorted(hits, key=lambda h: (h.rank, -(h.day.toordinal() if h.day else 0)))
