"""Demo: the historical Aleksotas call no. 1 (assessed by evaluation/demo.py) decided at
a board meeting on 2020-04-15: attendance, declarations with one recusal, votes, the
adopted lists, signed minutes and published results. The meeting, the interest and
the votes are invented and flagged `is_demo`. Safe to run again: once the demo meeting
exists nothing is added."""

import datetime

from django.utils import timezone

from telka.calls.models import Call, CallStatus, ProposalStatus
from telka.calls.workflow import start_assessment

from . import emails, facts, workflow
from .models import Meeting, MeetingMode

NUMBER = "2020/3"
AT = datetime.datetime(2020, 4, 15, 15, 0)
INTEREST = ("Tomas Butkus", "K1-003", "Yra pareiškėjo valdybos narys (demo)")


def _meeting(demo, call: Call, staff) -> Meeting:
    if call.status == CallStatus.CLOSED:
        start_assessment(call=call, actor=staff)
    meeting = workflow.schedule_meeting(
        lag=demo.lag,
        actor=staff,
        number=NUMBER,
        mode=MeetingMode.IN_PERSON,
        starts_at=timezone.make_aware(AT),
        location="Aleksoto bendruomenės centras, Veiverių g. 2, Kaunas",
        allocations=list(call.allocations.all()),
    )
    Meeting.objects.filter(pk=meeting.pk).update(is_demo=True)
    return meeting


def _interested(seats):
    """Tomas Butkus in the Aleksotas demo board, else the first business member."""
    named = [s for s in seats if s.full_name == INTEREST[0]]
    return (named or [s for s in seats if s.interest_group == "business"] or [None])[0]


def _declare(item, seats, staff) -> None:
    proposals = {p.reg_number: p.pk for p in item.proposals()}
    _name, number, nature = INTEREST
    interested = _interested(seats)
    for seat in seats:
        mine = seat == interested and number in proposals
        interests = {proposals[number]: nature} if mine else {}
        workflow.declare(item=item, membership=seat, actor=staff, interests=interests)


def _prepare_lines(decision, staff) -> None:
    changes = {}
    for line in decision.lines.select_related("proposal__result"):
        if line.outcome == "not_selected":
            reasons = "Surinkta mažiau balų nei nustatyta minimali riba (demo)."
            changes[line.pk] = workflow.LineInput("not_selected", reasons=reasons)
    if changes:
        workflow.update_lines(decision=decision, actor=staff, changes=changes)


def load(demo) -> None:
    call = Call.objects.filter(lag=demo.lag, number="1", is_demo=True).first()
    staff = demo.users.get("staff")
    if (
        call is None
        or staff is None
        or Meeting.objects.filter(lag=demo.lag, number=NUMBER).exists()
    ):
        return
    if not call.proposals.filter(status=ProposalStatus.RANKED).exists():
        return
    with emails.silenced():
        _decide(demo, call, staff)


def _decide(demo, call: Call, staff) -> None:
    meeting = _meeting(demo, call, staff)
    seats = list(meeting.board.memberships.on(meeting.held_on))
    chair = next((s for s in seats if s.role == "chair"), seats[0])
    workflow.record_attendance(
        meeting=meeting,
        actor=staff,
        present={s.pk for s in seats},
        chair=chair,
        secretary=staff.full_name,
    )
    for item in meeting.items.select_related("decision"):
        _declare(item, seats, staff)
        _prepare_lines(item.decision, staff)
        figures = facts.item_figures(item)
        workflow.record_votes(
            decision=item.decision, actor=staff, choices={pk: "for" for pk in figures.eligible}
        )
        workflow.adopt_decision(decision=item.decision, actor=staff)
    workflow.close_meeting(meeting=meeting, actor=staff)
    workflow.sign_minutes(
        meeting=meeting,
        actor=staff,
        signatories=f"{chair.full_name}, {staff.full_name}",
        signed_on=AT.date(),
    )
