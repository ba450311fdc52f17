"""Calls for local development project proposals (kvietimai): the call, its money per
strategy measure (allocations), its selection criteria and its documents."""

import datetime
from decimal import Decimal
from enum import nonmember

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from telka.accounts.models import LegalForm
from telka.evaluation.workdays import add_working_days
from telka.lag.models import LocalActionGroup, Sector
from telka.lib.choicelabels import ChoiceLabels
from telka.periods.models import Fund
from telka.strategy.models import MONEY, Measure, Strategy

from ..uploads import type_label

PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


class CostKind(models.TextChoices):
    """How a budget line is costed (CPR 2021/1060 Art. 53(1); Reg. 2021/2115 Art. 83(1))."""

    REAL = "real", _("Real costs")
    LUMP_SUM = "lump_sum", _("Lump sum")
    UNIT_COST = "unit_cost", _("Unit cost × quantity")
    FLAT_RATE = "flat_rate", _("Flat rate (% of other lines)")

    # Simplified cost options: no invoices behind the amount.
    SIMPLIFIED = nonmember(frozenset({"lump_sum", "unit_cost", "flat_rate"}))


POINTS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class CallStatus(models.TextChoices):
    """DOMAIN.md §7.1. Only calls/workflow.py changes a call's status."""

    DRAFT = "draft", pgettext_lazy("call status", "Draft")
    APPROVED = "approved", pgettext_lazy("call status", "Approved")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")
    ASSESSMENT = "assessment", pgettext_lazy("call status", "Under assessment")
    DECISION_PENDING = "decision_pending", pgettext_lazy("call status", "Awaiting decision")
    DECIDED = "decided", pgettext_lazy("call status", "Decided")
    COMPLAINTS_CLOSED = "complaints_closed", pgettext_lazy("call status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("call status", "Cancelled")

    # Conditions, criteria and allocations may change only in a draft: the board approves
    # what is then published (INV-11); a change after approval goes back to draft.
    EDITABLE_STATES = nonmember(frozenset({"draft"}))
    # After the deadline: the call's proposals are being handled or have been decided.
    FINISHED_STATES = nonmember(
        frozenset({"closed", "assessment", "decision_pending", "decided", "complaints_closed"})
    )
    # Calls whose allocations hold money on their measures (INV-10).
    COMMITTING_STATES = nonmember(
        frozenset(
            {
                "approved",
                "open",
                "closed",
                "assessment",
                "decision_pending",
                "decided",
                "complaints_closed",
            }
        )
    )
    # "any → CANCELLED": every state except the two where the call's life is over.
    ALLOWED = nonmember(
        {
            "draft": {"approved", "cancelled"},
            "approved": {"open", "cancelled", "draft"},
            "open": {"closed", "cancelled"},
            "closed": {"assessment", "cancelled"},
            "assessment": {"decision_pending", "cancelled"},
            "decision_pending": {"decided", "cancelled"},
            "decided": {"complaints_closed", "cancelled"},
            "complaints_closed": set(),
            "cancelled": set(),
        }
    )


class DayUnit(models.TextChoices):
    """How a window of days is counted: working days skip weekends and Lithuanian public
    holidays (telka.evaluation.workdays)."""

    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


def window_end(start: datetime.date, days: int, unit: str) -> datetime.date:
    """The last day of a window of `days` counted from `start` (start itself does not
    count) in working or calendar days."""
    if unit == DayUnit.WORKING:
        return add_working_days(start, days)
    return start + datetime.timedelta(days=days)


def window_label(days: int, unit: str) -> str:
    """A window as calls and letters state it: "10 working days", "30 calendar days"."""
    if unit == DayUnit.WORKING:
        return ngettext("%(n)s working day", "%(n)s working days", days) % {"n": days}
    return ngettext("%(n)s calendar day", "%(n)s calendar days", days) % {"n": days}


class TerritoryRule(models.TextChoices):
    """Where the applicant or the project must be (INV-13, configured per call)."""

    NONE = "none", _("No territorial condition")
    APPLICANT = "applicant", _("The applicant operates in the LAG territory")
    ACTIVITIES = "activities", _("The project's activities take place in the LAG territory")
    BOTH = "both", _("The applicant operates and the activities take place in the LAG territory")


class CallQuerySet(models.QuerySet):
    def for_lag(self, lag: LocalActionGroup) -> "CallQuerySet":
        return self.filter(lag=lag)

    def published(self) -> "CallQuerySet":
        return self.filter(published_at__isnull=False)

    def accepting(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        """Open by the server clock (INV-12), even before the opening job has run."""
        now = now or timezone.now()
        return self.published().filter(
            status__in=[CallStatus.APPROVED, CallStatus.OPEN], opens_at__lte=now, closes_at__gt=now
        )

    def upcoming(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        now = now or timezone.now()
        return self.published().filter(status=CallStatus.APPROVED, opens_at__gt=now)

    def past(self, now: datetime.datetime | None = None) -> "CallQuerySet":
        """Published calls no longer accepting proposals: closed by time, later, or cancelled."""
        now = now or timezone.now()
        return self.published().filter(
            Q(status__in=CallStatus.FINISHED_STATES | {CallStatus.CANCELLED})
            | Q(status__in=[CallStatus.APPROVED, CallStatus.OPEN], closes_at__lte=now)
        )


class Call(ChoiceLabels, models.Model):
    """Kvietimas teikti vietos plėtros projektinius pasiūlymus.

    A call spends money of one strategy version (the one in force when it opened, INV-08)
    through allocations per measure, and publishes everything INV-09 names before it opens.
    """

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.PROTECT, related_name="calls", verbose_name=_("LAG")
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="calls", verbose_name=_("strategy version")
    )
    number = models.CharField(
        pgettext_lazy("call", "number"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z][0-9A-Za-z.\-]*$", _("Use digits, letters, dots and hyphens only.")
            )
        ],
        help_text=_("As the LAG numbers its calls, e.g. 4. Registration numbers become K4-001."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("fund"),
        help_text=_("Empty: the strategy's lead fund. The fund decides which rules apply."),
    )
    cost_kinds = models.JSONField(
        _("allowed cost options"),
        default=list,
        blank=True,
        help_text=_("The kinds of budget lines proposals may use; none ticked: real costs."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    conditions = models.TextField(
        _("other conditions"),
        blank=True,
        help_text=_("Eligible costs, duration, other requirements: shown on the public page."),
    )
    conditions_en = models.TextField(_("other conditions (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)

    eligible_applicants = models.TextField(
        _("eligible applicants (description)"),
        blank=True,
        help_text=_("In words, as published, e.g. NGOs and community organisations."),
    )
    eligible_applicants_en = models.TextField(_("eligible applicants (English)"), blank=True)
    eligible_legal_forms = models.JSONField(
        _("eligible legal forms"),
        default=list,
        blank=True,
        help_text=_("Empty: any legal form."),
    )
    eligible_sectors = models.JSONField(
        _("eligible sectors"), default=list, blank=True, help_text=_("Empty: any sector.")
    )
    eligible_partners = models.TextField(_("eligible partners"), blank=True)
    eligible_partners_en = models.TextField(_("eligible partners (English)"), blank=True)
    territory_rule = models.CharField(
        _("territorial condition"),
        max_length=20,
        choices=TerritoryRule.choices,
        default=TerritoryRule.APPLICANT,
    )

    min_score = models.DecimalField(_("minimum total score"), **POINTS, null=True, blank=True)
    tie_break_criterion = models.ForeignKey(
        "Criterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tie-break: higher score on criterion"),
    )
    tie_break_by_submission = models.BooleanField(
        _("tie-break: then earlier submission"), default=True
    )
    assessors_required = models.PositiveSmallIntegerField(
        _("assessors per proposal"), default=2, validators=[MinValueValidator(1)]
    )
    reconciliation_threshold_percent = models.DecimalField(
        _("reconciliation threshold (%)"),
        **PERCENT,
        default=Decimal(30),
        help_text=_(
            "A further assessor is needed when two totals differ by more than this share of "
            "the higher one."
        ),
    )
    is_rolling = models.BooleanField(
        _("rolling call"),
        default=False,
        help_text=_(
            "Proposals are checked and assessed as they arrive. Leave unticked for a call "
            "with a deadline: then all proposals are checked and assessed after it closes."
        ),
    )
    complaint_window_days = models.PositiveSmallIntegerField(
        _("complaint window (days)"), default=14
    )
    complaint_window_unit = models.CharField(
        _("complaint window counted in"),
        max_length=10,
        choices=DayUnit.choices,
        default=DayUnit.CALENDAR,
    )
    clarification_working_days = models.PositiveSmallIntegerField(
        _("clarification window (working days)"), default=5
    )
    agency_application_days = models.PositiveSmallIntegerField(
        _("days to apply to the agency"), default=30
    )
    agency_application_unit = models.CharField(
        _("days to apply counted in"),
        max_length=10,
        choices=DayUnit.choices,
        default=DayUnit.CALENDAR,
        help_text=_(
            "Counted from the day the board adopts the lists: the funded applicants are "
            "invited then, and a proposal not applied by the last day lapses (INV-30)."
        ),
    )
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    signed_attachments = models.JSONField(
        _("attachments to be signed"),
        default=list,
        blank=True,
        help_text=_(
            "Of these kinds, each file must be a PDF with a qualified electronic signature."
        ),
    )

    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    unpublished_at = models.DateTimeField(
        _("taken off the site"),
        null=True,
        blank=True,
        help_text=_("When the approved call was last taken off the site to be changed."),
    )
    approval_reference = models.CharField(
        _("approved by"),
        max_length=300,
        blank=True,
        help_text=_("The board decision that approved the call, e.g. minutes no. 5."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reasons for cancellation"), blank=True)
    # Registration counter: incremented under a row lock, so numbers are gapless (INV-12).
    last_sequence = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("noun", "call")
        verbose_name_plural = pgettext_lazy("noun", "calls")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lag", "number"], name="unique_call_number"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("The call must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_prefix}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        if self.fund_id is None and self.strategy_id is not None:
            from telka.periods.rules import strategy_fund

            self.fund = strategy_fund(self.strategy)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", args=[self.pk])

    def allowed_cost_kinds(self) -> list[str]:
        """The kinds of budget lines this call admits, in the order of CostKind."""
        chosen = set(self.cost_kinds or [CostKind.REAL])
        return [kind for kind in CostKind.values if kind in chosen]

    @property
    def registration_prefix(self) -> str:
        return f"K{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_editable(self) -> bool:
        """Staff may change conditions, criteria and allocations (INV-11): before publication."""
        return self.status in CallStatus.EDITABLE_STATES and not self.is_published

    def accepts_proposals(self, now: datetime.datetime | None = None) -> bool:
        """Open by the server clock (INV-12), whatever the opening job has or has not done."""
        now = now or timezone.now()
        return (
            self.is_published
            and self.status in {CallStatus.APPROVED, CallStatus.OPEN}
            and self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at <= now < self.closes_at
        )

    def is_upcoming(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.status == CallStatus.APPROVED and self.opens_at > now

    @property
    def complaint_window_label(self) -> str:
        """The window as the call and the notices state it: "10 working days"."""
        return window_label(self.complaint_window_days, self.complaint_window_unit)

    def complaint_deadline(self, start: datetime.date) -> datetime.date:
        """The last day to complain about a notice sent on `start` (INV-29)."""
        return window_end(start, self.complaint_window_days, self.complaint_window_unit)

    @property
    def agency_window_label(self) -> str:
        """The time to apply to the agency as the call and the invitations state it."""
        return window_label(self.agency_application_days, self.agency_application_unit)

    def agency_deadline(self, start: datetime.date) -> datetime.date:
        """The last day to apply to the agency for a proposal invited on `start` (INV-30)."""
        return window_end(start, self.agency_application_days, self.agency_application_unit)

    def has_closed(self, now: datetime.datetime | None = None) -> bool:
        """The deadline has passed by the server clock (INV-12)."""
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    def evaluation_may_start(self, now: datetime.datetime | None = None) -> bool:
        """Proposals of a call with a deadline are checked, assessed and ranked only after
        it closes, all alike; a rolling call allows it as they arrive."""
        return self.is_rolling or self.has_closed(now)

    def phase(self, now: datetime.datetime | None = None) -> str:
        """How the public sees the call now: open, upcoming, closed, cancelled or draft."""
        now = now or timezone.now()
        if self.status == CallStatus.CANCELLED:
            return "cancelled"
        if not self.is_published:
            return "draft"
        if self.accepts_proposals(now):
            return "open"
        return "upcoming" if self.is_upcoming(now) else "closed"

    def tie_break_parts(self) -> list[str]:
        """The published tie-break rule, one clause per step, in order."""
        parts = []
        if self.tie_break_criterion_id:
            parts.append(
                _("higher score on criterion %(code)s") % {"code": self.tie_break_criterion.code}
            )
        if self.tie_break_by_submission:
            parts.append(_("earlier submission"))
        return [str(p) for p in parts]

    @property
    def eligible_legal_forms_labels(self) -> list[str]:
        labels = dict(LegalForm.choices)
        return [str(labels.get(code, code)) for code in self.eligible_legal_forms]

    @property
    def eligible_sectors_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.eligible_sectors]

    @property
    def signed_attachments_labels(self) -> list[str]:
        from .proposals import AttachmentKind

        labels = dict(AttachmentKind.choices)
        return [str(labels.get(code, code)) for code in self.signed_attachments]

    @property
    def cost_kind_labels(self) -> list[str]:
        labels = dict(CostKind.choices)
        return [str(labels[kind]) for kind in self.allowed_cost_kinds()]

    def required_attachments_labels(self) -> list[str]:
        from .proposals import AttachmentKind  # proposals.py imports this module

        labels = dict(AttachmentKind.choices)
        return [str(labels.get(code, code)) for code in self.required_attachments]

    def total_budget(self) -> Decimal:
        return sum((a.amount for a in self.allocations.all()), Decimal(0))

    def max_total_points(self) -> Decimal:
        return sum((c.max_points or Decimal(0) for c in self.criteria.all()), Decimal(0))


class Allocation(models.Model):
    """Money a call makes available under one strategy measure (veiksmas), with its limits."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("call")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("measure")
    )
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    max_per_project = models.DecimalField(
        _("maximum per project (EUR)"), **MONEY, validators=[MinValueValidator(0)]
    )
    min_per_project = models.DecimalField(
        _("minimum per project (EUR)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    max_rate_percent = models.DecimalField(
        _("maximum co-financing rate (%)"),
        **PERCENT,
        help_text=_("The largest share of the project's total cost the grant may cover."),
    )
    allows_reduced_amounts = models.BooleanField(
        _("reduced amounts allowed"),
        default=False,
        help_text=_(
            "The board may fund a proposal with less than requested, with the applicant's consent."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["position", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "measure"], name="unique_allocation_measure"),
            models.CheckConstraint(
                condition=Q(max_per_project__lte=models.F("amount")),
                name="allocation_max_within_amount",
                violation_error_message=_(
                    "The maximum per project cannot be more than the allocation itself."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} — {self.amount} EUR"


class CriterionKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("General (pass or fail)")
    SCORED = "scored", _("Scored")


class Criterion(models.Model):
    """A selection criterion (atrankos kriterijus), frozen once the call is published (INV-11)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("criterion"), max_length=500)
    title_en = models.CharField(_("criterion (English)"), max_length=500, blank=True)
    description = models.TextField(_("how it is assessed"), blank=True)
    description_en = models.TextField(_("how it is assessed (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices)
    max_points = models.DecimalField(_("maximum points"), **POINTS, null=True, blank=True)
    min_points = models.DecimalField(
        _("mandatory minimum"),
        **POINTS,
        null=True,
        blank=True,
        help_text=_("A proposal scoring below this is not ranked, whatever its total."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="unique_criterion_code"),
            models.CheckConstraint(
                condition=Q(kind="pass_fail") | Q(max_points__gt=0),
                name="scored_criterion_has_points",
                violation_error_message=_("A scored criterion needs its maximum points."),
            ),
            models.CheckConstraint(
                condition=Q(min_points__isnull=True) | Q(min_points__lte=models.F("max_points")),
                name="criterion_minimum_within_maximum",
                violation_error_message=_("The mandatory minimum cannot exceed the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"

    @property
    def is_scored(self) -> bool:
        return self.kind == CriterionKind.SCORED


def call_document_path(document: "CallDocument", filename: str) -> str:
    return f"calls/{document.call_id}/documents/{filename}"


class CallDocument(models.Model):
    """A published file of a call: the notice, the selection rules, form templates."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="documents", verbose_name=_("call")
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=call_document_path, max_length=300)
    content_type = models.CharField(_("type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:document", args=[self.call_id, self.pk])

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)
