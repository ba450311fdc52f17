"""Meetings: scheduling with an agenda, sending it, attendance, declarations of
interest, adjournment and the written procedure that replaces a failed meeting."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Allocation, Proposal
from telka.evaluation.independence import refuse_linked_list
from telka.lag.models import Board, BoardMembership, LocalActionGroup
from telka.lib.workflow import Refused, check_transition
from telka.periods import rules as period_rules
from telka.templatetags.telka import eur

from .. import emails, facts, lists
from ..models import (
    AgendaItem,
    Attendance,
    Complaint,
    ComplaintStatus,
    Decision,
    DecisionLine,
    DecisionStatus,
    InterestDeclaration,
    Meeting,
    MeetingMode,
    MeetingStatus,
)
from ..models.meetings import AgendaKind
from ._base import lock_meeting, ready_for_decision
from .effects import unnotified_rejections

LABELS = dict(MeetingStatus.choices)


def _change(meeting: Meeting, to: str, *, actor: Any, action: str, **fields: Any) -> Meeting:
    meeting = lock_meeting(meeting)
    check_transition(meeting.status, to, MeetingStatus.ALLOWED, LABELS)
    before = meeting.status
    meeting.status = to
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=["status", *fields])
    AuditEvent.objects.record(action=action, obj=meeting, actor=actor, before=before, after=to)
    return meeting


def _check_times(mode: str, starts_at, ballots_due_at) -> None:
    if mode == MeetingMode.WRITTEN and (ballots_due_at is None or ballots_due_at <= starts_at):
        raise Refused(_("A written procedure needs a ballot deadline after its start."))


def _check_mode(lag: LocalActionGroup, mode: str, starts_at) -> None:
    """A written procedure only where the programming period allows one."""
    if mode != MeetingMode.WRITTEN:
        return
    rules = period_rules.rules_on(lag, timezone.localdate(starts_at))
    if not period_rules.written_procedure_allowed(rules):
        raise Refused(
            _("The rules of the %(period)s period do not allow selection by written procedure.")
            % {"period": rules.period}
        )


@transaction.atomic
def schedule_meeting(
    *,
    lag: LocalActionGroup,
    actor: Any,
    number: str,
    mode: str,
    starts_at: datetime.datetime,
    ballots_due_at: datetime.datetime | None = None,
    location: str = "",
    notes: str = "",
    allocations: list[Allocation] = (),
    replaces: Meeting | None = None,
) -> Meeting:
    """Schedule a meeting or a written procedure, with the allocations to decide as its
    first agenda items. The decision date is the meeting day, or the ballot deadline's
    day for a written procedure (INV-03). Audited; the agenda is sent separately."""
    board = Board.objects.filter(lag=lag).first()
    if board is None:
        raise Refused(_("The LAG has no board."))
    _check_times(mode, starts_at, ballots_due_at)
    _check_mode(lag, mode, starts_at)
    if Meeting.objects.filter(lag=lag, number=number).exists():
        raise Refused(_("A meeting with this number already exists."))
    held_on = timezone.localdate(ballots_due_at if mode == MeetingMode.WRITTEN else starts_at)
    meeting = Meeting.objects.create(
        lag=lag,
        board=board,
        number=number,
        mode=mode,
        starts_at=starts_at,
        held_on=held_on,
        ballots_due_at=ballots_due_at if mode == MeetingMode.WRITTEN else None,
        location=location,
        notes=notes,
        replaces=replaces,
        created_by=actor,
    )
    AuditEvent.objects.record(action="meeting.scheduled", obj=meeting, actor=actor, mode=mode)
    for allocation in allocations:
        add_agenda_item(
            meeting=meeting, actor=actor, kind=AgendaKind.SELECTION, allocation=allocation
        )
    return meeting


def _open_item_exists(allocation: Allocation, kind: str, complaint: Complaint | None) -> bool:
    return AgendaItem.objects.filter(
        allocation=allocation,
        kind=kind,
        complaint=complaint,
        decision__status=DecisionStatus.DRAFT,
        meeting__status__in=MeetingStatus.OPEN_STATES,
    ).exists()


def _draft_lines(kind: str, allocation: Allocation, actor: Any) -> list[dict]:
    if kind == AgendaKind.SELECTION:
        ready_for_decision(allocation.call, actor)
        lines = lists.draft_selection(allocation)
        # With every proposal rejected at the check the decision has no lines, but its
        # adoption still sends each applicant a notice with the complaint route (INV-27).
        if not lines and not unnotified_rejections(allocation).exists():
            raise Refused(_("No proposal of this allocation awaits a decision."))
        return lines
    if kind == AgendaKind.PROMOTION:
        lines = lists.draft_promotion(allocation)
        if not any(line["outcome"] == "funded" for line in lines):
            raise Refused(
                _("No reserve proposal fits the %(amount)s that can be promoted now.")
                % {"amount": eur(lists.promotable(allocation))}
            )
        return lines
    return []


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    actor: Any,
    kind: str,
    allocation: Allocation,
    complaint: Complaint | None = None,
    corrects: Decision | None = None,
) -> AgendaItem:
    """Put an allocation's lists, a reserve promotion or a complaint on the agenda, with
    its draft decision: lines drawn from the ranking (selection) or the reserve order
    (promotion, INV-31). Refused for a closed meeting, when the item is already open,
    and to staff linked to an applicant the lists place (INV-26)."""
    meeting = lock_meeting(meeting)
    if complaint is not None:
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not meeting.is_open:
        raise Refused(_("The agenda of a finished meeting cannot change."))
    if allocation.call.lag_id != meeting.lag_id:
        raise Refused(_("This allocation belongs to another LAG."))
    if kind == AgendaKind.COMPLAINT and (
        complaint is None or complaint.status != ComplaintStatus.REGISTERED
    ):
        raise Refused(_("Only a registered complaint can be put before the board."))
    if kind == AgendaKind.CORRECTION and (
        corrects is None or corrects.status != DecisionStatus.ADOPTED
    ):
        raise Refused(_("A correction refers to an adopted decision."))
    if _open_item_exists(allocation, kind, complaint):
        raise Refused(_("This item is already on the agenda of an open meeting."))
    lines = _draft_lines(kind, allocation, actor)
    placed = [line["proposal_id"] for line in lines] + (
        [complaint.proposal_id] if complaint else []
    )
    refuse_linked_list(
        Proposal.objects.filter(pk__in=placed).select_related("organisation").order_by("sequence"),
        actor,
    )
    position = meeting.items.count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        kind=kind,
        allocation=allocation,
        complaint=complaint,
        corrects=corrects,
    )
    decision = Decision.objects.create(
        item=item, meeting=meeting, allocation=allocation, kind=kind, corrects=corrects
    )
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, position=n, **line) for n, line in enumerate(lines, 1)
    )
    AuditEvent.objects.record(
        action="meeting.item_added", obj=meeting, actor=actor, kind=kind, allocation=allocation.pk
    )
    return item


@transaction.atomic
def send_agenda(*, meeting: Meeting, actor: Any) -> int:
    """E-mail the agenda and the draft lists to every member on the decision date who
    has an account; returns how many were sent. May be repeated after changes."""
    meeting = lock_meeting(meeting)
    if not meeting.is_open:
        raise Refused(_("The meeting is over."))
    if not meeting.items.exists():
        raise Refused(_("The agenda is empty."))
    members = list(
        meeting.board.memberships.on(meeting.held_on)
        .filter(user__isnull=False)
        .select_related("user")
    )
    for seat in members:
        emails.agenda(meeting, seat)
    meeting.agenda_sent_at = timezone.now()
    meeting.save(update_fields=["agenda_sent_at"])
    AuditEvent.objects.record(
        action="meeting.agenda_sent", obj=meeting, actor=actor, recipients=len(members)
    )
    return len(members)


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    actor: Any,
    present: set[int],
    chair: BoardMembership | None = None,
    secretary: str = "",
) -> Meeting:
    """Who is present (membership ids); everyone else on the board that day is absent.
    Opens the meeting (SCHEDULED → IN_PROGRESS). Not for written procedures."""
    meeting = lock_meeting(meeting)
    if meeting.is_written:
        raise Refused(_("In a written procedure, taking part means returning a ballot."))
    if not meeting.is_open:
        raise Refused(_("The meeting is over."))
    if Decision.objects.filter(meeting=meeting, status__in=DecisionStatus.FINAL_STATES).exists():
        raise Refused(_("Attendance cannot change after a decision was recorded."))
    seats = {s.pk: s for s in meeting.board.memberships.on(meeting.held_on)}
    if not present <= set(seats):
        raise Refused(_("Only members of the board on the meeting day can be present."))
    now = timezone.now()
    for pk in seats:
        Attendance.objects.update_or_create(
            meeting=meeting,
            membership_id=pk,
            defaults={"is_present": pk in present, "recorded_by": actor, "recorded_at": now},
        )
    meeting.chair = chair if chair is not None and chair.pk in present else None
    meeting.secretary = secretary
    meeting.save(update_fields=["chair", "secretary"])
    AuditEvent.objects.record(
        action="meeting.attendance_recorded", obj=meeting, actor=actor, present=sorted(present)
    )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = _change(meeting, MeetingStatus.IN_PROGRESS, actor=actor, action="meeting.opened")
    return meeting


def _check_can_declare(item: AgendaItem, membership: BoardMembership, now) -> None:
    meeting = item.meeting
    if not meeting.is_open or item.decision.status != DecisionStatus.DRAFT:
        raise Refused(_("Declarations for this item are closed."))
    if not meeting.board.memberships.on(meeting.held_on).filter(pk=membership.pk).exists():
        raise Refused(_("Only members of the board on the decision date declare."))
    if meeting.is_written and not meeting.ballots_open(now):
        raise Refused(_("The written procedure is not open for ballots now."))
    if item.decision.votes.filter(membership=membership).exists():
        raise Refused(_("A member who has voted cannot change the declarations."))


@transaction.atomic
def declare(
    *,
    item: AgendaItem,
    membership: BoardMembership,
    actor: Any,
    interests: dict[int, str],
    now=None,
) -> list[InterestDeclaration]:
    """Record a member's declaration on every proposal of the item (INV-19): "no interest",
    except those in `interests` (proposal id → nature). Identity and time are stored
    (INV-22). A member linked to an applicant (telka.lag.links) cannot declare "no
    interest" in its proposal (INV-19, INV-26). Audited; replaces the member's earlier declaration."""
    now = now or timezone.now()
    item = AgendaItem.objects.select_related("meeting__board", "allocation", "decision").get(
        pk=item.pk
    )
    _check_can_declare(item, membership, now)
    proposals = {p.pk: p for p in item.proposals()}
    _check_interests(item, membership, proposals, interests)
    InterestDeclaration.objects.filter(
        meeting=item.meeting, membership=membership, proposal_id__in=proposals
    ).delete()
    rows = InterestDeclaration.objects.bulk_create(
        InterestDeclaration(
            meeting=item.meeting,
            membership=membership,
            proposal_id=pk,
            has_interest=pk in interests,
            nature=interests.get(pk, "").strip(),
            declared_at=now,
            entered_by=actor,
        )
        for pk in proposals
    )
    AuditEvent.objects.record(
        action="meeting.declaration_recorded",
        obj=item.meeting,
        actor=actor,
        item=item.pk,
        member=membership.pk,
        interests={str(k): v for k, v in interests.items()},
    )
    return rows


def _check_interests(item, membership, proposals: dict, interests: dict[int, str]) -> None:
    unknown = set(interests) - set(proposals)
    if unknown:
        raise Refused(_("Declare only on the proposals of this item."))
    if any(not nature.strip() for nature in interests.values()):
        raise Refused(_("Describe the nature of each interest."))
    linked = facts.linked_members(item, [membership]).get(membership.pk, [])
    missing = set(linked) - set(interests)
    if missing:
        raise Refused(
            _(
                "%(name)s is linked to the applicant of %(numbers)s (an account in the "
                "organisation, a recorded link or the seat represents it): the interest "
                "must be declared, and %(name)s does not take part in this decision "
                "(INV-19, INV-26)."
            )
            % {
                "name": membership.full_name,
                "numbers": ", ".join(proposals[p].reg_number for p in sorted(missing)),
            }
        )


def _end_open_items(meeting: Meeting, actor: Any, reason: str) -> None:
    """The sitting ends with items undecided. An item whose quorum or balance failed is
    INVALID, with its own figures as the reason; the others are DEFERRED: they stay open
    for the next sitting or a written procedure (§7.3)."""
    for decision in meeting.decisions.filter(status=DecisionStatus.DRAFT).select_related("item"):
        figures = facts.item_figures(decision.item)
        failed = figures.rule_problems()
        if failed:
            decision.status, decision.reasons = DecisionStatus.INVALID, " ".join(failed)
        else:
            decision.status = DecisionStatus.DEFERRED
            decision.reasons = _(
                "Not decided at this sitting (%(reason)s). Quorum and balance were met: "
                "the item stays open for the next sitting or a written procedure."
            ) % {"reason": reason}
        decision.figures = figures.as_json()
        decision.recorded_by, decision.recorded_at = actor, timezone.now()
        decision.save(update_fields=["status", "figures", "reasons", "recorded_by", "recorded_at"])
        AuditEvent.objects.record(
            action=f"decision.{decision.status}",
            obj=decision,
            actor=actor,
            problems=figures.problems(),
        )


