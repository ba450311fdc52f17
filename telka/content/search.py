"""Site search over news, pages and documents, in both languages' texts.

Three queries whatever the number of hits: a LAG publishes hundreds of items,
not millions, so hits are merged and ranked in Python and then paginated."""

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import pgettext_lazy

from telka.lag.models import LocalActionGroup
from telka.templatetags.telka import localized, localized_lang

from .models import Document, News, Page, fold, plain_text

SNIPPET_WORDS = 30
HEAVY = ("search_text",)


@dataclass
class Hit:
    kind: str
    obj: Model
    day: datetime.date
    snippet_field: str
    rank: int = 1

    @property
    def title(self) -> str:
        return localized(self.obj, "title")

    @property
    def lang(self) -> str:
        return localized_lang(self.obj, "title")

    @property
    def snippet(self) -> str:
        return Truncator(plain_text(localized(self.obj, self.snippet_field))).words(SNIPPET_WORDS)

    @property
    def snippet_lang(self) -> str:
        return localized_lang(self.obj, self.snippet_field)


def _in_title(obj: Model, words: list[str]) -> bool:
    title = fold(f"{obj.title} {obj.title_en}")
    return all(word in title for word in words)


def site_search(lag: LocalActionGroup, query: str) -> list[Hit]:
    """Published items containing every word; title matches first, then newest first."""
    hits = [
        Hit(
            pgettext_lazy("search result", "News item"),
            item,
            timezone.localdate(item.published_at),
            "summary",
        )
        for item in News.objects.filter(lag=lag)
        .published()
        .matching(query)
        .defer(*HEAVY, "body", "body_en")
    ]
    hits += [
        Hit(
            pgettext_lazy("search result", "Page"),
            page,
            timezone.localdate(page.updated_at),
            "body",
        )
        for page in Page.objects.filter(lag=lag).published().matching(query).defer(*HEAVY)
    ]
    hits += [
        Hit(
            pgettext_lazy("search result", "Document"), document, document.updated_on, "description"
        )
        for document in Document.objects.filter(lag=lag).published().matching(query).defer(*HEAVY)
    ]
    words = fold(query).split()
    for hit in hits:
        hit.rank = 0 if _in_title(hit.obj, words) else 1
    return sorted(hits, key=lambda hit: (hit.rank, -hit.day.toordinal()))
