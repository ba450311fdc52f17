"""Who holds which LAG role. Plain predicates, used by views and templates alike.

Every predicate takes the user first and returns False for anonymous users."""

import datetime

from django.utils import timezone

from .models import BoardMembership, LocalActionGroup, Role, RoleKind


def _has_role(user, lag: LocalActionGroup, kind: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Role.objects.active().filter(user=user, lag=lag, kind=kind).exists()


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
    return (
        BoardMembership.objects.on(day or timezone.localdate())
        .filter(board__lag=lag, user=user)
        .exists()
    )


def is_verified_resident(user) -> bool:
    """Any active user who has confirmed their e-mail address may take part as a resident."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_verified)
