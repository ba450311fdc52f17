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
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet

SIZE = 500
# key -> (sql, params, what else the caller needs to read the rows)
_kept: OrderedDict[tuple, tuple[str, tuple, Any]] = OrderedDict()


def compiled(key: tuple, build: Callable[[], tuple]) -> tuple[str, tuple, Any]:
    """`build()` → (sql, params) or (sql, params, extra), kept under `key`."""
    statement = _kept.get(key)
    if statement is not None:
        _kept.move_to_end(key)
        return statement
    sql, params, *extra = build()
    statement = (sql, tuple(params), extra[0] if extra else None)
    if not any(isinstance(value, datetime.datetime) for value in statement[1]):
        _kept[key] = statement
        if len(_kept) > SIZE:
            _kept.popitem(last=False)
    return statement


def fetch_row(key: tuple, build: Callable[[], tuple]) -> tuple | None:
    """The first row of the statement `build()` compiles (kept under `key`)."""
    sql, params, _extra = compiled(key, build)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


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


def forget() -> None:
    _kept.clear()
