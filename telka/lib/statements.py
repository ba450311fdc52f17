"""The SQL of a few hot queries, compiled once per process.

Building and compiling a Django queryset costs far more CPU than the database takes to
answer a small query: on a personal page the role check and the panels' figures were
half of the page's time. For a query whose SQL depends only on a few plain values (a
user id, a LAG id, today's date), `fetch_row(key, build)` keeps the compiled SQL and its
parameters under `key` (the most recent `SIZE` of them, per process) and runs them again
as they are. The rows always come fresh from the database; only the ORM's work is saved.

`key` must hold every value the SQL depends on. A statement with a date-and-time
parameter (something relative to "now") is never kept: it is compiled each time.
"""

import datetime
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from weakref import ref as weak_ref

from django.db import connection
from django.db.models import Count, Model, QuerySet, Window
from django.db.models.query import ModelIterable, _get_from_db, get_related_populators
from django.http import Http404

SIZE = 500
# key -> (sql, params, what else the caller needs to read the rows)
_kept: OrderedDict[tuple, tuple[str, tuple, Any]] = OrderedDict()
_lock = threading.Lock()


def compiled(key: tuple, build: Callable[[], tuple]) -> tuple[str, tuple, Any]:
    """`build()` → (sql, params) or (sql, params, extra), kept under `key`."""
    with _lock:  # threaded workers share the statements
        statement = _kept.get(key)
        if statement is not None:
            _kept.move_to_end(key)
            return statement
    sql, params, *extra = build()
    statement = (sql, tuple(params), extra[0] if extra else None)
    if not any(_is_moment(value) for value in statement[1]):
        statement = _bound(statement)
        with _lock:
            _kept[key] = statement
            if len(_kept) > SIZE:
                _kept.popitem(last=False)
    return statement


def _bound(statement: tuple[str, tuple, Any]) -> tuple[str, tuple | None, Any]:
    """On PostgreSQL, the statement with its parameters written in, as the driver writes
    them on every execution (Django binds on the client's side): a kept statement is
    then sent as it is, without the driver parsing it again (psycopg caches its parsing
    only for statements under 4 kB and 50 parameters)."""
    sql, params, extra = statement
    if connection.vendor != "postgresql" or not params:
        return statement
    return connection.ops.compose_sql(sql, params), None, extra


def _is_moment(value) -> bool:
    """A date and time, as PostgreSQL's driver gets it or as SQLite's text."""
    return isinstance(value, datetime.datetime) or (
        isinstance(value, str) and _MOMENT_TEXT.match(value) is not None
    )


_MOMENT_TEXT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d")


