"""Resident consultations: a question or a draft strategy amendment put to residents,
their suggestions, comments and supports, and the LAG's answer to each suggestion."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from telka.lag.models import LocalActionGroup
from telka.strategy.models import Measure, Objective, Strategy, StrategyAmendment


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation status", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("consultation status", "Scheduled")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", pgettext_lazy("consultation status", "Closed, being answered")
    ANSWERED = "answered", pgettext_lazy("consultation status", "Closed and answered")
    CANCELLED = "cancelled", pgettext_lazy("consultation status", "Cancelled")

    @classmethod
    def public(cls) -> set[str]:
        return {cls.SCHEDULED, cls.OPEN, cls.CLOSED, cls.ANSWERED}

    @classmethod
    def answerable(cls) -> set[str]:
        """The LAG may record and revise answers until it publishes the result."""
        return {cls.OPEN, cls.CLOSED}

    @classmethod
    def editable(cls) -> set[str]:
        return {cls.DRAFT, cls.SCHEDULED, cls.OPEN}


C = ConsultationStatus
ALLOWED: dict[str, set[str]] = {
    C.DRAFT: {C.SCHEDULED, C.OPEN, C.CANCELLED},
    C.SCHEDULED: {C.OPEN, C.CANCELLED},
    C.OPEN: {C.CLOSED},
    C.CLOSED: {C.ANSWERED},
    C.ANSWERED: set(),
    C.CANCELLED: set(),
}


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> "ConsultationQuerySet":
        return self.filter(status__in=ConsultationStatus.public())

    def open_now(self, now: datetime.datetime | None = None) -> "ConsultationQuerySet":
        now = now or timezone.now()
        return self.filter(status=ConsultationStatus.OPEN, opens_at__lte=now, closes_at__gt=now)

    def due_to_open(self, now: datetime.datetime) -> "ConsultationQuerySet":
        return self.filter(status=ConsultationStatus.SCHEDULED, opens_at__lte=now)

    def due_to_close(self, now: datetime.datetime) -> "ConsultationQuerySet":
        return self.filter(status=ConsultationStatus.OPEN, closes_at__lte=now)


class Consultation(models.Model):
    """Gyventojų konsultavimas: residents are asked for suggestions on a draft amendment
    of the strategy, or on a free question, between `opens_at` and `closes_at`."""

    lag = models.ForeignKey(
        LocalActionGroup,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("LAG"),
    )
    amendment = models.ForeignKey(
        StrategyAmendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("strategy amendment"),
        help_text=_("Leave empty for a free question."),
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("strategy version"),
        help_text=_("The version whose objectives and measures suggestions may refer to."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text = models.TextField(_("explanation"), help_text=_("What residents are asked, and why."))
    text_en = models.TextField(_("explanation (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=C.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answers published"), null=True, blank=True)
    conclusion = models.TextField(
        _("conclusion"),
        blank=True,
        help_text=_("The LAG's overall conclusion, published with the answers."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["status", "opens_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def is_open_now(self, now: datetime.datetime | None = None) -> bool:
        """Open by status and by the clock: the command that closes it may not have run yet."""
        now = now or timezone.now()
        return self.status == C.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_public(self) -> bool:
        return self.status in ConsultationStatus.public()

    @property
    def is_editable(self) -> bool:
        return self.status in ConsultationStatus.editable()


def document_path(instance: models.Model, filename: str) -> str:
    return f"consultations/{uuid.uuid4().hex}/{filename}"


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class TerritoryLink(models.TextChoices):
    LIVES = "lives", _("I live in the territory")
    WORKS = "works", _("I work in the territory")
    ACTS = "acts", _("I act in the territory (e.g. in an organisation or community)")


class Participation(models.Model):
    """A resident's statement of how they are linked to the LAG territory, given once
    per consultation before they post or support."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participations"
    )
    # SET_NULL: the statement still counts in the report after the person is anonymised.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_participations",
    )
    link = models.CharField(
        _("link to the territory"), max_length=10, choices=TerritoryLink.choices
    )
    created_at = models.DateTimeField(_("stated"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="one_participation")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_link_display()}"


