"""A whole call, from submission to the agency's decision, with exact amounts at each step.

Call 7 has two allocations: A1 50 000 EUR and A2 30 000 EUR (at most 20 000 per project,
threshold 50 points, no reduced amounts). Nine proposals are submitted, checked, assessed
by two assessors each and ranked:

    A1  P1 90 (20 000)  P2 80 (15 000, earlier)  P3 80 (18 000)  P4 70 (12 000)  P5 40 (10 000)
    A2  Q1 88 (20 000)  Q2 75 (10 000)  Q3 65 (9 000)

Tomas declares an interest in P3 and Gintė one in Q2: recusals in both allocations.
The first meeting has four members present; after the recusals public authorities hold
two of the three votes in each allocation, so recording the decision is refused (INV-21)
and the board moves to a written procedure, where the returned ballots restore the
balance (INV-22). P2 and P3 tie at 80: P2 was submitted first (INV-23). P5 complains,
the board upholds it, P5 is re-assessed (85.5) and funded from what is left; meanwhile
P2 lapses (INV-30), P3 is promoted from the reserve while P5's request stays held
(INV-29, INV-31), and the agency approves less than fixed for P1 (INV-32).
"""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from telka.audit.models import AuditEvent
from telka.calls import workflow as calls_workflow
from telka.calls.models import Allocation, Call, CallStatus, Proposal
from telka.calls.tests.helpers import add_criteria, draft_call, fill
from telka.decisions import money, workflow
from telka.decisions.models import Complaint, DecisionStatus, Minutes, Notice
from telka.decisions.tests.builders import seat_board
from telka.evaluation import workflow as evaluation_workflow
from telka.evaluation.tests.builders import make_assessor
from telka.evaluation.tests.scenario import pass_check, score
from telka.lag.models import QuorumRule
from telka.lib.workflow import Refused
from tests import base

pytestmark = pytest.mark.django_db(transaction=False)

D = Decimal
NOW = timezone.now()


def at(days: int, hours: int = 0) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days, hours=hours)


def make_call(lag, strategy) -> tuple[Call, Allocation, Allocation]:
    call = draft_call(lag, strategy, number="7", complete=False, min_score=D(50))
    measures = list(strategy.measures().order_by("code"))
    a1, a2 = (
        Allocation.objects.create(
            call=call,
            measure=m,
            amount=D(amount),
            max_per_project=D(20000),
            max_rate_percent=D(90),
            position=n,
        )
        for n, (m, amount) in enumerate(zip(measures, [50000, 30000], strict=True))
    )
    add_criteria(call)
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.OPEN, published_at=NOW - datetime.timedelta(days=2)
    )
    call.refresh_from_db()
    return call, a1, a2


def submit(call, allocation, code: str, requested: int, applicant) -> Proposal:
    """A complete proposal asking exactly `requested` (own contribution 15 %)."""
    organisation = base.make_organisation(
        applicant, name=f"Bendruomenė {code}", legal_code=f"302{ord(code[0]):03d}{int(code[1]):03d}"
    )
    proposal = calls_workflow.create_proposal(
        call=call, allocation=allocation, organisation=organisation, actor=applicant
    )
    fill(proposal)
    proposal.budget_lines.all().delete()
    total = D(requested) / D("0.85")
    proposal.budget_lines.create(
        category="services",
        description="Paslaugos",
        quantity=D(1),
        unit="vnt.",
        unit_price=total.quantize(D("0.01")),
    )
    line_total = proposal.budget_lines.get().amount
    Proposal.objects.filter(pk=proposal.pk).update(
        own_contribution=line_total - D(requested),
        total_cost=line_total,
        requested_amount=D(requested),
        title=f"Projektas {code}",
    )
    return calls_workflow.submit_proposal(proposal=proposal, actor=applicant)


def assess(proposal, staff, assessors, totals):
    """Two assessors; S1 (max 60) takes 60 % of each total, S2 the rest."""
    pass_check(proposal, staff)
    assessments = evaluation_workflow.assign_assessors(
        proposal=proposal, assessors=assessors, actor=staff
    )
    for assessment, total in zip(assessments, totals, strict=True):
        s1 = round(total * 0.6)
        score(assessment, (s1, total - s1))


def status(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).status


def declare(item, seat, staff, interests=None):
    workflow.declare(item=item, membership=seat, actor=staff, interests=interests or {})


