"""The public site's content: static pages, news, documents and events.

Every top-level object belongs to a LAG. Texts are Lithuanian; an optional
`<field>_en` holds the English variant (templates pick it with `|localized`).
Rich text (page and news bodies) is cleaned with nh3 on save and again on output.
"""

import datetime
import mimetypes
import re
import secrets
from pathlib import PurePosixPath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from telka.lag.models import LocalActionGroup
from telka.lib.html import clean_html
from telka.lib.search import fold, terms

RICH_TEXT_HELP = _(
    "HTML: paragraphs, headings (h2–h4), lists, links, tables and bold/italic. "
    "Anything else (scripts, styles, images) is removed on save."
)
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "txt", "zip"]


class SearchableQuerySet(models.QuerySet):
    def matching(self, query: str) -> "SearchableQuerySet":
        """Rows whose texts (both languages) contain every word of `query`, whatever
        its accents and Lithuanian ending (telka.lib.search)."""
        return self.matching_terms(terms(query))

    def matching_terms(self, wanted: list[str]) -> "SearchableQuerySet":
        result = self
        for term in wanted:
            result = result.filter(search_text__contains=term)
        return result


class PageQuerySet(SearchableQuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(is_published=True)


class DatedQuerySet(SearchableQuerySet):
    def published(self) -> "DatedQuerySet":
        """Published, and not scheduled for later."""
        return self.filter(is_published=True, published_at__lte=timezone.now())


class Searchable(models.Model):
    """Keeps `search_text` (folded text of SEARCH_FIELDS) up to date on every save."""

    SEARCH_FIELDS: tuple[str, ...] = ()
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(" ".join(str(getattr(self, f) or "") for f in self.SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


def lag_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        LocalActionGroup,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("LAG"),
    )


class Page(Searchable):
    """A static text page: the territory, how the LAG works, anything not news."""

    SEARCH_FIELDS = ("title", "title_en", "body", "body_en")

    lag = lag_field("pages")
    slug = models.SlugField(_("address (slug)"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body = models.TextField(_("text"), help_text=RICH_TEXT_HELP)
    body_en = models.TextField(_("text (English)"), blank=True, help_text=RICH_TEXT_HELP)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "title"]
        constraints = [models.UniqueConstraint(fields=["lag", "slug"], name="unique_page_slug")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body, self.body_en = clean_html(self.body), clean_html(self.body_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("content:page_detail", kwargs={"slug": self.slug})


class News(Searchable):
    """A news item (naujiena) on the site and in the Atom feed."""

    SEARCH_FIELDS = ("title", "title_en", "summary", "summary_en", "body", "body_en")

    lag = lag_field("news")
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("address (slug)"), max_length=120)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=RICH_TEXT_HELP)
    body_en = models.TextField(_("text (English)"), blank=True, help_text=RICH_TEXT_HELP)
    photo = models.ImageField(_("photo"), upload_to="news/%Y/", blank=True)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    photo_alt_en = models.CharField(_("photo description (English)"), max_length=300, blank=True)
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A later time schedules the news item."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["lag", "is_published", "-published_at"])]
        constraints = [
            models.UniqueConstraint(fields=["lag", "slug"], name="unique_news_slug"),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="news_photo_has_alt_text",
                violation_error_message=_("Describe the photo for people who cannot see it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body, self.body_en = clean_html(self.body), clean_html(self.body_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("content:news_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = _("Describe the photo for people who cannot see it.")
        if self.slug == "feed":  # news/feed/ is the Atom feed
            errors["slug"] = _("This address is reserved; choose another.")
        if errors:
            raise ValidationError(errors)


class DocumentCategory(models.TextChoices):
    CALL = "call", _("Call documents")
    STRATEGY = "strategy", _("Strategy")
    REPORT = "report", _("Reports")
    PROCEDURE = "procedure", _("Procedures and rules")
    FORM = "form", _("Forms and templates")
    OTHER = "other", _("Other documents")


class Document(Searchable):
    """A published file: call documents, the strategy, reports, rules.

    Size and type are stored on save; files are served by a view
    (content:document_download), so no web server has to expose MEDIA_ROOT."""

    SEARCH_FIELDS = ("title", "title_en", "description", "description_en")

    lag = lag_field("documents")
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=DocumentCategory.choices, default="other"
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/",
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    updated_on = models.DateField(
        _("updated on"),
        default=timezone.localdate,
        help_text=_('Shown as "Updated" next to the document.'),
    )
    published_at = models.DateTimeField(_("publication time"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    content_type = models.CharField(_("file type"), max_length=120, blank=True, editable=False)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-updated_on", "-pk"]
        indexes = [models.Index(fields=["lag", "is_published", "-updated_on"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.file:
            self.size = self.file.size
            self.content_type = (
                mimetypes.guess_type(self.file.name)[0] or "application/octet-stream"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("content:document_download", kwargs={"pk": self.pk})

    @property
    def extension(self) -> str:
        return PurePosixPath(self.file.name or "").suffix.lstrip(".").lower()

    @property
    def type_label(self) -> str:
        """ "PDF", "DOCX"…: what a visitor needs to know before downloading."""
        return self.extension.upper() or gettext("file")

    def download_name(self) -> str:
        """The title as a file name: readable, without characters file systems refuse."""
        stem = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", self.title).split())[:120].strip()
        return f"{stem or 'document'}.{self.extension}" if self.extension else stem


class EventKind(models.TextChoices):
    EVENT = "event", pgettext_lazy("event kind", "Event")
    TRAINING = "training", pgettext_lazy("event kind", "Training")
    MEETING = "meeting", pgettext_lazy("event kind", "Information meeting")


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self) -> "EventQuerySet":
        """Not over yet, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> "EventQuerySet":
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def with_taken(self) -> "EventQuerySet":
        """Annotate `taken`: the registrations not cancelled."""
        return self.annotate(
            taken=Count("registrations", filter=Q(registrations__cancelled_at=None))
        )


class Event(models.Model):
    """An event or training the LAG organises, with optional on-site registration."""

    lag = lag_field("events")
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("address (slug)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default="event")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    has_registration = models.BooleanField(_("registration on the site"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["lag", "is_published", "ends_at"])]
        constraints = [
            models.UniqueConstraint(fields=["lag", "slug"], name="unique_event_slug"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:event_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @property
    def closes_at(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at

    def seats_left(self, taken: int) -> int | None:
        """Free places, or None when there is no limit."""
        return None if self.capacity is None else max(self.capacity - taken, 0)

    def registration_refusal(self, taken: int, now: datetime.datetime | None = None) -> str:
        """Why nobody can register now (a sentence for the visitor), or "" when they can."""
        now = now or timezone.now()
        if not self.has_registration or not self.is_published:
            return gettext("This event has no registration on the site.")
        if self.registration_opens_at and now < self.registration_opens_at:
            opens = timezone.localtime(self.registration_opens_at)
            return gettext("Registration opens on %(date)s.") % {"date": _format_when(opens)}
        if now >= self.closes_at:
            return gettext("Registration for this event is closed.")
        if self.seats_left(taken) == 0:
            return gettext("All places are taken: registration is closed.")
        return ""


def _format_when(moment: datetime.datetime) -> str:
    return date_format(moment, "DATETIME_FORMAT")


CANCEL_SALT = "telka.content.registration-cancel"


def new_cancel_token() -> str:
    return secrets.token_urlsafe(24)


class EventRegistrationQuerySet(models.QuerySet):
    def active(self) -> "EventRegistrationQuerySet":
        return self.filter(cancelled_at=None)


class EventRegistration(models.Model):
    """A person's place at an event. Cancelling keeps the row (the seat count and the
    audit trail stay explainable) and frees the place."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name and surname"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent = models.BooleanField(_("consent to data use"), default=False)
    language = models.CharField(_("language"), max_length=8, default="lt")
    cancel_token = models.CharField(max_length=64, unique=True, default=new_cancel_token)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = EventRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active place per address, whatever its letter case.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(cancelled_at=None),
                name="one_registration_per_email",
                violation_error_message=_("This e-mail address is already registered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()

    def get_cancel_url(self) -> str:
        """The link in the confirmation e-mail. Signed, so a forged or mistyped key is a 404
        before the database is asked."""
        key = signing.Signer(salt=CANCEL_SALT).sign(self.cancel_token)
        return reverse("content:registration_cancel", kwargs={"key": key})

    @staticmethod
    def token_from_key(key: str) -> str | None:
        try:
            return signing.Signer(salt=CANCEL_SALT).unsign(key)
        except signing.BadSignature:
            return None
