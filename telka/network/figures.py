"""The national dashboard: every LAG's strategy in force added up, in a fixed number of
queries whatever the number of LAGs. The rules are monitoring.figures' (money by
measure lineage, achieved values of accepted reports, the commitment pace) and
decisions.money's (what an award commits); this module only groups their answers by
LAG, by programme indicator code and by fund and period (network.groups)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from telka.decisions.models import Award
from telka.decisions.money import COMMITTED
from telka.monitoring.figures import (
    CommitmentPace,
    achieved_by_lineage,
    commitment_pace,
    money_by_lineage,
    share,
)
from telka.monitoring.models import MonitoringSettings, Report, ReportStatus
from telka.strategy.models import Indicator, Measure, Strategy, Target

from .groups import call_group_fields, group_of, period_of

ZERO = Decimal(0)


@dataclass
class LagPace:
    strategy: Strategy  # with its LAG
    pace: CommitmentPace
    paid: Decimal
    # Cumulative share of the strategy's project allocation committed by the end of
    # each year (awards by the year of their decision, at what they commit now).
    by_year: dict[int, Decimal | None] = field(default_factory=dict)

    @property
    def period(self) -> str:
        return period_of(self.strategy)


@dataclass
class IndicatorTotal:
    code: str
    name: str  # of the first strategy using the code
    name_en: str
    unit: str
    unit_en: str
    target: Decimal = ZERO
    achieved: Decimal = ZERO
    lags: set[int] = field(default_factory=set)

    @property
    def share(self) -> Decimal | None:
        return share(self.achieved, self.target)


@dataclass
class FundPeriod:
    fund: str
    period: str
    committed: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass
class NationalFigures:
    paces: list[LagPace]
    years: list[int]
    indicators: list[IndicatorTotal]
    money: list[FundPeriod]

    @property
    def totals(self) -> dict[str, Decimal]:
        return {
            "allocation": sum((p.pace.allocation for p in self.paces), ZERO),
            "committed": sum((p.pace.committed for p in self.paces), ZERO),
            "paid": sum((p.paid for p in self.paces), ZERO),
        }


def _measures(strategies: list[Strategy]) -> list[dict]:
    return list(
        Measure.objects.filter(objective__goal__strategy__in=strategies)
        .values("pk", "lineage", "budget", "objective__goal__strategy_id")
        .order_by()
    )


def _committed_by_year(lineages) -> dict[int, dict[int, Decimal]]:
    """{LAG id: {year: Σ committed by awards decided that year}}: one query."""
    rows = (
        Award.objects.filter(proposal__allocation__measure__lineage__in=lineages)
        .values("proposal__call__lag_id", year=ExtractYear("decision__decided_on"))
        .annotate(committed=Sum(COMMITTED))
        .order_by()
    )
    found: dict = defaultdict(dict)
    for row in rows:
        if row["year"] is not None:
            found[row["proposal__call__lag_id"]][row["year"]] = row["committed"] or ZERO
    return found


def _cumulative_shares(added: dict[int, Decimal], years: list[int], whole: Decimal) -> dict:
    running, shares = ZERO, {}
    for year in years:
        running += added.get(year, ZERO)
        shares[year] = share(running, whole)
    return shares


def _paces(strategies, measures, today) -> tuple[list[LagPace], list[int]]:
    lineages = {m["lineage"] for m in measures}
    money = money_by_lineage(lineages, allocations=False)
    settings = {
        s.lag_id: s
        for s in MonitoringSettings.objects.filter(lag__in=[s.lag_id for s in strategies])
    }
    budget, committed, paid = (defaultdict(lambda: ZERO) for _ in range(3))
    for m in measures:
        of = m["objective__goal__strategy_id"]
        sums = money.get(m["lineage"], {})
        budget[of] += m["budget"]
        committed[of] += sums.get("committed", ZERO)
        paid[of] += sums.get("paid", ZERO)
    yearly = _committed_by_year(lineages)
    years = sorted({year for added in yearly.values() for year in added})
    paces = []
    for strategy in strategies:
        pace = commitment_pace(
            strategy,
            budget[strategy.pk],
            committed[strategy.pk],
            today,
            settings=settings.get(strategy.lag_id),
        )
        by_year = _cumulative_shares(yearly.get(strategy.lag_id, {}), years, budget[strategy.pk])
        paces.append(LagPace(strategy, pace, paid[strategy.pk], by_year))
    return paces, years


def _indicators(measures: list[dict]) -> list[IndicatorTotal]:
    """Targets and achieved values added up by indicator code over every strategy."""
    achieved = achieved_by_lineage({m["lineage"] for m in measures})
    targets = list(
        Target.objects.filter(measure__in=[m["pk"] for m in measures]).values(
            "indicator_id", "value"
        )
    )
    ids = {t["indicator_id"] for t in targets} | {indicator for _, indicator in achieved}
    indicators = Indicator.objects.in_bulk(ids)
    totals: dict[str, IndicatorTotal] = {}

    def total_of(indicator: Indicator) -> IndicatorTotal:
        if indicator.code not in totals:
            totals[indicator.code] = IndicatorTotal(
                indicator.code,
                indicator.name,
                indicator.name_en,
                indicator.unit,
                indicator.unit_en,
            )
        row = totals[indicator.code]
        row.lags.add(indicator.lag_id)
        return row

    for target in targets:
        total_of(indicators[target["indicator_id"]]).target += target["value"]
    for (_lineage, indicator_id), quarters in achieved.items():
        total_of(indicators[indicator_id]).achieved += sum(quarters.values(), ZERO)
    return sorted(totals.values(), key=lambda row: row.code)


def _money() -> list[FundPeriod]:
    """Committed (awards) and paid (accepted reports) per fund and period: two queries."""
    committed = (
        Award.objects.values(*call_group_fields("proposal__call"))
        .annotate(total=Sum(COMMITTED))
        .order_by()
    )
    paid = (
        Report.objects.filter(status=ReportStatus.ACCEPTED)
        .values(*call_group_fields("project__proposal__call"))
        .annotate(total=Sum("paid_amount"))
        .order_by()
    )
    found: dict[tuple[str, str], FundPeriod] = {}
    for rows, to_call, name in (
        (committed, "proposal__call", "committed"),
        (paid, "project__proposal__call", "paid"),
    ):
        for row in rows:
            key = group_of(row, to_call)
            entry = found.setdefault(key, FundPeriod(*key))
            setattr(entry, name, getattr(entry, name) + (row["total"] or ZERO))
    return [found[key] for key in sorted(found)]


def national_figures(today: datetime.date | None = None) -> NationalFigures:
    """Every LAG's strategy in force: commitment pace, indicators by code, money per fund
    and period — about a dozen queries for any number of LAGs."""
    today = today or timezone.localdate()
    strategies = list(
        Strategy.objects.in_force().select_related("lag", "period").order_by("lag__name")
    )
    measures = _measures(strategies)
    paces, years = _paces(strategies, measures, today)
    return NationalFigures(paces, years, _indicators(measures), _money())
