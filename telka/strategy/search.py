"""The strategy's part of the site search (telka.lib.search): the measures of the
version in force, by code, title, description and target group in both languages,
linked to their place on the strategy page. One query."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from telka.lib.search import Hit, hit, matches

from .models import Measure, StrategyStatus

TEXT = (
    "code",
    "title",
    "title_en",
    "description",
    "description_en",
    "target_group",
    "target_group_en",
)


def site_hits(lag, wanted: list[str]) -> list[Hit]:
    measures = Measure.objects.filter(
        objective__goal__strategy__lag=lag,
        objective__goal__strategy__status=StrategyStatus.IN_FORCE,
    ).only(*TEXT)
    page = reverse("strategy:detail")
    return [
        hit(
            measure,
            pgettext_lazy("search result", "Strategy measure"),
            wanted,
            url=f"{page}#measure-{measure.pk}",
            snippet="description",
        )
        for measure in measures
        if matches(measure, TEXT, wanted)
    ]
