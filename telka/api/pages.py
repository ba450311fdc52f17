"""Page-number pagination with a fixed query count whatever the number of rows: one
COUNT, one narrow query for the primary keys of the page (the sort runs on slim rows),
and one for those rows with their joins (plus the queryset's prefetches)."""

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Schema
from pydantic import create_model

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Far beyond any LAG's data; keeps OFFSET well inside a 64-bit integer.
MAX_PAGE = 100_000
# Identifiers are 64-bit in the database; larger numbers are refused, not sent to it.
MAX_ID = 2**63 - 1


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=gettext_noop("Page number, from 1."))
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=gettext_noop("Items per page.")
    )


class PageOut(Schema):
    count: int = Field(description=gettext_noop("Items in the whole list."))
    page: int
    page_size: int
    pages: int = Field(description=gettext_noop("Number of pages (0 when the list is empty)."))
    next: str | None = Field(description=gettext_noop("URL of the next page, if any."))
    previous: str | None = Field(description=gettext_noop("URL of the previous page, if any."))


def paged(item: type[Schema]) -> type[Schema]:
    """The response schema of a paginated list of `item`."""
    return create_model(f"{item.__name__}Page", __base__=PageOut, items=(list[item], ...))


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _key(row):
    return row["pk"] if isinstance(row, dict) else row.pk


def _page(request: HttpRequest, count: int, params: PageParams, items) -> dict:
    pages = math.ceil(count / params.page_size)
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": _link(request, params.page + 1) if params.page < pages else None,
        "previous": _link(request, params.page - 1) if 1 < params.page <= pages else None,
        "items": items,
    }


def page_of_list(request: HttpRequest, items: Sequence[Any], params: PageParams) -> dict:
    """The page `params` asks for of a list already built in memory (its rows came from
    a fixed number of queries; the order is not one the database can sort by)."""
    start = (params.page - 1) * params.page_size
    return _page(request, len(items), params, list(items[start : start + params.page_size]))


def page_of(
    request: HttpRequest,
    queryset,
    params: PageParams,
    transform: Callable[[list], Sequence[Any]] | None = None,
) -> dict:
    """The page `params` asks for; `transform` turns the page's rows into items."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = []
    if start < count:
        ids = list(queryset.values_list("pk", flat=True)[start : start + params.page_size])
        found = {_key(row): row for row in queryset.order_by().filter(pk__in=ids)}
        rows = [found[pk] for pk in ids]
    return _page(request, count, params, transform(rows) if transform else rows)
