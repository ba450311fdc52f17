"""Board meetings (valdybos posėdžiai) and written procedures, their agenda, who took
part and what each member declared about the proposals on the agenda."""

from enum import nonmember

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from telka.calls.models import Allocation, Proposal
from telka.lag.models import Board, BoardMembership, LocalActionGroup, RecusalScope
from telka.lib.frozen import FrozenModel


class DecisionSettings(models.Model):
    """The recusal scope the LAG started with. Changes are dated statute records
    (telka.lag.models.BoardStatute); this is read only before the first of them."""

    lag = models.OneToOneField(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name="decision_settings",
        verbose_name=_("LAG"),
    )
    recusal_scope = models.CharField(
        _("scope of a recusal"),
        max_length=20,
        choices=RecusalScope.choices,
        default=RecusalScope.ALLOCATION,
    )

    class Meta:
        verbose_name = _("decision settings")
        verbose_name_plural = _("decision settings")

    def __str__(self) -> str:
        return str(self.lag)

    @classmethod
    def for_lag(cls, lag: LocalActionGroup) -> "DecisionSettings":
        return cls.objects.filter(lag=lag).first() or cls(lag=lag)


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (video)")
    WRITTEN = "written", _("Written procedure")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    IN_PROGRESS = "in_progress", pgettext_lazy("meeting status", "In progress")
    CLOSED = "closed", pgettext_lazy("meeting status", "Closed")
    ADJOURNED = "adjourned", pgettext_lazy("meeting status", "Adjourned")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    # Members may still declare, and (written procedure) cast ballots.
    OPEN_STATES = nonmember(frozenset({"scheduled", "in_progress"}))
    ALLOWED = nonmember(
        {
            "scheduled": {"in_progress", "adjourned", "cancelled"},
            "in_progress": {"closed", "adjourned"},
            "closed": set(),
            "adjourned": set(),
            "cancelled": set(),
        }
    )


class MeetingQuerySet(models.QuerySet):
    def for_member(self, user) -> "MeetingQuerySet":
        """Meetings of boards on which the user holds a seat on the meeting's day."""
        return (
            self.filter(
                board__memberships__user=user,
                board__memberships__valid_from__lte=models.F("held_on"),
            )
            .filter(
                models.Q(board__memberships__valid_to__gte=models.F("held_on"))
                | models.Q(board__memberships__valid_to=None)
            )
            .distinct()
        )

    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(status__in=MeetingStatus.OPEN_STATES)


class Meeting(models.Model):
    """A board meeting, or a written procedure (rašytinė procedūra) with a deadline."""

    lag = models.ForeignKey(
        LocalActionGroup, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("LAG")
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("board")
    )
    number = models.CharField(
        pgettext_lazy("meeting", "number"),
        max_length=30,
        help_text=_("The minutes number, e.g. 2026/4."),
    )
    mode = models.CharField(_("form"), max_length=20, choices=MeetingMode.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    starts_at = models.DateTimeField(
        _("starts at"), help_text=_("For a written procedure: when the ballots open.")
    )
    held_on = models.DateField(
        _("decision date"),
        help_text=_("The board composition of this day is used (INV-03)."),
    )
    ballots_due_at = models.DateTimeField(
        _("ballots due"),
        null=True,
        blank=True,
        help_text=_("Written procedure only: ballots returned later are not counted."),
    )
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    notes = models.TextField(_("notes for the members"), blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("continues the adjourned meeting"),
    )
    adjourned_reason = models.TextField(_("why it was adjourned"), blank=True)
    chair = models.ForeignKey(
        BoardMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair of the meeting"),
    )
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lag", "number"], name="unique_meeting_number"),
            models.CheckConstraint(
                condition=~models.Q(mode="written") | models.Q(ballots_due_at__isnull=False),
                name="written_procedure_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return _("Board meeting no. %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", args=[self.pk])

    def get_member_url(self) -> str:
        return reverse("decisions:member_meeting", args=[self.pk])

    @property
    def is_written(self) -> bool:
        return self.mode == MeetingMode.WRITTEN

    @property
    def is_open(self) -> bool:
        return self.status in MeetingStatus.OPEN_STATES

    def ballots_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_written and self.is_open and self.starts_at <= now <= self.ballots_due_at


class AgendaKind(models.TextChoices):
    SELECTION = "selection", _("Funded and reserve lists of an allocation")
    COMPLAINT = "complaint", _("Complaint")
    PROMOTION = "promotion", _("Promotion from the reserve list")
    CORRECTION = "correction", _("Correction of an adopted decision")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("allocation"),
    )
    complaint = models.ForeignKey(
        "decisions.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("complaint"),
    )
    corrects = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by_items",
        verbose_name=_("corrects the decision"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()}: {self.allocation.measure.code}"

    def proposals(self):
        """The proposals members declare on: every registered, not withdrawn proposal of
        the allocation, since a list place is zero-sum (INV-19)."""
        return declared_on([self.allocation_id])


def declared_on(allocations):
    """The proposals declared on for the items of these allocations (`AgendaItem.proposals`
    of several items in one query)."""
    return (
        Proposal.objects.filter(allocation_id__in=allocations, reg_number__isnull=False)
        .exclude(status="withdrawn")
        .select_related("organisation")
        .order_by("sequence")
    )


SIGNED = models.Q(meeting__minutes__signed_at__isnull=False)


class Attendance(FrozenModel):
    """Whether a member took part: present at the meeting, or returned a ballot. Frozen
    once the minutes are signed."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        BoardMembership, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    is_present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    frozen_when = SIGNED
    mutable_fields = frozenset({"recorded_by"})

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["membership__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.is_present}"


class InterestDeclaration(FrozenModel):
    """A member's declaration on one proposal at one meeting: no interest, or an
    interest and its nature (INV-19). Recorded with who entered it and when (INV-22).
    Frozen once the minutes are signed."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        BoardMembership, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposal")
    )
    has_interest = models.BooleanField(_("has an interest"))
    nature = models.TextField(_("nature of the interest"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    frozen_when = SIGNED
    mutable_fields = frozenset({"entered_by"})

    class Meta:
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        ordering = ["membership__full_name", "proposal__sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership", "proposal"], name="one_declaration_per_proposal"
            ),
            models.CheckConstraint(
                condition=models.Q(has_interest=False) | ~models.Q(nature=""),
                name="interest_has_nature",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "membership"])]

    def __str__(self) -> str:
        return f"{self.membership} — {self.proposal_id}: {self.has_interest}"