def by_code(item) -> dict[str, int]:
    return {p.title.split()[-1]: p.pk for p in item.proposals()}


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def world(lag, strategy, board, sara):
    board.quorum_rule = QuorumRule.AT_LEAST
    board.save()
    seats = dict(
        zip(["petras", "laima", "tomas", "ruta", "bruno", "ginte"], seat_board(board), strict=True)
    )
    call, a1, a2 = make_call(lag, strategy)
    applicants = {}
    proposals = {}
    plan = [
        ("P1", a1, 20000, (90, 90)),
        ("P2", a1, 15000, (80, 80)),
        ("P3", a1, 18000, (80, 80)),
        ("P4", a1, 12000, (70, 70)),
        ("P5", a1, 10000, (38, 42)),
        ("Q1", a2, 20000, (88, 88)),
        ("Q2", a2, 10000, (75, 75)),
        ("Q3", a2, 9000, (65, 65)),
    ]
    for code, allocation, amount, _totals in plan:
        applicants[code] = base.make_user(f"{code.lower()}@applicant.test", f"Pareiškėjas {code}")
        proposals[code] = submit(call, allocation, code, amount, applicants[code])
    # The deadline passes (the check and the assessment start only after it, item 5).
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    calls_workflow.close_due_calls()
    calls_workflow.start_assessment(call=Call.objects.get(pk=call.pk), actor=sara)
    assessors = [make_assessor(lag, "Eglė"), make_assessor(lag, "Jonas")]
    for code, _allocation, _amount, totals in plan:
        assess(proposals[code], sara, assessors, totals)
    return {
        "call": call,
        "a1": a1,
        "a2": a2,
        "seats": seats,
        "p": proposals,
        "applicants": applicants,
        "lag": lag,
    }


def step_1_refused_meeting(w, sara, lag, commit):
    """A meeting where, after the recusals, public authorities would hold 2 of 3 votes."""
    a1, a2, seats, p = w["a1"], w["a2"], w["seats"], w["p"]
    meeting = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/7",
        mode="in_person",
        starts_at=at(1),
        allocations=[a1, a2],
    )
    item1, item2 = meeting.items.order_by("position")
    lines = {x.proposal_id: x for x in item1.decision.lines.all()}
    assert [
        (lines[p[c].pk].outcome, lines[p[c].pk].fixed_amount)
        for c in ["P1", "P2", "P3", "P4", "P5"]
    ] == [
        ("funded", D(20000)),
        ("funded", D(15000)),
        ("reserve", None),
        ("reserve", None),
        ("not_selected", None),
    ]
    assert lines[p["P3"].pk].tie_resolved_by == "submission"  # the tie: P2 was submitted first
    present = [seats["petras"], seats["laima"], seats["tomas"], seats["ginte"]]
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in present})
    for item, member, code in [(item1, "tomas", "P3"), (item2, "ginte", "Q2")]:
        for seat in present:
            interest = (
                {p[code].pk: "Artimas giminaitis vadovauja pareiškėjui"}
                if seat == seats[member]
                else {}
            )
            declare(item, seat, sara, interest)
    for item in (item1, item2):
        with pytest.raises(Refused) as refused:
            workflow.adopt_decision(decision=item.decision, actor=sara)
        assert "Public authorities would hold 2 of 3 votes (66.7 %)" in str(refused.value)
        assert (
            item.decision.__class__.objects.get(pk=item.decision.pk).status == DecisionStatus.DRAFT
        )
    assert status(p["P1"]) == "ranked"
    w.update(meeting=meeting, item1=item1)


def return_ballots(w, item, sara, interested, code, when):
    """Not-selected reasons, then every returning member's declaration and ballot; the
    ballots cannot be counted before the deadline while one is missing."""
    seats, p, returned = w["seats"], w["p"], ["petras", "laima", "tomas", "ruta", "ginte"]
    lines = {x.proposal_id: x for x in item.decision.lines.select_related("proposal")}
    not_selected = [x for x in lines.values() if x.outcome == "not_selected"]
    workflow.update_lines(
        decision=item.decision,
        actor=sara,
        changes={
            x.pk: workflow.LineInput("not_selected", reasons="Surinkta mažiau nei 50 balų.")
            for x in not_selected
        },
    )
    for name in returned:
        seat = seats[name]
        interest = (
            {p[code].pk: "Artimas giminaitis vadovauja pareiškėjui"} if name == interested else {}
        )
        workflow.declare(item=item, membership=seat, actor=seat.user, interests=interest, now=when)
        if name != interested:
            workflow.cast_ballot(
                decision=item.decision,
                membership=seat,
                actor=seat.user,
                choice="for",
                now=when,
            )
    with pytest.raises(Refused, match="after the deadline"):
        workflow.adopt_decision(decision=item.decision, actor=sara, now=when)


