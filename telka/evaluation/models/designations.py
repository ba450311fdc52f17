"""The LAG itself as an applicant (INV-26): its staff work for the applicant, so the
board designates the one person who handles that proposal's formal check and assessor
assignment and prepares the lists that place it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Proposal


class Designation(models.Model):
    """Who handles the LAG's own proposal, by which board decision, and their signed
    declaration of independence. Recorded by another staff member (telka.evaluation
    .workflow.designations); a new designation replaces the old one, and the audit log
    keeps both."""

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="designation",
        verbose_name=_("proposal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("designated person"),
    )
    decision_reference = models.CharField(_("board decision"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    declaration = models.TextField(_("declaration of independence"), blank=True)
    declared_at = models.DateTimeField(_("declaration signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("designated handler")
        verbose_name_plural = _("designated handlers")

    def __str__(self) -> str:
        return f"{self.proposal.reg_number}: {self.user}"
