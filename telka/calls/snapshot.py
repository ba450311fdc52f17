"""The content of a proposal as submitted: a plain JSON document that later versions,
receipts, staff pages and exports read, whatever happens to the live rows afterwards.
Contact details of the person are deliberately not in it (see Submission)."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from .models import Proposal

FORMAT = 1


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _organisation(proposal: Proposal) -> dict:
    org = proposal.organisation
    return {
        "name": org.name,
        "legal_code": org.legal_code,
        "legal_form": org.legal_form,
        "legal_form_label": str(org.get_legal_form_display()),
        "sector": org.sector,
        "address": org.address,
        "municipality": org.municipality,
        "operates_in_territory": org.operates_in_territory,
    }


def _project(proposal: Proposal) -> dict:
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "target_groups": proposal.target_groups,
        "planned_participants": proposal.planned_participants,
        "starts_on": _day(proposal.starts_on),
        "ends_on": _day(proposal.ends_on),
        "location": proposal.location,
        "activities_in_territory": proposal.activities_in_territory,
        "contribution": proposal.contribution,
    }


def _budget(proposal: Proposal) -> dict:
    return {
        "lines": [
            {
                "category": line.category,
                "category_label": str(line.get_category_display()),
                "kind": line.kind,
                "kind_label": str(line.get_kind_display()),
                "rate_percent": _money(line.rate_percent),
                "base_category": line.base_category,
                "description": line.description,
                "quantity": _money(line.quantity),
                "unit": line.unit,
                "unit_price": _money(line.unit_price),
                "amount": _money(line.amount),
            }
            for line in proposal.budget_lines.all()
        ],
        "total_cost": _money(proposal.total_cost),
        "own_contribution": _money(proposal.own_contribution),
        "requested_amount": _money(proposal.requested_amount),
        "rate_percent": _money(proposal.rate_percent),
    }


def _indicators(proposal: Proposal) -> list[dict]:
    return [
        {
            "code": plan.indicator.code,
            "name": plan.indicator.name,
            "unit": plan.indicator.unit,
            "planned_value": _money(plan.planned_value),
        }
        for plan in proposal.indicator_plans.all()
    ]


def proposal_content(proposal: Proposal, attachments: list[dict]) -> dict:
    """Everything the applicant submitted, with the labels as they read at the time."""
    measure = proposal.allocation.measure
    return {
        "format": FORMAT,
        "call": {"number": proposal.call.number, "title": proposal.call.title},
        "measure": {"code": measure.code, "title": measure.title},
        "applicant": _organisation(proposal),
        "partners": [
            {"name": p.name, "legal_code": p.legal_code, "role": p.role}
            for p in proposal.partners.all()
        ],
        "project": _project(proposal),
        "activities": [
            {
                "title": a.title,
                "description": a.description,
                "starts_on": _day(a.starts_on),
                "ends_on": _day(a.ends_on),
            }
            for a in proposal.activities.all()
        ],
        "indicators": _indicators(proposal),
        "budget": _budget(proposal),
        "declarations": {
            "not_completed": proposal.declares_not_completed,
            "accurate": proposal.declares_accurate,
            "consent": proposal.consents,
        },
        "attachments": attachments,
    }


def canonical_json(content: dict) -> str:
    return json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()
