"""The content back office: LAG staff edit pages, news, documents and events here;
every save and delete is audited with its old and new values (telka.lib.admin)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from telka.lag.site import lag_or_none
from telka.lib.admin import Audited, ReadOnly
from telka.templatetags.telka import filesize

from . import workflow
from .models import Document, Event, EventRegistration, News, Page


class LagContentAdmin(Audited, admin.ModelAdmin):
    """New objects default to the LAG this instance serves; publish/unpublish actions."""

    actions = ["publish", "unpublish"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        lag = lag_or_none(request)
        return {"lag": lag.pk, **initial} if lag else initial

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_published(request, queryset, True)

    @admin.action(
        description=_("Withdraw the selected items from the site"), permissions=["change"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset: QuerySet, value: bool) -> None:
        changed = workflow.set_published(items=queryset, is_published=value, actor=request.user)
        text = ngettext("%(count)d item changed.", "%(count)d items changed.", changed)
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)


@admin.register(Page)
class PageAdmin(LagContentAdmin):
    list_display = ["title", "slug", "position", "is_published", "updated_at"]
    list_filter = ["is_published", "lag"]
    list_editable = ["position"]
    search_fields = ["title", "title_en", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["lag", "title", "slug", "body", "position", "is_published"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(News)
class NewsAdmin(LagContentAdmin):
    list_display = ["title", "published_at", "is_published", "has_english"]
    list_filter = ["is_published", "lag", "published_at"]
    search_fields = ["title", "title_en", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["lag", "title", "slug", "summary", "body"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_alt_en"]}),
        (_("Publication"), {"fields": ["published_at", "is_published"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
    ]

    @admin.display(boolean=True, description=_("English text"))
    def has_english(self, news: News) -> bool:
        return bool(news.title_en)


@admin.register(Document)
class DocumentAdmin(LagContentAdmin):
    list_display = ["title", "category", "updated_on", "file_type", "file_size", "is_published"]
    list_filter = ["category", "is_published", "lag"]
    search_fields = ["title", "title_en", "description"]
    date_hierarchy = "updated_on"
    fieldsets = [
        (None, {"fields": ["lag", "title", "category", "file", "updated_on", "description"]}),
        (_("Publication"), {"fields": ["published_at", "is_published"]}),
        (_("English"), {"fields": ["title_en", "description_en"]}),
    ]

    @admin.display(description=_("type"))
    def file_type(self, document: Document) -> str:
        return document.type_label

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, document: Document) -> str:
        return filesize(document.size)


class RegistrationInline(ReadOnly, admin.TabularInline):
    model = EventRegistration
    fields = ["name", "email", "phone", "created_at", "cancelled_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(LagContentAdmin):
    list_display = ["title", "kind", "starts_at", "place", "capacity", "places_taken"]
    list_filter = ["kind", "is_published", "lag"]
    search_fields = ["title", "title_en", "place", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline]
    fieldsets = [
        (None, {"fields": ["lag", "title", "slug", "kind", "starts_at", "ends_at", "place"]}),
        (None, {"fields": ["description", "is_published"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "has_registration",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                ]
            },
        ),
        (_("English"), {"fields": ["title_en", "place_en", "description_en"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_taken()

    @admin.display(description=_("places taken"), ordering="taken")
    def places_taken(self, event: Event) -> int:
        return event.taken


@admin.register(EventRegistration)
class EventRegistrationAdmin(Audited, admin.ModelAdmin):
    """Registrations are made by visitors; staff read them, and may correct a typo
    (audited)."""

    list_display = ["name", "email", "phone", "event", "created_at", "cancelled_at"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter), "event"]
    search_fields = ["name", "email", "phone", "event__title"]
    list_select_related = ["event"]
    readonly_fields = ["event", "consent", "language", "created_at", "cancelled_at"]
    exclude = ["cancel_token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
