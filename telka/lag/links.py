"""Who is linked to an organisation: one answer for the formal check, the assessor
assignment, the lists and the board's recusals (INV-19, INV-26).

A person is linked to an organisation on a day when
- their account belongs to it (a member or a representative of it in Telka);
- a link is recorded for them in the register (`PersonLink`: their account, or their
  board seat for members without an account) and is in force that day;
- for a board seat: the seat represents the LAG member with the organisation's legal
  entity code.

The register is kept here too: `record_link` and `end_link`, atomic and audited. A
link is never edited: it is ended and, if needed, recorded again.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, CharField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.accounts.models import Organisation, OrganisationMembership
from telka.audit.models import AuditEvent
from telka.lib import statements
from telka.lib.workflow import Refused

from .models import (
    BoardMembership,
    LinkKind,
    LocalActionGroup,
    Member,
    PersonLink,
    Role,
)


def user_ties(user: Any, organisation: Organisation, day: datetime.date | None = None) -> list[str]:
    """Why `user` is linked to `organisation` on `day`, in words (empty: not linked)."""
    found = user_links(user, {organisation.pk: organisation.legal_code}, day)
    return found.get(organisation.pk, [])


def user_links(
    user: Any, organisations: dict[int, str], day: datetime.date | None = None
) -> dict[int, list[str]]:
    """Organisation id → why `user` is linked to it on `day`, for the organisations
    given (id → legal code): their account belongs to it, a link is recorded for the
    account or for a board seat they hold, or that seat represents it. Three queries."""
    if user is None or not getattr(user, "pk", None) or not organisations:
        return {}
    day = day or timezone.localdate()
    by_code: dict[str, set[int]] = defaultdict(set)
    for pk, code in organisations.items():
        by_code[code].add(pk)
    found: dict[int, list[str]] = defaultdict(list)
    accounts = OrganisationMembership.objects.filter(user=user, organisation_id__in=organisations)
    for pk in accounts.values_list("organisation_id", flat=True):
        found[pk].append(_("the account belongs to the organisation"))
    seats = list(BoardMembership.objects.on(day).filter(user=user).select_related("represents"))
    recorded = PersonLink.objects.on(day).filter(
        Q(user=user) | Q(seat__in=[s.pk for s in seats]), legal_code__in=by_code
    )
    labels = dict(LinkKind.choices)
    for code, kind in sorted(set(recorded.values_list("legal_code", "kind"))):
        for pk in by_code[code]:
            found[pk].append(_("recorded link: %(kind)s") % {"kind": labels[kind]})
    for seat in seats:
        if seat.represents_id and seat.represents.legal_code in by_code:
            for pk in by_code[seat.represents.legal_code]:
                found[pk].append(_("the board seat represents it"))
    return dict(found)


def linked_seats(
    seats: list[BoardMembership], organisations: dict[int, str], day: datetime.date
) -> dict[int, set[int]]:
    """Seat id → ids of the organisations (id → legal code) its holder is linked to on
    `day`: by the account, by a link recorded for the account or the seat, or by the LAG
    member the seat represents. One query (the three sources read together), whatever
    the numbers: the board member's meeting page asks it on every visit."""
    if not seats or not organisations:
        return {}
    by_code: dict[str, set[int]] = defaultdict(set)
    for pk, code in organisations.items():
        by_code[code].add(pk)
    by_user = {s.user_id: s.pk for s in seats if s.user_id}
    represented = {s.represents_id: s.pk for s in seats if s.represents_id}

    def blank(field):  # a typed NULL: PostgreSQL matches the union's columns by type
        return Cast(Value(None), field)

    def union():
        # Each row: (user id, seat id, LAG member id, organisation id, legal code).
        accounts = (
            OrganisationMembership.objects.filter(
                user_id__in=by_user, organisation_id__in=organisations
            )
            .annotate(
                seat=blank(BigIntegerField()),
                member=blank(BigIntegerField()),
                code=blank(CharField()),
            )
            .values_list("user_id", "seat", "member", "organisation_id", "code")
            .order_by()
        )
        recorded = (
            PersonLink.objects.on(day)
            .filter(Q(user_id__in=by_user) | Q(seat__in=[s.pk for s in seats]))
            .filter(legal_code__in=by_code)
            .annotate(member=blank(BigIntegerField()), organisation=blank(BigIntegerField()))
            .values_list("user_id", "seat_id", "member", "organisation", "legal_code")
            .order_by()
        )
        members = (
            Member.objects.filter(pk__in=represented, legal_code__in=by_code)
            .annotate(
                user=blank(BigIntegerField()),
                seat=blank(BigIntegerField()),
                organisation=blank(BigIntegerField()),
            )
            .values_list("user", "seat", "pk", "organisation", "legal_code")
            .order_by()
        )
        return accounts.union(recorded, members, all=True)

    # The board member's meeting page asks it on every visit: compiled once per process
    # for these seats, organisations and day (telka/lib/statements.py).
    key = (
        "linked-seats",
        tuple(sorted(by_user.items())),
        tuple(sorted(represented.items())),
        tuple(sorted(s.pk for s in seats)),
        tuple(sorted(organisations.items())),
        day,
    )
    rows = statements.fetch_rows(key, union)
    found: dict[int, set[int]] = defaultdict(set)
    for user_id, seat_id, member_id, organisation_id, code in rows:
        if member_id is not None:  # the seat represents the LAG member
            found[represented[member_id]] |= by_code[code]
        elif organisation_id is not None:  # the account belongs to the organisation
            found[by_user[user_id]].add(organisation_id)
        else:  # a link recorded for the account or the seat
            found[seat_id or by_user[user_id]] |= by_code[code]
    return dict(found)


