"""Assessors and scoring: assignment with the board-member rule, declarations and
conflicts (INV-16), scores with justifications, reconciliation and thresholds
(INV-17, INV-18)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from telka.audit.models import AuditEvent
from telka.calls.models import Call, Proposal, ProposalStatus
from telka.lag.permissions import is_assessor, is_board_member
from telka.lib.workflow import Refused, check_transition

from .. import emails
from ..models import (
    Assessment,
    AssessmentStatus,
    BoardMemberPolicy,
    CallDeclaration,
    EvaluationSettings,
    Result,
    ResultOutcome,
    Score,
)
from ..reconcile import Rule, Sheet, local_points, reconcile
from ._base import lock, move, refuse_before_deadline, refuse_if_linked, refuse_to_handle

# --- Assessors -----------------------------------------------------------------------


def board_member_policy(call: Call) -> str:
    """The call's setting, else the LAG's, else block (INV-16 recommends it)."""
    rows = {
        s.call_id: s.board_member_policy
        for s in EvaluationSettings.objects.filter(
            Q(call=call) | Q(call__isnull=True), lag_id=call.lag_id
        )
    }
    if call.pk in rows:
        return rows[call.pk]
    return rows.get(None, BoardMemberPolicy.BLOCK)


def assessor_problems(call: Call, proposal: Proposal, assessor: Any) -> tuple[list[str], bool]:
    """(reasons to refuse, is a board member allowed with a warning)."""
    problems, warn = [], False
    if not is_assessor(assessor, call.lag):
        problems.append(_("%(name)s is not in the LAG's pool of assessors.") % {"name": assessor})
    if proposal.organisation.memberships.filter(user=assessor).exists():
        problems.append(_("%(name)s belongs to the applicant organisation.") % {"name": assessor})
    if is_board_member(assessor, call.lag):
        if board_member_policy(call) == BoardMemberPolicy.BLOCK:
            problems.append(
                _("%(name)s is a board member and cannot assess proposals (INV-16).")
                % {"name": assessor}
            )
        else:
            warn = True
    if proposal.assessments.filter(assessor=assessor).exists():
        problems.append(_("%(name)s has already been assigned this proposal.") % {"name": assessor})
    return problems, warn


def needed_assessors(proposal: Proposal) -> int:
    """How many assessors the proposal must have: the call's number, one more when the
    first totals differed too much (INV-17)."""
    extra = Result.objects.filter(proposal=proposal, outcome=ResultOutcome.ADDITIONAL).exists()
    return proposal.call.assessors_required + (1 if extra else 0)


@transaction.atomic
def assign_assessors(
    *, proposal: Proposal, assessors: Sequence[Any], actor: Any
) -> list[Assessment]:
    """Assign assessors. An ELIGIBLE proposal needs at least the call's number at once and
    becomes UNDER_ASSESSMENT; later assignments replace conflicts or add the extra assessor.
    Board members are refused or flagged per the settings. Each assessor is e-mailed."""
    proposal = lock(proposal)
    refuse_to_handle(proposal, actor)
    if proposal.status not in {ProposalStatus.ELIGIBLE, ProposalStatus.UNDER_ASSESSMENT}:
        raise Refused(_("Assessors are assigned to eligible proposals only."))
    if not assessors:
        raise Refused(_("Choose at least one assessor."))
    problems, warnings = [], []
    for assessor in assessors:
        found, warn = assessor_problems(proposal.call, proposal, assessor)
        problems += found
        warnings.append(warn)
    counting = proposal.assessments.counting().count()
    if proposal.status == ProposalStatus.ELIGIBLE and counting + len(assessors) < needed_assessors(
        proposal
    ):
        problems.append(
            _("Choose at least %(count)s assessors.") % {"count": proposal.call.assessors_required}
        )
    if problems:
        raise Refused(*problems)
    extra = Result.objects.filter(proposal=proposal, outcome=ResultOutcome.ADDITIONAL).exists()
    now = timezone.now()
    created = []
    for assessor, warn in zip(assessors, warnings, strict=True):
        assessment = Assessment.objects.create(
            proposal=proposal,
            assessor=assessor,
            assigned_by=actor,
            assigned_at=now,
            is_additional=extra,
            board_member_warning=warn,
        )
        AuditEvent.objects.record(
            action="assessment.assigned",
            obj=proposal,
            actor=actor,
            assessor=assessor.pk,
            board_member_warning=warn,
        )
        emails.assessor_assigned(assessment)
        created.append(assessment)
    if proposal.status == ProposalStatus.ELIGIBLE:
        move(
            proposal,
            ProposalStatus.UNDER_ASSESSMENT,
            actor=actor,
            action="proposal.assessment_started",
        )
    return created


def _change(
    assessment: Assessment, to: str, *, actor: Any, action: str, **fields: Any
) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    labels = dict(AssessmentStatus.choices)
    check_transition(assessment.status, to, AssessmentStatus.ALLOWED, labels)
    before = assessment.status
    assessment.status = to
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save(update_fields=["status", *fields])
    AuditEvent.objects.record(action=action, obj=assessment, actor=actor, before=before, after=to)
    return assessment


@transaction.atomic
def remove_assessor(*, assessment: Assessment, actor: Any, reason: str) -> Assessment:
    """Staff take an unsubmitted assessment back (illness, delay…). Submitted ones stay.
    Not by staff linked to the applicant (INV-26)."""
    if not reason.strip():
        raise Refused(_("Give the reason for removing the assessor."))
    refuse_if_linked(assessment.proposal, actor)
    return _change(
        assessment,
        AssessmentStatus.REMOVED,
        actor=actor,
        action="assessment.removed",
        removed_at=timezone.now(),
        removal_reason=reason,
    )


DECLARATION_TEXT = gettext_noop(
    "I declare that I will assess the project proposals of this call impartially and "
    "objectively, that I will keep confidential everything I learn while assessing them, "
    "and that I will declare any conflict of interest with a proposal before I assess it."
)


@transaction.atomic
def sign_call_declaration(*, call: Call, assessor: Any, text: str) -> CallDeclaration:
    """The impartiality and confidentiality declaration for a call (INV-16), once."""
    declaration, created = CallDeclaration.objects.get_or_create(
        call=call, assessor=assessor, defaults={"text": text, "signed_at": timezone.now()}
    )
    if created:
        AuditEvent.objects.record(action="assessor.declaration_signed", obj=call, actor=assessor)
    return declaration


def _require_call_declaration(assessment: Assessment) -> None:
    if not CallDeclaration.objects.filter(
        call_id=assessment.proposal.call_id, assessor_id=assessment.assessor_id
    ).exists():
        raise Refused(
            _("Sign the impartiality and confidentiality declaration for the call first.")
        )


@transaction.atomic
def declare_no_conflict(*, assessment: Assessment, actor: Any) -> Assessment:
    """ASSIGNED → DECLARED: the assessor has no conflict with this proposal and may now
    see its documents and score it (INV-16)."""
    _require_call_declaration(assessment)
    return _change(
        assessment,
        AssessmentStatus.DECLARED,
        actor=actor,
        action="assessment.no_conflict_declared",
        declared_at=timezone.now(),
    )


@transaction.atomic
def declare_conflict(*, assessment: Assessment, actor: Any, nature: str) -> Assessment:
    """ASSIGNED → CONFLICT: the assessor is removed from the proposal and staff are asked
    to assign someone else (INV-16), by e-mail and on their task list."""
    if not nature.strip():
        raise Refused(_("Describe the nature of the interest."))
    assessment = _change(
        assessment,
        AssessmentStatus.CONFLICT,
        actor=actor,
        action="assessment.conflict_declared",
        conflict_declared_at=timezone.now(),
        conflict_nature=nature,
    )
    emails.reassignment_needed(assessment.proposal, conflict=True)
    return assessment


# --- Scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    points: Decimal | None = None
    passed: bool | None = None
    justification: str = ""


def _check_range(criterion, value: ScoreInput) -> str | None:
    if criterion.is_scored and value.points is not None:
        if value.points < 0 or value.points > criterion.max_points:
            return _("%(code)s: give 0 to %(max)s points.") % {
                "code": criterion.code,
                "max": local_points(criterion.max_points),
            }
    return None


@transaction.atomic
def save_scores(*, assessment: Assessment, actor: Any, values: dict[int, ScoreInput]) -> Assessment:
    """Save (part of) an assessment while it is open; points must lie within 0…max."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.DECLARED:
        raise Refused(_("This assessment is locked."))
    refuse_before_deadline(assessment.proposal.call)
    criteria = {c.pk: c for c in assessment.proposal.call.criteria.all()}
    errors = [
        e
        for pk, v in values.items()
        if pk in criteria
        for e in [_check_range(criteria[pk], v)]
        if e
    ]
    if errors:
        raise Refused(*errors)
    existing = {s.criterion_id: s for s in assessment.scores.all()}
    for pk, value in values.items():
        if pk not in criteria:
            continue
        score = existing.get(pk) or Score(assessment=assessment, criterion_id=pk)
        score.points, score.passed, score.justification = (
            value.points,
            value.passed,
            value.justification,
        )
        score.save()
    AuditEvent.objects.record(action="assessment.saved", obj=assessment, actor=actor)
    return assessment


