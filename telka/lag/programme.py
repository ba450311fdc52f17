"""The programming period and the fund a LAG's strategy runs under: the one place that
names them, so that onboarding, the demo and the XLSX import agree.

Until periods and funds are records of their own, a strategy carries them as it always
has: the period through `Strategy.period_start`/`period_end` (the period is the one whose
years contain `period_start`, as telka.lag.periods reads it) and the fund in
`Strategy.programme`. Point `period_choices()`, `FUNDS` and `fund_of()` at the period and
fund models once they exist; nothing else needs to change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .periods import PeriodBounds, all_periods


class Fund(models.TextChoices):
    EAFRD = "EAFRD", _("EAFRD (rural development, LEADER)")
    ESF_PLUS = "ESF+", _("ESF+ (European Social Fund Plus)")
    ERDF = "ERDF", _("ERDF (European Regional Development Fund)")
    ESF = "ESF", _("ESF (European Social Fund, 2014–2020)")


# What `Strategy.programme` says for each fund (content, so in Lithuanian).
PROGRAMME_TEXT = {
    Fund.EAFRD: "EŽŪFKP (EAFRD) – Lietuvos žemės ūkio ir kaimo plėtros 2023–2027 m. strateginis planas, LEADER",
    Fund.ESF_PLUS: "ESF+ – 2021–2027 m. ES fondų investicijų programa",
    Fund.ERDF: "ERPF (ERDF) – 2021–2027 m. ES fondų investicijų programa",
    Fund.ESF: "ESF – 2014–2020 m. ES fondų investicijų veiksmų programa",
}


def period_choices() -> list[tuple[str, str]]:
    return [(p.code, p.code.replace("-", "–")) for p in all_periods()]


def period_by_code(code: str) -> PeriodBounds | None:
    return next((p for p in all_periods() if p.code == code), None)


def period_of_year(year: int) -> PeriodBounds | None:
    return next((p for p in all_periods() if p.first_year <= year <= p.last_year), None)


def default_years(period: PeriodBounds) -> tuple[int, int]:
    """A strategy's years when nothing else is known: from the period's third year to
    two years after it ends (the n+2 implementation years), e.g. 2023–2029."""
    return period.first_year + 2, period.last_year + 2


def fund_of(programme: str) -> str:
    """The fund a strategy's `programme` text names, or ""."""
    return next((fund for fund, text in PROGRAMME_TEXT.items() if text == programme), "")
