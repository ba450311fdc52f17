from django.contrib import admin

from .models import Board, BoardMembership, LagTask, LocalActionGroup, Member, Role


class LagTaskInline(admin.TabularInline):
    model = LagTask
    extra = 0


@admin.register(LocalActionGroup)
class LocalActionGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "legal_code", "territory"]
    search_fields = ["name", "short_name", "legal_code"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [LagTaskInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "joined_on", "left_on"]
    list_filter = ["sector", "kind", "lag"]
    search_fields = ["name", "legal_code"]


class ReadOnlySeats:
    """Seats change only through telka.lag.workflow (INV-01 checked as of their date):
    staff use the board membership page; the admin shows them read-only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BoardMembershipInline(ReadOnlySeats, admin.TabularInline):
    model = BoardMembership
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quorum_share", "quorum_rule", "max_group_share"]
    inlines = [BoardMembershipInline]


@admin.register(BoardMembership)
class BoardMembershipAdmin(ReadOnlySeats, admin.ModelAdmin):
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
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "lag", "valid_from", "valid_to"]
    list_filter = ["kind", "lag"]
    search_fields = ["user__email", "user__full_name", "title"]
    autocomplete_fields = ["user"]
