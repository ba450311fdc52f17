"""The rules of a strategy's programming period and a call's fund: one function each.

`rules_for(strategy_or_call)` reads the period record and the fund's row in it once and
returns them merged (the fund's values win where it has its own). Every check of a
period rule takes these `PeriodRules`, so a rule is changed in the data, not the code."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.apps import apps as django_apps
from django.db.models.signals import post_delete, post_save
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Fund, PeriodFund, ProgrammingPeriod
from .seed import seed

if TYPE_CHECKING:
    from telka.calls.models import Call
    from telka.lag.models import LocalActionGroup
    from telka.strategy.models import Strategy

# Where EU law only says that no group "controls" (2021/1060 Art. 31(2)(b), 33(3)(b)), a
# group holding half the votes can block every decision: the statute's limit must stay
# below half.
HALF = Decimal("0.5")


@dataclass(frozen=True)
class Limit:
    share: Decimal
    inclusive: bool  # "at most" (a figure of the law) or "below" (the qualitative rule)

    def allows(self, value: Decimal) -> bool:
        return 0 < value <= self.share if self.inclusive else 0 < value < self.share


@dataclass(frozen=True)
class PeriodRules:
    period: str
    fund: str
    max_public_share: Decimal | None
    max_group_share: Decimal | None
    max_public_vote_share: Decimal | None
    allows_written_procedure: bool
    running_cost_cap_percent: Decimal
    running_cost_cap_base: str
    running_cost_cap_includes_cooperation: bool
    sco_required_up_to: Decimal | None
    basis: str
    legal_refs: dict = field(default_factory=dict)

    def ref(self, name: str) -> str:
        return self.legal_refs.get(name, self.basis)


def ensure_seeded() -> None:
    """The seeded periods and funds, again if a test database was flushed since the
    data migration ran."""
    if not ProgrammingPeriod.objects.exists():
        seed(django_apps)


def period_for_year(year: int) -> ProgrammingPeriod:
    """The period containing `year`, else the latest one starting before it, else the
    first one."""
    periods = list(ProgrammingPeriod.objects.select_related("default_fund").order_by("first_year"))
    if not periods:
        ensure_seeded()
        return period_for_year(year)
    for period in periods:
        if period.contains(year):
            return period
    before = [p for p in periods if p.first_year <= year]
    return (before or periods)[-1]


def get_period(code: str) -> ProgrammingPeriod:
    ensure_seeded()
    return ProgrammingPeriod.objects.get(code=code)


def get_fund(code: str) -> Fund:
    ensure_seeded()
    return Fund.objects.get(code=code)


def merge(period: ProgrammingPeriod, fund: Fund) -> PeriodRules:
    """The period's rules with the fund's own where it has a row in the period."""
    row = PeriodFund.objects.filter(period=period, fund=fund).first()
    cap = period.running_cost_cap_percent
    cooperation = period.running_cost_cap_includes_cooperation
    if row is not None and row.running_cost_cap_percent is not None:
        cap = row.running_cost_cap_percent
    if row is not None and row.running_cost_cap_includes_cooperation is not None:
        cooperation = row.running_cost_cap_includes_cooperation
    sco_mandatory = row is not None and row.sco_mandatory
    basis = "\n".join(b for b in (period.basis, row.basis if row else "") if b)
    return PeriodRules(
        period=period.code,
        fund=fund.code,
        max_public_share=period.max_public_share,
        max_group_share=period.max_group_share,
        max_public_vote_share=period.max_public_vote_share,
        allows_written_procedure=period.allows_written_procedure,
        running_cost_cap_percent=cap,
        running_cost_cap_base=period.running_cost_cap_base,
        running_cost_cap_includes_cooperation=cooperation,
        sco_required_up_to=period.sco_threshold if sco_mandatory else None,
        basis=basis,
        legal_refs=period.legal_refs,
    )


def call_fund(call: "Call") -> Fund:
    """The fund of a call: its own, else its strategy's (strategy_fund)."""
    return call.fund if call.fund_id else strategy_fund(call.strategy)


def strategy_fund(strategy: "Strategy") -> Fund:
    """The strategy's lead fund, else its period's default fund."""
    return strategy.fund if strategy.fund_id else strategy.period.default_fund


# Periods and funds are seed data (read-only in the admin) and a strategy's period and
# fund are fixed once it is saved: the merged rules and a strategy's period and fund are
# kept per process, forgotten whenever one of those rows is saved or deleted.
_kept: dict[tuple, object] = {}


def forget_kept_rules(**_signal_kwargs) -> None:
    _kept.clear()


for _sender in (ProgrammingPeriod, PeriodFund, Fund, "strategy.Strategy"):
    post_save.connect(forget_kept_rules, sender=_sender)
    post_delete.connect(forget_kept_rules, sender=_sender)


