"""What a decision notice says (INV-27), captured once when it is issued.

`snapshots` reads, in a few queries whatever the number of proposals, everything a
notice states: the decision, the outcome and rank, the fixed amount, the score per
criterion and in total, each assessor's total as the ranking used it, the reasons
(the decision line's, or the formal check's for a rejection at the check), and the
complaint deadline with its unit. `render_pdf` draws the notice from a snapshot alone.
`workflow.effects.issue_notices` stores both; pages, e-mails and downloads then read
only the stored snapshot (`Notice.said`) and the stored PDF.
"""

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile

from telka.calls.models import Proposal
from telka.evaluation.models import Assessment, AssessmentStatus
from telka.lib.pdf import render_pdf as _render

from .models import SNAPSHOT_VERSION, Decision, Notice, NoticeOutcome, Said

GRANTED = {NoticeOutcome.FUNDED, NoticeOutcome.PROMOTED}


def _text(value) -> str | None:
    return None if value is None else str(value)


def _sheets(proposal_ids: list[int]) -> dict[int, list[tuple[int, Any]]]:
    """Each proposal's submitted sheets of the current round, in the order assigned."""
    rows = (
        Assessment.objects.filter(proposal_id__in=proposal_ids, status=AssessmentStatus.SUBMITTED)
        .order_by("assigned_at", "pk")
        .values_list("proposal_id", "pk", "total")
    )
    found: dict[int, list[tuple[int, Any]]] = {}
    for proposal_id, pk, total in rows:
        found.setdefault(proposal_id, []).append((pk, total))
    return found


def snapshots(
    decision: Decision,
    outcomes: list[tuple[Any, str]],
    *,
    issued_at: datetime.datetime,
    deadline: datetime.date,
) -> dict[int, dict]:
    """What the notice of each (proposal, outcome) pair says, by proposal id: five
    queries whatever the number of proposals."""
    ids = [proposal.pk for proposal, _outcome in outcomes]
    proposals = Proposal.objects.select_related(
        "organisation", "allocation__measure", "result", "admin_check"
    ).in_bulk(ids)
    lines = {line.proposal_id: line for line in decision.lines.all()}
    call = decision.allocation.call
    criteria = list(call.criteria.all())
    sheets = _sheets(ids)
    common = {
        "version": SNAPSHOT_VERSION,
        "lag": call.lag.name,
        "call": {
            "prefix": call.registration_prefix,
            "title": call.title,
            "measure": decision.allocation.measure.code,
        },
        "decision": {
            "kind": decision.kind,
            "decided_on": _text(decision.decided_on),
            "meeting": decision.meeting.number,
        },
        "complaint": {
            "until": deadline.isoformat(),
            "days": call.complaint_window_days,
            "unit": call.complaint_window_unit,
        },
        "issued_at": issued_at.isoformat(),
    }
    return {
        proposal_id: common
        | _said(proposals[proposal_id], outcome, lines.get(proposal_id), criteria, sheets)
        for proposal_id, outcome in ((p.pk, o) for p, o in outcomes)
    }


def _said(proposal, outcome: str, line, criteria, sheets) -> dict:
    result = getattr(proposal, "result", None)
    scored = result is not None and result.final_score is not None
    counted = set(result.counted) if scored else set()
    check = getattr(proposal, "admin_check", None)
    reasons = line.reasons if line is not None else ""
    if not reasons and outcome == NoticeOutcome.ADMIN_REJECTED and check is not None:
        reasons = check.reasons
    points = result.criterion_points if scored else {}
    return {
        "proposal": {
            "reg_number": proposal.reg_number or "",
            "title": proposal.title,
            "organisation": proposal.organisation.name,
            "legal_code": proposal.organisation.legal_code,
            "requested": _text(proposal.requested_amount),
        },
        "outcome": str(outcome),
        "rank": line.rank if line is not None else None,
        "score": _text(result.final_score) if scored else None,
        "criteria": _criteria_rows(criteria, points) if scored else [],
        "sheets": [
            {"n": n, "total": _text(total), "counted": pk in counted}
            for n, (pk, total) in enumerate(sheets.get(proposal.pk, []) if scored else [], 1)
        ],
        "granted": _text(line.fixed_amount) if line is not None and outcome in GRANTED else None,
        "reasons": reasons,
    }


def _criteria_rows(criteria, points: dict) -> list[dict]:
    rows = []
    for criterion in criteria:
        value = points.get(str(criterion.pk))
        rows.append(
            {
                "code": criterion.code,
                "title": criterion.title,
                "scored": criterion.is_scored,
                "points": _text(value) if criterion.is_scored else None,
                "met": None if criterion.is_scored else bool(value),
                "max": _text(criterion.max_points),
            }
        )
    return rows


def context(said: Said) -> dict:
    """What the notice templates (page, PDF, e-mail) read: the snapshot, nothing live."""
    return {"said": said, "lag": {"name": said.lag}}


def render_pdf(snapshot: dict, language: str = "lt") -> bytes:
    """The notice's PDF drawn from its snapshot alone (Lithuanian: the official copy)."""
    return _render("decisions/pdf/notice.html", context(Said.from_snapshot(snapshot)), language)


def attach_pdf(notice: Notice) -> None:
    """Render the unsaved notice's PDF from its snapshot and set the file and its hash."""
    data = render_pdf(notice.snapshot)
    notice.sha256 = hashlib.sha256(data).hexdigest()
    reg_number = notice.snapshot["proposal"]["reg_number"] or str(notice.proposal_id)
    name = f"sprendimas-{reg_number}-{notice.decision_id}.pdf"
    notice.pdf.save(name, ContentFile(data), save=False)
