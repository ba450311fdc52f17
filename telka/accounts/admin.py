"""People and organisations in the back office. Roles and access (staff, superuser,
groups, active, e-mail, password) change on the people page or through the person's own
account pages, never here; names and contact details are edited here and audited."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from telka.lib.admin import Audited, ReadOnly

from .models import Organisation, OrganisationMembership, User


@admin.register(User)
class UserAdmin(Audited, BaseUserAdmin):
    workflow_fields = (
        "email",
        "password",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "email_verified_at",
        "pending_email",
    )
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "email_verified_at", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login", "anonymised_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal data"),
            {"fields": ["full_name", "phone", "language", "email_verified_at", "pending_email"]},
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login", "anonymised_at"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # people register themselves; staff grant roles on the people page

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # an account is deleted (anonymised) by its owner: accounts.workflow

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied  # passwords are set by their owner or by a reset link


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnly, BaseGroupAdmin):
    """The "LAG staff" group is kept by the people page (telka.lag.roles)."""


class MembershipInline(ReadOnly, admin.TabularInline):
    """Who acts for the organisation: the people page or its representatives change it."""

    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(Audited, admin.ModelAdmin):
    workflow_fields = ("is_lag_itself", "created_at")
    list_display = ["name", "legal_code", "legal_form", "sector", "operates_in_territory"]
    list_filter = ["legal_form", "sector", "operates_in_territory"]
    search_fields = ["name", "legal_code"]
    inlines = [MembershipInline]
