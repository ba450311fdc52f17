"""National open data: the list of operations of every LAG (Regulation 2021/1060 Art.
49(3)) as one streamed CSV and as a paginated JSON API, both filtered by `?lag=<slug>`.
A row is decisions.operations' (records: the same cells as a call's own CSV and XLSX);
this module only puts the LAG in front and writes. Both endpoints are operations of the
network's open data API (telka.network.api), which describes them in its OpenAPI document."""

from itertools import islice

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import create_model

from telka.api.caching import cached
from telka.api.csvfiles import CSV_RESPONSE
from telka.api.pages import PageParams
from telka.decisions import operations as operation_rows
from telka.lag.models import LocalActionGroup

from .forms import LagFilterForm
from .views import lag_of_call, published_calls

LAG_COLUMNS = ["lag", "lag_name"]
COLUMNS = LAG_COLUMNS + [code for code, _label in operation_rows.COLUMNS]

router = Router(tags=[gettext_noop("operations")])


class OperationFilters(Schema):
    lag: str | None = Field(
        None,
        max_length=100,
        description=gettext_noop(
            "Only the operations of this LAG: its code, as in the `lag` column (e.g. "
            "`pamarys`). Without it, every LAG's."
        ),
    )


def _msgid(label) -> str:
    """The English text of a lazily translated label: the OpenAPI document translates
    its descriptions when it is served (telka.api.api.translated)."""
    with translation.override(None):
        return str(label)


# The CSV's columns as the JSON fields of one operation (values as the CSV writes them).
OperationOut = create_model(
    "OperationOut",
    __base__=Schema,
    lag=(str, Field(description=gettext_noop("LAG code"))),
    lag_name=(str, Field(description=gettext_noop("LAG name"))),
    **{
        code: (str | int | None, Field(description=_msgid(label)))
        for code, label in operation_rows.COLUMNS
    },
)


class OperationsPage(Schema):
    page: int
    page_size: int
    next: str | None = Field(description=gettext_noop("URL of the next page, if any."))
    previous: str | None = Field(description=gettext_noop("URL of the previous page, if any."))
    items: list[OperationOut]


def _records(lag: LocalActionGroup | None):
    """(LAG slug, LAG name, *cells) of every funded operation, LAG by LAG: four queries
    whatever the number of rows and LAGs, the rows read through one cursor."""
    lags = {
        pk: (slug, name)
        for pk, slug, name in LocalActionGroup.objects.values_list("pk", "slug", "name")
    }
    lag_of = lag_of_call()
    for call_id, cells in operation_rows.records(published_calls(lag)):
        yield [*lags[lag_of[call_id]], *cells]


def _lag(filters: OperationFilters) -> LocalActionGroup | None:
    form = LagFilterForm({"lag": filters.lag or ""})
    if not form.is_valid():
        raise HttpError(422, gettext("No local action group has this code."))
    return form.lag_or_none()


@router.get(
    "/operations.csv",
    url_name="operations_csv",
    summary=gettext_noop("List of operations of every LAG (CSV)"),
    openapi_extra=CSV_RESPONSE,
)
def operations_csv(request: HttpRequest, filters: Query[OperationFilters]):
    """Every funded operation of every LAG (or of `lag`), written as it is read."""
    response = StreamingHttpResponse(
        operation_rows.csv_lines(COLUMNS, _records(_lag(filters))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="operations.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get(
    "/operations",
    url_name="operations_api",
    response=OperationsPage,
    summary=gettext_noop("List of operations of every LAG"),
)
@decorate_view(cached)
def operations_api(
    request: HttpRequest, params: Query[PageParams], filters: Query[OperationFilters]
):
    """A page of the national list of operations (Regulation 2021/1060 Art. 49(3)): the
    funded operations of every LAG whose selection results are public, LAG by LAG,
    with the CSV's columns as fields. `next` is empty on the last page."""
    lag = _lag(filters)
    page, size = params.page, params.page_size
    start = (page - 1) * size
    records = list(islice(_records(lag), start, start + size + 1))
    items = [dict(zip(COLUMNS, record, strict=True)) for record in records[:size]]
    # Written as the CSV's cells are, not re-validated: the schema above describes them.
    return JsonResponse(
        {
            "page": page,
            "page_size": size,
            "next": _link(request, page + 1) if len(records) > size else None,
            "previous": _link(request, page - 1) if page > 1 else None,
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )
