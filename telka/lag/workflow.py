"""Changes of board membership, each checked as of its date (INV-01, INV-02, INV-03).

A seat is never edited into the past: a change of group, public-authority flag or votes
ends the seat the day before and opens a new one, so a decision taken on any day can
still be checked against the composition of that day. Every change is refused when,
on its date or on any later day when the composition changes, public authorities or
one interest group would hold more than the statute's `max_group_share` of the voting
rights.

The statute itself (quorum, vote-balance limits, recusal scope) changes only by a dated
record of the general meeting's decision (`change_statute`), within the legal bounds of
the programming period (telka.periods.rules); decisions read the statute of their date.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused
from telka.periods import rules as period_rules

from .links import carry_seat_links
from .models import (
    Board,
    BoardMembership,
    BoardStatute,
    Composition,
    QuorumRule,
    RecusalScope,
    Sector,
)

SEAT_FIELDS = ["interest_group", "is_public_authority", "voting_rights"]
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class Outcome:
    membership: BoardMembership
    warnings: list[str] = field(default_factory=list)


def _percent(value) -> str:
    return f"{number_format((value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP), 1)} %"


def describe_violations(composition: Composition, max_share: Decimal) -> list[str]:
    """INV-01 refusals with the figures, in words (also for a decision's date)."""
    limit = _percent(max_share)
    labels = dict(Sector.choices)
    reasons = []
    for problem in composition.violations(max_share):
        if problem == "public_authority":
            votes, label = composition.public_authority_votes, _("public authorities")
        else:
            votes, label = composition.votes_by_group.get(problem, 0), labels[problem]
        reasons.append(
            _(
                "On %(day)s %(group)s would hold %(votes)s of %(total)s votes (%(share)s), "
                "more than the %(limit)s allowed (INV-01)."
            )
            % {
                "day": composition.day.isoformat(),
                "group": label,
                "votes": votes,
                "total": composition.total_votes,
                "share": _percent(composition.share(votes)),
                "limit": limit,
            }
        )
    return reasons


def _check_dates(seats: list[BoardMembership], start: datetime.date) -> list[datetime.date]:
    """The change's date and every later day on which someone joins or leaves."""
    days = {start}
    for seat in seats:
        if seat.valid_from > start:
            days.add(seat.valid_from)
        if seat.valid_to is not None and seat.valid_to >= start:
            days.add(seat.valid_to + ONE_DAY)
    return sorted(days)


def _valid_on(seat: BoardMembership, day: datetime.date) -> bool:
    return seat.valid_from <= day and (seat.valid_to is None or seat.valid_to >= day)


def _max_share_on(board: Board, statutes: list[BoardStatute], day: datetime.date) -> Decimal:
    in_force = [s for s in statutes if s.valid_from <= day]
    if not in_force:
        return board.max_group_share
    return max(in_force, key=lambda s: s.valid_from).max_group_share


def check_composition(board: Board, start: datetime.date) -> list[str]:
    """Warnings (INV-02) if the board is valid from `start` on; raises Refused (INV-01)
    by the limit of the statute in force on each day."""
    seats = list(board.memberships.all())
    statutes = list(board.statutes.all())
    days = set(_check_dates(seats, start)) | {
        s.valid_from for s in statutes if s.valid_from > start
    }
    warnings: list[str] = []
    for day in sorted(days):
        composition = board.composition(day, [s for s in seats if _valid_on(s, day)])
        if not composition.seats:
            continue
        problems = describe_violations(composition, _max_share_on(board, statutes, day))
        if problems:
            raise Refused(*problems)
        if day == start and not composition.seats_are_equal:
            warnings.append(_unequal(composition))
    return warnings


def _unequal(composition: Composition) -> str:
    parts = ", ".join(
        f"{label}: {seats}" for _c, label, seats, _v, _s in composition.group_shares()
    )
    return _(
        "The three sectors do not hold an equal number of seats on %(day)s (%(parts)s) (INV-02)."
    ) % {"day": composition.day.isoformat(), "parts": parts}


def _finish(
    board: Board, seat: BoardMembership, start, actor: Any, action: str, **changes
) -> Outcome:
    warnings = check_composition(board, start)
    AuditEvent.objects.record(action=action, obj=seat, actor=actor, board=board.pk, **changes)
    for warning in warnings:
        AuditEvent.objects.record(
            action="board.unequal_seats", obj=board, actor=actor, message=warning
        )
    return Outcome(seat, warnings)


def _lock(board: Board) -> Board:
    # One change at a time per board: two staff adding seats at once could each pass
    # the check alone and break it together.
    return Board.objects.select_for_update().get(pk=board.pk)


@transaction.atomic
def add_memberships(*, board: Board, actor: Any, seats: list[dict[str, Any]]) -> list[Outcome]:
    """Open several seats together (a board is constituted at once: one seat alone would
    hold all the votes). Refused when INV-01 fails on any of their first days or later;
    unequal sectors are a logged warning (INV-02). Each seat is audited."""
    if not seats:
        raise Refused(_("Add at least one member."))
    board = _lock(board)
    created = []
    for fields in seats:
        seat = BoardMembership(board=board, **fields)
        seat.full_clean()
        seat.save()
        created.append(seat)
    return [
        _finish(board, seat, seat.valid_from, actor, "board.membership_added", **_snapshot(seat))
        for seat in created
    ]


def add_membership(*, board: Board, actor: Any, **fields: Any) -> Outcome:
    return add_memberships(board=board, actor=actor, seats=[fields])[0]


@transaction.atomic
def end_membership(*, membership: BoardMembership, actor: Any, last_day: datetime.date) -> Outcome:
    """Close a seat after `last_day` (the member leaves). Checked from the next day on."""
    board = _lock(membership.board)
    seat = BoardMembership.objects.get(pk=membership.pk)
    if last_day < seat.valid_from:
        raise Refused(_("A seat cannot end before it began."))
    if seat.valid_to is not None and seat.valid_to < last_day:
        raise Refused(_("This seat has already ended."))
    before = seat.valid_to
    seat.valid_to = last_day
    seat.save(update_fields=["valid_to"])
    return _finish(
        board,
        seat,
        last_day + ONE_DAY,
        actor,
        "board.membership_ended",
        before=before,
        after=last_day,
    )


@transaction.atomic
def change_membership(
    *, membership: BoardMembership, actor: Any, on: datetime.date, **changes: Any
) -> Outcome:
    """Change group, public-authority flag or votes from day `on`: the old seat ends the
    day before and a new one opens (INV-03 keeps the past intact). Checked like a new seat."""
    board = _lock(membership.board)
    seat = BoardMembership.objects.get(pk=membership.pk)
    unknown = set(changes) - set(SEAT_FIELDS)
    if unknown:
        raise ValueError(f"Not a seat field: {unknown}")
    if not _valid_on(seat, on):
        raise Refused(_("The seat is not held on that day."))
    if all(getattr(seat, k) == v for k, v in changes.items()):
        raise Refused(_("Nothing would change."))
    before = _snapshot(seat)
    if on == seat.valid_from:
        for name, value in changes.items():
            setattr(seat, name, value)
        seat.save(update_fields=list(changes))
        new = seat
    else:
        new = _split(seat, on, changes)
    return _finish(
        board, new, on, actor, "board.membership_changed", before=before, after=_snapshot(new)
    )


def _split(seat: BoardMembership, on: datetime.date, changes: dict) -> BoardMembership:
    old_end = seat.valid_to
    seat.valid_to = on - ONE_DAY
    seat.save(update_fields=["valid_to"])
    new = BoardMembership.objects.get(pk=seat.pk)
    new.pk = None
    new.valid_from, new.valid_to = on, old_end
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    carry_seat_links(seat, new)
    return new


def _snapshot(seat: BoardMembership) -> dict:
    return {
        "full_name": seat.full_name,
        "interest_group": seat.interest_group,
        "is_public_authority": seat.is_public_authority,
        "voting_rights": seat.voting_rights,
        "valid_from": seat.valid_from,
        "valid_to": seat.valid_to,
    }


@dataclass
class StatuteInput:
    valid_from: datetime.date
    quorum_share: Decimal
    quorum_rule: str
    max_group_share: Decimal
    max_public_vote_share: Decimal
    recusal_scope: str
    decision_reference: str


def _bound_problems(data: StatuteInput, rules: period_rules.PeriodRules) -> list[str]:
    reasons = []
    if not 0 < data.quorum_share <= 1:
        reasons.append(_("The quorum must be a share above 0 and at most 1 (INV-20)."))
    if data.quorum_rule not in QuorumRule.values or data.recusal_scope not in RecusalScope.values:
        reasons.append(_("Choose a quorum rule and a recusal scope from the list."))
    group = period_rules.composition_limit(rules)
    if not group.allows(data.max_group_share):
        reasons.append(
            _(
                "In the %(period)s period public authorities and any single interest group "
                "may hold %(limit)s of the voting rights (%(basis)s); the statute cannot "
                "allow more (INV-01)."
            )
            % {
                "period": rules.period,
                "basis": rules.ref("composition"),
                "limit": period_rules.limit_words(group),
            }
        )
    votes = period_rules.vote_share_limit(rules)
    if not votes.allows(data.max_public_vote_share):
        reasons.append(
            _(
                "In the %(period)s period public-authority votes may be %(limit)s of the "
                "votes cast in a selection decision (%(basis)s); the statute cannot allow "
                "more (INV-21)."
            )
            % {
                "period": rules.period,
                "basis": rules.ref("selection"),
                "limit": period_rules.limit_words(votes),
            }
        )
    return reasons


def _date_problems(board: Board, data: StatuteInput) -> list[str]:
    reasons = []
    if not data.decision_reference.strip():
        reasons.append(_("Enter the general meeting's decision that changed the statute."))
    latest = board.statutes.order_by("-valid_from").first()
    if latest is not None and data.valid_from <= latest.valid_from:
        reasons.append(
            _("A new statute must start after the one in force from %(date)s.")
            % {"date": latest.valid_from.isoformat()}
        )
    decided = board.meetings.filter(
        held_on__gte=data.valid_from, decisions__status__in=["adopted", "rejected", "invalid"]
    )
    if decided.exists():
        reasons.append(
            _(
                "The board has already decided on or after %(date)s under the statute then "
                "in force; a new statute cannot start before those decisions."
            )
            % {"date": data.valid_from.isoformat()}
        )
    return reasons


def statute_snapshot(statute: BoardStatute) -> dict:
    return {
        "valid_from": None if statute.is_initial else statute.valid_from,
        "quorum_share": statute.quorum_share,
        "quorum_rule": statute.quorum_rule,
        "max_group_share": statute.max_group_share,
        "max_public_vote_share": statute.max_public_vote_share,
        "recusal_scope": statute.recusal_scope,
    }


@transaction.atomic
def change_statute(*, board: Board, actor: Any, data: StatuteInput) -> BoardStatute:
    """Record the general meeting's change of the board statute from `data.valid_from`.

    Steps: refuse values beyond the legal bounds of the programming period (configuration,
    not the LAG's), a quorum of 0, a missing decision reference, a start not after the
    latest statute or before decisions already taken; store a new, final statute row
    (the old ones stay as history); refuse if the board's composition breaks the new
    limit on any day from then on (INV-01); audit `board.statute_changed` with the old
    and new rules. No e-mail."""
    board = _lock(board)
    rules = period_rules.rules_on(board.lag, data.valid_from)
    reasons = _bound_problems(data, rules) + _date_problems(board, data)
    if reasons:
        raise Refused(*reasons)
    before = board.statute_on(data.valid_from)
    statute = BoardStatute.objects.create(
        board=board,
        valid_from=data.valid_from,
        quorum_share=data.quorum_share,
        quorum_rule=data.quorum_rule,
        max_group_share=data.max_group_share,
        max_public_vote_share=data.max_public_vote_share,
        recusal_scope=data.recusal_scope,
        decision_reference=data.decision_reference.strip(),
        period=rules.period,
        recorded_by=actor,
    )
    check_composition(board, data.valid_from)
    AuditEvent.objects.record(
        action="board.statute_changed",
        obj=board,
        actor=actor,
        before=statute_snapshot(before),
        after=statute_snapshot(statute),
        period=rules.period,
        decision_reference=statute.decision_reference,
    )
    return statute