def step_2_written_procedure(w, sara, lag, commit):  # noqa: PLR0915 (one step, read in order)
    """The written procedure: ballots with identity and time, counted after the deadline."""
    meeting, item1 = w["meeting"], w["item1"]
    call, a1, a2, seats, p = w["call"], w["a1"], w["a2"], w["seats"], w["p"]
    due = at(3)
    written = workflow.start_written_procedure(
        meeting=meeting,
        actor=sara,
        number="2026/7-R",
        starts_at=at(1, 1),
        ballots_due_at=due,
        reason="Nesubalansuoti balsai",
    )
    assert meeting.__class__.objects.get(pk=meeting.pk).status == "adjourned"
    assert set(
        item1.decision.__class__.objects.filter(meeting=meeting).values_list("status", flat=True)
    ) == {"invalid"}
    w1, w2 = written.items.order_by("position")
    # Bruno returns no ballot.
    ballot_time = at(2)
    for item, interested, code in [(w1, "tomas", "P3"), (w2, "ginte", "Q2")]:
        return_ballots(w, item, sara, interested, code, ballot_time)
    with pytest.raises(Refused, match="not open for ballots"):
        workflow.cast_ballot(
            decision=w1.decision,
            membership=seats["bruno"],
            actor=seats["bruno"].user,
            choice="for",
            now=due + datetime.timedelta(minutes=1),
        )
    w["adopted_at"] = due + datetime.timedelta(minutes=5)
    with commit(execute=True):
        d1 = workflow.adopt_decision(
            decision=w1.decision, actor=sara, now=due + datetime.timedelta(minutes=5)
        )
        d2 = workflow.adopt_decision(
            decision=w2.decision, actor=sara, now=due + datetime.timedelta(minutes=5)
        )
    assert (d1.status, d1.votes_for, d1.figures["public_votes"], d1.figures["eligible_votes"]) == (
        "adopted",
        4,
        2,
        4,
    )
    assert d1.figures["recused"] == {str(seats["tomas"].pk): [p["P3"].pk]}
    assert d2.figures["recused"] == {str(seats["ginte"].pk): [p["Q2"].pk]}
    ballots = d1.votes.filter(is_ballot=True)
    assert ballots.count() == 4 and all(
        v.entered_by_id == v.membership.user_id and v.cast_at == ballot_time for v in ballots
    )
    assert {c: status(x) for c, x in p.items()} == {
        "P1": "invited", "P2": "invited", "P3": "reserve", "P4": "reserve", "P5": "not_selected",
        "Q1": "invited", "Q2": "invited", "Q3": "reserve",
    }  # fmt: skip
    assert (money.remaining(a1), money.remaining(a2)) == (D(15000), D(0))
    assert Call.objects.get(pk=call.pk).status == CallStatus.DECIDED
    assert Notice.objects.filter(proposal__call=call).count() == 8
    notice_mail = [m for m in mail.outbox if "Projektas P5" in m.body or "K7-005" in m.subject]
    assert notice_mail and notice_mail[0].attachments[0][2] == "application/pdf"
    workflow.close_meeting(meeting=written, actor=sara)
    minutes = workflow.sign_minutes(
        meeting=written,
        actor=sara,
        signatories="Petras Viešasis, Sara Jonaitienė",
        signed_on=due.date(),
    )
    with pytest.raises(Exception, match="final"):
        Minutes.objects.get(pk=minutes.pk).save()


def step_3_invitations(w, sara, lag, commit):
    """The adoption invited the funded to the agency (apply within 30 days of it)."""
    call, p = w["call"], w["p"]
    adopted = w["adopted_at"]
    apply_by = timezone.localdate(adopted) + datetime.timedelta(days=call.agency_application_days)
    for code in ["P1", "P2", "Q1", "Q2"]:
        award = Proposal.objects.get(pk=p[code].pk).award
        assert (status(p[code]), award.apply_by, award.invited_at) == ("invited", apply_by, adopted)
    invited = {m.subject.split(":")[0] for m in mail.outbox if apply_by.isoformat() in m.body}
    assert invited == {
        Proposal.objects.get(pk=p[c].pk).reg_number for c in ["P1", "P2", "Q1", "Q2"]
    }
    w["apply_by"] = apply_by


