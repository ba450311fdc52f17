"""What the national figures are grouped by: the programming period and the fund.

The one place that says where they come from for the network's figures: a strategy's
period record (Strategy.period) and a call's fund (its own, else its strategy's, else
the period's default — telka.periods.rules.call_fund says the same for one call)."""

from telka.strategy.models import Strategy


def period_of(strategy: Strategy) -> str:
    """The strategy's programming period, e.g. "2014–2020" (select_related("period"))."""
    return strategy.period.code.replace("-", "–")


def call_group_fields(to_call: str = "") -> list[str]:
    """The fields, seen from a queryset through the path `to_call` to a Call (none: from
    a Call queryset), that a values() query groups by to get (fund, period) with
    `group_of`."""
    to = f"{to_call}__" if to_call else ""
    return [
        f"{to}fund__code",
        f"{to}strategy__fund__code",
        f"{to}strategy__period__default_fund__code",
        f"{to}strategy__period__code",
    ]


def group_of(row: dict, to_call: str = "") -> tuple[str, str]:
    """(fund, period) of a values() row grouped by call_group_fields(to_call)."""
    own, of_strategy, of_period, period = (row[field] for field in call_group_fields(to_call))
    return own or of_strategy or of_period, period.replace("-", "–")
