"""Demo: the historical Aleksotas call no. 1 (assessed by evaluation/demo.py) decided at
a board meeting on 2020-04-15: attendance, declarations with one recusal, votes, the
adopted lists, signed minutes and published results. The meeting, the interest and
the votes are invented and flagged `is_demo`. Call no. 3 (assessed by
evaluation/demo.py) is before the board now: an in-person meeting in a few days with
the draft lists of its first allocation, where some members have declared and the demo
board member (bruno) has not, and a written procedure open for ballots on its second
allocation. Safe to run again: a meeting that exists is not added again."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from telka.calls.models import Call, CallStatus, ProposalStatus
from telka.calls.workflow import start_assessment

from . import emails, facts, workflow
from .models import Meeting, MeetingMode


@dataclass(frozen=True)
class Sitting:
    """A past board meeting that decides a call: its number, time and place, and a
    member's declared interest in one proposal (name, registration number, nature)."""

    number: str
    at: datetime.datetime  # local time
    location: str
    interest: tuple[str, str, str] | None = None


ALEKSOTAS_SITTING = Sitting(
    "2020/3",
    datetime.datetime(2020, 4, 15, 15, 0),
    "Aleksoto bendruomenės centras, Veiverių g. 2, Kaunas",
    ("Tomas Butkus", "K1-003", "Yra pareiškėjo valdybos narys (demo)"),
)
# The meeting and the written procedure open now, on call no. 3.
OPEN_NUMBERS = ("{year}/4", "{year}/5 R")
DECLARED_BEFORE = 4  # members (other than the demo user) who already declared


def _meeting(lag, call: Call, staff, sitting: Sitting) -> Meeting:
    if call.status == CallStatus.CLOSED:
        start_assessment(call=call, actor=staff)
    meeting = workflow.schedule_meeting(
        lag=lag,
        actor=staff,
        number=sitting.number,
        mode=MeetingMode.IN_PERSON,
        starts_at=timezone.make_aware(sitting.at),
        location=sitting.location,
        allocations=list(call.allocations.all()),
    )
    Meeting.objects.filter(pk=meeting.pk).update(is_demo=True)
    return meeting


def _interested(seats, name: str):
    """The member named in the interest if on the board, else the first business member."""
    named = [s for s in seats if s.full_name == name]
    return (named or [s for s in seats if s.interest_group == "business"] or [None])[0]


def _declare(item, seats, staff, interest: tuple[str, str, str] | None) -> None:
    proposals = {p.reg_number: p.pk for p in item.proposals()}
    name, number, nature = interest or ("", "", "")
    interested = _interested(seats, name) if interest else None
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


def _ranked_call(demo, number: str) -> Call | None:
    call = Call.objects.filter(lag=demo.lag, number=number, is_demo=True).first()
    if call is None or not call.proposals.filter(status=ProposalStatus.RANKED).exists():
        return None
    return call


def load(demo) -> None:
    staff = demo.users.get("staff")
    if staff is None:
        return
    with emails.silenced():
        call = _ranked_call(demo, "1")
        number = ALEKSOTAS_SITTING.number
        if call is not None and not Meeting.objects.filter(lag=demo.lag, number=number).exists():
            decide(demo.lag, call, staff, ALEKSOTAS_SITTING)
        call = _ranked_call(demo, "3")
        if call is not None and not Meeting.objects.filter(items__allocation__call=call).exists():
            _before_board(demo, call, staff)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _before_board(demo, call: Call, staff) -> None:
    """An in-person meeting in three days on the first allocation, with declarations
    from some members, and a written procedure open for five days on the second."""
    first, *rest = list(call.allocations.order_by("position"))
    in_person, written = (n.format(year=demo.today.year) for n in OPEN_NUMBERS)
    meeting = workflow.schedule_meeting(
        lag=demo.lag,
        actor=staff,
        number=in_person,
        mode=MeetingMode.IN_PERSON,
        starts_at=_at(demo.today + datetime.timedelta(days=3), 15),
        location="Aleksoto bendruomenės centras, Veiverių g. 2, Kaunas",
        allocations=[first],
    )
    others = [s for s in meeting.board.memberships.on(meeting.held_on) if s.user_id is None]
    for item in meeting.items.select_related("decision"):
        for seat in others[:DECLARED_BEFORE]:
            workflow.declare(item=item, membership=seat, actor=staff, interests={})
    workflow.send_agenda(meeting=meeting, actor=staff)
    ids = [meeting.pk]
    if rest:
        procedure = workflow.schedule_meeting(
            lag=demo.lag,
            actor=staff,
            number=written,
            mode=MeetingMode.WRITTEN,
            starts_at=timezone.now() - datetime.timedelta(hours=2),
            ballots_due_at=_at(demo.today + datetime.timedelta(days=5), 16),
            allocations=rest,
        )
        workflow.send_agenda(meeting=procedure, actor=staff)
        ids.append(procedure.pk)
    Meeting.objects.filter(pk__in=ids).update(is_demo=True)


def decide(lag, call: Call, staff, sitting: Sitting) -> None:
    """A ranked call decided at a past in-person meeting through the workflow: everyone
    present, declarations, votes for every line, the lists adopted, minutes signed."""
    meeting = _meeting(lag, call, staff, sitting)
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
        _declare(item, seats, staff, sitting.interest)
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
        signed_on=sitting.at.date(),
    )
