"""The national dashboard: every LAG's strategy in force added up, in a fixed number of
queries whatever the number of LAGs. The rules are monitoring.figures' (what counts as
paid, achieved values of accepted reports, the commitment pace) and decisions.money's
(what an award commits); this module only groups their answers by LAG, by programme
indicator code and by fund and period (network.groups). Money is added up in SQL by
measure lineage, call and year, each award and report read once; Python adds up those
few rows per call."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from telka.calls.models import Call
from telka.decisions.models import Award
from telka.decisions.money import COMMITTED
from telka.monitoring.figures import (
    CommitmentPace,
    achieved_by_lineage,
    commitment_pace,
    paid_reports,
    share,
)
from telka.monitoring.models import MonitoringSettings
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


@dataclass
class _Sums:
    """The money of every call, added up in SQL by measure lineage, call and year (a few
    rows per call whatever the number of awards and reports): committed by awards
    (decisions.money.COMMITTED, by the year of their decision) and paid by accepted
    reports (monitoring.figures.paid_reports). Every national figure of money is a sum
    of these rows."""

    committed: list[dict]  # lineage, call, year, committed
    paid: list[dict]  # lineage, call, paid
    calls: dict[int, dict]  # call id → {"lag": LAG id, "group": (fund, period)}

    @classmethod
    def read(cls) -> "_Sums":
        committed = (
            Award.objects.values(
                lineage=F("proposal__allocation__measure__lineage"),
                call=F("proposal__call_id"),
                year=ExtractYear("decision__decided_on"),
            )
            .annotate(committed=Sum(COMMITTED))
            .order_by()
        )
        paid = (
            paid_reports()
            .values(lineage=F("project__measure__lineage"), call=F("project__proposal__call_id"))
            .annotate(paid=Sum("paid_amount"))
            .order_by()
        )
        calls = {
            row["pk"]: {"lag": row["lag_id"], "group": group_of(row)}
            for row in Call.objects.values("pk", "lag_id", *call_group_fields())
        }
        return cls(list(committed), list(paid), calls)

    def by_lineage(self, name: str) -> dict:
        found: dict = defaultdict(lambda: ZERO)
        for row in getattr(self, name):
            found[row["lineage"]] += row[name] or ZERO
        return found

    def committed_by_year(self, lineages: set) -> dict[int, dict[int, Decimal]]:
        """{LAG id: {year: Σ committed by awards decided that year}} under `lineages`."""
        found: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
        for row in self.committed:
            if row["lineage"] in lineages and row["year"] is not None:
                found[self.calls[row["call"]]["lag"]][row["year"]] += row["committed"] or ZERO
        return found

    def by_fund_and_period(self) -> list[FundPeriod]:
        found: dict[tuple[str, str], FundPeriod] = {}
        for name in ("committed", "paid"):
            for row in getattr(self, name):
                key = self.calls[row["call"]]["group"]
                entry = found.setdefault(key, FundPeriod(*key))
                setattr(entry, name, getattr(entry, name) + (row[name] or ZERO))
        return [found[key] for key in sorted(found)]


def _cumulative_shares(added: dict[int, Decimal], years: list[int], whole: Decimal) -> dict:
    running, shares = ZERO, {}
    for year in years:
        running += added.get(year, ZERO)
        shares[year] = share(running, whole)
    return shares


def _paces(strategies, measures, sums: _Sums, today) -> tuple[list[LagPace], list[int]]:
    lineages = {m["lineage"] for m in measures}
    committed_of, paid_of = sums.by_lineage("committed"), sums.by_lineage("paid")
    settings = {
        s.lag_id: s
        for s in MonitoringSettings.objects.filter(lag__in=[s.lag_id for s in strategies])
    }
    budget, committed, paid = (defaultdict(lambda: ZERO) for _ in range(3))
    for m in measures:
        of = m["objective__goal__strategy_id"]
        budget[of] += m["budget"]
        committed[of] += committed_of.get(m["lineage"], ZERO)
        paid[of] += paid_of.get(m["lineage"], ZERO)
    yearly = sums.committed_by_year(lineages)
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


def national_figures(today: datetime.date | None = None) -> NationalFigures:
    """Every LAG's strategy in force: commitment pace, indicators by code, money per fund
    and period — nine queries for any number of LAGs, each award and report read once."""
    today = today or timezone.localdate()
    strategies = list(
        Strategy.objects.in_force().select_related("lag", "period").order_by("lag__name")
    )
    measures = _measures(strategies)
    sums = _Sums.read()
    paces, years = _paces(strategies, measures, sums, today)
    return NationalFigures(paces, years, _indicators(measures), sums.by_fund_and_period())
