"""Programming periods and funds as data (DOMAIN-2021-2027 §4–5).

The rules that differ between 2014–2020 and 2021–2027 — the board composition and vote
limits, written procedure, the running-cost cap, simplified cost options — are rows,
seeded by a data migration with their legal sources. A strategy points to its period
and its lead fund, a call to its fund; rule checks read them through
`telka.periods.rules.rules_for`, never a module constant."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SHARE = {"max_digits": 4, "decimal_places": 3, "null": True, "blank": True}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class Fund(models.Model):
    """An EU fund a call can be financed from (ESF, ESF+, ERDF, EAFRD, EMFF, EMFAF)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def local_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class CapBase(models.TextChoices):
    PUBLIC_EXPENDITURE = "public_expenditure", _("total public expenditure within the strategy")
    PUBLIC_CONTRIBUTION = "public_contribution", _("total public contribution to the strategy")


class ProgrammingPeriod(models.Model):
    """The rules of one programming period. A null limit means EU law sets no figure
    (2021/1060: "no single interest group controls"); then the LAG statute's own number
    applies, and it must stay below half (telka.periods.rules)."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="2021-2027")
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    legal_refs = models.JSONField(
        _("legal references"),
        default=dict,
        blank=True,
        help_text=_('Rule → article, e.g. {"composition": "Reg. (EU) 2021/1060 Art. 31(2)"}.'),
    )
    max_public_share = models.DecimalField(
        _("maximum share of public authorities' voting rights"), **SHARE
    )
    max_group_share = models.DecimalField(
        _("maximum share of one interest group's voting rights"), **SHARE
    )
    max_public_vote_share = models.DecimalField(
        _("maximum share of public-authority votes in a selection decision"), **SHARE
    )
    allows_written_procedure = models.BooleanField(_("written procedure allowed"), default=True)
    running_cost_cap_percent = models.DecimalField(
        _("cap on running and animation costs (%)"), **PERCENT
    )
    running_cost_cap_base = models.CharField(
        _("the cap is a share of"), max_length=30, choices=CapBase.choices
    )
    running_cost_cap_includes_cooperation = models.BooleanField(
        _("cooperation counts within the cap"), default=False
    )
    sco_threshold = models.DecimalField(
        _("simplified cost options mandatory up to (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For the funds of the period marked so; empty: no such obligation."),
    )
    default_fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("default fund")
    )
    funds = models.ManyToManyField(
        Fund, through="PeriodFund", related_name="periods", verbose_name=_("funds")
    )
    basis = models.TextField(_("basis and sources"), blank=True)

    class Meta:
        verbose_name = _("programming period")
        verbose_name_plural = _("programming periods")
        ordering = ["first_year"]

    def __str__(self) -> str:
        return self.code

    def contains(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class PeriodFund(models.Model):
    """A fund in a period, with the rules where it differs from the period's."""

    period = models.ForeignKey(
        ProgrammingPeriod,
        on_delete=models.CASCADE,
        related_name="fund_rules",
        verbose_name=_("programming period"),
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="period_rules", verbose_name=_("fund")
    )
    sco_mandatory = models.BooleanField(
        _("simplified cost options mandatory up to the period's threshold"), default=False
    )
    running_cost_cap_percent = models.DecimalField(
        _("cap on running and animation costs (%)"),
        **PERCENT,
        null=True,
        blank=True,
        help_text=_("Empty: the period's cap."),
    )
    running_cost_cap_includes_cooperation = models.BooleanField(
        _("cooperation counts within the cap"),
        null=True,
        blank=True,
        help_text=_("Empty: as the period says."),
    )
    basis = models.TextField(_("basis and sources"), blank=True)

    class Meta:
        verbose_name = _("fund rules of a period")
        verbose_name_plural = _("fund rules of a period")
        ordering = ["period", "fund"]
        constraints = [
            models.UniqueConstraint(fields=["period", "fund"], name="unique_period_fund")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.fund}"
