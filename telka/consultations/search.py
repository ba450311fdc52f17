"""The consultations' part of the site search (telka.lib.search): the consultations
residents can see, by title and explanation in both languages. One query."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from telka.lib.search import Hit, hit, matches

from .models import Consultation

TEXT = ("title", "title_en", "text", "text_en")


def site_hits(lag, wanted: list[str]) -> list[Hit]:
    consultations = Consultation.objects.filter(lag=lag).public().only("opens_at", *TEXT)
    return [
        hit(
            consultation,
            pgettext_lazy("search result", "Consultation"),
            wanted,
            day=timezone.localdate(consultation.opens_at),
            snippet="text",
        )
        for consultation in consultations
        if matches(consultation, TEXT, wanted)
    ]