def step_4_complaint(w, sara, lag, commit):
    """P5 complains within the window, citing criterion S1; staff register it."""
    call, p = w["call"], w["p"]
    p5_notice = Notice.objects.get(proposal=p["P5"])
    complaint = workflow.file_complaint(
        proposal=p["P5"],
        actor=w["applicants"]["P5"],
        grounds=["criteria"],
        criteria=list(call.criteria.filter(code="S1")),
        text="Vertintojai neįvertino mūsų partnerių indėlio.",
        now=at(5),
    )
    assert status(p["P5"]) == "complaint" and p5_notice.complaint_deadline >= timezone.localdate(
        at(5)
    )
    workflow.register_complaint(
        complaint=complaint,
        actor=sara,
        examination="Skundas pagrįstas: S1 balai neatitinka aprašo.",
    )
    w["complaint"] = complaint


def step_5_lapse(w, sara, lag, commit):
    """P1 and Q1 apply in time; P2 does not and lapses: its 15 000 returns to A1."""
    apply_by = w["apply_by"]
    a1, a2, p = w["a1"], w["a2"], w["p"]
    workflow.record_application(
        proposal=p["P1"], actor=sara, applied_on=timezone.localdate(), reference="ESFA-1"
    )
    workflow.record_application(
        proposal=p["Q1"], actor=sara, applied_on=timezone.localdate(), reference="ESFA-2"
    )
    after_deadline = timezone.make_aware(
        datetime.datetime.combine(apply_by + datetime.timedelta(days=1), datetime.time(6))
    )
    assert [x.pk for x in workflow.lapse_overdue(after_deadline)] == [p["P2"].pk, p["Q2"].pk]
    assert workflow.lapse_overdue(after_deadline) == []
    # 30 000 free on A1, less what P5's pending complaint holds (INV-29, money.left).
    assert (status(p["P2"]), money.remaining(a1), money.remaining(a2)) == (
        "lapsed",
        D(30000) - p["P5"].requested_amount,
        D(10000),
    )


def step_6_complaint_and_promotion(w, sara, lag, commit):
    """The board upholds the complaint and promotes from the reserve, P5's 10 000 held."""
    complaint = w["complaint"]
    a1, seats, p = w["a1"], w["seats"], w["p"]
    meeting3 = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/9", mode="in_person", starts_at=at(40)
    )
    complaint_item = workflow.add_agenda_item(
        meeting=meeting3, actor=sara, kind="complaint", allocation=a1, complaint=complaint
    )
    promotion = workflow.add_agenda_item(
        meeting=meeting3, actor=sara, kind="promotion", allocation=a1
    )
    promoted = {x.proposal_id: (x.outcome, x.fixed_amount) for x in promotion.decision.lines.all()}
    assert promoted == {
        p["P3"].pk: ("funded", D(18000)),
        p["P4"].pk: ("reserve", None),
    }  # 30 000 − 10 000 held
    everyone = list(seats.values())
    workflow.record_attendance(meeting=meeting3, actor=sara, present={s.pk for s in everyone})
    for item in (complaint_item, promotion):
        for seat in everyone:
            declare(
                item,
                seat,
                sara,
                {p["P3"].pk: "Artimas giminaitis"} if seat == seats["tomas"] else {},
            )
    workflow.record_text(
        decision=complaint_item.decision,
        actor=sara,
        complaint_upheld=True,
        reasons="S1 įvertintas neteisingai.",
    )
    for item in (complaint_item, promotion):
        voters = [s for s in everyone if s != seats["tomas"]]
        workflow.record_votes(
            decision=item.decision, actor=sara, choices={s.pk: "for" for s in voters}
        )
        with commit(execute=True):
            workflow.adopt_decision(decision=item.decision, actor=sara)
    assert Complaint.objects.get(pk=complaint.pk).status == "upheld"
    assert (status(p["P5"]), status(p["P3"]), status(p["P4"])) == (
        "under_assessment",
        "invited",
        "reserve",
    )
    # 12 000 free, less P5's amount held until the board places it again (INV-29).
    assert money.remaining(a1) == D(12000) - p["P5"].requested_amount


