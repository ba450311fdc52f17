"""A LAG's first strategy from an XLSX workbook (docs/strategy-import.md).

The workbook has one sheet per kind of row: Strategy (field/value pairs), Goals,
Objectives, Measures, Indicators and Targets. The first row of each sheet names its
columns; the template (`template_workbook()`) is built from the same `SHEETS` table
the reader checks against, so they cannot drift apart.

Reading never trusts the file: it must be a real XLSX (a ZIP with the spreadsheet's
parts), small unpacked (the zip-bomb check uploads get, telka.calls.active_content),
without formulas (a formula's value is whatever the last program that saved it
computed, not what the LAG decided), and every cell is checked. Every problem found
is reported with its sheet, row and column, in the user's language, and nothing is
stored unless there are none. The strategy's own rules (INV-05 targets, INV-06
running costs, the budget) are `Strategy.problems()`, the checks an amendment and
`put_first_version_in_force` use; they run on the draft inside the import's
transaction, which is rolled back when they fail.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from telka.audit.models import AuditEvent
from telka.calls.active_content import office_problem
from telka.lag.models import LocalActionGroup
from telka.lag.programme import period_of_year
from telka.lib.workflow import Refused

from .models import (
    AchievementMoment,
    Goal,
    Indicator,
    IndicatorKind,
    Measure,
    Objective,
    Strategy,
    StrategyStatus,
    Target,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500  # per sheet: a strategy has tens of rows, never thousands
MAX_TEXT = 2000
MAX_MONEY = Decimal("999999999999.99")
FORMULA = object()  # a cell already refused for holding a formula


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy, for the template's second row and the messages
    kind: str = "text"  # text, code, money, number, year, choice
    required: bool = True
    choices: tuple[str, ...] = ()


SHEETS: dict[str, list[Column]] = {
    "Goals": [
        Column("code", gettext_lazy("code"), "code"),
        Column("title", gettext_lazy("title")),
        Column("title_en", gettext_lazy("title (English)"), required=False),
    ],
    "Objectives": [
        Column("code", gettext_lazy("code"), "code"),
        Column("goal", gettext_lazy("goal code"), "code"),
        Column("title", gettext_lazy("title")),
        Column("title_en", gettext_lazy("title (English)"), required=False),
    ],
    "Measures": [
        Column("code", gettext_lazy("code"), "code"),
        Column("objective", gettext_lazy("objective code"), "code"),
        Column("title", gettext_lazy("title")),
        Column("title_en", gettext_lazy("title (English)"), required=False),
        Column("budget", gettext_lazy("budget (EUR)"), "money"),
        Column("programme_measure", gettext_lazy("programme measure code"), required=False),
    ],
    "Indicators": [
        Column("code", gettext_lazy("code"), "code"),
        Column("name", gettext_lazy("name")),
        Column("name_en", gettext_lazy("name (English)"), required=False),
        Column("unit", gettext_lazy("unit")),
        Column("kind", gettext_lazy("kind"), "choice", choices=tuple(IndicatorKind.values)),
        Column(
            "moment",
            gettext_lazy("achievement moment"),
            "choice",
            choices=tuple(AchievementMoment.values),
        ),
    ],
    "Targets": [
        Column("measure", gettext_lazy("measure code"), "code"),
        Column("indicator", gettext_lazy("indicator code"), "code"),
        Column("value", gettext_lazy("target value"), "number"),
    ],
}
# The Strategy sheet: one row per field, (field, value).
STRATEGY_FIELDS = [
    Column("title", gettext_lazy("title")),
    Column("title_en", gettext_lazy("title (English)"), required=False),
    Column("period_start", gettext_lazy("period from (year)"), "year"),
    Column("period_end", gettext_lazy("period to (year)"), "year"),
    Column("total_budget", gettext_lazy("total budget (EUR)"), "money"),
    Column("running_costs_budget", gettext_lazy("running and animation costs (EUR)"), "money"),
    Column("summary", gettext_lazy("summary"), required=False),
    Column("summary_en", gettext_lazy("summary (English)"), required=False),
]
SHEET_ORDER = ["Strategy", *SHEETS]


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None  # 1-based, as the spreadsheet program shows it
    column: str  # the column's key, "" for the whole sheet or file
    message: str

    @property
    def place(self) -> str:
        if not self.sheet or self.row is None:
            return self.sheet
        if self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        return _("%(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}


@dataclass
class StrategyData:
    """Checked values, ready to become a draft strategy. Rows are dicts keyed by the
    columns of SHEETS; each row keeps its spreadsheet row number under "_row"."""

    strategy: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class ImportRefused(Refused):
    """The workbook was refused; `errors` say where and why."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__(*[e.message for e in errors])