# --- The register -----------------------------------------------------------------


def _acts_for_lag(lag: LocalActionGroup, user: Any) -> bool:
    """Staff, assessors and board members: the people whose links matter."""
    return (
        Role.objects.active().filter(lag=lag, user=user).exists()
        or BoardMembership.objects.on().filter(board__lag=lag, user=user).exists()
    )


def _holder_problems(lag: LocalActionGroup, user: Any, seat: BoardMembership | None) -> list:
    if (user is None) == (seat is None):
        return [_("Choose whose link this is: an account or a board seat.")]
    if seat is not None:
        today = timezone.localdate()
        if seat.board.lag_id != lag.pk or (seat.valid_to is not None and seat.valid_to < today):
            return [_("Choose a board seat held today.")]
        return []
    if not _acts_for_lag(lag, user):
        return [
            _(
                "%(name)s is neither LAG staff, an assessor nor a board member: their links "
                "are not recorded here."
            )
            % {"name": user}
        ]
    return []


@transaction.atomic
def record_link(
    *,
    lag: LocalActionGroup,
    actor: Any,
    legal_code: str,
    kind: str,
    organisation_name: str = "",
    note: str = "",
    user: Any = None,
    seat: BoardMembership | None = None,
    valid_from: datetime.date | None = None,
) -> PersonLink:
    """Record that a person (an account, or a board seat for a member without one) is
    linked to an organisation from `valid_from` (default today). The organisation is
    named by its legal entity code, so a link can be recorded before it registers.
    Refused with every reason at once; audited as "link.recorded"."""
    legal_code = legal_code.strip()
    known = Organisation.objects.filter(legal_code=legal_code).first()
    organisation_name = organisation_name.strip() or (known.name if known else "")
    problems = _holder_problems(lag, user, seat)
    if not (len(legal_code) == 9 and legal_code.isdigit()):
        problems.append(_("A legal entity code has exactly 9 digits."))
    if not organisation_name:
        problems.append(_("Give the organisation's name (it is not registered in Telka)."))
    if kind not in LinkKind.values:
        problems.append(_("Choose the kind of link from the list."))
    elif kind == LinkKind.OTHER and not note.strip():
        problems.append(_("Describe the interest in the note."))
    holder = Q(user=user) if user is not None else Q(seat=seat)
    if not problems and PersonLink.objects.on().filter(holder, legal_code=legal_code).exists():
        problems.append(_("A link to this organisation is already recorded for this person."))
    if problems:
        raise Refused(*problems)
    link = PersonLink.objects.create(
        lag=lag,
        user=user,
        seat=seat,
        legal_code=legal_code,
        organisation_name=organisation_name,
        kind=kind,
        note=note.strip(),
        valid_from=valid_from or timezone.localdate(),
        recorded_by=actor,
    )
    AuditEvent.objects.record(
        action="link.recorded",
        obj=link,
        actor=actor,
        user=link.user_id,
        seat=link.seat_id,
        legal_code=legal_code,
        kind=kind,
        before=None,
        after={"valid_from": link.valid_from},
    )
    return link


@transaction.atomic
def end_link(*, link: PersonLink, actor: Any) -> PersonLink:
    """The link ended: its last day is yesterday (a link recorded today ends today).
    Audited as "link.ended"."""
    link = PersonLink.objects.select_for_update().get(pk=link.pk)
    today = timezone.localdate()
    if link.valid_to is not None:
        raise Refused(_("This link has already ended."))
    before = link.valid_to
    link.valid_to = max(link.valid_from, today - datetime.timedelta(days=1))
    link.save(update_fields=["valid_to"])
    AuditEvent.objects.record(
        action="link.ended",
        obj=link,
        actor=actor,
        before={"valid_to": before},
        after={"valid_to": link.valid_to},
    )
    return link


def carry_seat_links(old: BoardMembership, new: BoardMembership) -> None:
    """A seat changed from a day (telka.lag.workflow splits it): the links recorded on
    the old seat and still open go on with the new one."""
    for link in PersonLink.objects.filter(seat=old).filter(
        Q(valid_to=None) | Q(valid_to__gte=new.valid_from)
    ):
        link.pk = None
        link.seat = new
        link.valid_from = max(link.valid_from, new.valid_from)
        link.save()
