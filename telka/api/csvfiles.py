"""CSV variants of the API lists: the same fields as the JSON items, one row per item,
UTF-8 with a header row of the JSON field names. Lists nested in a JSON item have a
CSV of their own (e.g. allocations.csv beside calls.csv)."""

import csv
import datetime
import io
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from ninja import Schema

from telka.lib.spreadsheet import text_safe

CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "The whole list as CSV (UTF-8, comma-separated, header row).",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


def columns_of(schema: type[Schema]) -> list[str]:
    """The schema's scalar fields: lists and nested objects are left to their own CSV."""
    names = []
    for name, field in schema.model_fields.items():
        annotation = str(field.annotation)
        if "list[" in annotation or "List[" in annotation:
            continue
        if isinstance(field.annotation, type) and issubclass(field.annotation, Schema):
            continue
        names.append(name)
    return names


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return text_safe(value)


def csv_response(
    request: HttpRequest, filename: str, schema: type[Schema], items: Iterable
) -> HttpResponse:
    """`items` (model instances or dicts) validated through `schema`, written as CSV."""
    columns = columns_of(schema)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for item in items:
        if isinstance(item, dict):  # rows made by a view: already in the schema's shape
            writer.writerow([_cell(item[c]) for c in columns])
            continue
        row = schema.model_validate(item, from_attributes=True, context={"request": request})
        data = row.model_dump(mode="json")
        writer.writerow([_cell(data[c]) for c in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
