"""A decision notice keeps what it said when issued (issue 12, item 2; INV-27).

Adds the snapshot (scores, assessors' totals, rank, outcome, amount, reasons, complaint
deadline and its unit, the decision) and the SHA-256 of the stored PDF to the notice,
and names the outcomes.

Notices issued before this migration were stored without what they said. Their
snapshots are RECONSTRUCTED here from the data as it stands when the migration runs
(the result, the assessments, the decision line, the formal check, the call), which
may already differ from what was sent (e.g. after an upheld complaint and a
re-assessment): each such snapshot carries `"reconstructed_on"` with the day it was
made, and its page and its PDF (rendered now from that snapshot and stored with its
hash) say so. The data is read through the historical models of this migration's
state; the PDF is drawn by `telka.decisions.notices.render_pdf`, which reads every
snapshot version ever written.

Notices are final rows: the triggers are dropped while the snapshots are written, then
re-created over the new columns (FreezeFinalRows replaces them)."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models
from django.utils import timezone

from telka.lib.frozen import ALWAYS, FreezeFinalRows

TABLE = "decisions_notice"
GRANTED = {"funded", "promoted"}


def _text(value):
    return None if value is None else str(value)


def _criteria(criteria, result):
    if result is None or result.final_score is None:
        return []
    points = result.criterion_points or {}
    rows = []
    for criterion in criteria:
        value = points.get(str(criterion.pk))
        scored = criterion.kind == "scored"
        rows.append(
            {
                "code": criterion.code,
                "title": criterion.title,
                "scored": scored,
                "points": _text(value) if scored else None,
                "met": None if scored else bool(value),
                "max": _text(criterion.max_points),
            }
        )
    return rows


def _sheets(apps, proposal, result):
    if result is None or result.final_score is None:
        return []
    Assessment = apps.get_model("evaluation", "Assessment")
    counted = set(result.counted or [])
    rows = (
        Assessment.objects.filter(proposal=proposal, status="submitted")
        .order_by("assigned_at", "pk")
        .values_list("pk", "total")
    )
    return [
        {"n": n, "total": _text(total), "counted": pk in counted}
        for n, (pk, total) in enumerate(rows, 1)
    ]


def _snapshot(apps, notice, today):
    DecisionLine = apps.get_model("decisions", "DecisionLine")
    Result = apps.get_model("evaluation", "Result")
    AdminCheck = apps.get_model("evaluation", "AdminCheck")
    Criterion = apps.get_model("calls", "Criterion")
    proposal, decision = notice.proposal, notice.decision
    call = proposal.call
    line = DecisionLine.objects.filter(decision=decision, proposal=proposal).first()
    result = Result.objects.filter(proposal=proposal).first()
    reasons = line.reasons if line is not None else ""
    if not reasons and notice.outcome == "admin_rejected":
        check = AdminCheck.objects.filter(proposal=proposal).first()
        reasons = check.reasons if check is not None else ""
    criteria = Criterion.objects.filter(call=call).order_by("position", "code")
    scored = result is not None and result.final_score is not None
    return {
        "version": 1,
        "reconstructed_on": today.isoformat(),
        "lag": call.lag.name,
        "call": {
            "prefix": f"K{call.number}",
            "title": call.title,
            "measure": decision.allocation.measure.code,
        },
        "decision": {
            "kind": decision.kind,
            "decided_on": _text(decision.decided_on),
            "meeting": decision.meeting.number,
        },
        "complaint": {
            "until": notice.complaint_deadline.isoformat(),
            "days": call.complaint_window_days,
            "unit": call.complaint_window_unit,
        },
        "issued_at": notice.sent_at.isoformat(),
        "proposal": {
            "reg_number": proposal.reg_number or "",
            "title": proposal.title,
            "organisation": proposal.organisation.name,
            "legal_code": proposal.organisation.legal_code,
            "requested": _text(proposal.requested_amount),
        },
        "outcome": notice.outcome,
        "rank": line.rank if line is not None else None,
        "score": _text(result.final_score) if scored else None,
        "criteria": _criteria(criteria, result),
        "sheets": _sheets(apps, proposal, result),
        "granted": _text(line.fixed_amount)
        if line is not None and notice.outcome in GRANTED
        else None,
        "reasons": reasons,
    }


def reconstruct(apps, schema_editor):
    Notice = apps.get_model("decisions", "Notice")
    notices = Notice.objects.select_related(
        "proposal__call__lag",
        "proposal__organisation",
        "decision__meeting",
        "decision__allocation__measure",
    ).order_by("pk")
    if not notices.exists():
        return
    from telka.decisions.notices import render_pdf

    for statement in FreezeFinalRows(TABLE).drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    today = timezone.localdate()
    for notice in notices:
        snapshot = _snapshot(apps, notice, today)
        data = render_pdf(snapshot)
        reg_number = snapshot["proposal"]["reg_number"] or str(notice.proposal_id)
        name = default_storage.save(
            f"decisions/notices/{notice.proposal_id}/sprendimas-{reg_number}-{notice.decision_id}.pdf",
            ContentFile(data),
        )
        Notice._base_manager.filter(pk=notice.pk).update(
            snapshot=snapshot, pdf=name, sha256=hashlib.sha256(data).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_merge_20261203_1027"),
        ("evaluation", "0002_assessment_superseded"),
        ("calls", "0006_merge_20261203_1127"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the PDF"),
        ),
        migrations.AddField(
            model_name="notice",
            name="snapshot",
            field=models.JSONField(
                default=dict, editable=False, verbose_name="what the notice said"
            ),
        ),
        migrations.AlterField(
            model_name="notice",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("funded", "Funded list"),
                    ("reserve", "Reserve list"),
                    ("not_selected", "Not selected"),
                    ("admin_rejected", "Rejected at the formal check"),
                    ("promoted", "Promoted from the reserve list"),
                ],
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.RunPython(reconstruct, migrations.RunPython.noop, elidable=False),
        FreezeFinalRows(TABLE, final_when=ALWAYS),
    ]
