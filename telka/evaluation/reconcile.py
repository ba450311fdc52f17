"""Reconciling assessors' scores into one result (INV-17, INV-18). Pure functions on
plain dataclasses: workflow.py feeds them rows and stores what they return.

The rule, after the EEA Grants practice the domain notes cite (DOMAIN §4.1):
the final score is the average of the assessors' totals. When two totals differ by
more than the call's share of the higher one, one more assessor is needed; once that
assessment is in, the `required` closest totals are averaged (with two assessors
required: the two closest of three)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Sheet:
    """One submitted assessment."""

    id: int
    total: Decimal
    points: dict[int, Decimal] = field(default_factory=dict)  # scored criteria
    passed: dict[int, bool] = field(default_factory=dict)  # pass/fail criteria


@dataclass(frozen=True)
class Rule:
    """A criterion as reconciliation needs it."""

    id: int
    code: str
    is_scored: bool
    min_points: Decimal | None = None


@dataclass(frozen=True)
class Shortfall:
    """Why a proposal is below the threshold: kind is "minimum", "failed" or "total"."""

    kind: str
    code: str = ""
    value: str = ""
    limit: str = ""


@dataclass(frozen=True)
class Reconciliation:
    needs_additional: bool = False
    counted: tuple[int, ...] = ()
    final_score: Decimal | None = None
    criterion_points: dict[int, Decimal] = field(default_factory=dict)
    criterion_passed: dict[int, bool] = field(default_factory=dict)
    shortfalls: tuple[Shortfall, ...] = ()

    @property
    def is_complete(self) -> bool:
        return self.final_score is not None

    @property
    def is_below_threshold(self) -> bool:
        return bool(self.shortfalls)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def differ_too_much(totals: Sequence[Decimal], threshold_percent: Decimal) -> bool:
    """True when some two totals differ by more than `threshold_percent` of the higher."""
    if len(totals) < 2:
        return False
    high, low = max(totals), min(totals)
    return high - low > high * threshold_percent / 100


def closest(sheets: Sequence[Sheet], count: int) -> list[Sheet]:
    """The `count` sheets whose totals lie closest together. Among equally tight groups
    the higher-scoring one wins, then the earlier sheets: always the same answer."""
    ordered = sorted(sheets, key=lambda s: (s.total, -s.id))
    windows = [ordered[i : i + count] for i in range(len(ordered) - count + 1)]
    best = min(
        windows,
        key=lambda w: (w[-1].total - w[0].total, -sum(s.total for s in w), [s.id for s in w]),
    )
    return sorted(best, key=lambda s: s.id)


def _average(values: Sequence[Decimal]) -> Decimal:
    return rounded(sum(values, Decimal(0)) / len(values))


def _shortfalls(
    rules: Sequence[Rule],
    points: dict[int, Decimal],
    passed: dict[int, bool],
    final: Decimal,
    min_score: Decimal | None,
) -> tuple[Shortfall, ...]:
    found = []
    for rule in rules:
        if rule.is_scored and rule.min_points is not None and points[rule.id] < rule.min_points:
            found.append(
                Shortfall("minimum", rule.code, str(points[rule.id]), str(rule.min_points))
            )
        if not rule.is_scored and not passed[rule.id]:
            found.append(Shortfall("failed", rule.code))
    if min_score is not None and final < min_score:
        found.append(Shortfall("total", value=str(final), limit=str(min_score)))
    return tuple(found)


def reconcile(
    sheets: Sequence[Sheet],
    *,
    rules: Sequence[Rule],
    required: int,
    threshold_percent: Decimal,
    min_score: Decimal | None,
) -> Reconciliation:
    """What the submitted `sheets` of one proposal add up to.

    Fewer than `required`: nothing yet. Exactly `required` but too far apart: one more
    assessor is needed. Otherwise the closest `required` are averaged, per criterion too;
    a pass/fail criterion is failed when at least half of the counted assessors say so."""
    if len(sheets) < required:
        return Reconciliation()
    if len(sheets) == required and differ_too_much([s.total for s in sheets], threshold_percent):
        return Reconciliation(needs_additional=True)
    counted = closest(sheets, required)
    points = {
        r.id: _average([s.points.get(r.id, Decimal(0)) for s in counted])
        for r in rules
        if r.is_scored
    }
    passed = {
        r.id: sum(not s.passed.get(r.id, False) for s in counted) * 2 < len(counted)
        for r in rules
        if not r.is_scored
    }
    final = _average([s.total for s in counted])
    return Reconciliation(
        counted=tuple(s.id for s in counted),
        final_score=final,
        criterion_points=points,
        criterion_passed=passed,
        shortfalls=_shortfalls(rules, points, passed, final, min_score),
    )


def local_points(value) -> str:
    """Points as people write them, the local way: 12.50 → "12,5" in Lithuanian."""
    text = plain_points(value)
    return formats.number_format(Decimal(text)) if text else ""


def plain_points(value) -> str:
    """30.00 → "30", 12.50 → "12.5" (Decimal.normalize would write 3E+1)."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
