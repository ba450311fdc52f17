"""National open data: the list of operations of every LAG (Regulation 2021/1060 Art.
49(3)) as one streamed CSV and as a paginated JSON API, both filtered by `?lag=<slug>`.
A row is decisions.operations' (records: the same cells as a call's own CSV and XLSX);
this module only puts the LAG in front and writes."""

from itertools import islice

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse

from telka.api.caching import cached
from telka.decisions import operations as operation_rows
from telka.lag.models import LocalActionGroup

from .forms import LagFilterForm
from .views import lag_of_call, published_calls

LAG_COLUMNS = ["lag", "lag_name"]
COLUMNS = LAG_COLUMNS + [code for code, _label in operation_rows.COLUMNS]
MAX_PAGE_SIZE = 500


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


def _lag(request: HttpRequest) -> LocalActionGroup | None:
    return LagFilterForm(request.GET).lag_or_none()


def operations_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every funded operation of every LAG (or of `?lag=`), written as it is read."""
    response = StreamingHttpResponse(
        operation_rows.csv_lines(COLUMNS, _records(_lag(request))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="operations.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


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