# --- Template -------------------------------------------------------------------------


def template_workbook(data: StrategyData | None = None) -> bytes:
    """The XLSX template: every sheet with its column keys (row 1) and what they mean
    (row 2, ignored when read), filled with `data` when given (the demo uses it)."""
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("Strategy")
    sheet.append(["field", "value"])
    sheet.append([_("What the column holds →"), ""])
    for column in STRATEGY_FIELDS:
        value = (data.strategy.get(column.key, "") if data else "") or ""
        sheet.append([column.key, _plain(value)])
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c.key for c in columns])
        sheet.append([_describe(c) for c in columns])
        for row in data.rows.get(name, []) if data else []:
            sheet.append([_plain(row.get(c.key, "")) for c in columns])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cell in sheet[2]:
            cell.font = Font(italic=True)
        sheet.freeze_panes = "A3"
        for letter in "ABCDEF":
            sheet.column_dimensions[letter].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _describe(column: Column) -> str:
    text = str(column.label)
    if column.choices:
        text += ": " + " / ".join(column.choices)
    return text if column.required else _("%(label)s (optional)") % {"label": text}


# --- Reading --------------------------------------------------------------------------


def read_workbook(upload: IO[bytes], size: int) -> StrategyData:
    """Every value of the workbook, checked cell by cell. Raises ImportRefused with all
    the problems found; stores nothing."""
    _refuse_bad_file(upload, size)
    try:
        book = load_workbook(upload, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused([CellError("", None, "", _not_xlsx())]) from None
    try:
        errors: list[CellError] = []
        missing = [name for name in SHEET_ORDER if name not in book.sheetnames]
        for name in missing:
            errors.append(
                CellError(name, None, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": name})
            )
        if missing:
            raise ImportRefused(errors)
        data = StrategyData(strategy=_read_strategy(book["Strategy"], errors))
        for name, columns in SHEETS.items():
            data.rows[name] = _read_rows(book[name], name, columns, errors)
    finally:
        book.close()
    errors += cross_check(data)
    if errors:
        raise ImportRefused(errors)
    return data


def _not_xlsx() -> str:
    return _(
        "This is not an XLSX workbook. Download the template, fill it in and save it as .xlsx."
    )


def _refuse_bad_file(upload: IO[bytes], size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            [
                CellError(
                    "",
                    None,
                    "",
                    _("The file is larger than 2 MB; a strategy workbook is much smaller."),
                )
            ]
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ImportRefused([CellError("", None, "", _not_xlsx())])
    reason = office_problem(upload)
    if reason:
        raise ImportRefused(
            [CellError("", None, "", _("The file is refused: %(reason)s.") % {"reason": reason})]
        )


def _cells(sheet, width: int, errors: list[CellError], name: str):
    """(row number, [cell values]) for rows 3.., without empty rows; formulas refused."""
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_col=width), start=1):
        if number > MAX_ROWS + 2:
            errors.append(
                CellError(name, number, "", _("More than %(max)s rows.") % {"max": MAX_ROWS})
            )
            return
        values = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                errors.append(
                    CellError(
                        name,
                        number,
                        chr(ord("A") + index),
                        _("A formula is not allowed: type the value itself."),
                    )
                )
                values.append(FORMULA)
            else:
                values.append(cell.value)
        yield number, values


def _header_ok(values: list, keys: list[str], name: str, errors: list[CellError]) -> bool:
    found = [str(v).strip() if v is not None else "" for v in values[: len(keys)]]
    if found != keys:
        errors.append(
            CellError(
                name,
                1,
                "",
                _("The first row must name the columns %(keys)s, as in the template.")
                % {"keys": ", ".join(keys)},
            )
        )
        return False
    return True


def _read_rows(sheet, name: str, columns: list[Column], errors: list[CellError]) -> list[dict]:
    keys = [c.key for c in columns]
    rows: list[dict] = []
    for number, values in _cells(sheet, len(columns), errors, name):
        if number == 1:
            if not _header_ok(values, keys, name, errors):
                return rows
            continue
        if number == 2 or all(v in (None, "") for v in values):
            continue  # the template's explanation row, and blank rows
        row: dict[str, Any] = {"_row": number}
        for index, column in enumerate(columns):
            raw = values[index] if index < len(values) else None
            letter = chr(ord("A") + index)
            row[column.key] = _value(column, raw, CellError(name, number, letter, ""), errors)
        rows.append(row)
    return rows


def _read_strategy(sheet, errors: list[CellError]) -> dict[str, Any]:
    by_key = {c.key: c for c in STRATEGY_FIELDS}
    found: dict[str, Any] = {}
    for number, values in _cells(sheet, 2, errors, "Strategy"):
        if number == 1:
            _header_ok(values, ["field", "value"], "Strategy", errors)
            continue
        key = str(values[0]).strip() if values and values[0] is not None else ""
        if number == 2 or not key:
            continue
        if key not in by_key:
            errors.append(
                CellError(
                    "Strategy", number, "A", _("Unknown field “%(key)s”.") % {"key": key[:40]}
                )
            )
            continue
        raw = values[1] if len(values) > 1 else None
        found[key] = _value(by_key[key], raw, CellError("Strategy", number, "B", ""), errors)
    for column in STRATEGY_FIELDS:
        if column.required and column.key not in found:
            errors.append(
                CellError(
                    "Strategy", None, "", _("The field “%(key)s” is missing.") % {"key": column.key}
                )
            )
    return found


def _value(column: Column, raw: Any, at: CellError, errors: list[CellError]) -> Any:
    """The checked value of one cell, or None with an error recorded."""
    if raw is FORMULA:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in (None, ""):
        if column.required:
            _add(errors, at, _("“%(column)s” is required.") % {"column": column.label})
        return Decimal(0) if column.kind == "money" and not column.required else ""
    try:
        return PARSERS[column.kind](column, raw)
    except ValueError as problem:
        _add(errors, at, str(problem))
        return None


def _add(errors: list[CellError], at: CellError, message: str) -> None:
    errors.append(CellError(at.sheet, at.row, at.column, message))


def _text(column: Column, raw: Any) -> str:
    text = str(raw)
    if len(text) > MAX_TEXT:
        raise ValueError(_("At most %(max)s characters.") % {"max": MAX_TEXT})
    return text


def _code(column: Column, raw: Any) -> str:
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if len(text) > 20 or not all(ch.isalnum() or ch in ".-_" for ch in text):
        raise ValueError(_("A code has at most 20 letters, digits, dots or dashes (e.g. 1.2.1)."))
    return text


def _number(column: Column, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError(_("Enter a number."))
    try:
        value = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        raise ValueError(_("Enter a number that is not negative."))
    return value.quantize(Decimal("0.01"))


def _year(column: Column, raw: Any) -> int:
    value = _number(column, raw)
    if value != value.to_integral_value() or not 2000 <= value <= 2100:
        raise ValueError(_("Enter a year such as 2023."))
    return int(value)


def _choice(column: Column, raw: Any) -> str:
    text = str(raw).strip().lower()
    if text not in column.choices:
        raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(column.choices)})
    return text


PARSERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": _text,
    "code": _code,
    "money": _number,
    "number": _number,
    "year": _year,
    "choice": _choice,
}


def cross_check(data: StrategyData) -> list[CellError]:
    """Rows that point at codes no other row defines, codes used twice, and years out
    of order or outside any configured programming period."""
    errors = _years(data.strategy)
    defined: dict[str, set[str]] = {}
    for name in SHEETS:
        if name == "Targets":
            continue
        seen: set[str] = set()
        for row in data.rows.get(name, []):
            if row["code"] in seen:
                errors.append(
                    CellError(
                        name,
                        row["_row"],
                        "A",
                        _("The code %(code)s is used twice.") % {"code": row["code"]},
                    )
                )
            seen.add(row["code"])
        defined[name] = seen
    references = [
        ("Objectives", "goal", "B", "Goals"),
        ("Measures", "objective", "B", "Objectives"),
        ("Targets", "measure", "A", "Measures"),
        ("Targets", "indicator", "B", "Indicators"),
    ]
    for name, key, letter, target in references:
        for row in data.rows.get(name, []):
            if row[key] and row[key] not in defined.get(target, set()):
                errors.append(
                    CellError(
                        name,
                        row["_row"],
                        letter,
                        _("No row on the sheet %(sheet)s has the code %(code)s.")
                        % {"sheet": target, "code": row[key]},
                    )
                )
    pairs = [(r["measure"], r["indicator"]) for r in data.rows.get("Targets", [])]
    for row, pair in zip(data.rows.get("Targets", []), pairs, strict=True):
        if pairs.count(pair) > 1:
            errors.append(
                CellError(
                    "Targets",
                    row["_row"],
                    "A",
                    _("This measure has two targets for the same indicator."),
                )
            )
    return errors