def fetch_row(key: tuple, build: Callable[[], tuple]) -> tuple | None:
    """The first row of the statement `build()` compiles (kept under `key`)."""
    sql, params, _extra = compiled(key, build)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def fetch_rows(key: tuple, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of the `values_list` queryset `build()` returns (a union too), compiled
    once and kept under `key`. Its columns must be plain numbers and text: the rows come
    as the database driver gives them, without the ORM's converters."""

    def compile_rows() -> tuple:
        queryset = build()
        return queryset.query.get_compiler(using=queryset.db).as_sql()

    sql, params, _extra = compiled(key, compile_rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_instance(key: tuple, build: Callable[[], QuerySet]) -> Model | None:
    """The first object of the queryset `build()` returns (a plain model query: no
    select_related, no only/defer), compiled once and kept under `key`."""

    def compile_first() -> tuple:
        queryset = build()[:1]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        columns = [column for column, _sql, _alias in compiler.select]
        names = [column.target.attname for column in columns]
        # What turns the database's values into Python ones, as the ORM does for rows.
        converters = compiler.get_converters(columns)
        return sql, params, (queryset.model, names, converters)

    sql, params, (model, names, converters) = compiled(key, compile_first)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, (functions, expression) in converters.items():
        for convert in functions:
            values[position] = convert(values[position], expression, connection)
    return model.from_db(connection.alias, names, values)


def fetch_objects(key: tuple, build: Callable[[], QuerySet]) -> list[Model]:
    """The objects of the queryset `build()` returns, as iterating it gives them (with
    its select_related objects and annotations), the query compiled once and kept under
    `key`. Only for a plain queryset of model objects: no prefetch_related, no values().
    Reads the rows as Django's ModelIterable does."""
    sql, params, shape = compiled(key, lambda: _prepare(build))
    return _objects(_rows(sql, params), shape)


def _prepare(build: Callable[[], QuerySet]) -> tuple:
    queryset = build()
    if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
        raise ValueError("fetch_objects takes a plain queryset of model objects")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    select, klass_info = compiler.select, compiler.klass_info
    columns = [column for column, _sql, _alias in select[: compiler.col_count]]
    shape = {
        "db": queryset.db,
        "fetch_mode": queryset._fetch_mode,
        "select": select,
        "klass_info": klass_info,
        "annotations": compiler.annotation_col_map,
        "converters": compiler.get_converters(columns),
        "width": compiler.col_count,
    }
    return sql, params, shape


def _rows(sql: str, params: tuple | None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def prefetch(obj: Model, relation: str, key: tuple) -> list[Model]:
    """What prefetch_related_objects([obj], relation) does for a reverse foreign key
    (`obj.<relation>.all()` answers from memory afterwards, each row knowing `obj`),
    with the query compiled once and kept under `key`, which must name `obj`."""
    manager = getattr(obj, relation)
    found = fetch_objects(key, manager.all)
    for child in found:
        manager.field.set_cached_value(child, obj)
    kept = manager.all()
    kept._result_cache, kept._prefetch_done = found, True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[manager.field.remote_field.cache_name] = kept
    return found


class Pages:
    """A queryset to page through with Django's Paginator, its count and each page's
    slice read through statements compiled once and kept under `key` (with the slice's
    bounds): `Paginator(Pages(key, build), 25)`. A plain queryset of model objects, as
    for fetch_objects."""

    def __init__(self, key: tuple, build: Callable[[], QuerySet]):
        self.key, self.build = key, build

    def count(self) -> int:
        def counting() -> tuple:
            total = self.build().order_by().annotate(total=Window(Count("*")))
            queryset = total.values_list("total")[:1]
            return queryset.query.get_compiler(using=queryset.db).as_sql()

        row = fetch_row((*self.key, "count"), counting)
        return row[0] if row else 0

    def __getitem__(self, bounds: slice) -> list[Model]:
        return fetch_objects((*self.key, bounds.start, bounds.stop), lambda: self.build()[bounds])


def first(key: tuple, build: Callable[[], QuerySet]) -> Model | None:
    """`build().first()`, compiled once and kept under `key`."""
    found = fetch_objects(key, lambda: _first_only(build))
    return found[0] if found else None


def _first_only(build: Callable[[], QuerySet]) -> QuerySet:
    queryset = build()
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


# (key, page-cache generation) -> the rows first_public() read, the most recent PUBLIC_SIZE
_public: OrderedDict[tuple, list] = OrderedDict()
PUBLIC_SIZE = 200


def first_public(key: tuple, build: Callable[[], QuerySet]) -> Model | None:
    """`first()` for public data read by every page (the LAG a host name belongs to):
    besides the statement, its row is kept per page-cache generation, which every save
    or delete of a public app's row renews (telka/apps.py; a plain UPDATE must call
    pagecache.invalidate() itself). Each call gets an object of its own, made from the
    kept row, so what one request changes on it reaches no other request: its columns
    must hold immutable values (no JSON)."""
    from telka.lib.pagecache import generation

    versioned = (*key, generation())
    sql, params, shape = compiled(key, lambda: _prepare(lambda: _first_only(build)))
    with _lock:
        rows = _public.get(versioned)
    if rows is None:
        rows = _rows(sql, params)
        if any(isinstance(value, (dict, list)) for row in rows for value in row):
            raise ValueError("first_public keeps immutable columns only")
        with _lock:
            _public[versioned] = rows
            if len(_public) > PUBLIC_SIZE:
                _public.popitem(last=False)
    found = _objects(rows, shape)
    return found[0] if found else None


def get_or_404(key: tuple, build: Callable[[], QuerySet]) -> Model:
    """The object `build()` selects (a filter on a unique key), or 404."""
    found = first(key, build)
    if found is None:
        raise Http404
    return found


def _objects(rows: list, shape: dict) -> list[Model]:
    klass_info, select, db = shape["klass_info"], shape["select"], shape["db"]
    model = klass_info["model"]
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[first:last]]
    from_db = _get_from_db(model, shape["fetch_mode"])
    populators = get_related_populators(klass_info, select, db, shape["fetch_mode"])
    peers, objects = [], []
    for raw in rows:
        row = list(raw[: shape["width"]])
        for position, (functions, expression) in shape["converters"].items():
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
        obj = from_db(db, names, row[first:last])
        if shape["fetch_mode"].track_peers:
            peers.append(weak_ref(obj))
            obj._state.peers = peers
        for populator in populators:
            populator.populate(row, obj)
        for name, position in (shape["annotations"] or {}).items():
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def forget() -> None:
    with _lock:
        _kept.clear()
    forget_public()


def forget_public() -> None:
    """Drop the kept rows of public data (they are read again on next use)."""
    with _lock:
        _public.clear()
