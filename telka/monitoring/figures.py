"""What the strategy has achieved and spent: the figures of the public dashboard, the
annual implementation report and the API, from the facts, in a fixed number of queries.

    figures = strategy_figures(strategy)          # the version's whole picture
    figures.objectives[0].indicators[0].achieved  # Σ values of accepted reports
    figures.measures[0].paid                      # Σ paid_amount of accepted reports
    figures.pace.behind                           # INV-37 commitment pace flag
    figures.indicator_totals()                    # one row per indicator, strategy-wide

Rules:
- *Target* of an objective's indicator: Σ the Targets of its measures for that indicator.
- *Achieved*: Σ IndicatorValue.value of ACCEPTED reports of projects under the measures;
  submitted, returned and due reports never count. A value counts at its report's
  period end (`until` cuts there; the trend adds up by quarter of the period end).
- Money per measure: *budget* (the strategy), *allocated* (allocations of approved, not
  cancelled calls), *committed* on funded lists (awards: the fixed amount until the
  agency decides, then the approved amount, nothing once lapsed — decisions.money),
  *contracted* (the same, for awards with a signed grant agreement), *paid* (Σ paid_amount
  of accepted reports).
- Commitment pace (INV-37): committed ÷ the strategy's project allocation (Σ measure
  budgets) against the LAG's milestone (MonitoringSettings), linear from the start of the
  version's period to the milestone date.

Amended versions copy their measures and keep each measure's `lineage`, so a project,
allocation or award of an earlier version counts under the same measure of the later one.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from telka.calls.models import Allocation, CallStatus
from telka.decisions.models import Award
from telka.decisions.money import COMMITTED
from telka.strategy.models import Indicator, Measure, Objective, Strategy, Target

from .models import IndicatorValue, MonitoringSettings, Report, ReportStatus

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in per cent, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


def plain(value) -> str | None:
    """A decimal as plain text without trailing zeros ("300", "3.3") for JSON and CSV."""
    return None if value is None else format(Decimal(value).normalize(), "f")


@dataclass
class TrendPoint:
    """The cumulative value achieved by the end of a quarter (`on` is its first day)."""

    on: datetime.date
    added: Decimal
    cumulative: Decimal


@dataclass
class IndicatorFigures:
    indicator: Indicator
    target: Decimal | None
    achieved: Decimal = ZERO
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        return share(self.achieved, self.target)

    def achieved_in(self, year: int) -> Decimal:
        """What accepted reports whose period ends in `year` added."""
        return sum((p.added for p in self.trend if p.on.year == year), ZERO)


@dataclass
class MeasureFigures:
    measure: Measure
    budget: Decimal
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    contracted: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def paid_share(self) -> Decimal | None:
        return share(self.paid, self.committed)


@dataclass
class ObjectiveFigures:
    objective: Objective
    indicators: list[IndicatorFigures]
    measures: list[MeasureFigures]


@dataclass
class CommitmentPace:
    """INV-37: how much of the project allocation is on funded lists, against the milestone."""

    allocation: Decimal
    committed: Decimal
    milestone_on: datetime.date | None
    milestone_share: Decimal
    expected_share: Decimal | None
    today: datetime.date

    @property
    def share(self) -> Decimal | None:
        return share(self.committed, self.allocation)

    @property
    def behind(self) -> bool:
        """Below the straight line to the milestone (or the milestone passed unmet)."""
        if self.expected_share is None:
            return False
        return (self.share or ZERO) < self.expected_share

    @property
    def milestone_missed(self) -> bool:
        return (
            self.milestone_on is not None
            and self.today > self.milestone_on
            and (self.share or ZERO) < self.milestone_share
        )


@dataclass
class StrategyFigures:
    strategy: Strategy
    objectives: list[ObjectiveFigures]
    pace: CommitmentPace
    until: datetime.date | None = None

    @property
    def measures(self) -> list[MeasureFigures]:
        return [m for o in self.objectives for m in o.measures]

    @property
    def totals(self) -> MeasureFigures:
        """The money columns added up over every measure (`measure` is None)."""
        total = MeasureFigures(measure=None, budget=ZERO)
        for row in self.measures:
            for name in ("budget", "allocated", "committed", "contracted", "paid"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total

    def indicator_totals(self) -> list[IndicatorFigures]:
        """One row per indicator over the whole strategy (objectives added up), by code."""
        merged: dict[int, IndicatorFigures] = {}
        for objective in self.objectives:
            for row in objective.indicators:
                into = merged.get(row.indicator.pk)
                if into is None:
                    merged[row.indicator.pk] = IndicatorFigures(
                        row.indicator, row.target, row.achieved, list(row.trend)
                    )
                    continue
                if row.target is not None:
                    into.target = (into.target or ZERO) + row.target
                into.achieved += row.achieved
                into.trend = _merge_trends(into.trend, row.trend)
        return sorted(merged.values(), key=lambda r: r.indicator.code)


def _merge_trends(a: list[TrendPoint], b: list[TrendPoint]) -> list[TrendPoint]:
    added: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    for point in [*a, *b]:
        added[point.on] += point.added
    return _cumulate(added)


def _cumulate(added: dict[datetime.date, Decimal]) -> list[TrendPoint]:
    points, running = [], ZERO
    for on in sorted(added):
        running += added[on]
        points.append(TrendPoint(on, added[on], running))
    return points


def _lineage_sums(queryset, lineage_path: str, **sums) -> dict:
    """{measure lineage: {name: Σ}} for a queryset grouped by its measure's lineage."""
    rows = queryset.values(lineage_path).annotate(**sums).order_by()
    return {row[lineage_path]: {name: row[name] or ZERO for name in sums} for row in rows}


