"""National open data: the list of operations of every LAG (Regulation 2021/1060 Art.
49(3)) as one streamed CSV and as a paginated JSON API, both filtered by `?lag=<slug>`.
A row is built once, by decisions.operations.cells from the rows of
decisions.results.stream; this module only adds the LAG and writes."""

import csv
from itertools import islice

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse

from telka.api.caching import cached
from telka.api.csvfiles import _cell
from telka.calls.models import Call
from telka.decisions import operations as operation_rows
from telka.lag.models import LocalActionGroup
from telka.periods.rules import call_fund

from .forms import LagFilterForm
from .views import lag_of_call, operations

LAG_COLUMNS = ["lag", "lag_name"]
COLUMNS = LAG_COLUMNS + [code for code, _label in operation_rows.COLUMNS]
MAX_PAGE_SIZE = 500


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def _records(lag: LocalActionGroup | None):
    """(LAG slug, LAG name, *cells) of every funded operation: LAGs in one query."""
    lags = {
        pk: (slug, name)
        for pk, slug, name in LocalActionGroup.objects.values_list("pk", "slug", "name")
    }
    lag_of = lag_of_call()
    calls = Call.objects.select_related("strategy__period__default_fund", "strategy__fund", "fund")
    funds = {call.pk: call_fund(call).code for call in calls}
    rows = iter(operations(lag))
    # The cost options of a chunk of rows in one query: memory and queries stay bounded.
    while chunk := list(islice(rows, 2000)):
        kinds = operation_rows.cost_kinds([row.proposal.pk for row in chunk])
        for row in chunk:
            call_id = row.proposal.call_id
            yield [
                *lags[lag_of[call_id]],
                *operation_rows.cells(
                    row, fund=funds[call_id], kinds=kinds.get(row.proposal.pk, ())
                ),
            ]


def _lag(request: HttpRequest) -> LocalActionGroup | None:
    return LagFilterForm(request.GET).lag_or_none()


def operations_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every funded operation of every LAG (or of `?lag=`), written as it is read."""
    response = StreamingHttpResponse(
        _csv_chunks(_records(_lag(request))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="operations.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_chunks(records, rows_per_chunk: int = 500):
    """The header, then the records as CSV, a few hundred rows per write."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    while chunk := list(islice(records, rows_per_chunk)):
        yield "".join(writer.writerow([_cell(value) for value in record]) for record in chunk)


def _page_params(request: HttpRequest) -> tuple[int, int] | None:
    try:
        page = int(request.GET.get("page", 1))
        size = int(request.GET.get("page_size", 50))
    except ValueError:
        return None
    if page < 1 or page > 100_000 or size < 1 or size > MAX_PAGE_SIZE:
        return None
    return page, size


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@cached
def operations_api(request: HttpRequest) -> JsonResponse:
    """A page of the national list of operations as JSON: the CSV's columns as fields."""
    params = _page_params(request)
    form = LagFilterForm(request.GET)
    if params is None or not form.is_valid():
        return JsonResponse({"detail": "Invalid page, page_size or lag."}, status=422)
    page, size = params
    start = (page - 1) * size
    records = list(islice(_records(form.lag_or_none()), start, start + size + 1))
    items = [dict(zip(COLUMNS, record, strict=True)) for record in records[:size]]
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
