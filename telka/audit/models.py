import functools
import operator
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.lib.frozen import FrozenError


class AppendOnlyError(FrozenError):
    """Raised when code tries to change or remove an audit event (INV-35)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")

    def for_lag(self, lag) -> "AuditEventQuerySet":
        """The events of one LAG's log: those about its own rows (found through each
        model's path to its LAG, telka.lag.scoping), and those about people and
        organisations (which every LAG shares) done by its own staff."""
        from django.apps import apps

        from telka.lag.models import Role, RoleKind
        from telka.lag.scoping import lag_path

        types = ContentType.objects.get_for_models(*apps.get_models())
        mine = models.Q()
        shared = [models.Q(content_type=None)]
        for model, content_type in types.items():
            path = lag_path(model)
            if path is None:
                shared.append(models.Q(content_type=content_type))
                continue
            keys = model._base_manager.filter(**{path or "pk": lag.pk}).annotate(
                key=Cast("pk", models.CharField())
            )
            mine |= models.Q(content_type=content_type, object_id__in=keys.values("key"))
        staff = Role.objects.filter(lag=lag, kind=RoleKind.STAFF).values("user")
        by_staff = functools.reduce(operator.or_, shared) & models.Q(actor__in=staff)
        return self.filter(mine | by_staff)

    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):  # type: ignore[misc]
    def record(
        self,
        *,
        action: str,
        obj: models.Model | None = None,
        actor: Any = None,
        message: str = "",
        **changes: Any,
    ) -> "AuditEvent":
        """Append one event. `action` is a dotted verb such as "call.published";
        keyword arguments become the JSON `changes` (e.g. before/after status)."""
        event = self.build(action=action, obj=obj, actor=actor, message=message, **changes)
        event.save()
        return event

    def build(
        self,
        *,
        action: str,
        obj: models.Model | None = None,
        actor: Any = None,
        message: str = "",
        **changes: Any,
    ) -> "AuditEvent":
        """An unsaved event, as `record` would write it: for `record_many`."""
        event = self.model(
            action=action,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            message=message,
            changes=changes,
        )
        if obj is not None:
            event.content_type = ContentType.objects.get_for_model(obj)
            event.object_id = str(obj.pk)
            event.object_repr = str(obj)[:300]
        return event

    def record_many(self, events: Iterable["AuditEvent"]) -> list["AuditEvent"]:
        """Append built events in a few INSERTs (one row each still): for a state change
        applied to many objects at once, such as a board decision on a whole list."""
        return self.bulk_create(list(events), batch_size=500)


class AuditEvent(models.Model):
    """An append-only record of a state change. Never updated, never deleted; on
    PostgreSQL a trigger refuses UPDATE and DELETE even from raw SQL."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, encoder=DjangoJSONEncoder)

    objects = AuditEventManager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")