def step_7_reassessment(w, sara, lag, commit):
    """P5 is re-assessed alone (two new assessors agree on 85 and 86) and re-ranked."""
    everyone = list(w["seats"].values())
    a1, p = w["a1"], w["p"]
    new = [make_assessor(lag, "Aistė"), make_assessor(lag, "Vytas")]
    for assessment, total in zip(
        evaluation_workflow.assign_assessors(proposal=p["P5"], assessors=new, actor=sara),
        (85, 86),
        strict=True,
    ):
        score(assessment, (round(total * 0.6), total - round(total * 0.6)))
    assert status(p["P5"]) == "ranked" and p["P5"].__class__.objects.get(
        pk=p["P5"].pk
    ).result.final_score == D("85.50")
    meeting4 = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/10", mode="in_person", starts_at=at(45), allocations=[a1]
    )
    rerank = meeting4.items.get()
    assert [(x.proposal_id, x.outcome, x.fixed_amount) for x in rerank.decision.lines.all()] == [
        (p["P5"].pk, "funded", D(10000))
    ]
    workflow.record_attendance(meeting=meeting4, actor=sara, present={s.pk for s in everyone})
    for seat in everyone:
        declare(rerank, seat, sara)
    workflow.record_votes(
        decision=rerank.decision, actor=sara, choices={s.pk: "for" for s in everyone}
    )
    workflow.adopt_decision(decision=rerank.decision, actor=sara)
    assert (status(p["P5"]), money.remaining(a1)) == ("invited", D(2000))


def step_8_agency(w, sara, lag, commit):
    """The agency approves 18 500 of P1's 20 000: 1 500 returns. Q1 gets its agreement."""
    a1, a2, p = w["a1"], w["a2"], w["p"]
    workflow.record_agency_decision(
        proposal=p["P1"],
        actor=sara,
        approved=True,
        decided_on=timezone.localdate(),
        amount=D(18500),
    )
    with pytest.raises(Refused, match="cannot approve more than"):
        workflow.record_agency_decision(
            proposal=p["Q1"],
            actor=sara,
            approved=True,
            decided_on=timezone.localdate(),
            amount=D(20000.01),
        )
    workflow.record_agency_decision(
        proposal=p["Q1"],
        actor=sara,
        approved=True,
        decided_on=timezone.localdate(),
        amount=D(20000),
    )
    workflow.record_agreement(
        proposal=p["Q1"], actor=sara, number="SUT-2026-1", signed_on=timezone.localdate()
    )
    assert (money.remaining(a1), money.remaining(a2)) == (D(3500), D(10000))
    assert (status(p["P1"]), status(p["Q1"])) == ("agency_approved", "contracted")


def step_9_close_complaints(w, sara, lag, commit):
    """Once every complaint window is over, the call's complaint stage closes, once."""
    call = w["call"]
    last = max(
        Notice.objects.filter(proposal__call=call).values_list("complaint_deadline", flat=True)
    )
    assert (
        workflow.close_complaint_windows(
            timezone.make_aware(datetime.datetime.combine(last, datetime.time(12)))
        )
        == []
    )
    later = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(12))
    )
    assert [c.pk for c in workflow.close_complaint_windows(later)] == [call.pk]
    assert workflow.close_complaint_windows(later) == []
    assert Call.objects.get(pk=call.pk).status == CallStatus.COMPLAINTS_CLOSED

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "meeting.scheduled", "meeting.attendance_recorded", "meeting.declaration_recorded", "meeting.adjourned",
        "decision.invalid", "decision.ballot_cast", "decision.adopted", "proposal.selected", "proposal.reserve",
        "proposal.not_selected", "proposal.invited", "proposal.applied", "proposal.lapsed", "proposal.promoted",
        "complaint.filed", "complaint.registered", "complaint.upheld", "proposal.agency_approved",
        "proposal.contracted", "minutes.signed", "call.decided", "call.complaints_closed",
    } <= actions  # fmt: skip


def test_a_whole_call_from_submission_to_the_agency(
    world, sara, lag, django_capture_on_commit_callbacks
):
    p = world["p"]
    assert {code: status(x) for code, x in p.items()} == {
        **dict.fromkeys(p, "ranked"),
        "P5": "below_threshold",
    }
    for step in STEPS:
        step(world, sara, lag, django_capture_on_commit_callbacks)


STEPS = [
    step_1_refused_meeting,
    step_2_written_procedure,
    step_3_invitations,
    step_4_complaint,
    step_5_lapse,
    step_6_complaint_and_promotion,
    step_7_reassessment,
    step_8_agency,
    step_9_close_complaints,
]