@transaction.atomic
def adjourn_meeting(*, meeting: Meeting, actor: Any, reason: str) -> Meeting:
    """Adjourn: an undecided item whose quorum or balance failed is recorded INVALID
    with its own figures, the others DEFERRED (§7.3); both can be put on a later
    meeting or a written procedure."""
    if not reason.strip():
        raise Refused(_("Give the reason for adjourning."))
    meeting = lock_meeting(meeting)
    _end_open_items(meeting, actor, reason.strip())
    return _change(
        meeting,
        MeetingStatus.ADJOURNED,
        actor=actor,
        action="meeting.adjourned",
        adjourned_reason=reason.strip(),
    )


@transaction.atomic
def start_written_procedure(
    *,
    meeting: Meeting,
    actor: Any,
    number: str,
    starts_at: datetime.datetime,
    ballots_due_at: datetime.datetime,
    reason: str,
) -> Meeting:
    """Adjourn `meeting` and put its undecided items to a written procedure (INV-21,
    INV-22): members declare and vote online by the deadline. The new agenda is sent."""
    open_items = [
        d.item for d in meeting.decisions.filter(status=DecisionStatus.DRAFT).select_related("item")
    ]
    adjourn_meeting(meeting=meeting, actor=actor, reason=reason)
    written = schedule_meeting(
        lag=meeting.lag,
        actor=actor,
        number=number,
        mode=MeetingMode.WRITTEN,
        starts_at=starts_at,
        ballots_due_at=ballots_due_at,
        replaces=meeting,
    )
    for item in open_items:
        _copy_item(item, written, actor)
    send_agenda(meeting=written, actor=actor)
    return written


