"""A LAG's first strategy from the XLSX template: checked cell by cell, stored only
whole, refused with every problem and where it is."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from telka.audit.models import AuditEvent
from telka.lag.demo_pamarys import strategy_data
from telka.lib.workflow import Refused
from telka.strategy import importing
from telka.strategy.models import Indicator, Measure, Strategy, StrategyStatus, Target
from tests.base import make_lag, make_user

# The years are checked against the programming periods, which are rows.
pytestmark = pytest.mark.django_db


def workbook(data=None, edit=None) -> io.BytesIO:
    raw = importing.template_workbook(data or strategy_data())
    if edit is None:
        return io.BytesIO(raw)
    book = load_workbook(io.BytesIO(raw))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return io.BytesIO(out.getvalue())


def read(stream: io.BytesIO):
    return importing.read_workbook(stream, len(stream.getvalue()))


def problems(stream: io.BytesIO) -> list[importing.CellError]:
    with pytest.raises(importing.ImportRefused) as refused:
        read(stream)
    return refused.value.errors


def test_it_reads_the_filled_template_back():
    data = read(workbook())
    assert data.strategy["title"].startswith("Pamario krašto 2023–2029")
    assert data.strategy["total_budget"] == Decimal("1500000.00")
    assert [r["code"] for r in data.rows["Measures"]] == ["1.1.1", "1.2.1"]
    assert data.rows["Targets"][0] == {
        "_row": 3,
        "measure": "1.1.1",
        "indicator": "P-R1",
        "value": Decimal("25.00"),
    }


def test_the_empty_template_has_every_sheet_and_is_refused_for_missing_rows():
    with translation.override("en"):
        errors = problems(io.BytesIO(importing.template_workbook()))
    assert {e.sheet for e in errors} == {"Strategy"}  # required fields; empty sheets are fine
    assert ("Strategy!B3", "“title” is required.") in [(e.place, e.message) for e in errors]


def test_every_bad_cell_is_reported_with_its_place():
    def spoil(book):
        book["Measures"]["E3"] = "daug"  # budget
        book["Indicators"]["E4"] = "impact"  # kind
        book["Targets"]["B5"] = "NERA"  # an indicator no row defines
        book["Objectives"]["A4"] = "1.1"  # a code used twice

    with translation.override("en"):
        errors = problems(workbook(edit=spoil))
    places = {e.place: e.message for e in errors}
    assert places["Measures!E3"] == "Enter a number."
    assert places["Indicators!E4"].startswith("Choose one of: output, result")
    assert places["Targets!B5"] == "No row on the sheet Indicators has the code NERA."
    assert "used twice" in places["Objectives!A4"]


def test_messages_are_in_the_users_language():
    def spoil(book):
        book["Measures"]["E3"] = "daug"

    with translation.override("lt"):
        errors = problems(workbook(edit=spoil))
    assert "Measures!E3" in {e.place for e in errors}
    assert "Enter a number." not in [e.message for e in errors]


def test_formulas_are_refused():
    def spoil(book):
        book["Measures"]["E3"] = "=1+1"

    with translation.override("en"):
        errors = problems(workbook(edit=spoil))
    assert ("Measures!E3", "A formula is not allowed: type the value itself.") in [
        (e.place, e.message) for e in errors
    ]


def test_a_missing_sheet_is_named():
    def spoil(book):
        del book["Targets"]

    with translation.override("en"):
        errors = problems(workbook(edit=spoil))
    assert [e.message for e in errors] == ["The sheet “Targets” is missing."]


def test_a_file_that_is_not_xlsx_is_refused():
    with translation.override("en"):
        errors = problems(io.BytesIO(b"title;budget\nStrategy;1000\n"))
    assert errors[0].message.startswith("This is not an XLSX workbook.")


def test_a_zip_bomb_is_refused_before_it_is_opened(settings):
    settings.TELKA_OFFICE_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * (2 * 1024 * 1024))
    with translation.override("en"):
        errors = problems(bomb)
    assert errors[0].message.startswith("The file is refused: it unpacks to")


def test_import_stores_the_draft_and_audits_it(db):
    lag = make_lag()
    actor = make_user("net@example.test", is_superuser=True)
    strategy = importing.import_first_version(lag=lag, actor=actor, data=read(workbook()))
    assert strategy.status == StrategyStatus.DRAFT
    assert Measure.objects.filter(objective__goal__strategy=strategy).count() == 2
    assert Target.objects.filter(measure__objective__goal__strategy=strategy).count() == 4
    assert Indicator.objects.filter(lag=lag).count() == 3
    event = AuditEvent.objects.get(action="strategy.imported")
    assert event.changes["after"]["Measures"] == 2


def test_strategy_rules_refuse_the_import_and_nothing_is_stored(db):
    """The checks an amendment gets (Strategy.problems): INV-06 running costs here."""
    lag = make_lag()
    data = read(workbook())
    data.strategy["running_costs_budget"] = Decimal("600000")
    with translation.override("en"), pytest.raises(Refused) as refused:
        importing.import_first_version(lag=lag, actor=None, data=data)
    assert "Running and animation costs with cooperation exceed 20 %" in refused.value.reasons[0]
    assert not Strategy.objects.filter(lag=lag).exists()
    assert not Indicator.objects.exists()
    assert not AuditEvent.objects.filter(action="strategy.imported").exists()


def test_a_lag_with_a_strategy_in_force_must_amend_it(db):
    lag = make_lag()
    draft = importing.import_first_version(lag=lag, actor=None, data=read(workbook()))
    Strategy.objects.filter(pk=draft.pk).update(status=StrategyStatus.IN_FORCE)
    with pytest.raises(Refused):
        importing.import_first_version(lag=lag, actor=None, data=read(workbook()))
