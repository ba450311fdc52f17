"""The network's shared pool of external assessors (issue 18, item 3).

The network administrators keep the list: people with an account, their expertise and
languages. A LAG's staff invite someone from it for one call; that gives the person the
assessor role for the LAG (telka.lag.roles) and records the invitation. Declarations
and conflicts stay per call and per proposal (CallDeclaration, Assessment)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PoolAssessorQuerySet(models.QuerySet):
    def listed(self) -> "PoolAssessorQuerySet":
        return self.filter(removed_at=None)

    def search(self, text: str) -> "PoolAssessorQuerySet":
        """By name, expertise or language, each word anywhere."""
        queryset = self
        for word in text.split()[:5]:
            queryset = queryset.filter(
                Q(user__full_name__icontains=word)
                | Q(expertise__icontains=word)
                | Q(languages__icontains=word)
            )
        return queryset


class PoolAssessor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pool_entry",
        verbose_name=_("person"),
    )
    expertise = models.TextField(_("expertise"), max_length=1000)
    languages = models.CharField(_("languages"), max_length=200, help_text=_("E.g. lt, en, pl."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    objects = PoolAssessorQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessor in the network's pool")
        verbose_name_plural = _("the network's assessor pool")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)


class PoolInvitation(models.Model):
    """A LAG invited an assessor from the pool for one of its calls."""

    entry = models.ForeignKey(
        PoolAssessor,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("assessor"),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="pool_invitations",
        verbose_name=_("call"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation from the assessor pool")
        verbose_name_plural = _("invitations from the assessor pool")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "call"], name="one_pool_invitation_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.call}"
