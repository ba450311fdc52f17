"""Project proposals (vietos plėtros projektiniai pasiūlymai) and their parts: partners,
activities, planned indicator values, budget lines and attachments."""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from enum import nonmember
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.accounts.models import Organisation, legal_code_validator
from telka.lib.choicelabels import ChoiceLabels
from telka.strategy.models import MONEY, Indicator

from .calls import Allocation, Call, CostKind


class ProposalStatus(models.TextChoices):
    """DOMAIN.md §7.2, the whole life of a proposal. This app moves DRAFT → SUBMITTED →
    REGISTERED and → WITHDRAWN; the evaluation and decisions apps own the later steps,
    always through a workflow function that consults ALLOWED."""

    DRAFT = "draft", pgettext_lazy("proposal status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    REGISTERED = "registered", pgettext_lazy("proposal status", "Registered")
    ADMIN_CHECK = "admin_check", pgettext_lazy("proposal status", "Formal check")
    CLARIFICATION = "clarification", pgettext_lazy("proposal status", "Clarification requested")
    ADMIN_REJECTED = "admin_rejected", pgettext_lazy("proposal status", "Rejected (formal check)")
    ELIGIBLE = "eligible", pgettext_lazy("proposal status", "Eligible")
    UNDER_ASSESSMENT = "under_assessment", pgettext_lazy("proposal status", "Under assessment")
    ASSESSED = "assessed", pgettext_lazy("proposal status", "Assessed")
    BELOW_THRESHOLD = "below_threshold", pgettext_lazy("proposal status", "Below threshold")
    RANKED = "ranked", pgettext_lazy("proposal status", "Ranked")
    SELECTED = "selected", pgettext_lazy("proposal status", "Selected for funding")
    RESERVE = "reserve", pgettext_lazy("proposal status", "On the reserve list")
    NOT_SELECTED = "not_selected", pgettext_lazy("proposal status", "Not selected")
    COMPLAINT = "complaint", pgettext_lazy("proposal status", "Complaint under review")
    INVITED = "invited", pgettext_lazy("proposal status", "Invited to apply to the agency")
    APPLIED = "applied", pgettext_lazy("proposal status", "Applied to the agency")
    LAPSED = "lapsed", pgettext_lazy("proposal status", "Lapsed")
    AGENCY_APPROVED = "agency_approved", pgettext_lazy("proposal status", "Approved by the agency")
    AGENCY_REJECTED = "agency_rejected", pgettext_lazy("proposal status", "Rejected by the agency")
    CONTRACTED = "contracted", pgettext_lazy("proposal status", "Contracted")
    IN_IMPLEMENTATION = "in_implementation", pgettext_lazy("proposal status", "In implementation")
    COMPLETED = "completed", pgettext_lazy("proposal status", "Completed")
    TERMINATED = "terminated", pgettext_lazy("proposal status", "Terminated")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "Withdrawn")

    # What the applicant may still edit.
    EDITABLE_STATES = nonmember(frozenset({"draft"}))
    # Final (ADMIN_REJECTED and NOT_SELECTED only once the complaint window is over).
    TERMINAL_STATES = nonmember(
        frozenset(
            {
                "admin_rejected",
                "not_selected",
                "lapsed",
                "agency_rejected",
                "completed",
                "terminated",
                "withdrawn",
            }
        )
    )
    ALLOWED = nonmember(
        {
            "draft": {"submitted", "withdrawn"},
            "submitted": {"registered", "withdrawn"},
            # Not in the §7.2 diagram: SUBMITTED lasts only inside the submitting transaction,
            # so "the applicant can withdraw before the deadline" is REGISTERED → WITHDRAWN.
            "registered": {"admin_check", "withdrawn"},
            "admin_check": {"clarification", "admin_rejected", "eligible"},
            "clarification": {"admin_check", "admin_rejected"},
            "admin_rejected": {"complaint"},
            "eligible": {"under_assessment"},
            "under_assessment": {"assessed"},
            "assessed": {"below_threshold", "ranked"},
            "below_threshold": {"not_selected"},
            "ranked": {"selected", "reserve", "not_selected", "withdrawn"},
            "selected": {"invited", "withdrawn"},
            "reserve": {"complaint", "selected"},
            "not_selected": {"complaint"},
            "complaint": {"under_assessment", "admin_check", "not_selected", "reserve"},
            "invited": {"applied", "lapsed", "withdrawn"},
            "applied": {"agency_approved", "agency_rejected"},
            "lapsed": set(),
            "agency_approved": {"contracted"},
            "agency_rejected": set(),
            "contracted": {"in_implementation"},
            "in_implementation": {"completed", "terminated"},
            "completed": set(),
            "terminated": set(),
            "withdrawn": set(),
        }
    )


class ProposalQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProposalQuerySet":
        """Proposals of every organisation the user belongs to."""
        return self.filter(organisation__memberships__user=user)

    def for_lag(self, lag) -> "ProposalQuerySet":
        """Proposals to the calls of one LAG (an organisation may apply to several)."""
        return self.filter(call__lag=lag)

    def registered(self) -> "ProposalQuerySet":
        return self.filter(reg_number__isnull=False)

    def search(self, text: str) -> "ProposalQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(reg_number__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(organisation__legal_code__startswith=text)
        )


class Proposal(ChoiceLabels, models.Model):
    """One organisation's project proposal to one allocation of a call."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("call")
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("measure")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("applicant"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    sequence = models.PositiveIntegerField(_("sequence in the call"), null=True, blank=True)
    # Unique in its call (the call's number is unique in its LAG): two LAGs each have
    # their own "K1-001". NULL until submitted, so drafts do not meet the constraint.
    reg_number = models.CharField(  # noqa: DJ001
        _("registration number"), max_length=40, null=True, blank=True, db_index=True
    )

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    title = models.CharField(_("project title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem the project addresses"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    planned_participants = models.PositiveIntegerField(
        _("planned participants"), null=True, blank=True
    )
    starts_on = models.DateField(_("project start"), null=True, blank=True)
    ends_on = models.DateField(_("project end"), null=True, blank=True)
    location = models.CharField(_("where the activities take place"), max_length=300, blank=True)
    activities_in_territory = models.BooleanField(
        _("the activities take place in the LAG territory"), default=False
    )
    contribution = models.TextField(
        _("contribution to the strategy"),
        blank=True,
        help_text=_("How the project serves the measure's objective and the strategy's goal."),
    )

    total_cost = models.DecimalField(_("total cost (EUR)"), **MONEY, default=Decimal(0))
    own_contribution = models.DecimalField(
        _("own contribution (EUR)"), **MONEY, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    requested_amount = models.DecimalField(_("requested amount (EUR)"), **MONEY, default=Decimal(0))

    declares_not_completed = models.BooleanField(
        _("the project has not been completed or fully implemented"), default=False
    )
    declares_accurate = models.BooleanField(_("the information is accurate"), default=False)
    consents = models.BooleanField(_("consent to the processing of the data"), default=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        ordering = ["call", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "sequence"], name="unique_proposal_sequence_in_call"
            ),
            models.UniqueConstraint(
                fields=["call", "reg_number"], name="unique_proposal_reg_number_in_call"
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.reg_number or _('draft')}: {self.title or _('(untitled)')}"

    def get_absolute_url(self) -> str:
        return reverse("calls:proposal", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in ProposalStatus.EDITABLE_STATES

    @property
    def is_in_evaluation_or_later(self) -> bool:
        """Registered and handed on: the applicant follows it on the evaluation's status
        page (formal check, clarifications, assessment, decision)."""
        return bool(self.reg_number) and self.status not in {
            ProposalStatus.DRAFT,
            ProposalStatus.SUBMITTED,
            ProposalStatus.WITHDRAWN,
        }

    def is_withdrawable(self, now=None) -> bool:
        """The table allows it and, once registered, only until the call closes."""
        if ProposalStatus.WITHDRAWN not in ProposalStatus.ALLOWED[self.status]:
            return False
        return self.status != ProposalStatus.REGISTERED or self.call.accepts_proposals(now)

    @property
    def rate_percent(self) -> Decimal | None:
        return rate_percent(self.requested_amount, self.total_cost)

    def recalculate_budget(self, lines=None) -> None:
        """Total from the budget lines; requested = total − own contribution. Not saved."""
        lines = list(self.budget_lines.all()) if lines is None else lines
        self.total_cost = settle_amounts(lines)
        self.requested_amount = max(self.total_cost - self.own_contribution, Decimal(0))

    def latest_submission(self):
        return self.submissions.order_by("-version").first()


class Partner(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="partners", verbose_name=_("proposal")
    )
    name = models.CharField(_("partner"), max_length=300)
    legal_code = models.CharField(
        _("legal entity code"), max_length=9, blank=True, validators=[legal_code_validator]
    )
    role = models.TextField(_("role in the project"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("proposal")
    )
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorPlan(models.Model):
    """The value a proposal plans for one indicator of its measure (INV-33)."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="indicator_plans",
        verbose_name=_("proposal"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    planned_value = models.DecimalField(
        _("planned value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("planned indicator value")
        verbose_name_plural = _("planned indicator values")
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "indicator"], name="unique_indicator_plan")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.planned_value}"


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff costs")
    SERVICES = "services", _("Services")
    EQUIPMENT = "equipment", _("Equipment and furniture")
    PREMISES = "premises", _("Premises")
    PARTICIPANTS = "participants", _("Participants' costs")
    PUBLICITY = "publicity", _("Information and publicity")
    INDIRECT = "indirect", _("Indirect costs")
    OTHER = "other", pgettext_lazy("budget category", "Other")


