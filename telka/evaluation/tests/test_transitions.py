"""Every status change of the evaluation from every proposal status: allowed from
exactly the states of DOMAIN §7.2, refused (and nothing changed) from all others."""

import datetime

import pytest

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal, ProposalStatus
from telka.evaluation import workflow
from telka.evaluation.models import (
    AdminCheck,
    Assessment,
    AssessmentStatus,
    CheckAnswer,
    Clarification,
    Verdict,
)
from telka.evaluation.workflow import DeficiencyInput, ScoreInput
from telka.lib.workflow import Refused

from .builders import make_assessor

ALL = ProposalStatus.values


def _with_status(proposal, status):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    proposal.refresh_from_db()
    return proposal


def _with_check(proposal, sara, verdict=Verdict.PASS):
    check = AdminCheck.objects.create(
        proposal=proposal, started_by=sara, started_at=datetime.datetime.now(datetime.UTC)
    )
    from telka.evaluation.checklist import ensure_checklist

    CheckAnswer.objects.bulk_create(
        CheckAnswer(check_run=check, item=i, verdict=verdict)
        for i in ensure_checklist(proposal.call)
    )
    return check


def _start(proposal, sara, eva):
    workflow.start_check(proposal=proposal, actor=sara)


def _clarify(proposal, sara, eva):
    _with_check(proposal, sara, Verdict.FAIL)
    item = proposal.call.checklist_items.first()
    workflow.request_clarification(
        proposal=proposal, actor=sara, deficiencies=[DeficiencyInput(item, "other", "Trūksta.")]
    )


def _reject(proposal, sara, eva):
    _with_check(proposal, sara)
    workflow.reject(proposal=proposal, actor=sara, reasons="Netinkamas pareiškėjas.")


def _eligible(proposal, sara, eva):
    _with_check(proposal, sara)
    workflow.declare_eligible(proposal=proposal, actor=sara)


def _assign(proposal, sara, eva):
    jonas = make_assessor(proposal.call.lag, "Jonas")
    workflow.assign_assessors(proposal=proposal, assessors=[eva, jonas], actor=sara)


CASES = [
    (_start, {"registered": "admin_check"}),
    (_clarify, {"admin_check": "clarification"}),
    (_reject, {"admin_check": "admin_rejected"}),
    (_eligible, {"admin_check": "eligible"}),
    (_assign, {"eligible": "under_assessment", "under_assessment": "under_assessment"}),
]


@pytest.mark.parametrize("status", ALL)
@pytest.mark.parametrize("action, allowed", CASES, ids=[c[0].__name__ for c in CASES])
def test_each_step_is_allowed_from_its_states_only(proposal, sara, eva, status, action, allowed):
    proposal = _with_status(proposal, status)
    events = AuditEvent.objects.count()
    if status in allowed:
        action(proposal, sara, eva)
        proposal.refresh_from_db()
        assert proposal.status == allowed[status]
        assert AuditEvent.objects.count() > events
        return
    with pytest.raises(Refused):
        action(proposal, sara, eva)
    proposal.refresh_from_db()
    assert proposal.status == status


@pytest.mark.parametrize("status", ALL)
def test_a_correction_is_accepted_only_in_clarification(proposal, sara, status):
    check = _with_check(proposal, sara)
    clarification = Clarification.objects.create(
        check_run=check,
        requested_by=sara,
        requested_at=datetime.datetime.now(datetime.UTC),
        due_on=datetime.date(2099, 1, 1),
        due_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    proposal = _with_status(proposal, status)
    if status == ProposalStatus.CLARIFICATION:
        workflow.submit_correction(
            clarification=clarification, actor=None, responses={}, apply=lambda p: []
        )
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.ADMIN_CHECK
        return
    with pytest.raises(Refused):
        workflow.submit_correction(
            clarification=clarification, actor=None, responses={}, apply=lambda p: []
        )
    assert proposal.submissions.count() == 1


ASSESSMENT_STEPS = {
    "declare_no_conflict": (
        {"assigned"},
        lambda a, u: workflow.declare_no_conflict(assessment=a, actor=u),
    ),
    "declare_conflict": (
        {"assigned"},
        lambda a, u: workflow.declare_conflict(assessment=a, actor=u, nature="Giminystė"),
    ),
    "save_scores": (
        {"declared"},
        lambda a, u: workflow.save_scores(assessment=a, actor=u, values={}),
    ),
    "remove": (
        {"assigned", "declared"},
        lambda a, u: workflow.remove_assessor(assessment=a, actor=u, reason="Liga"),
    ),
}


@pytest.mark.parametrize("status", AssessmentStatus.values)
@pytest.mark.parametrize("step", ASSESSMENT_STEPS)
def test_assessment_steps_are_allowed_from_their_states_only(proposal, sara, eva, status, step):
    workflow.sign_call_declaration(call=proposal.call, assessor=eva, text="…")
    assessment = Assessment.objects.create(
        proposal=proposal,
        assessor=eva,
        status=status,
        assigned_at=datetime.datetime.now(datetime.UTC),
    )
    allowed, run = ASSESSMENT_STEPS[step]
    if status in allowed:
        run(assessment, eva)
        return
    with pytest.raises(Refused):
        run(assessment, eva)
    assessment.refresh_from_db()
    assert assessment.status == status


def test_scores_outside_the_range_are_refused_and_nothing_is_saved(proposal, eva):
    workflow.sign_call_declaration(call=proposal.call, assessor=eva, text="…")
    assessment = Assessment.objects.create(
        proposal=proposal,
        assessor=eva,
        status="declared",
        assigned_at=datetime.datetime.now(datetime.UTC),
    )
    k1 = proposal.call.criteria.get(code="K1")
    with pytest.raises(Refused, match="K1: skirkite nuo 0 iki 40 balų"):
        workflow.save_scores(
            assessment=assessment,
            actor=eva,
            values={k1.pk: ScoreInput(points=41, justification="x")},
        )
    assert not assessment.scores.exists()


def test_submitting_needs_every_criterion_scored_and_justified(proposal, eva):
    workflow.sign_call_declaration(call=proposal.call, assessor=eva, text="…")
    assessment = Assessment.objects.create(
        proposal=proposal,
        assessor=eva,
        status="declared",
        assigned_at=datetime.datetime.now(datetime.UTC),
    )
    k1 = proposal.call.criteria.get(code="K1")
    workflow.save_scores(
        assessment=assessment, actor=eva, values={k1.pk: ScoreInput(points=30, justification="")}
    )
    with pytest.raises(Refused, match="K1, K2, K3, P1"):
        workflow.submit_assessment(assessment=assessment, actor=eva)
    assessment.refresh_from_db()
    assert assessment.status == "declared"


def test_no_conflict_declaration_needs_the_call_declaration_first(proposal, eva):
    assessment = Assessment.objects.create(
        proposal=proposal, assessor=eva, assigned_at=datetime.datetime.now(datetime.UTC)
    )
    with pytest.raises(Refused):
        workflow.declare_no_conflict(assessment=assessment, actor=eva)
    assessment.refresh_from_db()
    assert assessment.status == "assigned"
