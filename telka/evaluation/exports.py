"""The XLSX of a call's scores: one row per submitted assessment and criterion, and a
summary row per proposal. A fixed number of queries whatever the call's size.
Assessments superseded after an upheld complaint (INV-29) stay in the detail sheet,
dated in the last column; the results sheet holds the new round's result only."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from telka.calls.models import Call

from .models import AssessmentStatus, Result, Score

SUMMARY_HEADER = [
    gettext_lazy("Registration number"),
    gettext_lazy("Applicant"),
    gettext_lazy("Title"),
    gettext_lazy("Measure"),
    gettext_lazy("Requested (EUR)"),
]
DETAIL_HEADER = [
    gettext_lazy("Registration number"),
    gettext_lazy("Assessor"),
    gettext_lazy("Criterion"),
    gettext_lazy("Points"),
    gettext_lazy("Justification"),
    gettext_lazy("Submitted"),
    gettext_lazy("Superseded"),
]


def score_sheets(call: Call) -> list:
    """Two sheets: the reconciled results per proposal, and every assessor's scores."""
    criteria = list(call.criteria.all())
    codes = [c.code for c in criteria]
    return [
        (
            _("Results"),
            [*SUMMARY_HEADER, *codes, _("Final score"), _("Outcome")],
            _summary(call, criteria),
        ),
        (_("Scores"), DETAIL_HEADER, _detail(call)),
    ]


def _summary(call: Call, criteria: list) -> list[tuple]:
    results = (
        Result.objects.filter(proposal__call=call)
        .select_related("proposal__organisation", "proposal__allocation__measure")
        .order_by("proposal__sequence")
    )
    return [
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


def _detail(call: Call) -> list[tuple]:
    scores = (
        Score.objects.filter(
            assessment__proposal__call=call,
            assessment__status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.SUPERSEDED],
        )
        .select_related("assessment__assessor", "assessment__proposal", "criterion")
        .order_by("assessment__proposal__sequence", "assessment__pk", "criterion__position")
    )
    return [
        (
            s.assessment.proposal.reg_number,
            s.assessment.assessor.full_name,
            s.criterion.code,
            s.points if s.criterion.is_scored else (_("Met") if s.passed else _("Not met")),
            s.justification,
            _local(s.assessment.submitted_at),
            _local(s.assessment.superseded_at),
        )
        for s in scores
    ]


def _local(moment):
    """Excel has no time zones: the LAG's local time, without one."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _cell(value):
    if isinstance(value, bool):
        return _("Met") if value else _("Not met")
    return Decimal(value) if value not in (None, "") else None
