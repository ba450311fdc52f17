"""Panels other apps contribute to shared pages, without those pages importing them.

An app may have a `panels.py` with `home_panel(request)` (a block on the public
home page) and/or `dashboard_panel(request)` (a block in a user's personal area).
Each returns `Panel(template=..., context={...}, order=...)` or None when it
has nothing to show for this request.

The numbers panels show or decide by are "figures": each app declares its own with
`@figure(group, name)`, and the first panel that asks for one (`figures(request,
group)`) gets every figure of the group counted in one query. Group "lag" holds the
LAG's own numbers (for its staff), "mine" the requesting user's (their suggestions,
projects, assessments...), so a personal area costs a few queries whatever the roles.
"""

import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from telka.lib.memo import remembered
from telka.lib.statements import fetch_row


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


@functools.cache
def panel_modules() -> tuple[str, ...]:
    """The apps' `panels` modules (searched for once per process)."""
    names = (f"{config.name}.panels" for config in apps.get_app_configs())
    return tuple(
        name
        for name in names
        if name.startswith("telka.") and importlib.util.find_spec(name) is not None
    )


def collect(kind: str, request: HttpRequest) -> list[Panel]:
    """Every app's `<kind>_panel(request)` result, sorted by `order`."""
    modules = [importlib.import_module(name) for name in panel_modules()]  # figures declared
    panels = []
    for module in modules:
        provider = getattr(module, f"{kind}_panel", None)
        panel = provider(request) if provider else None
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.order)


def counting(querysets: list[QuerySet]) -> tuple[str, list]:
    """One statement counting the rows of each queryset (as `.count()` does)."""
    parts, params = [], []
    for queryset in querysets:
        sql, values = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(values)
    return "SELECT " + ", ".join(parts), params


def counts(**querysets: QuerySet) -> dict[str, int]:
    """The number of rows of each queryset, in one round trip."""
    if not querysets:
        return {}
    sql, params = counting(list(querysets.values()))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


_FIGURES: dict[str, dict[str, Callable]] = {}


def figure(group: str, name: str):
    """Declare `function(user, lag) -> QuerySet` as figure `name` (app.what) of `group`.
    The queryset may depend on the user, the LAG and today's date, nothing else: its
    SQL is compiled once a day per user (telka/lib/statements.py)."""

    def register(function: Callable) -> Callable:
        _FIGURES.setdefault(group, {})[name] = function
        return function

    return register


def figures(request: HttpRequest, group: str) -> dict[str, int]:
    """Every figure of `group` for the request's user and LAG, counted in one query, once
    per request."""
    from telka.lag.site import lag_or_none

    user, lag = request.user, lag_or_none(request)
    declared = _FIGURES.get(group, {})
    if not user.is_authenticated or lag is None:
        return dict.fromkeys(declared, 0)

    names = tuple(declared)

    def compute() -> dict[str, int]:
        if not names:
            return {}
        key = ("figures", group, names, user.pk, lag.pk, timezone.localdate())
        row = fetch_row(key, lambda: counting([declared[n](user, lag) for n in names]))
        return dict(zip(names, row, strict=True))

    return remembered(("figures", group, user.pk, lag.pk, names), compute)
