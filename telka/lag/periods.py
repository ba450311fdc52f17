"""The legal bounds a board statute must respect, per programming period. They come from
configuration (settings.TELKA_PROGRAMMING_PERIODS), never from a number the LAG edits."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from .models import LocalActionGroup


@dataclass(frozen=True)
class PeriodBounds:
    code: str
    first_year: int
    last_year: int
    max_group_share: Decimal  # public authorities and any single interest group (INV-01)
    max_public_vote_share: Decimal  # of the votes cast in a selection decision (INV-21)
    basis: str


def all_periods() -> list[PeriodBounds]:
    return [
        PeriodBounds(
            code=code,
            first_year=int(data["first_year"]),
            last_year=int(data["last_year"]),
            max_group_share=Decimal(str(data["max_group_share"])),
            max_public_vote_share=Decimal(str(data["max_public_vote_share"])),
            basis=data.get("basis", ""),
        )
        for code, data in settings.TELKA_PROGRAMMING_PERIODS.items()
    ]


def bounds_for(lag: LocalActionGroup, day: datetime.date) -> PeriodBounds:
    """The period of the LAG's strategy in force on `day` (by its first year), else the
    period containing `day`'s year, else the latest configured one."""
    from telka.strategy.models import Strategy

    strategy = (
        Strategy.objects.filter(lag=lag, in_force_from__lte=day)
        .exclude(status="draft")
        .order_by("-in_force_from")
        .first()
    )
    year = strategy.period_start if strategy else day.year
    periods = sorted(all_periods(), key=lambda p: p.first_year)
    for period in periods:
        if period.first_year <= year <= period.last_year:
            return period
    return periods[-1]
