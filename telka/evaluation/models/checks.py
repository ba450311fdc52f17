"""The formal (administrative) check: a checklist per call, the answers per proposal,
and clarification requests listing the deficiencies the applicant must correct."""

from enum import nonmember

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.models import Call, Proposal, Submission


class ChecklistItem(models.Model):
    """One question of a call's formal-check checklist (e.g. "The applicant is eligible")."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="checklist_items", verbose_name=_("call")
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("question"), max_length=300)
    title_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    guidance = models.TextField(_("what to look at"), blank=True)
    guidance_en = models.TextField(_("what to look at (English)"), blank=True)
    section = models.CharField(_("part of the proposal"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="unique_checklist_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class CheckOutcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("check outcome", "In progress")
    ELIGIBLE = "eligible", pgettext_lazy("check outcome", "Eligible")
    REJECTED = "rejected", pgettext_lazy("check outcome", "Rejected")


class AdminCheck(models.Model):
    """The formal check of one proposal (administracinės atitikties vertinimas)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="admin_check", verbose_name=_("proposal")
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CheckOutcome.choices, default=CheckOutcome.OPEN
    )
    reasons = models.TextField(_("reasons"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("formal check")
        verbose_name_plural = _("formal checks")

    def __str__(self) -> str:
        return str(self.proposal)


class Verdict(models.TextChoices):
    PASS = "pass", pgettext_lazy("checklist answer", "Meets")
    FAIL = "fail", pgettext_lazy("checklist answer", "Does not meet")
    NA = "na", pgettext_lazy("checklist answer", "Not applicable")


class CheckAnswer(models.Model):
    check_run = models.ForeignKey(
        AdminCheck, on_delete=models.CASCADE, related_name="answers", verbose_name=_("check")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    verdict = models.CharField(_("answer"), max_length=10, choices=Verdict.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["item__position", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "item"], name="unique_check_answer")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.verdict}"


class ClarificationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("clarification status", "Awaiting the applicant")
    ANSWERED = "answered", pgettext_lazy("clarification status", "Corrected in time")
    EXPIRED = "expired", pgettext_lazy("clarification status", "Deadline missed")

    ALLOWED = nonmember({"open": {"answered", "expired"}, "answered": set(), "expired": set()})


class ClarificationQuerySet(models.QuerySet):
    def due(self, now) -> "ClarificationQuerySet":
        return self.filter(status=ClarificationStatus.OPEN, due_at__lt=now)


class Clarification(models.Model):
    """A request to correct listed deficiencies by a deadline (INV-15)."""

    check_run = models.ForeignKey(
        AdminCheck,
        on_delete=models.PROTECT,
        related_name="clarifications",
        verbose_name=_("check"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClarificationStatus.choices,
        default=ClarificationStatus.OPEN,
    )
    message = models.TextField(_("message to the applicant"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    due_on = models.DateField(_("deadline"))
    # The end of the deadline day in the LAG's time zone: what the expiry job compares.
    due_at = models.DateTimeField(_("due at"), db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected version"),
    )

    objects = ClarificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("clarification request")
        verbose_name_plural = _("clarification requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.check_run.proposal} — {self.due_on}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:clarification", args=[self.pk])

    @property
    def proposal(self) -> Proposal:
        return self.check_run.proposal


class Deficiency(models.Model):
    """One thing to fix. A checklist item gets at most one clarification round (INV-15)."""

    clarification = models.ForeignKey(
        Clarification,
        on_delete=models.CASCADE,
        related_name="deficiencies",
        verbose_name=_("clarification"),
    )
    check_run = models.ForeignKey(AdminCheck, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    section = models.CharField(_("part to correct"), max_length=20)
    description = models.TextField(_("what to correct"))
    response = models.TextField(_("applicant's explanation"), blank=True)

    class Meta:
        verbose_name = _("deficiency")
        verbose_name_plural = _("deficiencies")
        ordering = ["item__position", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_run", "item"], name="one_clarification_round_per_deficiency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.description[:60]}"


class BoardMemberPolicy(models.TextChoices):
    BLOCK = "block", _("Refuse board members as assessors")
    WARN = "warn", _("Allow board members as assessors, with a warning")


class EvaluationSettings(models.Model):
    """Evaluation rules chosen by the LAG (call empty) or for one call (overrides the LAG's)."""

    lag = models.ForeignKey(
        "lag.LocalActionGroup", on_delete=models.CASCADE, related_name="+", verbose_name=_("LAG")
    )
    call = models.OneToOneField(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluation_settings",
        verbose_name=_("call"),
    )
    board_member_policy = models.CharField(
        _("board members as assessors"),
        max_length=10,
        choices=BoardMemberPolicy.choices,
        default=BoardMemberPolicy.BLOCK,
        help_text=_("INV-16 recommends that a current board member does not assess proposals."),
    )

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")
        constraints = [
            models.UniqueConstraint(
                fields=["lag"], condition=Q(call__isnull=True), name="one_lag_evaluation_setting"
            )
        ]

    def __str__(self) -> str:
        return str(self.call or self.lag)
