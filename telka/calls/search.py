"""The calls' part of the site search (telka.lib.search): published calls of the LAG,
by number, title and summary in both languages. One query."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from telka.lib.search import Hit, hit, matches

from .models import Call

TEXT = ("number", "title", "title_en", "summary", "summary_en")


def site_hits(lag, wanted: list[str]) -> list[Hit]:
    calls = Call.objects.for_lag(lag).published().only("published_at", "opens_at", *TEXT)
    return [
        hit(
            call,
            pgettext_lazy("search result", "Call"),
            wanted,
            day=timezone.localdate(call.opens_at or call.published_at),
            snippet="summary",
        )
        for call in calls
        if matches(call, TEXT, wanted)
    ]