class Follower(models.Model):
    """Someone who gets e-mail when the consultation opens and when the change is adopted."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_consultations"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="one_follow")]

    def __str__(self) -> str:
        return str(self.user)


def public_name(user) -> str:
    """How a resident is shown publicly: first name and the initial of the last ("Rita V.")."""
    parts = (user.full_name or "").split()
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."


class Moderated(models.Model):
    """Posted by a resident; staff may hide it with a reason that stays in its place."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # A snapshot: what the page shows, replaced when the author's data is anonymised.
    author_name = models.CharField(_("author's public name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def display_name(self) -> str:
        return self.author_name or gettext("Anonymised participant")


def attachment_path(instance: models.Model, filename: str) -> str:
    return f"consultations/suggestions/{uuid.uuid4().hex}/{filename}"


class Suggestion(Moderated):
    """Pasiūlymas: a resident's suggestion. `support_count` and `comment_count` are kept by
    the workflow functions so lists can sort by them without counting 200,000 rows."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="suggestions"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("suggestion"))
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("objective it concerns"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("measure it concerns"),
    )
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["consultation", "-created_at", "-id"], name="sugg_newest"),
            models.Index(fields=["consultation", "-support_count", "-id"], name="sugg_supported"),
            models.Index(fields=["consultation", "-comment_count", "-id"], name="sugg_commented"),
            models.Index(fields=["author", "created_at"], name="sugg_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:suggestion", args=[self.pk])


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Response(models.Model):
    """The LAG's answer to one suggestion (INV-07): public as soon as it is recorded."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="response")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.suggestion}: {self.get_outcome_display()}"


class Comment(Moderated):
    """A comment on a suggestion, or a reply to a comment (one level deep)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["suggestion", "parent", "created_at"], name="comment_thread"),
            models.Index(fields=["author", "created_at"], name="comment_author"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.suggestion.get_absolute_url()}#comment-{self.pk}"


class Support(models.Model):
    """One resident's support of one suggestion; withdrawing it removes the row."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("supported"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "user"], name="one_support_each")
        ]
        indexes = [models.Index(fields=["user", "suggestion"], name="support_user")]

    def __str__(self) -> str:
        return f"{self.user} → {self.suggestion}"


class ReportOutcome(models.TextChoices):
    HIDDEN = "hidden", _("Content hidden")
    DISMISSED = "dismissed", _("Report dismissed")


class Report(models.Model):
    """Someone asks the moderators to look at a suggestion or a comment."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReportOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suggestion__isnull=True, comment__isnull=False)
                | Q(suggestion__isnull=False, comment__isnull=True),
                name="report_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def target(self) -> Suggestion | Comment:
        return self.suggestion or self.comment


def amendment_consultation_problems(amendment: StrategyAmendment) -> list[str]:
    """Why the amendment may not go forward under INV-07: it needs a consultation that is
    closed with every (visible) suggestion answered, and none still running."""
    consultations = list(amendment.consultations.exclude(status=C.CANCELLED))
    if not any(c.status == C.ANSWERED for c in consultations):
        return [
            gettext(
                "A public consultation on this draft must be held and closed with every "
                "suggestion answered first (INV-07)."
            )
        ]
    problems = [
        gettext("The consultation “%(title)s” is not closed and answered yet.") % {"title": c.title}
        for c in consultations
        if c.status != C.ANSWERED
    ]
    unanswered = Suggestion.objects.filter(
        consultation__in=consultations, hidden_at=None, response=None
    ).count()
    if unanswered:
        problems.append(
            ngettext(
                "%(count)s suggestion has no answer yet (INV-07).",
                "%(count)s suggestions have no answer yet (INV-07).",
                unanswered,
            )
            % {"count": unanswered}
        )
    return problems
