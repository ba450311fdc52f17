"""The amount the board fixed for a funded proposal and what happened to it at the
implementing agency (DOMAIN §3.3 stage B; INV-30, INV-32)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Proposal
from telka.strategy.models import MONEY

from .decisions import Decision


class Award(models.Model):
    """One per funded proposal. The money it holds on its allocation is the fixed amount
    until the agency decides, then the approved amount (the difference returns)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="award", verbose_name=_("proposal")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="awards", verbose_name=_("decision")
    )
    fixed_amount = models.DecimalField(_("fixed amount (EUR)"), **MONEY)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    apply_by = models.DateField(_("apply to the agency by"), null=True, blank=True)
    applied_on = models.DateField(_("applied to the agency on"), null=True, blank=True)
    agency_reference = models.CharField(_("agency application no."), max_length=100, blank=True)
    agency_decided_on = models.DateField(_("agency decision date"), null=True, blank=True)
    approved_amount = models.DecimalField(
        _("amount approved by the agency (EUR)"), **MONEY, null=True, blank=True
    )
    agency_reasons = models.TextField(_("agency's reasons"), blank=True)
    agreement_number = models.CharField(_("grant agreement no."), max_length=100, blank=True)
    agreement_signed_on = models.DateField(_("grant agreement signed on"), null=True, blank=True)
    lapsed_at = models.DateTimeField(_("lapsed"), null=True, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["proposal__sequence"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__lte=models.F("fixed_amount")),
                name="approved_within_fixed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.fixed_amount}"

    @property
    def returned_amount(self):
        if self.approved_amount is None:
            return None
        return self.fixed_amount - self.approved_amount
