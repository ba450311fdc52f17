"""The selected operations of a call in the shape of the EU list of operations
(Regulation 2021/1060 Art. 49(3) and Annex XVII; DOMAIN §2.3), for CSV and XLSX.
Legal persons only, no contact persons: nothing personal is exported (INV-28)."""

import csv
import io

from django.utils.translation import gettext_lazy as _

from telka.accounts.models import LegalForm
from telka.calls.models import Call
from telka.lag.models import Sector
from telka.lib.spreadsheet import text_safe

from .models import Award

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
    ("application_date", _("Date of application")),
    ("decision_date", _("Date of the selection decision")),
    ("agreement_date", _("Date of the grant agreement")),
    ("status", _("Status")),
]


def _status(organisation) -> str:
    public = organisation.legal_form in PUBLIC_FORMS or organisation.sector == Sector.PUBLIC
    return "public" if public else "private"


def published_awards(call: Call):
    """Awards of the call adopted by decisions whose minutes are signed."""
    return (
        Award.objects.filter(
            proposal__call=call, decision__meeting__minutes__signed_at__isnull=False
        )
        .select_related("proposal__organisation", "proposal__allocation__measure", "decision")
        .order_by("proposal__allocation__position", "proposal__sequence")
    )


def rows(call: Call) -> list[list]:
    found = []
    for award in published_awards(call):
        p = award.proposal
        found.append(
            [
                p.organisation.name,
                p.organisation.legal_code,
                _status(p.organisation),
                p.title,
                p.summary,
                p.starts_on.isoformat() if p.starts_on else "",
                p.ends_on.isoformat() if p.ends_on else "",
                str(p.total_cost),
                str(award.fixed_amount),
                str(award.approved_amount) if award.approved_amount is not None else "",
                str(p.rate_percent or ""),
                p.location,
                "LT",
                p.allocation.measure.code,
                p.submitted_at.date().isoformat() if p.submitted_at else "",
                award.decision.decided_on.isoformat() if award.decision.decided_on else "",
                award.agreement_signed_on.isoformat() if award.agreement_signed_on else "",
                p.status,
            ]
        )
    return found


def header() -> list[str]:
    return [str(label) for _code, label in COLUMNS]


def as_csv(call: Call) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([code for code, _label in COLUMNS])
    writer.writerows([text_safe(cell) for cell in row] for row in rows(call))
    return buffer.getvalue()
