"""The programming period and the fund a new LAG's strategy runs under, as onboarding,
the demo and the XLSX import offer them: the period records of telka.periods (their
rules are read through telka.periods.rules) and the funds' codes, with the text a
strategy's `programme` field shows for each fund."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from telka.periods.models import ProgrammingPeriod
from telka.periods.rules import ensure_seeded


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
    ensure_seeded()
    periods = ProgrammingPeriod.objects.order_by("first_year").values_list("code", flat=True)
    return [(code, code.replace("-", "–")) for code in periods]


def period_by_code(code: str) -> ProgrammingPeriod | None:
    ensure_seeded()
    return ProgrammingPeriod.objects.filter(code=code).first()


def period_of_year(year: int) -> ProgrammingPeriod | None:
    ensure_seeded()
    return ProgrammingPeriod.objects.filter(first_year__lte=year, last_year__gte=year).first()


def default_years(period: ProgrammingPeriod) -> tuple[int, int]:
    """A strategy's years when nothing else is known: from the period's third year to
    two years after it ends (the n+2 implementation years), e.g. 2023–2029."""
    return period.first_year + 2, period.last_year + 2