def _allocations():
    """Allocations of approved, not cancelled calls: they hold the measure's money."""
    return Allocation.objects.filter(call__status__in=CallStatus.COMMITTING_STATES)


# Σ allocated for the measure lineage of the outer row, as a subquery.
ALLOCATED = Subquery(
    _allocations()
    .filter(measure__lineage=OuterRef("lineage"))
    .values("measure__lineage")
    .annotate(total=Sum("amount"))
    .values("total")[:1]
)


def paid_reports(until: datetime.date | None = None):
    """The reports whose paid amount counts as paid: accepted ones (up to `until`)."""
    reports = Report.objects.filter(status=ReportStatus.ACCEPTED)
    return reports if until is None else reports.filter(period_end__lte=until)


def money_by_lineage(
    lineages, *, until: datetime.date | None = None, allocations: bool = True
) -> dict:
    """{measure lineage: {allocated, committed, contracted, paid}} in three queries (two
    without `allocations`, when the caller has them from ALLOCATED)."""
    lineages = list(lineages)
    awards = Award.objects.filter(proposal__allocation__measure__lineage__in=lineages)
    signed = Q(agreement_signed_on__isnull=False)
    if until is not None:
        signed &= Q(agreement_signed_on__lte=until)
    reports = paid_reports(until).filter(project__measure__lineage__in=lineages)
    found: dict = defaultdict(
        lambda: dict.fromkeys(("allocated", "committed", "contracted", "paid"), ZERO)
    )
    parts = [
        _lineage_sums(
            awards,
            "proposal__allocation__measure__lineage",
            committed=Sum(COMMITTED),
            contracted=Sum(COMMITTED, filter=signed),
        ),
        _lineage_sums(reports, "project__measure__lineage", paid=Sum("paid_amount")),
    ]
    if allocations:
        allocated = _allocations().filter(measure__lineage__in=lineages)
        parts.append(_lineage_sums(allocated, "measure__lineage", allocated=Sum("amount")))
    for part in parts:
        for lineage, sums in part.items():
            found[lineage].update(sums)
    return found


def achieved_by_lineage(lineages, *, until: datetime.date | None = None) -> dict:
    """{(measure lineage, indicator id): {quarter: Σ value}} of accepted reports, one query."""
    values = IndicatorValue.objects.filter(
        report__project__measure__lineage__in=list(lineages),
        report__status=ReportStatus.ACCEPTED,
    )
    if until is not None:
        values = values.filter(report__period_end__lte=until)
    # Grouped by the period end itself (reports share a few dates), quarters in Python:
    # cheaper than truncating every row in the database.
    rows = (
        values.values("report__project__measure__lineage", "indicator_id", "report__period_end")
        .annotate(total=Sum("value"))
        .order_by()
    )
    found: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows:
        key = (row["report__project__measure__lineage"], row["indicator_id"])
        found[key][quarter_of(row["report__period_end"])] += row["total"] or ZERO
    return found


def quarter_of(day: datetime.date) -> datetime.date:
    """The first day of `day`'s quarter."""
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


UNREAD = object()


