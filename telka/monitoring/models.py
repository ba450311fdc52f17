"""Projects in implementation: what a contracted proposal became, its milestones, the
promoter's periodic reports (indicator values, expenditure, participants) and what the
strategy dashboard adds up (DOMAIN.md §3.5, INV-33, INV-34, INV-36, INV-37)."""

import datetime
from decimal import Decimal
from enum import nonmember

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.accounts.models import Organisation
from telka.calls.models import BudgetLine, Proposal
from telka.lag.models import LocalActionGroup
from telka.lib.choicelabels import ChoiceLabels
from telka.lib.frozen import FrozenModel, FrozenQuerySet
from telka.strategy.models import MONEY, Indicator, Measure, Strategy

VALUE = {"max_digits": 12, "decimal_places": 2}


class ProjectStatus(models.TextChoices):
    IN_IMPLEMENTATION = "in_implementation", pgettext_lazy("project status", "In implementation")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    TERMINATED = "terminated", pgettext_lazy("project status", "Terminated")


class ProjectQuerySet(models.QuerySet):
    def public(self) -> "ProjectQuerySet":
        """Every project is public in summary (INV-28); personal data never is."""
        return self.all()

    def of_promoter(self, user) -> "ProjectQuerySet":
        return self.filter(promoter__memberships__user=user)


class Project(ChoiceLabels, models.Model):
    """A funded, contracted proposal being implemented. Created from the proposal by
    `workflow.start_project`; planned indicator values are copied from its plans."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.CASCADE, related_name="projects", verbose_name=_("LAG")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="project", verbose_name=_("proposal")
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="projects", verbose_name=_("strategy")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="projects", verbose_name=_("measure")
    )
    promoter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("project promoter"),
    )
    number = models.CharField(_("project no."), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("public summary"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    total_cost = models.DecimalField(_("total cost (EUR)"), **MONEY)
    grant_amount = models.DecimalField(_("grant (EUR)"), **MONEY)
    report_every_months = models.PositiveSmallIntegerField(
        _("report every (months)"), default=6, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.IN_IMPLEMENTATION,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "number"]
        indexes = [
            models.Index(fields=["strategy", "measure"]),
            models.Index(fields=["lag", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:project", args=[self.pk])


class ProjectIndicator(models.Model):
    """What the project promised for one indicator of its measure (INV-33)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("project")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="project_plans",
        verbose_name=_("indicator"),
    )
    planned_value = models.DecimalField(_("planned value"), **VALUE, default=Decimal(0))

    class Meta:
        verbose_name = _("planned project indicator")
        verbose_name_plural = _("planned project indicators")
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "indicator"], name="unique_project_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.planned_value}"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report status", "Due")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("report status", "Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")

    # The promoter still owes or is correcting these.
    OPEN = nonmember(frozenset({"due", "returned"}))


REPORT_TRANSITIONS = {
    ReportStatus.DUE: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.ACCEPTED: set(),
}


class ReportQuerySet(FrozenQuerySet):
    def accepted(self) -> "ReportQuerySet":
        return self.filter(status=ReportStatus.ACCEPTED)

    def overdue(self, today: datetime.date | None = None) -> "ReportQuerySet":
        today = today or timezone.localdate()
        return self.filter(status__in=ReportStatus.OPEN, due_on__lt=today)


ACCEPTED = models.Q(report__status=ReportStatus.ACCEPTED)


class Report(ChoiceLabels, FrozenModel):
    """One periodic (or the final) report of a project. The schedule is created when the
    project starts; the promoter fills it in and submits; staff accept or return it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project")
    )
    sequence = models.PositiveSmallIntegerField(_("report no."))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"))
    is_final = models.BooleanField(_("final report"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    activities = models.TextField(_("activities carried out"), blank=True)
    participants_count = models.PositiveIntegerField(_("participants in the period"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    staff_comment = models.TextField(_("LAG comments"), blank=True)
    paid_amount = models.DecimalField(
        _("paid for this period (EUR)"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()
    frozen_when = models.Q(status=ReportStatus.ACCEPTED)
    mutable_fields = frozenset({"submitted_by", "reviewed_by", "reminded_on"})

    class Meta:
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        ordering = ["project", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["project", "sequence"], name="unique_report_sequence")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.project.number} #{self.sequence}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status in ReportStatus.OPEN and self.due_on < (today or timezone.localdate())


class IndicatorValueQuerySet(FrozenQuerySet):
    def accepted(self) -> "IndicatorValueQuerySet":
        return self.filter(report__status=ReportStatus.ACCEPTED)

    def achieved_by_indicator(self) -> dict[int, Decimal]:
        """{indicator id: sum of the values of accepted reports}, in one query. Narrow the
        queryset first (e.g. `.filter(report__project__strategy=s)`)."""
        rows = self.accepted().values("indicator").annotate(total=models.Sum("value"))
        return {row["indicator"]: row["total"] for row in rows.order_by()}


class IndicatorValue(FrozenModel):
    """The value a report declares as achieved in its period for one indicator. The
    dashboard counts only values of accepted reports."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(
        _("achieved in the period"), **VALUE, default=Decimal(0), validators=[MinValueValidator(0)]
    )

    objects = IndicatorValueQuerySet.as_manager()

    frozen_when = ACCEPTED

    class Meta:
        verbose_name = _("achieved indicator value")
        verbose_name_plural = _("achieved indicator values")
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_report_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class Expenditure(FrozenModel):
    """Money spent in the report's period against one budget line of the proposal."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="expenditures", verbose_name=_("report")
    )
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("budget line")
    )
    amount = models.DecimalField(
        _("spent (EUR)"), **MONEY, default=Decimal(0), validators=[MinValueValidator(0)]
    )

    frozen_when = ACCEPTED

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditure")
        ordering = ["budget_line__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "budget_line"], name="unique_report_budget_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_line_id}: {self.amount}"


def report_upload_to(instance: "ReportAttachment", filename: str) -> str:
    return f"reports/{instance.report.project_id}/{instance.report_id}/{filename}"


class ReportAttachment(FrozenModel):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=report_upload_to)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    frozen_when = ACCEPTED

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class LabourStatus(models.TextChoices):
    """Labour-market situation of a participant (ESF common indicators CO01, CO03, CR06)."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive")
    IN_EDUCATION = "in_education", _("In education or training")
    EMPLOYED = "employed", _("Employed, incl. self-employed")
    UNKNOWN = "unknown", _("Unknown")


