import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.lag.models import LocalActionGroup

MONEY = {"max_digits": 14, "decimal_places": 2}


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("strategy status", "Draft")
    IN_FORCE = "in_force", pgettext_lazy("strategy status", "In force")
    SUPERSEDED = "superseded", pgettext_lazy("strategy status", "Superseded")


class StrategyQuerySet(models.QuerySet):
    def in_force(self) -> "StrategyQuerySet":
        return self.filter(status=StrategyStatus.IN_FORCE)


class Strategy(models.Model):
    """One version of a local development strategy (VPS). A version in force is never edited
    (INV-08): a change is a new version created through an amendment."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("LAG")
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    period_start = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end = models.PositiveSmallIntegerField(_("period to (year)"))
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    priority = models.CharField(_("priority"), max_length=300, blank=True)
    investment_priority = models.CharField(_("investment priority"), max_length=300, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    total_budget = models.DecimalField(_("total budget (EUR)"), **MONEY, default=Decimal(0))
    running_costs_budget = models.DecimalField(
        _("running and animation costs (EUR)"),
        **MONEY,
        default=Decimal(0),
        help_text=_("At most 25 % of the total public contribution (INV-06)."),
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force to"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=300,
        blank=True,
        help_text=_("The decision that adopted this version, e.g. general meeting minutes no."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["lag", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lag", "version"], name="unique_strategy_version"),
            models.UniqueConstraint(
                fields=["lag"], condition=Q(status="in_force"), name="one_strategy_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail")

    @property
    def is_editable(self) -> bool:
        return self.status == StrategyStatus.DRAFT

    def measures(self) -> "models.QuerySet[Measure]":
        return Measure.objects.filter(objective__goal__strategy=self)

    def measures_budget(self) -> Decimal:
        return self.measures().aggregate(total=Sum("budget"))["total"] or Decimal(0)


class Goal(models.Model):
    """Tikslas. `lineage` stays the same across versions, so versions can be compared."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class Objective(models.Model):
    """Uždavinys."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("goal")
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class Measure(models.Model):
    """Veiksmas (action): the unit that calls allocate money to."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="measures", verbose_name=_("objective")
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    budget = models.DecimalField(_("budget (EUR)"), **MONEY, default=Decimal(0))
    eligible_applicants = models.TextField(_("eligible applicants"), blank=True)
    eligible_applicants_en = models.TextField(_("eligible applicants (English)"), blank=True)
    programme_measure = models.CharField(
        _("programme measure code"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 08.6.1-ESFA-T-927"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_demo = models.BooleanField(
        _("demo figures"),
        default=False,
        help_text=_("The budget is illustrative demo data, not the LAG's real figure."),
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class AchievementMoment(models.TextChoices):
    AT_ENTRY = "at_entry", _("At entry into the activity")
    DURING = "during", _("During the project")
    AT_EXIT = "at_exit", _("At exit from the activity")
    SIX_MONTHS = "six_months", _("Six months after exit")
    PROJECT_END = "project_end", _("At the end of the project")


class Indicator(models.Model):
    """A monitoring indicator in the LAG's catalogue (cf. order 1K-499 columns)."""

    lag = models.ForeignKey(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("LAG"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    achievement_moment = models.CharField(
        _("achievement moment"), max_length=20, choices=AchievementMoment.choices
    )
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("data source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["lag", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Target(models.Model):
    """The value a strategy version plans for an indicator under one measure."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="targets", verbose_name=_("measure")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    is_demo = models.BooleanField(_("demo figure"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "indicator"], name="unique_measure_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"
