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
The "lag" figures count rows of the public apps only (telka/apps.py PUBLIC_APPS), the same
for every reader: they are kept per page-cache generation and day (pagecache.shared_value),
so the LAG's staff share one count until something changes.
"""

import functools
import importlib
import importlib.util
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from telka.lib.memo import remembered
from telka.lib.pagecache import shared_value
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


def _modules() -> list:
    """The panels modules, imported: every figure is declared."""
    return [importlib.import_module(name) for name in panel_modules()]


def collect(kind: str, request: HttpRequest) -> list[Panel]:
    """Every app's `<kind>_panel(request)` result, sorted by `order`."""
    panels = []
    for module in _modules():
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


# Groups whose figures do not depend on the user (see the module docstring).
SHARED_GROUPS = {"lag"}


@dataclass(frozen=True)
class Rider:
    """Another one-row statement sent with a group's figures, in the same round trip:
    `build()` gives its (sql, params), `receive(row)` gets its columns. `name` must
    identify the statement for the user, LAG and day (it is part of the kept
    statement's key)."""

    name: str
    build: Callable[[], tuple[str, list]]
    receive: Callable[[tuple | None], None]


def figures(request: HttpRequest, group: str, rider: Rider | None = None) -> dict[str, int]:
    """Every figure of `group` for the request's user and LAG, counted in one query, once
    per request. With `rider`, that statement's row comes in the same query, if the
    figures are not counted yet in this request (else `rider.receive` is not called).
    The figures of a shared group are not counted with a rider."""
    from telka.lag.site import lag_or_none

    _modules()
    user, lag = request.user, lag_or_none(request)
    declared = _FIGURES.get(group, {})
    if not user.is_authenticated or lag is None:
        return dict.fromkeys(declared, 0)

    names, today = tuple(declared), timezone.localdate()
    # A shared group's figures are counted without the user: none of them may use it.
    counter = None if group in SHARED_GROUPS else user
    key = (group, names, counter and counter.pk, lag.pk, today)

    def counted() -> tuple[str, list]:
        return counting([declared[n](counter, lag) for n in names])

    def compute() -> dict[str, int]:
        if not names:
            return {}
        if rider is not None and group not in SHARED_GROUPS:
            return _count_with(rider, key, counted)
        if group in SHARED_GROUPS:
            # The names in the key: a process with other panels counts other figures.
            digest = zlib.crc32(",".join(names).encode())
            return shared_value(
                f"figures:{group}:{lag.pk}:{today}:{digest}", lambda: _count(key, counted)
            )
        return _count(key, counted)

    return remembered(("figures", group, user.pk, lag.pk, names), compute)


def _count(key: tuple, counted: Callable) -> dict[str, int]:
    row = fetch_row(("figures", *key), counted)
    return dict(zip(key[1], row, strict=True))


def _count_with(rider: Rider, key: tuple, counted: Callable) -> dict[str, int]:
    """The figures and the rider's columns: one row of both statements side by side."""
    names = key[1]

    def joined() -> tuple[str, list]:
        sql, params = counted()
        rider_sql, rider_params = rider.build()
        return (
            f"SELECT * FROM ({sql}) figures CROSS JOIN ({rider_sql}) rider",
            [*params, *rider_params],
        )

    row = fetch_row(("figures", rider.name, *key), joined)
    rider.receive(row[len(names) :] if row else None)
    return dict(zip(names, row[: len(names)], strict=True)) if row else dict.fromkeys(names, 0)
