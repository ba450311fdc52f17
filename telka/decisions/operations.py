"""The selected operations of calls in the shape of the EU list of operations
(Regulation 2021/1060 Art. 49(3) and Annex XVII; DOMAIN §2.3). One definition of a row
for every export: a call's CSV and XLSX here, the national CSV and JSON API
(network.opendata). Rows are read as plain values through results.stream, in a fixed
number of queries and with no model instance per row, so tens of thousands stream in
about a second. Legal persons only, no contact persons: nothing personal is exported
(INV-28)."""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import models
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.utils.translation import gettext_lazy as _

from telka.accounts.models import LegalForm
from telka.calls.models import BudgetLine, Call, CostKind, rate_percent
from telka.lag.models import Sector
from telka.lib.spreadsheet import text_safe_row
from telka.periods.rules import call_fund

from . import results
from .models import LineOutcome

PUBLIC_FORMS = {LegalForm.BUDGET_INSTITUTION, LegalForm.MUNICIPALITY}

COLUMNS = [
    ("beneficiary_name", _("Beneficiary name")),
    ("beneficiary_code", _("Beneficiary identifier (legal entity code)")),
    ("beneficiary_status", _("Public or private law body")),
    ("operation_name", _("Operation name")),
    ("operation_purpose", _("Purpose of the operation")),
    ("start_date", _("Start date")),
    ("end_date", _("End date")),
    ("total_cost", _("Total cost (EUR)")),
    ("union_support", _("Support fixed by the LAG (EUR)")),
    ("approved_support", _("Support approved by the agency (EUR)")),
    ("co_financing_rate", _("Co-financing rate (%)")),
    ("location", _("Location")),
    ("country", _("Country")),
    ("intervention", _("Strategy measure")),
    ("place", _("Place on the measure's funded list")),
    ("application_date", _("Date of application")),
    ("decision_date", _("Date of the selection decision")),
    ("agreement_date", _("Date of the grant agreement")),
    ("status", _("Status")),
    ("status_date", _("Status since")),
    ("fund", _("Fund")),
    ("cost_options", _("Cost options of the budget")),
]

# What a row reads beside results.Line, as paths from a decision line.
READ = {
    "name": "proposal__organisation__name",
    "legal_code": "proposal__organisation__legal_code",
    "legal_form": "proposal__organisation__legal_form",
    "sector": "proposal__organisation__sector",
    "title": "proposal__title",
    "summary": "proposal__summary",
    "starts_on": "proposal__starts_on",
    "ends_on": "proposal__ends_on",
    "total_cost": "proposal__total_cost",
    "requested_amount": "proposal__requested_amount",
    "location": "proposal__location",
    "measure": "proposal__allocation__measure__code",
    "submitted_at": "proposal__submitted_at",
    "agreement_signed_on": "proposal__award__agreement_signed_on",
}


def _cost_kinds() -> Subquery:
    """The cost kinds of the line's proposal's budget lines, space-separated, in SQL."""
    lines = BudgetLine.objects.filter(proposal_id=OuterRef("proposal_id")).order_by()
    return Subquery(
        lines.values("proposal_id").annotate(kinds=StringAgg("kind", Value(" "))).values("kinds")
    )


def _status(legal_form: str, sector: str) -> str:
    public = legal_form in PUBLIC_FORMS or sector == Sector.PUBLIC
    return "public" if public else "private"


def _day(day) -> str:
    return day.isoformat() if day else ""


KIND_ORDER = CostKind.values


def _kinds(found: str | None) -> str:
    """The cost options a budget uses (CostKind codes), each once, in CostKind's order."""
    if not found:
        return ""
    used = set(found.split())
    return " ".join(kind for kind in KIND_ORDER if kind in used)


def fund_codes(calls: models.QuerySet) -> dict[int, str]:
    """{call id: the code of its fund (periods.rules.call_fund)} in one query."""
    found = Call.objects.filter(pk__in=calls.values("pk")).select_related(
        "strategy__period__default_fund", "strategy__fund", "fund"
    )
    return {call.pk: call_fund(call).code for call in found}


def records(calls: models.QuerySet) -> Iterator[tuple[int, list]]:
    """(call id, cells in the order of COLUMNS) of each funded operation of `calls`: the
    funded list of each allocation in the adopted order (results.stream), a lapsed,
    reduced or promoted operation with its status and the date it was set. Two queries
    whatever the number of rows and calls, the rows read as the caller writes them."""
    funds = fund_codes(calls)
    read = {**READ, "kinds": _cost_kinds()}
    for placed in results.stream(calls, outcome=LineOutcome.FUNDED, columns=read):
        yield placed.line.call_id, cells(placed, fund=funds[placed.line.call_id])


def cells(placed: results.Placed, *, fund: str) -> list:
    """One funded row of results.stream read with READ and the cost kinds, in the order
    of COLUMNS; `fund`: of its call."""
    line, row = placed.line, placed.line.extra
    return [
        row.name,
        row.legal_code,
        _status(row.legal_form, row.sector),
        row.title,
        row.summary,
        _day(row.starts_on),
        _day(row.ends_on),
        str(row.total_cost),
        str(line.fixed_amount),
        str(line.approved_amount) if line.approved_amount is not None else "",
        str(rate_percent(row.requested_amount, row.total_cost) or ""),
        row.location,
        "LT",
        row.measure,
        placed.place,
        _day(row.submitted_at.date() if row.submitted_at else None),
        _day(line.decided_on),
        _day(row.agreement_signed_on),
        placed.status,
        _day(placed.status_on),
        fund,
        _kinds(row.kinds),
    ]


def rows(call: Call) -> list[list]:
    """The rows of one call's list of operations (records)."""
    return [found for _call_id, found in records(Call.objects.filter(pk=call.pk))]


def header() -> list[str]:
    return [str(label) for _code, label in COLUMNS]


class _Echo:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], found: Iterable[list], rows_per_piece: int = 500):
    """The header row, then `found` as CSV text a few hundred rows per piece (for a
    streamed response), text a spreadsheet would run as a formula kept as text."""
    writer, found = csv.writer(_Echo()), iter(found)
    yield writer.writerow(columns)
    while chunk := list(islice(found, rows_per_piece)):
        yield "".join(writer.writerow(text_safe_row(row)) for row in chunk)


def as_csv(call: Call) -> str:
    return "".join(csv_lines([code for code, _label in COLUMNS], rows(call)))
