"""What the national figures are grouped by: the programming period and the fund.

The one place that says where a period and a fund come from. Today the period is the
strategy's years and every call of the existing demo is ESF-funded; when
ProgrammingPeriod and Call.fund exist, point these two functions at them and every
national figure follows."""

from telka.strategy.models import Strategy

# The fund of every call until calls name theirs (the Aleksotas demo is ESF-funded).
DEFAULT_FUND = "ESF"


def period_of(strategy: Strategy) -> str:
    return f"{strategy.period_start}–{strategy.period_end}"


def call_group_fields(to_call: str) -> list[str]:
    """The fields, seen from a queryset through the path `to_call` to a Call, that a
    values() query groups by to get (fund, period) with `group_of`."""
    return [f"{to_call}__strategy__period_start", f"{to_call}__strategy__period_end"]


def group_of(row: dict, to_call: str) -> tuple[str, str]:
    """(fund, period) of a values() row grouped by call_group_fields(to_call)."""
    start, end = (row[field] for field in call_group_fields(to_call))
    return DEFAULT_FUND, f"{start}–{end}"
