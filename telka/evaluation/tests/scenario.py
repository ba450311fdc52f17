"""Steps the tests share: pass a proposal through the formal check, assign and score."""

from decimal import Decimal

from telka.evaluation import workflow
from telka.evaluation.models import Assessment, Verdict
from telka.evaluation.workflow import ScoreInput


def pass_check(proposal, staff):
    workflow.start_check(proposal=proposal, actor=staff)
    answer_all(proposal, staff, Verdict.PASS)
    workflow.declare_eligible(proposal=proposal, actor=staff)
    proposal.refresh_from_db()
    return proposal


def answer_all(proposal, staff, verdict, comment=""):
    items = proposal.call.checklist_items.all()
    workflow.record_answers(
        proposal=proposal, actor=staff, answers={i.pk: (verdict, comment) for i in items}
    )


def score(assessment: Assessment, points, passed=True, *, submit=True):
    """Declare no conflict (signing the call's declaration if needed), score and submit.
    `points` lists the scored criteria's points in criterion order."""
    assessor, call = assessment.assessor, assessment.proposal.call
    workflow.sign_call_declaration(call=call, assessor=assessor, text=workflow.DECLARATION_TEXT)
    if assessment.status == "assigned":
        workflow.declare_no_conflict(assessment=assessment, actor=assessor)
    values, scored = {}, iter(points)
    for criterion in call.criteria.all():
        if criterion.is_scored:
            values[criterion.pk] = ScoreInput(
                points=Decimal(next(scored)), justification="Pagrįsta."
            )
        else:
            values[criterion.pk] = ScoreInput(passed=passed, justification="Atitinka.")
    workflow.save_scores(assessment=assessment, actor=assessor, values=values)
    if submit:
        workflow.submit_assessment(assessment=assessment, actor=assessor)
    assessment.refresh_from_db()
    return assessment
