"""Assessors' declarations, their assessments of proposals with a score per criterion,
and each proposal's reconciled result (INV-16, INV-17, INV-18)."""

from enum import nonmember

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.models import Call, Criterion, Proposal

POINTS = {"max_digits": 6, "decimal_places": 2}


class CallDeclaration(models.Model):
    """An assessor's impartiality and confidentiality declaration for one call (INV-16).
    The text they agreed to is kept as signed."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="assessor_declarations", verbose_name=_("call")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="call_declarations",
        verbose_name=_("assessor"),
    )
    text = models.TextField(_("declaration as signed"))
    signed_at = models.DateTimeField(_("signed"))

    class Meta:
        verbose_name = _("impartiality declaration")
        verbose_name_plural = _("impartiality declarations")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "assessor"], name="one_declaration_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.assessor} — {self.call}"


class AssessmentStatus(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("assessment status", "Awaiting declaration")
    DECLARED = "declared", pgettext_lazy("assessment status", "Being scored")
    SUBMITTED = "submitted", pgettext_lazy("assessment status", "Submitted")
    CONFLICT = "conflict", pgettext_lazy("assessment status", "Conflict of interest declared")
    REMOVED = "removed", pgettext_lazy("assessment status", "Removed")
    # Submitted before a complaint was upheld: kept on record, no longer counted (INV-29).
    SUPERSEDED = "superseded", pgettext_lazy("assessment status", "Superseded")

    # The assessor still works on it.
    ACTIVE_STATES = nonmember(frozenset({"assigned", "declared"}))
    # It counts towards the number of assessors a proposal has.
    COUNTING_STATES = nonmember(frozenset({"assigned", "declared", "submitted"}))
    ALLOWED = nonmember(
        {
            "assigned": {"declared", "conflict", "removed"},
            "declared": {"submitted", "removed"},
            "submitted": {"superseded"},
            "conflict": set(),
            "removed": set(),
            "superseded": set(),
        }
    )


class AssessmentQuerySet(models.QuerySet):
    def counting(self) -> "AssessmentQuerySet":
        return self.filter(status__in=AssessmentStatus.COUNTING_STATES)

    def active(self) -> "AssessmentQuerySet":
        return self.filter(status__in=AssessmentStatus.ACTIVE_STATES)

    def submitted(self) -> "AssessmentQuerySet":
        """Submitted in the current round: what the result is reconciled from."""
        return self.filter(status=AssessmentStatus.SUBMITTED)

    def superseded(self) -> "AssessmentQuerySet":
        return self.filter(status=AssessmentStatus.SUPERSEDED)


class Assessment(models.Model):
    """One assessor's assessment of one proposal: the no-conflict declaration first,
    then a score with a justification per criterion; submitting locks it."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("proposal")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("assessor"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.ASSIGNED,
    )
    is_additional = models.BooleanField(
        _("additional assessor"),
        default=False,
        help_text=_("Assigned because the first totals differed too much (INV-17)."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"))
    declared_at = models.DateTimeField(_("no conflict declared"), null=True, blank=True)
    conflict_declared_at = models.DateTimeField(_("conflict declared"), null=True, blank=True)
    conflict_nature = models.TextField(_("nature of the interest"), blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    superseded_at = models.DateTimeField(
        _("superseded"),
        null=True,
        blank=True,
        help_text=_("When an upheld complaint sent the proposal back to assessment (INV-29)."),
    )
    total = models.DecimalField(_("total"), **POINTS, null=True, blank=True)
    board_member_warning = models.BooleanField(
        _("assigned despite a board seat"), default=False, editable=False
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["proposal", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "assessor"], name="one_assessment_per_assessor"
            )
        ]
        indexes = [models.Index(fields=["assessor", "status"])]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.assessor}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:assessment", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status != AssessmentStatus.DECLARED


class Score(models.Model):
    """An assessor's score on one criterion: points within 0…max for a scored criterion,
    met or not met for a pass/fail one, always with a written justification (INV-17)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(
        _("points"), **POINTS, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    passed = models.BooleanField(_("met"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_each"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points if self.passed is None else self.passed}"

    @property
    def is_complete(self) -> bool:
        value = self.points if self.criterion.is_scored else self.passed
        return value is not None and bool(self.justification.strip())


class ResultOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("result", "Waiting for assessments")
    ADDITIONAL = "additional", pgettext_lazy("result", "Additional assessor needed")
    BELOW_THRESHOLD = "below_threshold", pgettext_lazy("result", "Below threshold")
    RANKED = "ranked", pgettext_lazy("result", "Ranked")


class Result(models.Model):
    """A proposal's reconciled assessment: which assessments counted, the final score,
    the averaged points per criterion and why a proposal is below the threshold."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="result", verbose_name=_("proposal")
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ResultOutcome.choices, default=ResultOutcome.PENDING
    )
    additional_requested_at = models.DateTimeField(
        _("additional assessor requested"), null=True, blank=True
    )
    final_score = models.DecimalField(_("final score"), **POINTS, null=True, blank=True)
    tie_break_points = models.DecimalField(
        _("points on the tie-break criterion"), **POINTS, null=True, blank=True
    )
    criterion_points = models.JSONField(_("points per criterion"), default=dict)
    counted = models.JSONField(_("assessments counted"), default=list)
    reasons = models.JSONField(_("reasons below threshold"), default=list)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.final_score}"
