"""Which LAG a row belongs to, for every model: the one scoping rule of an installation
serving many LAGs.

Every LAG-owned model reaches `LocalActionGroup` through its foreign keys (a call
through `lag`, a proposal through `call__lag`, a score through
`assessment__proposal__call__lag`). `lag_path` finds that path once per model, so the
back office, the tests and any view can filter a queryset to some LAGs without a table
to keep in step with the models. People, organisations and the audit log's generic
rows have no path: they are global.
"""

import functools
from collections import deque

from django.db import models
from django.db.models import Q, QuerySet

from .models import LocalActionGroup, Role, RoleKind

MAX_DEPTH = 5


@functools.cache
def lag_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its LAG ("" for the LAG itself, "call__lag" for a
    proposal), the shortest through foreign keys; None for a global model."""
    if issubclass(model, LocalActionGroup):
        return ""
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, path, depth = queue.popleft()
        for field in current._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if not field.many_to_one and not field.one_to_one or target is None:
                continue
            step = f"{path}__{field.name}" if path else field.name
            if issubclass(target, LocalActionGroup):
                return step
            if target not in seen and depth + 1 < MAX_DEPTH:
                seen.add(target)
                queue.append((target, step, depth + 1))
    return None


def for_lags(queryset: QuerySet, lags) -> QuerySet:
    """The rows of `queryset` that belong to one of `lags` (a queryset of LAGs, their
    ids or LAG objects). A global model's rows are returned as they are."""
    path = lag_path(queryset.model)
    if path is None:
        return queryset
    return queryset.filter(Q(**{f"{path or 'pk'}__in": lags}))


def staff_lags(user) -> QuerySet:
    """The LAGs in which `user` holds a staff role today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LocalActionGroup.objects.none()
    held = Role.objects.active().filter(user=user, kind=RoleKind.STAFF).values("lag")
    return LocalActionGroup.objects.filter(pk__in=held)
