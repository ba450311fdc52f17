"""Who holds which LAG role. Plain predicates, used by views and templates alike.

Every predicate takes the user first and returns False for anonymous users."""

import datetime
from functools import partial

from django.db.models import Exists, Q
from django.utils import timezone

from telka.lib.memo import remembered
from telka.lib.panels import Rider
from telka.lib.statements import fetch_row

from .models import BoardMembership, LocalActionGroup, Role, RoleKind

STANDING = [*RoleKind.values, "board", "seated"]


def _standing_statement(user, lag: LocalActionGroup, today) -> tuple[str, tuple]:
    roles = Role.objects.active().filter(user_id=user.pk, lag_id=lag.pk)
    seats = BoardMembership.objects.filter(board__lag_id=lag.pk, user_id=user.pk)
    held = [Exists(roles.filter(kind=kind)) for kind in RoleKind.values]
    held.append(Exists(seats.on(today)))
    held.append(Exists(seats.filter(Q(valid_to__gte=today) | Q(valid_to=None))))
    # Annotation names must not clash with the LAG's own fields ("board").
    row = LocalActionGroup.objects.filter(pk=lag.pk).values(
        **{f"holds_{name}": found for name, found in zip(STANDING, held, strict=True)}
    )
    return row.query.sql_with_params()


def _standing_of(row: tuple | None) -> dict[str, bool]:
    return {name: bool(row and row[i]) for i, name in enumerate(STANDING)}


def _standing(user, lag: LocalActionGroup) -> dict[str, bool]:
    """Which roles the user holds in the LAG today (each kind of `Role`, the auditor's
    too; "board" for a board seat today, "seated" for one today or later): one query, asked once per request (telka/lib/memo.py) and compiled
    once per process (telka/lib/statements.py)."""
    today = timezone.localdate()

    def compute() -> dict[str, bool]:
        build = partial(_standing_statement, user, lag, today)
        return _standing_of(fetch_row(("standing", user.pk, lag.pk, today), build))

    return remembered(("standing", user.pk, lag.pk, today), compute)


def standing_rider(user, lag: LocalActionGroup) -> Rider:
    """The user's roles in the LAG asked along with another one-row statement (My area
    sends them with the user's figures): what `_standing` would ask, remembered for the
    request as if it had."""
    today = timezone.localdate()

    def receive(row: tuple | None) -> None:
        remembered(("standing", user.pk, lag.pk, today), lambda: _standing_of(row))

    build = partial(_standing_statement, user, lag, today)
    return Rider(f"standing:{user.pk}:{lag.pk}:{today}", build, receive)


def _has_role(user, lag: LocalActionGroup, kind: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _standing(user, lag)[kind]


def is_lag_staff(user, lag: LocalActionGroup) -> bool:
    """LAG staff (administracija): runs calls, checks, meetings and content."""
    return _has_role(user, lag, RoleKind.STAFF)


def can_change_statute(user, lag: LocalActionGroup) -> bool:
    """LAG staff record the general meeting's changes of the board statute."""
    return is_lag_staff(user, lag)


def is_assessor(user, lag: LocalActionGroup) -> bool:
    """Someone in the LAG's pool of assessors (vertintojai)."""
    return _has_role(user, lag, RoleKind.ASSESSOR)


def is_board_member(user, lag: LocalActionGroup, day: datetime.date | None = None) -> bool:
    """Holds a board seat on `day` (default today)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if day is None or day == timezone.localdate():
        return _standing(user, lag)["board"]
    return BoardMembership.objects.on(day).filter(board__lag=lag, user=user).exists()


def is_auditor_of(user, lag: LocalActionGroup) -> bool:
    """Holds this LAG's auditor role (reads its audit log), asked with the user's other
    LAG roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _standing(user, lag)["auditor"]


def has_board_seat_ahead(user, lag: LocalActionGroup) -> bool:
    """Holds a board seat today or from a later day: may have meetings coming."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _standing(user, lag)["seated"]


def is_verified_resident(user) -> bool:
    """Any active user who has confirmed their e-mail address may take part as a resident."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_verified)
