"""What the board decided on each agenda item, how each member voted, the minutes
that record it (the notices sent to applicants are in notices.py). Adopted decisions,
their lines and signed minutes are immutable (INV-35): a correction is a new decision."""

from enum import nonmember

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.models import Allocation, Proposal
from telka.lag.models import BoardMembership
from telka.lib.frozen import FrozenError, FrozenModel, FrozenQuerySet
from telka.strategy.models import MONEY

from .meetings import AgendaItem, Meeting

POINTS = {"max_digits": 6, "decimal_places": 2}


# Kept for callers that catch the old name: a final row refused a change (INV-35).
ImmutableError = FrozenError


class DecisionKind(models.TextChoices):
    SELECTION = "selection", _("Funded and reserve lists")
    COMPLAINT = "complaint", _("Complaint")
    PROMOTION = "promotion", _("Promotion from the reserve list")
    CORRECTION = "correction", _("Correction")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("decision status", "Being prepared")
    ADOPTED = "adopted", pgettext_lazy("decision status", "Adopted")
    REJECTED = "rejected", pgettext_lazy("decision status", "Not adopted by the vote")
    INVALID = "invalid", pgettext_lazy("decision status", "Invalid (quorum or balance failed)")
    # The sitting ended before this item was decided, though its quorum and balance held:
    # the item stays open for the next sitting or a written procedure.
    DEFERRED = "deferred", pgettext_lazy("decision status", "Not decided: carried over")

    FINAL_STATES = nonmember(frozenset({"adopted", "rejected", "invalid", "deferred"}))
    ALLOWED = nonmember(
        {
            "draft": {"adopted", "rejected", "invalid", "deferred"},
            "adopted": set(),
            "rejected": set(),
            "invalid": set(),
            "deferred": set(),
        }
    )


class DecisionQuerySet(FrozenQuerySet):
    def adopted(self) -> "DecisionQuerySet":
        return self.filter(status=DecisionStatus.ADOPTED)


class Decision(FrozenModel):
    """The board's decision on one agenda item, with the figures that made it valid:
    who was present, who was recused, quorum and the public-authority share (INV-19…22)."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision", verbose_name=_("agenda item")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("allocation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    figures = models.JSONField(_("quorum and balance"), default=dict, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstained"), default=0)
    independence_note = models.TextField(
        _("functional independence note"),
        blank=True,
        help_text=_(
            "Required when the LAG itself applies (INV-26): how the decision was kept "
            "independent of the people linked to it."
        ),
    )
    complaint_upheld = models.BooleanField(_("complaint upheld"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()
    frozen_when = models.Q(status__in=DecisionStatus.FINAL_STATES)
    mutable_fields = frozenset({"recorded_by"})

    class Meta:
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        ordering = ["meeting", "item__position"]

    def __str__(self) -> str:
        return f"{self.meeting.number}-{self.item.position}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in DecisionStatus.FINAL_STATES

    @property
    def was_voted(self) -> bool:
        """Adopted or rejected by a vote (an invalid or deferred item has no count)."""
        return self.status in (DecisionStatus.ADOPTED, DecisionStatus.REJECTED)


class LineOutcome(models.TextChoices):
    FUNDED = "funded", _("Funded list")
    RESERVE = "reserve", _("Reserve list")
    NOT_SELECTED = "not_selected", _("Not selected")


class DecisionLine(FrozenModel):
    """One proposal on an allocation's lists: its rank and score when decided, the list it
    goes to, the fixed amount (INV-24), and any deviation with its justification (INV-23)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="lines", verbose_name=_("decision")
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="decision_lines",
        verbose_name=_("proposal"),
    )
    position = models.PositiveIntegerField(_("position"))
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), **POINTS, null=True, blank=True)
    requested_amount = models.DecimalField(_("requested (EUR)"), **MONEY)
    outcome = models.CharField(_("outcome"), max_length=20, choices=LineOutcome.choices)
    draft_outcome = models.CharField(
        _("draft list"), max_length=20, choices=LineOutcome.choices, blank=True
    )
    fixed_amount = models.DecimalField(_("fixed amount (EUR)"), **MONEY, null=True, blank=True)
    has_consent = models.BooleanField(_("applicant consents to a reduced amount"), default=False)
    is_deviation = models.BooleanField(_("deviates from the score order"), default=False)
    justification = models.TextField(_("justification of the deviation"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    tie_resolved_by = models.CharField(_("tie resolved by"), max_length=20, blank=True)

    frozen_when = models.Q(decision__status__in=DecisionStatus.FINAL_STATES)

    class Meta:
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "proposal"], name="one_line_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.outcome}"


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstained")


class Vote(FrozenModel):
    """One member's vote on one decision; in a written procedure, their ballot. Frozen
    once the decision is final."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="votes", verbose_name=_("decision")
    )
    membership = models.ForeignKey(
        BoardMembership, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    is_ballot = models.BooleanField(_("written ballot"), default=False)
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    frozen_when = models.Q(decision__status__in=DecisionStatus.FINAL_STATES)
    mutable_fields = frozenset({"entered_by"})

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["membership__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "membership"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.choice}"


def minutes_path(minutes: "Minutes", filename: str) -> str:
    return f"decisions/minutes/{minutes.meeting_id}/{filename}"


class Minutes(FrozenModel):
    """The minutes (protokolas) of a meeting, generated from the recorded facts. Signing
    stores the PDF with its SHA-256; from then on nothing may change (INV-35)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("meeting")
    )
    signatories = models.CharField(
        _("signed by"), max_length=400, help_text=_("Chair and secretary, as on the paper copy.")
    )
    signed_on = models.DateField(_("signed on"))
    signed_at = models.DateTimeField(_("recorded as signed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    pdf = models.FileField(_("signed PDF"), upload_to=minutes_path, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    frozen_when = models.Q(signed_at__isnull=False)
    mutable_fields = frozenset({"recorded_by"})

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


def notice_path(notice, filename: str) -> str:
    """Where a notice's PDF is stored (models/notices.py; kept here for migrations)."""
    return f"decisions/notices/{notice.proposal_id}/{filename}"