def commitment_pace(
    strategy: Strategy,
    allocation: Decimal,
    committed: Decimal,
    today: datetime.date,
    *,
    settings: "MonitoringSettings | None | object" = UNREAD,
) -> CommitmentPace:
    """INV-37 against the LAG's milestone; expected share grows linearly from the start
    of the version's period (or its entry into force) to the milestone date. `settings`:
    the LAG's MonitoringSettings (or None) when the caller read them for many LAGs."""
    if settings is UNREAD:
        settings = MonitoringSettings.objects.filter(lag_id=strategy.lag_id).first()
    milestone_on = settings.commitment_milestone_on if settings else None
    milestone_share = settings.commitment_milestone_share if settings else Decimal(90)
    expected = None
    if milestone_on is not None:
        start = strategy.in_force_from or datetime.date(strategy.period_start, 1, 1)
        if today >= milestone_on:
            expected = milestone_share
        elif today > start and milestone_on > start:
            elapsed = Decimal((today - start).days) / Decimal((milestone_on - start).days)
            expected = (milestone_share * elapsed).quantize(Decimal("0.1"))
        else:
            expected = ZERO
    return CommitmentPace(allocation, committed, milestone_on, milestone_share, expected, today)


def _measures(strategy: Strategy) -> tuple[list[Measure], list[Target]]:
    """The version's measures (objective and goal joined, Σ allocated annotated) and
    targets: two queries."""
    measures = list(
        Measure.objects.filter(objective__goal__strategy=strategy)
        .select_related("objective__goal")
        .annotate(allocated=ALLOCATED)
        .order_by(
            "objective__goal__position",
            "objective__goal__code",
            "objective__position",
            "objective__code",
            "position",
            "code",
        )
    )
    targets = list(
        Target.objects.filter(measure__in=[m.pk for m in measures]).select_related("indicator")
    )
    return measures, targets


def _indicator_rows(
    measures: list[Measure], targets: list[Target], achieved: dict
) -> dict[tuple[int, int], IndicatorFigures]:
    """{(objective id, indicator id): row} with targets added up and the trend cumulated."""
    indicators = {t.indicator_id: t.indicator for t in targets}
    missing = {indicator for (_, indicator) in achieved} - indicators.keys()
    if missing:
        indicators.update(Indicator.objects.in_bulk(missing))
    objective_of = {m.pk: m.objective_id for m in measures}
    rows: dict[tuple[int, int], IndicatorFigures] = {}
    for target in targets:
        key = (objective_of[target.measure_id], target.indicator_id)
        row = rows.setdefault(key, IndicatorFigures(target.indicator, ZERO))
        row.target += target.value
    added: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    lineage_objective = {m.lineage: m.objective_id for m in measures}
    for (lineage, indicator_id), quarters in achieved.items():
        key = (lineage_objective[lineage], indicator_id)
        rows.setdefault(key, IndicatorFigures(indicators[indicator_id], None))
        for quarter, value in quarters.items():
            added[key][quarter] += value
    for key, row in rows.items():
        row.trend = _cumulate(added.get(key, {}))
        row.achieved = row.trend[-1].cumulative if row.trend else ZERO
    return rows


def strategy_figures(
    strategy: Strategy,
    *,
    until: datetime.date | None = None,
    today: datetime.date | None = None,
) -> StrategyFigures:
    """Everything the dashboard shows for one strategy version, in six queries (one
    more if accepted reports declare indicators no measure targets). `until` counts only
    reports whose period ended by then (the annual report's cut-off)."""
    today = today or timezone.localdate()
    measures, targets = _measures(strategy)
    lineages = {m.lineage for m in measures}
    money = money_by_lineage(lineages, until=until, allocations=False)
    rows = _indicator_rows(measures, targets, achieved_by_lineage(lineages, until=until))
    objectives: dict[int, ObjectiveFigures] = {}
    for measure in measures:
        objective = objectives.setdefault(
            measure.objective_id, ObjectiveFigures(measure.objective, [], [])
        )
        sums = {**money.get(measure.lineage, {}), "allocated": measure.allocated or ZERO}
        objective.measures.append(MeasureFigures(measure, measure.budget, **sums))
    for (objective_id, _), row in sorted(rows.items(), key=lambda item: item[1].indicator.code):
        objectives[objective_id].indicators.append(row)
    committed = sum((m.committed for m in measures_of(objectives)), ZERO)
    allocation = sum((m.budget for m in measures), ZERO)
    pace = commitment_pace(strategy, allocation, committed, today)
    return StrategyFigures(strategy, list(objectives.values()), pace, until)


def measures_of(objectives: dict[int, ObjectiveFigures]) -> list[MeasureFigures]:
    return [m for o in objectives.values() for m in o.measures]


__all__ = [
    "CommitmentPace",
    "IndicatorFigures",
    "MeasureFigures",
    "ObjectiveFigures",
    "StrategyFigures",
    "TrendPoint",
    "achieved_by_lineage",
    "money_by_lineage",
    "plain",
    "strategy_figures",
]
