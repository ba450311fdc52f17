"""The content app's part of the site search (telka.lib.search): news, pages and
documents filtered in the database on their stored folded text, and events, matched
on their titles, places and descriptions. Four queries whatever the number of hits."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from telka.lag.models import LocalActionGroup
from telka.lib.search import Hit, hit, matches

from .models import Document, Event, News, Page

HEAVY = ("search_text",)
EVENT_TEXT = ("title", "title_en", "place", "place_en", "description", "description_en")


def site_hits(lag: LocalActionGroup, wanted: list[str]) -> list[Hit]:
    news = News.objects.filter(lag=lag).published().matching_terms(wanted)
    pages = Page.objects.filter(lag=lag).published().matching_terms(wanted)
    documents = Document.objects.filter(lag=lag).published().matching_terms(wanted)
    hits = [
        hit(
            item,
            pgettext_lazy("search result", "News item"),
            wanted,
            day=timezone.localdate(item.published_at),
            snippet="summary",
        )
        for item in news.defer(*HEAVY, "body", "body_en")
    ]
    hits += [
        hit(
            page,
            pgettext_lazy("search result", "Page"),
            wanted,
            day=timezone.localdate(page.updated_at),
            snippet="body",
        )
        for page in pages.defer(*HEAVY)
    ]
    hits += [
        hit(
            document,
            pgettext_lazy("search result", "Document"),
            wanted,
            day=document.updated_on,
            snippet="description",
        )
        for document in documents.defer(*HEAVY)
    ]
    return hits + _event_hits(lag, wanted)


def _event_hits(lag: LocalActionGroup, wanted: list[str]) -> list[Hit]:
    events = Event.objects.filter(lag=lag).published().only("slug", "starts_at", *EVENT_TEXT)
    return [
        hit(
            event,
            pgettext_lazy("search result", "Event"),
            wanted,
            day=timezone.localdate(event.starts_at),
            snippet="description",
        )
        for event in events
        if matches(event, EVENT_TEXT, wanted)
    ]
