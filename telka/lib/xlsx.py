"""XLSX exports: a header row and data rows, bold header, frozen first row.

The one place the project writes spreadsheets. Every text goes in as text: openpyxl
would store a string starting with `=` as a live formula, and Excel re-reads a text
cell starting with `=`, `+`, `-` or `@` as a formula as soon as someone edits it.
Such cells get Excel's own "quote prefix" (what typing a leading apostrophe does):
the value stays exactly what the user wrote, shown and kept as text."""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.http import HttpResponse

if TYPE_CHECKING:  # openpyxl is imported by the first export, not by every worker at start
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them outright).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_cell(sheet: "Worksheet", row: int, column: int, value) -> "Cell":
    """Put `value` in the cell; strings always as text, never as a formula."""
    if not isinstance(value, str) and value is not None and not _is_plain(value):
        value = str(value)  # lazy translations, enums and the like
    if not isinstance(value, str):
        return sheet.cell(row=row, column=column, value=value)
    text = ILLEGAL_CHARACTERS.sub("\ufffd", value)[:MAX_CELL_TEXT]
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # openpyxl guessed "f" (formula) or "e" (error) from the text
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _is_plain(value) -> bool:
    """Numbers, dates and booleans keep their spreadsheet type."""
    return isinstance(value, int | float | Decimal | datetime.date | datetime.time)


def sheet_title(title: str) -> str:
    """Excel refuses some characters in sheet names and cuts them at 31."""
    cleaned = SHEET_TITLE_FORBIDDEN.sub("_", ILLEGAL_CHARACTERS.sub("", str(title))).strip("'")
    return cleaned[:31] or "-"


def build_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """sheets: (title, header, rows)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(title))  # openpyxl numbers duplicates
        _fill(sheet, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: "Worksheet", header: Sequence, rows: Iterable[Sequence]) -> None:
    from openpyxl.styles import Font

    widths: dict[int, int] = {}
    for column, label in enumerate(header, start=1):
        write_cell(sheet, 1, column, str(label)).font = Font(bold=True)
        widths[column] = len(str(label))
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, row_number, column, value)
            widths[column] = max(widths.get(column, 0), len(str(value or "")))
    for column, width in widths.items():
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(build_xlsx(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