class Participant(models.Model):
    """One person taking part in a project's activities. Personal data: visible only to
    the promoter's members and LAG staff; everything published is an aggregate (INV-34)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("f", _("female")), ("m", _("male")), ("x", _("other or not stated"))],
    )
    contact = models.CharField(_("contact (phone or e-mail)"), max_length=200, blank=True)
    socially_excluded = models.BooleanField(_("at risk of social exclusion"), default=False)
    entered_on = models.DateField(_("entered the activity on"))
    status_at_entry = models.CharField(
        _("situation at entry"), max_length=30, choices=LabourStatus.choices
    )
    exited_on = models.DateField(_("left the activity on"), null=True, blank=True)
    status_at_exit = models.CharField(
        _("situation at exit"), max_length=30, choices=LabourStatus.choices, blank=True
    )
    status_after_six_months = models.CharField(
        _("situation six months after exit"),
        max_length=30,
        choices=LabourStatus.choices,
        blank=True,
    )
    volunteering_after_six_months = models.BooleanField(
        _("volunteering in an NGO six months after exit"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["entered_on", "pk"]
        indexes = [models.Index(fields=["project", "entered_on"])]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.pk}"

    @property
    def follow_up_due_on(self) -> datetime.date | None:
        """Six months after exit, when the result indicators are measured."""
        if self.exited_on is None:
            return None
        month = self.exited_on.month + 6
        year = self.exited_on.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(self.exited_on.day, 28)
        return datetime.date(year, month, day)

    @property
    def improved_after_six_months(self) -> bool:
        """Labour-market situation improved six months after exit (ESF result indicator)."""
        better = {
            LabourStatus.LONG_TERM_UNEMPLOYED: 0,
            LabourStatus.UNEMPLOYED: 0,
            LabourStatus.INACTIVE: 0,
            LabourStatus.IN_EDUCATION: 1,
            LabourStatus.EMPLOYED: 2,
        }
        start = better.get(self.status_at_entry)
        after = better.get(self.status_after_six_months)
        return start is not None and after is not None and after > start


class MonitoringSettings(models.Model):
    """Per-LAG settings of the dashboard: the commitment milestone (INV-37)."""

    lag = models.OneToOneField(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
        verbose_name=_("LAG"),
    )
    commitment_milestone_on = models.DateField(
        _("commitment milestone date"),
        null=True,
        blank=True,
        help_text=_(
            "By this date the share below of the project allocation should be on funded lists."
        ),
    )
    commitment_milestone_share = models.DecimalField(
        _("commitment milestone share (%)"), max_digits=5, decimal_places=2, default=Decimal(90)
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind promoters this many days before a report is due"), default=7
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return str(self.lag)


class AnnualReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("annual report status", "Draft")
    APPROVED = "approved", pgettext_lazy("annual report status", "Approved by the general meeting")


class AnnualReport(FrozenModel):
    """The annual implementation report of a strategy for one year (INV-36): generated
    from the figures, then approved by the general meeting (date and minutes)."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("strategy"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AnnualReportStatus.choices,
        default=AnnualReportStatus.DRAFT,
    )
    figures = models.JSONField(_("figures at generation"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the general meeting on"), null=True, blank=True)
    minutes_number = models.CharField(_("minutes no."), max_length=60, blank=True)

    frozen_when = models.Q(status=AnnualReportStatus.APPROVED)

    class Meta:
        verbose_name = _("annual implementation report")
        verbose_name_plural = _("annual implementation reports")
        ordering = ["strategy", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "year"], name="unique_annual_report")
        ]

    def __str__(self) -> str:
        return f"{self.strategy} {self.year}"