def _years(values: dict[str, Any]) -> list[CellError]:
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, int) or not isinstance(end, int):
        return []
    if end < start:
        return [CellError("Strategy", None, "", _("The period cannot end before it starts."))]
    if period_of_year(start) is None:
        return [
            CellError(
                "Strategy",
                None,
                "",
                _("The year %(year)s is in no programming period set up in Telka.")
                % {"year": start},
            )
        ]
    return []


# --- Storing --------------------------------------------------------------------------


@transaction.atomic
def import_first_version(*, lag: LocalActionGroup, actor: Any, data: StrategyData) -> Strategy:
    """The LAG's first strategy version as a draft, from checked workbook values.

    Steps: lock the LAG; refuse if a version is already in force or superseded (a
    change of a strategy in force is an amendment, INV-07); replace the LAG's draft
    version 1 (its goals, objectives, measures and targets; indicators no version in
    force uses) with the workbook's rows; refuse with `Strategy.problems()` (the checks
    an amendment gets: INV-05, INV-06, the budget), rolling everything back; audit
    `strategy.imported`. Putting the draft in force is `put_first_version_in_force`."""
    LocalActionGroup.objects.select_for_update().get(pk=lag.pk)
    if Strategy.objects.filter(lag=lag).exclude(status=StrategyStatus.DRAFT).exists():
        raise Refused(
            _("The LAG already has a strategy in force: change it through an amendment (INV-07).")
        )
    strategy = Strategy.objects.filter(lag=lag, version=1).first()
    before = None
    if strategy is None:
        strategy = Strategy(lag=lag, version=1, status=StrategyStatus.DRAFT)
    else:
        before = {"goals": strategy.goals.count()}
        strategy.goals.all().delete()
    for key, value in data.strategy.items():
        setattr(strategy, key, value)
    strategy.save()
    _store_tree(strategy, data)
    problems = strategy.problems()
    if problems:
        raise Refused(*problems)
    AuditEvent.objects.record(
        action="strategy.imported",
        obj=strategy,
        actor=actor,
        before=before,
        after={name: len(rows) for name, rows in data.rows.items()},
        version=strategy.version,
    )
    return strategy


def _store_tree(strategy: Strategy, data: StrategyData) -> None:
    goals = {
        row["code"]: Goal.objects.create(
            strategy=strategy,
            code=row["code"],
            title=row["title"],
            title_en=row["title_en"],
            position=n,
        )
        for n, row in enumerate(data.rows["Goals"], 1)
    }
    objectives = {
        row["code"]: Objective.objects.create(
            goal=goals[row["goal"]],
            code=row["code"],
            title=row["title"],
            title_en=row["title_en"],
            position=n,
        )
        for n, row in enumerate(data.rows["Objectives"], 1)
    }
    measures = {
        row["code"]: Measure.objects.create(
            objective=objectives[row["objective"]],
            code=row["code"],
            title=row["title"],
            title_en=row["title_en"],
            budget=row["budget"],
            programme_measure=row["programme_measure"],
            position=n,
        )
        for n, row in enumerate(data.rows["Measures"], 1)
    }
    indicators = {row["code"]: _indicator(strategy.lag, row) for row in data.rows["Indicators"]}
    Target.objects.bulk_create(
        Target(
            measure=measures[r["measure"]], indicator=indicators[r["indicator"]], value=r["value"]
        )
        for r in data.rows["Targets"]
    )


def _indicator(lag: LocalActionGroup, row: dict) -> Indicator:
    values = {
        "name": row["name"],
        "name_en": row["name_en"],
        "unit": row["unit"],
        "kind": row["kind"],
        "achievement_moment": row["moment"],
    }
    indicator = Indicator.objects.filter(lag=lag, code=row["code"]).first()
    if indicator is None:
        return Indicator.objects.create(lag=lag, code=row["code"], **values)
    if any(getattr(indicator, k) != v for k, v in values.items()):
        if Indicator.objects.filter(pk=indicator.pk).filter(Indicator.frozen_when).exists():
            raise Refused(
                _(
                    "Indicator %(code)s is used by a strategy in force and cannot change: give the changed one a new code."
                )
                % {"code": row["code"]}
            )
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.save(update_fields=list(values))
    return indicator
