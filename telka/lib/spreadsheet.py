"""CSV downloads people open in a spreadsheet: UTF-8 with a byte-order mark (Excel),
and any cell a spreadsheet would run as a formula kept as text."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r"}


def safe_cell(value) -> str:
    """The cell as text; one starting like a formula gets a leading apostrophe."""
    cell = "" if value is None else str(value)
    return f"'{cell}" if cell[:1] in FORMULA_STARTS else cell


def text_safe(value):
    """Like `safe_cell` for text only: numbers, dates and booleans keep their value, so
    an open-data CSV still carries -5 as a number."""
    return text_safe_row((value,))[0]


def text_safe_row(row: Iterable) -> list:
    """`text_safe` of each cell, in one pass: for lists of tens of thousands of rows."""
    return [
        f"'{cell}" if isinstance(cell, str) and cell[:1] in FORMULA_STARTS else cell for cell in row
    ]


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response
