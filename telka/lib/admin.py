"""The two kinds of admin every model registered in the admin is one of.

- `ReadOnly`: the workflow owns the model (calls, decisions, projects, roles…). The
  admin shows it; nobody, superusers included, adds, changes or deletes it there.
  Staff change it on staff pages that call a workflow function.
- `Audited`: what staff legitimately edit in the back office (site texts, news,
  documents, events, people's names). The fields named in `workflow_fields` stay
  read-only; every save and delete — change form, inline, list editing or the
  "delete selected" action — writes an `AuditEvent` with the changed fields and
  their old and new values.

Both are `LagScoped`: a LAG's staff list, open and choose only the rows of the LAGs
where they hold a staff role (one installation serves many LAGs); superusers see all.

`tests/test_admin_walk.py` checks that every registered admin and inline is one of
these and walks each change form as LAG staff and as a superuser;
`tests/test_cross_lag_walk.py` walks it as another LAG's staff.
"""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from telka.audit.models import AuditEvent
from telka.lag.scoping import for_lags, staff_lags

# Stored, never shown: a changed password hash is recorded as changed, not copied.
MASKED = {"password"}


def scoped_for(user, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of `queryset` the back office shows `user`: every row to a superuser,
    else those of the LAGs where they are staff (global models as they are)."""
    if user.is_superuser:
        return queryset
    return for_lags(queryset, staff_lags(user))


class LagScoped:
    """For ModelAdmin and inlines: rows and foreign-key choices of the user's LAGs only
    (another LAG's row is not listed, and its change page is "not found")."""

    def get_queryset(self, request: HttpRequest):
        return scoped_for(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scoped_for(request.user, field.queryset)
        return field


class ReadOnly(LagScoped):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def stored_values(obj: models.Model) -> dict[str, Any]:
    """The row of `obj` as it is in the database now (empty for a new object)."""
    if obj.pk is None:
        return {}
    names = [f.attname for f in obj._meta.concrete_fields]
    row = type(obj)._base_manager.filter(pk=obj.pk).values(*names).first()
    return row or {}


def differences(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields whose value changed: (old values, new values)."""
    changed = [name for name in after.keys() | before.keys() if before.get(name) != after.get(name)]
    old = {name: _shown(name, before[name]) for name in sorted(changed) if name in before}
    new = {name: _shown(name, after[name]) for name in sorted(changed) if name in after}
    return old, new


def _shown(name: str, value: Any) -> Any:
    return "***" if name in MASKED and value else value


def record_save(actor: Any, obj: models.Model, before: dict) -> AuditEvent | None:
    """Audit one admin save: `admin.added` or `admin.changed` with old and new values."""
    old, new = differences(before, stored_values(obj))
    if not new:
        return None  # saved without a change
    action = "admin.changed" if before else "admin.added"
    return AuditEvent.objects.record(
        action=action, obj=obj, actor=actor, fields=sorted(new), before=old, after=new
    )


def record_delete(actor: Any, obj: models.Model) -> AuditEvent:
    """Audit one admin delete, with every value the row had (before the delete)."""
    old, _new = differences(stored_values(obj), {})
    return AuditEvent.objects.record(
        action="admin.deleted", obj=obj, actor=actor, fields=sorted(old), before=old, after={}
    )


class AuditedForms(LagScoped):
    """For ModelAdmin and inlines: workflow fields and many-to-many fields read-only."""

    workflow_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        many = [f.name for f in self.model._meta.many_to_many]
        return fields + [f for f in (*self.workflow_fields, *many) if f not in fields]


class Audited(AuditedForms):
    """ModelAdmin mixin: every save and delete is audited in the same transaction."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        before = stored_values(obj) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_save(request.user, obj, before)

    def delete_model(self, request: HttpRequest, obj) -> None:
        with transaction.atomic():
            record_delete(request.user, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        """The changelist's "delete selected" action: one event per row."""
        with transaction.atomic():
            for obj in queryset:
                record_delete(request.user, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Inline rows: each added, changed or deleted row is audited like the parent."""
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                record_delete(request.user, inline_form.instance)
        before = {
            f.instance.pk: stored_values(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None and f not in formset.deleted_forms and f.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_save(request.user, obj, {})
        for obj, _fields in formset.changed_objects:
            record_save(request.user, obj, before.get(obj.pk, {}))


class AuditedAdmin(Audited, admin.ModelAdmin):
    pass


class AuditedInline(AuditedForms):
    """An inline of an `Audited` admin (the parent's `save_formset` audits its rows)."""
