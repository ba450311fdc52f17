"""The score breakdown of one proposal, shared by the staff page, the PDF sheet and
the XLSX export: criteria as rows, assessors as columns, the reconciled result.
Sheets superseded by a re-assessment after an upheld complaint (INV-29) are listed
apart: on record, never counted."""

from telka.calls.models import Proposal

from .models import Assessment, AssessmentStatus, Result
from .reconcile import Shortfall


def breakdown(proposal: Proposal) -> dict:
    criteria = list(proposal.call.criteria.all())
    assessments = list(
        Assessment.objects.filter(proposal=proposal)
        .exclude(status=AssessmentStatus.REMOVED)
        .select_related("assessor")
        .prefetch_related("scores")
        .order_by("assigned_at", "pk")
    )
    result = Result.objects.filter(proposal=proposal).first()
    counted = set(result.counted) if result else set()
    submitted = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    superseded = [a for a in assessments if a.status == AssessmentStatus.SUPERSEDED]
    rows = []
    for criterion in criteria:
        cells = [_score_of(a, criterion.pk) for a in submitted]
        final = result.criterion_points.get(str(criterion.pk)) if result else None
        rows.append({"criterion": criterion, "cells": cells, "final": final})
    superseded_rows = [
        {"criterion": c, "cells": [_score_of(a, c.pk) for a in superseded]} for c in criteria
    ]
    return {
        "proposal": proposal,
        "call": proposal.call,
        "criteria": criteria,
        "assessments": assessments,
        "submitted": submitted,
        "superseded": superseded,
        "superseded_rows": superseded_rows,
        "counted": counted,
        "rows": rows,
        "result": result,
        "shortfalls": [Shortfall(**r) for r in result.reasons] if result else [],
    }


def _score_of(assessment: Assessment, criterion_id: int):
    return next((s for s in assessment.scores.all() if s.criterion_id == criterion_id), None)
