"""iCalendar (RFC 5545) files for events, written by hand: a dozen lines do not
justify a dependency. Times are written in UTC, which every calendar accepts
and which needs no VTIMEZONE block."""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from telka.templatetags.telka import localized

from .models import Event

LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than 75 octets are folded


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash first, then ; , and newlines."""
    text = str(text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8
    character; continuation lines start with one space (which counts)."""
    chunks: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "telka.local"


def event_lines(event: Event, url: str, stamp: datetime.datetime) -> list[str]:
    description = "\n\n".join(part for part in [localized(event, "description"), url] if part)
    return [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{site_host()}",
        f"DTSTAMP:{utc(stamp)}",
        f"LAST-MODIFIED:{utc(event.updated_at or stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(localized(event, 'title'))}",
        f"LOCATION:{escape(localized(event, 'place'))}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def calendar(events: Iterable[Event], *, name: str, url_for: Callable[[Event], str]) -> str:
    """A VCALENDAR with one VEVENT per event, CRLF line ends, folded lines."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Telka//Local action group site//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += event_lines(event, url_for(event), stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