class BudgetLine(ChoiceLabels, models.Model):
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("proposal"),
    )
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    kind = models.CharField(
        _("cost option"), max_length=20, choices=CostKind.choices, default=CostKind.REAL
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_price = models.DecimalField(
        _("unit price or lump sum (EUR)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rate_percent = models.DecimalField(
        _("flat rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    base_category = models.CharField(
        _("flat rate of"),
        max_length=20,
        choices=BudgetCategory.choices,
        blank=True,
        help_text=_("Empty: of all the other lines that are not flat rates."),
    )
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, default=Decimal(0))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"

    def save(self, *args, **kwargs) -> None:
        # A flat rate depends on the other lines: settle_amounts() sets it.
        if self.kind != CostKind.FLAT_RATE:
            self.amount = own_amount(self.kind, self.quantity, self.unit_price)
        super().save(*args, **kwargs)


def rate_percent(requested: Decimal, total_cost: Decimal | None) -> Decimal | None:
    """Co-financing rate: the requested amount as a share of the total cost, in percent."""
    if not total_cost:
        return None
    share = requested * 100 / total_cost
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal | None, unit_price: Decimal | None) -> Decimal:
    """quantity × unit price, rounded to the cent the way an accountant would."""
    if quantity is None or unit_price is None:
        return Decimal(0)
    return (quantity * unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def own_amount(kind: str, quantity: Decimal | None, unit_price: Decimal | None) -> Decimal:
    """The amount of a line that does not depend on others: a lump sum is its amount,
    real and unit costs are quantity × price."""
    if kind == CostKind.LUMP_SUM:
        return line_amount(Decimal(1), unit_price)
    return line_amount(quantity, unit_price)


def settle_amounts(lines) -> Decimal:
    """Set every line's amount (flat rates from the lines of their base, in memory) and
    return the total: the one place where a budget is summed."""
    for line in lines:
        if line.kind != CostKind.FLAT_RATE:
            line.amount = own_amount(line.kind, line.quantity, line.unit_price)
    others = [line for line in lines if line.kind != CostKind.FLAT_RATE]
    for line in lines:
        if line.kind == CostKind.FLAT_RATE:
            base = sum(
                (o.amount for o in others if line.base_category in ("", o.category)), Decimal(0)
            )
            line.amount = line_amount(base, (line.rate_percent or Decimal(0)) / 100)
    return sum((line.amount for line in lines), Decimal(0))


class AttachmentKind(models.TextChoices):
    BUDGET = "budget", _("Budget justification (price offers, estimates)")
    PARTNERSHIP = "partnership", _("Partnership agreement or letter of intent")
    APPLICANT = "applicant", _("Applicant's documents (statutes, financial statements)")
    STAFF = "staff", _("CVs of the project team")
    SUPPORT = "support", _("Letters of support")
    OTHER = "other", pgettext_lazy("attachment kind", "Other")


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # The stored name is random: the applicant's file name is kept in a field, never trusted.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"proposals/{attachment.proposal_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file attached to a draft. Its type was checked by content (magic bytes)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
