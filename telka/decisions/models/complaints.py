"""Complaints (skundai) against a decision or a formal rejection (INV-29)."""

import uuid
from enum import nonmember
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.models import Criterion, Proposal


class ComplaintGround(models.TextChoices):
    CRITERIA = "criteria", _("The published selection criteria were applied wrongly")
    PROCEDURE = "procedure", _("The published procedure was not followed")
    AMOUNT = "amount", _("The amount fixed is lower than requested")
    FORMAL = "formal", _("The formal check rejected the proposal wrongly")


class ComplaintStatus(models.TextChoices):
    FILED = "filed", pgettext_lazy("complaint status", "Filed")
    REGISTERED = "registered", pgettext_lazy("complaint status", "Registered, being examined")
    UPHELD = "upheld", pgettext_lazy("complaint status", "Upheld")
    REJECTED = "rejected", pgettext_lazy("complaint status", "Rejected")

    PENDING_STATES = nonmember(frozenset({"filed", "registered"}))
    ALLOWED = nonmember(
        {
            "filed": {"registered"},
            "registered": {"upheld", "rejected"},
            "upheld": set(),
            "rejected": set(),
        }
    )


def complaint_path(complaint: "Complaint", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"decisions/complaints/{complaint.proposal_id}/{uuid.uuid4().hex}{suffix}"


class ComplaintQuerySet(models.QuerySet):
    def pending(self) -> "ComplaintQuerySet":
        return self.filter(status__in=ComplaintStatus.PENDING_STATES)


class Complaint(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("proposal")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.FILED
    )
    grounds = models.JSONField(_("grounds"), default=list)
    criteria = models.ManyToManyField(
        Criterion, blank=True, related_name="+", verbose_name=_("criteria cited")
    )
    text = models.TextField(_("complaint"))
    attachment = models.FileField(
        _("attachment"), upload_to=complaint_path, max_length=300, blank=True
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    status_before = models.CharField(_("proposal status before"), max_length=20)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    staff_assessment = models.TextField(
        _("staff examination"), blank=True, help_text=_("Prepared for the board.")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    outcome_reasons = models.TextField(_("reasons of the board"), blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return _("Complaint on %(number)s") % {"number": self.proposal.reg_number}

    def get_absolute_url(self) -> str:
        return reverse("decisions:complaint", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in ComplaintStatus.PENDING_STATES

    def ground_labels(self) -> list[str]:
        labels = dict(ComplaintGround.choices)
        return [str(labels.get(g, g)) for g in self.grounds]