def _copy_item(item: AgendaItem, meeting: Meeting, actor: Any) -> None:
    """The same item with the lines staff had prepared (their edits are kept)."""
    new = add_agenda_item(
        meeting=meeting,
        actor=actor,
        kind=item.kind,
        allocation=item.allocation,
        complaint=item.complaint,
        corrects=item.corrects,
    )
    prepared = {line.proposal_id: line for line in item.decision.lines.all()}
    for line in new.decision.lines.all():
        old = prepared.get(line.proposal_id)
        if old is None:
            continue
        for name in [
            "outcome",
            "fixed_amount",
            "has_consent",
            "is_deviation",
            "justification",
            "reasons",
        ]:
            setattr(line, name, getattr(old, name))
        line.save()
    decision = new.decision
    decision.independence_note = item.decision.independence_note
    decision.complaint_upheld = item.decision.complaint_upheld
    decision.reasons = item.decision.reasons
    decision.save(update_fields=["independence_note", "complaint_upheld", "reasons"])


@transaction.atomic
def close_meeting(*, meeting: Meeting, actor: Any) -> Meeting:
    """Close a meeting whose every item has been decided; the minutes can then be signed."""
    meeting = lock_meeting(meeting)
    if meeting.decisions.filter(status=DecisionStatus.DRAFT).exists():
        raise Refused(_("Record a decision on every agenda item first, or adjourn the meeting."))
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = _change(meeting, MeetingStatus.IN_PROGRESS, actor=actor, action="meeting.opened")
    return _change(
        meeting,
        MeetingStatus.CLOSED,
        actor=actor,
        action="meeting.closed",
        closed_at=timezone.now(),
    )


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: Any, reason: str) -> Meeting:
    if not reason.strip():
        raise Refused(_("Give the reason for cancelling."))
    meeting = lock_meeting(meeting)
    _end_open_items(meeting, actor, reason.strip())
    return _change(
        meeting,
        MeetingStatus.CANCELLED,
        actor=actor,
        action="meeting.cancelled",
        adjourned_reason=reason.strip(),
    )
