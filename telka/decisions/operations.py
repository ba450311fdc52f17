"""The selected operations of a call in the shape of the EU list of operations
(Regulation 2021/1060 Art. 49(3) and Annex XVII; DOMAIN §2.3), for CSV and XLSX.
Legal persons only, no contact persons: nothing personal is exported (INV-28)."""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from telka.accounts.models import LegalForm
from telka.calls.models import BudgetLine, Call, CostKind
from telka.lag.models import Sector
from telka.lib.spreadsheet import text_safe
from telka.periods.rules import rules_for

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


def _status(organisation) -> str:
    public = organisation.legal_form in PUBLIC_FORMS or organisation.sector == Sector.PUBLIC
    return "public" if public else "private"


def _day(day) -> str:
    return day.isoformat() if day else ""


def rows(call: Call) -> list[list]:
    """The funded list of each allocation in the adopted order (results.rows), a
    lapsed, reduced or promoted operation with its status and the date it was set."""
    funded = results.rows([call], outcome=LineOutcome.FUNDED)
    kinds = cost_kinds([row.proposal.pk for row in funded])
    fund = rules_for(call).fund
    return [cells(row, fund=fund, kinds=kinds.get(row.proposal.pk, ())) for row in funded]


# What cells() reads beyond results.ROW_FIELDS, as paths from a decision line: the
# national list streams tens of thousands of rows with only these (results.stream).
FIELDS = (
    *("proposal__title", "proposal__summary", "proposal__reg_number", "proposal__location"),
    *("proposal__starts_on", "proposal__ends_on", "proposal__total_cost"),
    *("proposal__requested_amount", "proposal__submitted_at", "proposal__organisation"),
    *("proposal__organisation__name", "proposal__organisation__legal_code"),
    *("proposal__organisation__legal_form", "proposal__organisation__sector"),
    *("proposal__allocation__measure", "proposal__allocation__measure__code"),
    "proposal__award__agreement_signed_on",
)


def cells(row: results.Row, *, fund: str, kinds: Iterable[str]) -> list:
    """One funded row of results.rows or results.stream in the order of COLUMNS; `fund`
    of its call (rules_for(call).fund) and the cost `kinds` its budget uses (cost_kinds)."""
    p, award = row.proposal, row.award
    return [
        p.organisation.name,
        p.organisation.legal_code,
        _status(p.organisation),
        p.title,
        p.summary,
        _day(p.starts_on),
        _day(p.ends_on),
        str(p.total_cost),
        str(award.fixed_amount),
        str(award.approved_amount) if award.approved_amount is not None else "",
        str(p.rate_percent or ""),
        p.location,
        "LT",
        p.allocation.measure.code,
        row.place,
        _day(p.submitted_at.date() if p.submitted_at else None),
        _day(row.decided_on),
        _day(award.agreement_signed_on),
        row.status,
        _day(row.status_on),
        fund,
        " ".join(kinds),
    ]


def cost_kinds(proposal_ids: list[int]) -> dict[int, list[str]]:
    """Proposal id → the cost options (CostKind codes) its budget lines use, in one query."""
    found: dict[int, set[str]] = {}
    lines = BudgetLine.objects.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "kind"
    )
    for proposal_id, kind in lines:
        found.setdefault(proposal_id, set()).add(kind)
    order = CostKind.values
    return {pk: sorted(kinds, key=order.index) for pk, kinds in found.items()}


def header() -> list[str]:
    return [str(label) for _code, label in COLUMNS]


def as_csv(call: Call) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([code for code, _label in COLUMNS])
    writer.writerows([text_safe(cell) for cell in row] for row in rows(call))
    return buffer.getvalue()
