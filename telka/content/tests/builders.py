"""Builders for content tests: saved rows with sensible defaults (no factory library)."""

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from telka.content.models import Document, Event, EventRegistration, News, Page
from telka.lag.models import LocalActionGroup

_numbers = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


def make_news(lag: LocalActionGroup, **fields) -> News:
    number = next(_numbers)
    defaults = {
        "title": f"Naujiena {number}",
        "slug": f"naujiena-{number}",
        "summary": "Trumpai apie naujieną.",
        "body": "<p>Naujienos tekstas.</p>",
        "published_at": timezone.now() - datetime.timedelta(days=number),
    }
    return News.objects.create(lag=lag, **{**defaults, **fields})


def make_page(lag: LocalActionGroup, **fields) -> Page:
    number = next(_numbers)
    defaults = {
        "title": f"Puslapis {number}",
        "slug": f"puslapis-{number}",
        "body": "<p>Tekstas</p>",
    }
    return Page.objects.create(lag=lag, **{**defaults, **fields})


def make_document(
    lag: LocalActionGroup, *, name: str = "kvietimas.pdf", data: bytes = PDF_BYTES, **fields
) -> Document:
    number = next(_numbers)
    document = Document(lag=lag, **{"title": f"Dokumentas {number}", **fields})
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def make_event(lag: LocalActionGroup, *, in_days: int = 14, hours: int = 3, **fields) -> Event:
    number = next(_numbers)
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=in_days)
    defaults = {
        "title": f"Renginys {number}",
        "slug": f"renginys-{number}",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "place": "Aleksoto seniūnija, Kaunas",
    }
    return Event.objects.create(lag=lag, **{**defaults, **fields})


def register(event: Event, email: str = "", **fields) -> EventRegistration:
    """A registration stored directly (tests of the workflow call the workflow)."""
    email = email or f"dalyvis{next(_numbers)}@example.test"
    return EventRegistration.objects.create(
        event=event, name=fields.pop("name", "Dalyvis"), email=email, consent=True, **fields
    )
