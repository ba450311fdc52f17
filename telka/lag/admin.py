"""The LAG's own texts and members are edited here and audited. The board's seats and
statute and the people's roles are workflow-owned: shown here, changed on staff pages
(board membership page, people page) that check and audit every change."""

from django.contrib import admin

from telka.lib.admin import Audited, AuditedInline, ReadOnly

from .models import Board, BoardMembership, LagTask, LocalActionGroup, Member, PersonLink, Role


class LagTaskInline(AuditedInline, admin.TabularInline):
    model = LagTask
    extra = 0


@admin.register(LocalActionGroup)
class LocalActionGroupAdmin(Audited, admin.ModelAdmin):
    list_display = ["name", "short_name", "legal_code", "territory"]
    search_fields = ["name", "short_name", "legal_code"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [LagTaskInline]
    # A LAG's host name is set when the network sets the LAG up (telka.lag.onboarding):
    # changed here, it would move the LAG's site (and its staff's log-ins) elsewhere.
    readonly_fields = ["host"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # would take every call, decision and project with it

    def get_readonly_fields(self, request, obj=None):
        """The host name decides which LAG a request is for: the installation's
        administrators (superusers) set it, not a LAG's staff."""
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "host"]


@admin.register(Member)
class MemberAdmin(Audited, admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "joined_on", "left_on"]
    list_filter = ["sector", "kind", "lag"]
    search_fields = ["name", "legal_code"]


class BoardMembershipInline(ReadOnly, admin.TabularInline):
    """Seats change only through telka.lag.workflow (INV-01 checked as of their date)."""

    model = BoardMembership
    extra = 0


@admin.register(Board)
class BoardAdmin(Audited, admin.ModelAdmin):
    """Only the board's name is edited here; its statute (quorum, vote balance) is a
    workflow-owned record, read-only in the admin."""

    list_display = ["__str__"]
    inlines = [BoardMembershipInline]
    editable_fields = ("name",)

    def get_readonly_fields(self, request, obj=None):
        others = [
            f.name
            for f in Board._meta.fields
            if f.name not in self.editable_fields and not f.primary_key
        ]
        return [*super().get_readonly_fields(request, obj), *others]

    def has_add_permission(self, request) -> bool:
        return False  # the board page creates it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BoardMembership)
class BoardMembershipAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "full_name",
        "role",
        "interest_group",
        "is_public_authority",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["interest_group", "is_public_authority", "role"]
    search_fields = ["full_name", "represents__name"]


@admin.register(Role)
class RoleAdmin(ReadOnly, admin.ModelAdmin):
    """Roles are granted and withdrawn on the people page (telka.lag.roles)."""

    list_display = ["user", "kind", "title", "lag", "valid_from", "valid_to"]
    list_filter = ["kind", "lag"]
    search_fields = ["user__email", "user__full_name", "title"]


@admin.register(PersonLink)
class PersonLinkAdmin(ReadOnly, admin.ModelAdmin):
    """Links are recorded and ended on the staff's links page (telka.lag.links)."""

    list_display = ["__str__", "kind", "valid_from", "valid_to", "recorded_by"]
    list_filter = ["kind", "lag"]
    search_fields = ["organisation_name", "legal_code", "seat__full_name", "user__email"]