@transaction.atomic
def submit_assessment(*, assessment: Assessment, actor: Any) -> Assessment:
    """DECLARED → SUBMITTED, locking the sheet. Every criterion needs a score and a
    written justification (INV-17). Then the proposal's result is reconciled."""
    refuse_before_deadline(lock(assessment.proposal).call)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.DECLARED:
        raise Refused(_("This assessment is locked."))
    scores = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    missing = [
        c.code
        for c in assessment.proposal.call.criteria.all()
        if c.pk not in scores or not scores[c.pk].is_complete
    ]
    if missing:
        raise Refused(
            _("Score and justify every criterion first: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    total = sum((s.points for s in scores.values() if s.criterion.is_scored), Decimal(0))
    assessment = _change(
        assessment,
        AssessmentStatus.SUBMITTED,
        actor=actor,
        action="assessment.submitted",
        submitted_at=timezone.now(),
        total=total,
    )
    update_result(proposal=assessment.proposal)
    return assessment


def _sheets(proposal: Proposal) -> list[Sheet]:
    sheets = []
    for assessment in proposal.assessments.submitted().prefetch_related("scores"):
        scores = list(assessment.scores.all())
        sheets.append(
            Sheet(
                id=assessment.pk,
                total=assessment.total,
                points={s.criterion_id: s.points for s in scores if s.points is not None},
                passed={s.criterion_id: bool(s.passed) for s in scores if s.passed is not None},
            )
        )
    return sheets


def _rules(call: Call) -> list[Rule]:
    return [Rule(c.pk, c.code, c.is_scored, c.min_points) for c in call.criteria.all()]


def update_result(*, proposal: Proposal) -> Result:
    """Reconcile once every assessor still holding the proposal has submitted. Too wide a
    difference asks staff for one more assessor (INV-17); a complete result moves the
    proposal to ASSESSED and on to BELOW_THRESHOLD or RANKED (INV-18)."""
    proposal = lock(proposal)
    call = proposal.call
    result, _created = Result.objects.select_for_update().get_or_create(proposal=proposal)
    if proposal.assessments.active().exists():
        return result
    outcome = reconcile(
        _sheets(proposal),
        rules=_rules(call),
        required=call.assessors_required,
        threshold_percent=call.reconciliation_threshold_percent,
        min_score=call.min_score,
    )
    if outcome.needs_additional and result.outcome != ResultOutcome.ADDITIONAL:
        return _ask_for_additional(proposal, result)
    if not outcome.is_complete:
        return result
    return _store_result(proposal, result, outcome)


@transaction.atomic
def reopen_assessment(*, proposal: Proposal, actor: Any, **details: Any) -> list[Assessment]:
    """An upheld complaint hands the proposal back (INV-29): its submitted assessments
    become SUPERSEDED (kept on record, shown as such, never counted again) and its result
    is cleared, so only the sheets of the new round are reconciled and ranked. Staff
    then assign assessors as for an eligible proposal. Returns the superseded sheets.
    The proposal's own status is moved by the caller."""
    proposal = lock(proposal)
    now = timezone.now()
    superseded = [
        _change(
            assessment,
            AssessmentStatus.SUPERSEDED,
            actor=actor,
            action="assessment.superseded",
            superseded_at=now,
        )
        for assessment in proposal.assessments.submitted()
    ]
    result = Result.objects.select_for_update().filter(proposal=proposal).first()
    if result is not None:
        before = {"outcome": result.outcome, "final_score": str(result.final_score)}
        for name in ("final_score", "tie_break_points", "additional_requested_at", "computed_at"):
            setattr(result, name, None)
        result.outcome = ResultOutcome.PENDING
        result.criterion_points, result.counted, result.reasons = {}, [], []
        result.save()
        AuditEvent.objects.record(
            action="proposal.result_cleared", obj=proposal, actor=actor, before=before, **details
        )
    return superseded


def _ask_for_additional(proposal: Proposal, result: Result) -> Result:
    result.outcome, result.additional_requested_at = ResultOutcome.ADDITIONAL, timezone.now()
    result.save(update_fields=["outcome", "additional_requested_at"])
    AuditEvent.objects.record(action="proposal.additional_assessor_requested", obj=proposal)
    emails.reassignment_needed(proposal, conflict=False)
    return result


def _store_result(proposal: Proposal, result: Result, outcome) -> Result:
    call = proposal.call
    below = outcome.is_below_threshold
    result.outcome = ResultOutcome.BELOW_THRESHOLD if below else ResultOutcome.RANKED
    result.final_score = outcome.final_score
    result.criterion_points = {str(k): str(v) for k, v in outcome.criterion_points.items()}
    result.criterion_points |= {str(k): v for k, v in outcome.criterion_passed.items()}
    result.tie_break_points = outcome.criterion_points.get(call.tie_break_criterion_id)
    result.counted = list(outcome.counted)
    result.reasons = [vars(s) for s in outcome.shortfalls]
    result.computed_at = timezone.now()
    result.save()
    move(
        proposal,
        ProposalStatus.ASSESSED,
        actor=None,
        action="proposal.assessed",
        score=str(result.final_score),
    )
    target = ProposalStatus.BELOW_THRESHOLD if below else ProposalStatus.RANKED
    move(proposal, target, actor=None, action=f"proposal.{target}", reasons=result.reasons)
    return result
