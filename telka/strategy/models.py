import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from telka.lag.models import LocalActionGroup
from telka.lib.frozen import FrozenModel
from telka.periods.models import Fund, ProgrammingPeriod

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
    period = models.ForeignKey(
        ProgrammingPeriod,
        on_delete=models.PROTECT,
        null=True,
        related_name="strategies",
        verbose_name=_("programming period"),
        help_text=_("Whose rules the strategy follows; empty: the period of its first year."),
    )
    fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("lead fund"),
        help_text=_("Empty: the period's default fund."),
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
        help_text=_("Within the cap of the strategy's programming period and fund (INV-06)."),
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
    ma_approval_required = models.BooleanField(
        _("amendments need the managing authority's approval"),
        default=False,
        help_text=_(
            "Whether a change of this strategy must be approved by the managing authority "
            "before it enters into force (INV-07; a setting, since the rule is uncertain)."
        ),
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

    def save(self, *args, **kwargs) -> None:
        if self.period_id is None and self.period_start:
            from telka.periods.rules import period_for_year

            self.period = period_for_year(self.period_start)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail")

    @property
    def is_editable(self) -> bool:
        """Only a draft whose amendment is at an editing stage may change (INV-08)."""
        if self.status != StrategyStatus.DRAFT:
            return False
        try:
            return self.amendment.is_editable
        except ObjectDoesNotExist:
            return True

    def version_url(self) -> str:
        return reverse("strategy:version", args=[self.version])

    def measures(self) -> "models.QuerySet[Measure]":
        return Measure.objects.filter(objective__goal__strategy=self)

    def running_cost_problems(self) -> list[str]:
        """INV-06: running and animation costs (and cooperation, where the period or the
        fund counts it in) within the cap of the strategy's period and lead fund."""
        from telka.periods.rules import rules_for, running_cost_cap

        rules = rules_for(self)
        spent = self.running_costs_budget
        if rules.running_cost_cap_includes_cooperation:
            cooperation = self.measures().filter(is_cooperation=True)
            spent += cooperation.aggregate(total=Sum("budget"))["total"] or Decimal(0)
        cap = running_cost_cap(rules, self.total_budget)
        if spent <= cap:
            return []
        words = {
            "pct": number_format(rules.running_cost_cap_percent, 0),
            "period": rules.period,
            "fund": rules.fund,
        }
        if rules.running_cost_cap_includes_cooperation:
            message = gettext(
                "Running and animation costs with cooperation exceed %(pct)s %% of the total "
                "budget allowed in the %(period)s period for %(fund)s (INV-06)."
            )
        else:
            message = gettext(
                "Running and animation costs exceed %(pct)s %% of the total budget allowed "
                "in the %(period)s period for %(fund)s (INV-06)."
            )
        return [message % words]

    def measures_budget(self) -> Decimal:
        return self.measures().aggregate(total=Sum("budget"))["total"] or Decimal(0)

    def problems(self) -> list[str]:
        """Why this version could not be adopted as it stands (INV-05, INV-06, the budget)."""
        found = []
        untargeted = (
            Objective.objects.filter(goal__strategy=self)
            .annotate(targets=Count("measures__targets"))
            .filter(targets=0)
        )
        for objective in untargeted:
            found.append(
                gettext("Objective %(code)s has no indicator with a target (INV-05).")
                % {"code": objective.code}
            )
        found += self.running_cost_problems()
        if self.measures_budget() + self.running_costs_budget > self.total_budget:
            found.append(
                gettext(
                    "The measures' budgets and the running costs together exceed the total budget."
                )
            )
        return found


class StrategyNode(models.Model):
    """What a goal, an objective and a measure share: a code and a title (with its
    English variant) in a position, and a `lineage` that stays the same across strategy
    versions, so versions can be compared."""

    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class Goal(StrategyNode):
    """Tikslas."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )

    class Meta(StrategyNode.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class Objective(StrategyNode):
    """Uždavinys."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("goal")
    )

    class Meta(StrategyNode.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")


class Measure(StrategyNode):
    """Veiksmas (action): the unit that calls allocate money to."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="measures", verbose_name=_("objective")
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    budget = models.DecimalField(_("budget (EUR)"), **MONEY, default=Decimal(0))
    eligible_applicants = models.TextField(_("eligible applicants"), blank=True)
    eligible_applicants_en = models.TextField(_("eligible applicants (English)"), blank=True)
    is_cooperation = models.BooleanField(
        _("LAG cooperation"),
        default=False,
        help_text=_("Counted within the running-cost cap where the period or fund says so."),
    )
    target_group = models.TextField(_("target group"), blank=True)
    target_group_en = models.TextField(_("target group (English)"), blank=True)
    planned_projects = models.PositiveSmallIntegerField(
        _("planned number of projects"), null=True, blank=True
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum project duration (months)"), null=True, blank=True
    )
    programme_measure = models.CharField(
        _("programme measure code"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 08.6.1-ESFA-T-927"),
    )
    is_demo = models.BooleanField(
        _("demo figures"),
        default=False,
        help_text=_("The budget is illustrative demo data, not the LAG's real figure."),
    )

    class Meta(StrategyNode.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")


# Versions whose indicators are part of the record (INV-08).
USED_STATES = ("in_force", "superseded")


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class AchievementMoment(models.TextChoices):
    AT_ENTRY = "at_entry", _("At entry into the activity")
    DURING = "during", _("During the project")
    AT_EXIT = "at_exit", _("At exit from the activity")
    SIX_MONTHS = "six_months", _("Six months after exit")
    PROJECT_END = "project_end", _("At the end of the project")


class Indicator(FrozenModel):
    """A monitoring indicator in the LAG's catalogue (cf. order 1K-499 columns). Frozen
    once a version in force (or superseded) targets it (INV-08): a changed definition is
    a new indicator, used by a new strategy version."""

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

    frozen_when = Q(targets__measure__objective__goal__strategy__status__in=USED_STATES)

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


class AmendmentStatus(models.TextChoices):
    """The life of a strategy change (DOMAIN §7.4)."""

    DRAFT = "draft", pgettext_lazy("amendment status", "Draft")
    CONSULTATION_OPEN = "consultation_open", _("Consultation open")
    CONSULTATION_CLOSED = "consultation_closed", _("Consultation closed")
    PROPOSED = "proposed", _("Proposed to the general meeting")
    ADOPTED = "adopted", _("Adopted by the general meeting")
    SUBMITTED_TO_MA = "submitted_to_ma", _("Submitted to the managing authority")
    MA_APPROVED = "ma_approved", _("Approved by the managing authority")
    MA_REJECTED = "ma_rejected", _("Rejected by the managing authority")
    IN_FORCE = "in_force", pgettext_lazy("amendment status", "In force")
    WITHDRAWN = "withdrawn", pgettext_lazy("amendment status", "Withdrawn")

    @classmethod
    def editable(cls) -> set[str]:
        # Frozen while residents comment on it, and from the proposal to the meeting on.
        return {cls.DRAFT, cls.CONSULTATION_CLOSED}

    @classmethod
    def finished(cls) -> set[str]:
        return {cls.IN_FORCE, cls.WITHDRAWN, cls.MA_REJECTED}


S = AmendmentStatus
AMENDMENT_ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.CONSULTATION_OPEN, S.WITHDRAWN},
    S.CONSULTATION_OPEN: {S.CONSULTATION_CLOSED},
    # A second consultation round may follow a revision of the draft.
    S.CONSULTATION_CLOSED: {S.PROPOSED, S.CONSULTATION_OPEN, S.WITHDRAWN},
    S.PROPOSED: {S.ADOPTED, S.WITHDRAWN},
    S.ADOPTED: {S.SUBMITTED_TO_MA, S.IN_FORCE},
    S.SUBMITTED_TO_MA: {S.MA_APPROVED, S.MA_REJECTED},
    S.MA_APPROVED: {S.IN_FORCE},
    S.MA_REJECTED: set(),
    S.IN_FORCE: set(),
    S.WITHDRAWN: set(),
}


class StrategyAmendmentQuerySet(models.QuerySet):
    def active(self) -> "StrategyAmendmentQuerySet":
        return self.exclude(status__in=AmendmentStatus.finished())

    def published(self) -> "StrategyAmendmentQuerySet":
        return self.filter(published_at__isnull=False)


def minutes_path(instance: "StrategyAmendment", filename: str) -> str:
    return f"strategy/amendments/{uuid.uuid4().hex}/{filename}"


class StrategyAmendment(models.Model):
    """A change of the strategy (strategijos keitimas): a draft version copied from the
    version in force, consulted on, adopted by the general meeting and put into force."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("LAG")
    )
    base = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        related_name="amendments_based_on",
        verbose_name=_("amended version"),
    )
    draft = models.OneToOneField(
        Strategy, on_delete=models.PROTECT, related_name="amendment", verbose_name=_("new version")
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    reasons = models.TextField(
        _("reasons and explanation"), help_text=_("Why the strategy is changed, and how.")
    )
    reasons_en = models.TextField(_("reasons and explanation (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    needs_ma_approval = models.BooleanField(
        _("needs the managing authority's approval"), default=False
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    adopted_on = models.DateField(_("general meeting date"), null=True, blank=True)
    minutes_number = models.CharField(_("minutes no."), max_length=60, blank=True)
    minutes_document = models.FileField(
        _("minutes of the general meeting"), upload_to=minutes_path, blank=True
    )
    ma_submitted_on = models.DateField(_("submitted to the MA on"), null=True, blank=True)
    ma_reference = models.CharField(_("MA submission reference"), max_length=120, blank=True)
    ma_decided_on = models.DateField(_("MA decision date"), null=True, blank=True)
    ma_decision_reference = models.CharField(_("MA decision reference"), max_length=120, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    objects = StrategyAmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy amendment")
        verbose_name_plural = _("strategy amendments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:amendment", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in AmendmentStatus.editable()

    @property
    def is_public(self) -> bool:
        return self.published_at is not None
