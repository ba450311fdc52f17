"""A whole call from the formal check to the draft lists, as staff, assessors and
applicants live it: 10 proposals across 2 allocations."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.calls.models import ProposalStatus
from telka.evaluation import workflow
from telka.evaluation.lists import call_lists
from telka.evaluation.models import AssessmentStatus, ClarificationStatus, ResultOutcome, Verdict
from telka.evaluation.workflow import DeficiencyInput

from .builders import make_assessor, make_call, make_proposal
from .scenario import answer_all, pass_check, score

D = Decimal


@pytest.fixture
def call(strategy):
    call = make_call(strategy, amounts=(D("50000"), D("30000")))
    call.tie_break_criterion = call.criteria.get(code="K1")
    call.save(update_fields=["tie_break_criterion"])
    return call


def _assign(proposal, staff, *assessors):
    return workflow.assign_assessors(proposal=proposal, assessors=list(assessors), actor=staff)


def _clarify(proposal, staff, today):
    workflow.start_check(proposal=proposal, actor=staff)
    answer_all(proposal, staff, Verdict.PASS)
    item = proposal.call.checklist_items.get(code="10")
    workflow.record_answers(
        proposal=proposal, actor=staff, answers={item.pk: (Verdict.FAIL, "Nėra sąmatos")}
    )
    return workflow.request_clarification(
        proposal=proposal,
        actor=staff,
        deficiencies=[DeficiencyInput(item, "attachments", "Pridėkite kainų apklausos pažymą.")],
        today=today,
    )


@pytest.fixture
def world(call, sara):
    a, b = call.allocations.all()
    people = [make_assessor(call.lag, n) for n in ("Eva", "Jonas", "Lina", "Tomas")]
    amounts_a = [D(20000), D(20000), D(15000), D(5000), D(8000), D(9000)]
    amounts_b = [D(12000), D(10000), D(10000), D(6000)]
    p = {n: make_proposal(call, allocation=a, amount=x) for n, x in enumerate(amounts_a, 1)}
    p |= {n: make_proposal(call, allocation=b, amount=x) for n, x in enumerate(amounts_b, 7)}
    return p, people


def run_clarifications(p, sara, capture):
    """P7 corrects in time, P6 misses its deadline (Thursday 2 April 2026 + 5 working
    days with Easter Monday: due Friday 10 April)."""
    with capture(execute=True):
        late = _clarify(p[6], sara, datetime.date(2026, 4, 2))
        in_time = _clarify(p[7], sara, datetime.date(2026, 4, 2))
    assert late.due_on == datetime.date(2026, 4, 10)
    assert any("Pridėkite kainų apklausos pažymą." in m.body for m in mail.outbox), [
        m.body for m in mail.outbox
    ]
    with capture(execute=True):
        workflow.submit_correction(
            clarification=in_time,
            actor=None,
            responses={d.pk: "Pažyma pridėta." for d in in_time.deficiencies.all()},
            apply=lambda proposal: [],
            now=timezone.make_aware(datetime.datetime(2026, 4, 10, 23, 0)),
        )
    after_deadline = timezone.make_aware(datetime.datetime(2026, 4, 11, 0, 0, 1))
    with capture(execute=True):
        call_command("expire_clarifications", now=after_deadline.isoformat(), stdout=io.StringIO())
    in_time.refresh_from_db()
    return in_time


def run_conflict(p7, sara, people, capture):
    """Jonas declares a conflict with P7; staff assign Lina instead."""
    eva, jonas, lina, _tomas = people
    first, second = _assign(p7, sara, eva, jonas)
    workflow.sign_call_declaration(call=p7.call, assessor=jonas, text="…")
    with capture(execute=True):
        workflow.declare_conflict(assessment=second, actor=jonas, nature="Brolis – pirmininkas")
    assert any("paskirkite kitą vertintoją" in m.subject for m in mail.outbox)
    score(first, (35, 20, 20))
    (third,) = _assign(p7, sara, lina)
    score(third, (35, 20, 20))
    second.refresh_from_db()
    assert second.status == AssessmentStatus.CONFLICT


def run_third_assessor(p8, sara, people):
    """Totals 80 and 50 differ by more than 30 % of 80: a third assessor is requested,
    then the two closest totals (80 and 75) are averaged."""
    eva, jonas, _lina, tomas = people
    first, second = _assign(p8, sara, eva, jonas)
    score(first, (35, 25, 20))
    score(second, (20, 15, 15))
    p8.refresh_from_db()
    assert p8.status == ProposalStatus.UNDER_ASSESSMENT
    assert p8.result.outcome == ResultOutcome.ADDITIONAL
    (extra,) = _assign(p8, sara, tomas)
    assert extra.is_additional
    score(extra, (35, 20, 20))
    p8.refresh_from_db()
    assert p8.result.final_score == D("77.50")
    assert p8.result.counted == [first.pk, extra.pk]


PLAIN = {  # both assessors give the same points on K1, K2, K3
    1: (35, 25, 25),
    2: (35, 20, 15),
    3: (30, 20, 20),
    4: (30, 15, 15),
    5: (20, 10, 10),
    9: (30, 20, 15),
    10: (8, 30, 30),
}


def test_a_whole_call_ends_in_exact_draft_lists(
    call, sara, world, django_capture_on_commit_callbacks
):
    p, people = world
    in_time = run_clarifications(p, sara, django_capture_on_commit_callbacks)
    assert in_time.status == ClarificationStatus.ANSWERED
    versions = {s.version: s.content for s in p[7].submissions.all()}
    assert "corrections" not in versions[1]
    assert versions[2]["corrections"][0]["response"] == "Pažyma pridėta."
    item = call.checklist_items.get(code="10")
    workflow.record_answers(proposal=p[7], actor=sara, answers={item.pk: (Verdict.PASS, "")})
    workflow.declare_eligible(proposal=p[7], actor=sara)
    for n in (1, 2, 3, 4, 5, 8, 9, 10):
        pass_check(p[n], sara)
    for n, points in PLAIN.items():
        first, second = _assign(p[n], sara, *people[:2])
        score(first, points)
        score(second, points)
    run_conflict(p[7], sara, people, django_capture_on_commit_callbacks)
    run_third_assessor(p[8], sara, people)

    for proposal in p.values():
        proposal.refresh_from_db()
    assert {n: pr.status for n, pr in p.items()} == {
        1: "ranked", 2: "ranked", 3: "ranked", 4: "ranked", 5: "below_threshold",
        6: "admin_rejected", 7: "ranked", 8: "ranked", 9: "ranked", 10: "below_threshold",
    }  # fmt: skip
    assert p[10].result.reasons == [
        {"kind": "minimum", "code": "K1", "value": "8.00", "limit": "10.00"}
    ]
    assert_lists(call, p)
    assert AuditEvent.objects.filter(action="proposal.clarification_expired").count() == 1
    assert AuditEvent.objects.filter(action="proposal.additional_assessor_requested").count() == 1
    assert AuditEvent.objects.filter(action="assessment.conflict_declared").count() == 1


def assert_lists(call, p):
    lists_a, lists_b = call_lists(call)
    ids = {pr.pk: n for n, pr in p.items()}

    def names(lines):
        return [ids[line.candidate.proposal_id] for line in lines]

    assert names(lists_a.funded) == [1, 2]
    assert names(lists_a.reserve) == [3, 4]  # P4 would fit, but the score order holds
    assert names(lists_a.rest) == [5]
    assert [line.rank for line in lists_a.ranked] == [1, 2, 3, 4]
    assert lists_a.reserve[0].tie_resolved_by == "criterion"  # 70 = 70, K1 35 > 30
    assert lists_a.funded_total == D("40000") and lists_a.remaining == D("10000")
    assert names(lists_b.funded) == [8, 7]
    assert names(lists_b.reserve) == [9]
    assert names(lists_b.rest) == [10]
    assert lists_b.funded_total == D("22000") and lists_b.remaining == D("8000")