def _kept_or(key: tuple, build):
    if key not in _kept:
        _kept[key] = build()
    return _kept[key]


def _merged(period_id: int, fund_id: int) -> PeriodRules:
    return _kept_or(
        ("rules", period_id, fund_id),
        lambda: merge(ProgrammingPeriod.objects.get(pk=period_id), Fund.objects.get(pk=fund_id)),
    )


def _default_fund_id(period_id: int) -> int:
    return _kept_or(
        ("default-fund", period_id),
        lambda: ProgrammingPeriod.objects.values_list("default_fund_id", flat=True).get(
            pk=period_id
        ),
    )


def _strategy_ids(strategy_id: int) -> tuple[int | None, int | None]:
    """(period id, lead fund id or None) of a saved strategy."""
    from telka.strategy.models import Strategy

    return _kept_or(
        ("strategy", strategy_id),
        lambda: Strategy.objects.values_list("period_id", "fund_id").get(pk=strategy_id),
    )


def rules_for(obj: "Strategy | Call") -> PeriodRules:
    """The rules for a strategy (its period, its lead fund) or a call (its strategy's
    period, its own fund). Memoised on the object, and per process by ids (no query
    once known)."""
    cached = getattr(obj, "_period_rules", None)
    if cached is not None:
        return cached
    from telka.calls.models import Call  # calls depends on strategy, not the reverse

    if isinstance(obj, Call):
        if Call.strategy.is_cached(obj):
            period_id, fund_id = obj.strategy.period_id, obj.strategy.fund_id
        else:
            period_id, fund_id = _strategy_ids(obj.strategy_id)
        fund_id = obj.fund_id or fund_id
    else:
        period_id, fund_id = obj.period_id, obj.fund_id
    if period_id is None:  # a strategy not saved yet: its period follows its first year
        strategy = obj.strategy if isinstance(obj, Call) else obj
        period = period_for_year(strategy.period_start)
        own = obj.fund if isinstance(obj, Call) and obj.fund_id else None
        found = merge(period, own or (strategy.fund if strategy.fund_id else period.default_fund))
    else:
        found = _merged(period_id, fund_id or _default_fund_id(period_id))
    obj._period_rules = found
    return found


def rules_on(lag: "LocalActionGroup", day: datetime.date) -> PeriodRules:
    """The rules of the LAG's strategy in force on `day`, else of the period containing
    `day`'s year (a board's statute is checked by these)."""
    from telka.strategy.models import Strategy

    strategy = (
        Strategy.objects.filter(lag=lag, in_force_from__lte=day)
        .exclude(status="draft")
        .select_related("period__default_fund", "fund")
        .order_by("-in_force_from")
        .first()
    )
    if strategy is not None:
        return rules_for(strategy)
    period = period_for_year(day.year)
    return merge(period, period.default_fund)


# --- One function per rule --------------------------------------------------------------


def composition_limit(rules: PeriodRules) -> Limit:
    """INV-01: the most a statute may let public authorities or one interest group hold
    of the board's voting rights."""
    figures = [s for s in (rules.max_public_share, rules.max_group_share) if s is not None]
    return Limit(min(figures), inclusive=True) if figures else Limit(HALF, inclusive=False)


def vote_share_limit(rules: PeriodRules) -> Limit:
    """INV-21: the most a statute may let public-authority votes be of a selection
    decision's votes."""
    if rules.max_public_vote_share is not None:
        return Limit(rules.max_public_vote_share, inclusive=True)
    return Limit(HALF, inclusive=False)


def written_procedure_allowed(rules: PeriodRules) -> bool:
    return rules.allows_written_procedure


def running_cost_cap(rules: PeriodRules, total: Decimal) -> Decimal:
    """INV-06: the most the running and animation costs (with cooperation, where the
    period or fund counts it in) may come to out of the strategy's `total`."""
    return (total * rules.running_cost_cap_percent / 100).quantize(Decimal("0.01"))


def sco_required(rules: PeriodRules, total_cost: Decimal) -> bool:
    """CPR 2021/1060 Art. 53(2): an operation of the fund costing at most the threshold
    is paid only by unit costs, lump sums or flat rates."""
    return rules.sco_required_up_to is not None and total_cost <= rules.sco_required_up_to


def percent(share: Decimal) -> str:
    return f"{number_format((share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP), 1)} %"


def limit_words(limit: Limit) -> str:
    """'at most 49.0 %' or 'below 50.0 %', for messages and the rules page."""
    template = _("at most %(share)s") if limit.inclusive else _("below %(share)s")
    return template % {"share": percent(limit.share)}
