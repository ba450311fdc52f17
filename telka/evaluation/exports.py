"""The XLSX of a call's scores: one row per submitted assessment and criterion, and a
summary row per proposal. A fixed number of queries whatever the call's size."""

from decimal import Decimal

from django.utils.translation import gettext as _

from telka.calls.models import Call

from .models import AssessmentStatus, Result, Score


def score_sheets(call: Call) -> list:
    criteria = list(call.criteria.all())
    scores = (
        Score.objects.filter(
            assessment__proposal__call=call, assessment__status=AssessmentStatus.SUBMITTED
        )
        .select_related("assessment__assessor", "assessment__proposal", "criterion")
        .order_by("assessment__proposal__sequence", "assessment__pk", "criterion__position")
    )
    detail = [
        (
            s.assessment.proposal.reg_number,
            s.assessment.assessor.full_name,
            s.criterion.code,
            s.points if s.criterion.is_scored else (_("Met") if s.passed else _("Not met")),
            s.justification,
            s.assessment.submitted_at.replace(tzinfo=None) if s.assessment.submitted_at else None,
        )
        for s in scores
    ]
    results = (
        Result.objects.filter(proposal__call=call)
        .select_related("proposal__organisation", "proposal__allocation__measure")
        .order_by("proposal__sequence")
    )
    summary = [
        (
            r.proposal.reg_number,
            r.proposal.organisation.name,
            r.proposal.title,
            r.proposal.allocation.measure.code,
            r.proposal.requested_amount,
            *[_cell(r.criterion_points.get(str(c.pk))) for c in criteria],
            r.final_score,
            r.get_outcome_display(),
        )
        for r in results
    ]
    header = [
        _("Registration number"),
        _("Applicant"),
        _("Title"),
        _("Measure"),
        _("Requested (EUR)"),
    ]
    return [
        (
            _("Results"),
            [*header, *[c.code for c in criteria], _("Final score"), _("Outcome")],
            summary,
        ),
        (
            _("Scores"),
            [
                _("Registration number"),
                _("Assessor"),
                _("Criterion"),
                _("Points"),
                _("Justification"),
                _("Submitted"),
            ],
            detail,
        ),
    ]


def _cell(value):
    if isinstance(value, bool):
        return _("Met") if value else _("Not met")
    return Decimal(value) if value not in (None, "") else None
