"""Who holds which role: every grant and withdrawal made on the people page.

- LAG staff and assessors are `Role` rows for a period; a withdrawn role ends
  yesterday, so the history stays. Staff also get the admin back office (`is_staff`
  and the "LAG staff" group) while they hold a staff role anywhere.
- Auditors read the audit log: the `Auditors` group (telka.audit.permissions).
- A board seat is linked to the account of the person who holds it, so they can
  declare interests and vote.
- Promoter roles are memberships of an organisation (representative or member).

Roles go only to people who can log in (an active account with a password, not
anonymised). Each change is atomic, audited and e-mailed to the person.
"""

import datetime
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from telka.accounts.models import Organisation, OrganisationMembership, OrganisationRole, User
from telka.accounts.workflow import last_representative_refused, representative_count
from telka.audit.models import AuditEvent
from telka.audit.permissions import is_auditor
from telka.lib.workflow import Refused

from . import emails
from .models import BoardMembership, LocalActionGroup, Role, RoleKind

STAFF_GROUP = "LAG staff"
# The apps whose models LAG staff may open in the admin (the content back office).
STAFF_APPS = ["lag", "strategy", "content"]
AUDITOR_LABEL = gettext_lazy("Auditor")
BOARD_LABEL = gettext_lazy("Board member")


def staff_group() -> Group:
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
    return group


def can_log_in(user: User) -> bool:
    """An account its owner can log in with: active, with a password, not anonymised."""
    return bool(user.is_active and user.has_usable_password() and not user.is_anonymised)


def people_who_can_log_in():
    """The accounts a role may go to (the pickers offer only these)."""
    return User.objects.filter(is_active=True, anonymised_at=None).exclude(password__startswith="!")


def _check_can_log_in(user: User) -> None:
    if not can_log_in(user):
        raise Refused(
            _("%(name)s cannot log in (no password or a closed account): no role can go to them.")
            % {"name": user}
        )


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def _lock_user(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def grant_role(
    *, lag: LocalActionGroup, user: User, kind: str, actor: Any, title: str = ""
) -> Role:
    """Make `user` LAG staff or an assessor from today.

    Steps: lock the person; refuse people who cannot log in and roles already held;
    create the role; for staff, open the back office (is_staff, "LAG staff" group);
    audit "role.granted"; e-mail the person."""
    user = _lock_user(user)
    _check_can_log_in(user)
    if Role.objects.active().filter(lag=lag, user=user, kind=kind).exists():
        raise Refused(_("%(name)s already holds this role.") % {"name": user})
    role = Role.objects.create(lag=lag, user=user, kind=kind, title=title.strip())
    if kind == RoleKind.STAFF:
        _set_back_office(user, True)
    AuditEvent.objects.record(
        action="role.granted",
        obj=role,
        actor=actor,
        user=user.pk,
        kind=kind,
        title=role.title,
        before=None,
        after={"valid_from": role.valid_from},
    )
    emails.role_changed(user, actor, lag, role.get_kind_display(), granted=True)
    return role


def _last_staff(role: Role) -> bool:
    others = Role.objects.active().filter(lag=role.lag_id, kind=RoleKind.STAFF)
    return role.kind == RoleKind.STAFF and not others.exclude(pk=role.pk).exists()


@transaction.atomic
def withdraw_role(*, role: Role, actor: Any) -> Role:
    """End a staff or assessor role yesterday (it no longer counts today).

    Refused for a role no longer held and for the LAG's last staff role (someone must
    run the LAG). Staff lose the back office unless they are staff of another LAG."""
    role = Role.objects.select_for_update().select_related("user", "lag").get(pk=role.pk)
    if not Role.objects.active().filter(pk=role.pk).exists():
        raise Refused(_("This role is no longer held."))
    if _last_staff(role):
        raise Refused(
            _("The LAG needs at least one staff member: grant the role to someone else first.")
        )
    before, role.valid_to = role.valid_to, _yesterday()
    role.save(update_fields=["valid_to"])
    still_staff = Role.objects.active().filter(user=role.user, kind=RoleKind.STAFF).exists()
    if role.kind == RoleKind.STAFF and not still_staff:
        _set_back_office(_lock_user(role.user), False)
    AuditEvent.objects.record(
        action="role.withdrawn",
        obj=role,
        actor=actor,
        user=role.user_id,
        kind=role.kind,
        before={"valid_to": before},
        after={"valid_to": role.valid_to},
    )
    emails.role_changed(role.user, actor, role.lag, role.get_kind_display(), granted=False)
    return role


def _set_back_office(user: User, open_it: bool) -> None:
    if user.is_superuser:
        return
    if open_it:
        user.groups.add(staff_group())
    else:
        user.groups.remove(*Group.objects.filter(name=STAFF_GROUP))
    if user.is_staff != open_it:
        user.is_staff = open_it
        user.save(update_fields=["is_staff"])


@transaction.atomic
def set_auditor(*, lag: LocalActionGroup, user: User, auditor: bool, actor: Any) -> None:
    """Give or take the right to read the LAG's audit log ("who changed what"): an
    auditor role of this LAG, from today or ended yesterday."""
    user = _lock_user(user)
    if auditor:
        _check_can_log_in(user)
    if is_auditor(user, lag) == auditor:
        raise Refused(_("Nothing would change."))
    held = Role.objects.active().filter(lag=lag, user=user, kind=RoleKind.AUDITOR)
    if auditor:
        Role.objects.create(
            lag=lag, user=user, kind=RoleKind.AUDITOR, valid_from=timezone.localdate()
        )
    else:
        held.update(valid_to=_yesterday())
    AuditEvent.objects.record(
        action="role.auditor_granted" if auditor else "role.auditor_withdrawn",
        obj=user,
        actor=actor,
        before=not auditor,
        after=auditor,
    )
    emails.role_changed(user, actor, lag, AUDITOR_LABEL, granted=auditor)


def _seat_label(seat: BoardMembership):
    return format_lazy("{}: {}", BOARD_LABEL, seat.board)


@transaction.atomic
def link_board_seat(*, membership: BoardMembership, user: User, actor: Any) -> BoardMembership:
    """Link a seat not yet ended to the account of the person holding it.

    Refused for people who cannot log in, ended seats, seats already linked and
    people already linked to another seat of the same board held today."""
    seat = BoardMembership.objects.select_for_update().select_related("board").get(pk=membership.pk)
    _check_can_log_in(user)
    if seat.valid_to is not None and seat.valid_to < timezone.localdate():
        raise Refused(_("This seat has already ended."))
    if seat.user_id is not None:
        raise Refused(_("This seat is already linked to an account."))
    other = BoardMembership.objects.on().filter(board=seat.board, user=user).exclude(pk=seat.pk)
    if other.exists():
        raise Refused(
            _("%(name)s is already linked to another seat on this board.") % {"name": user}
        )
    seat.user = user
    seat.save(update_fields=["user"])
    AuditEvent.objects.record(
        action="board.seat_linked", obj=seat, actor=actor, before=None, after=user.pk
    )
    emails.role_changed(user, actor, seat.board.lag, _seat_label(seat), granted=True)
    return seat


@transaction.atomic
def unlink_board_seat(*, membership: BoardMembership, actor: Any) -> BoardMembership:
    """Remove the account from a seat (the seat itself stays, with its history)."""
    seat = (
        BoardMembership.objects.select_for_update(of=("self",))
        .select_related("board", "user")
        .get(pk=membership.pk)
    )
    if seat.user is None:
        raise Refused(_("This seat is not linked to an account."))
    user, seat.user = seat.user, None
    seat.save(update_fields=["user"])
    AuditEvent.objects.record(
        action="board.seat_unlinked", obj=seat, actor=actor, before=user.pk, after=None
    )
    emails.role_changed(user, actor, seat.board.lag, _seat_label(seat), granted=False)
    return seat


def _promoter_label(organisation: Organisation, role: str):
    return format_lazy("{}: {}", OrganisationRole(role).label, organisation.name)


@transaction.atomic
def set_promoter_role(
    *, lag: LocalActionGroup, organisation: Organisation, user: User, role: str, actor: Any
) -> OrganisationMembership:
    """Make `user` a representative or a member of an organisation (promoter roles),
    or change their role there. Never leaves an organisation without a representative."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _check_can_log_in(user)
    membership = organisation.memberships.filter(user=user).first()
    before = membership.role if membership else None
    if before == role:
        raise Refused(_("Nothing would change."))
    if before == OrganisationRole.REPRESENTATIVE and representative_count(organisation) == 1:
        raise last_representative_refused()
    membership, _created = OrganisationMembership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    AuditEvent.objects.record(
        action="organisation.member_role_set",
        obj=organisation,
        actor=actor,
        member=user.pk,
        before=before,
        after=role,
    )
    emails.role_changed(user, actor, lag, _promoter_label(organisation, role), granted=True)
    return membership


@transaction.atomic
def withdraw_promoter_role(
    *, lag: LocalActionGroup, membership: OrganisationMembership, actor: Any
) -> None:
    """Remove a person from an organisation; its last representative stays unless
    they are its only member."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = organisation.memberships.select_related("user").get(pk=membership.pk)
    alone = organisation.memberships.count() == 1
    representative = membership.role == OrganisationRole.REPRESENTATIVE
    if representative and representative_count(organisation) == 1 and not alone:
        raise last_representative_refused()
    membership.delete()
    AuditEvent.objects.record(
        action="organisation.member_removed",
        obj=organisation,
        actor=actor,
        member=membership.user_id,
        before=membership.role,
        after=None,
    )
    label = _promoter_label(organisation, membership.role)
    emails.role_changed(membership.user, actor, lag, label, granted=False)


@transaction.atomic
def set_lag_organisation(
    *, organisation: Organisation, is_lag_itself: bool, actor: Any, reason: str
) -> None:
    """Mark or unmark an organisation as the LAG's own (the LAG applying as a
    beneficiary: its staff are all linked to it, its board needs recusals and an
    independence note, INV-26). Needs the reason (e.g. the LAG's legal code, or the
    decision that set up the organisation). Audited with the reason."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    problems = []
    if not reason.strip():
        problems.append(_("Give the reason for the change."))
    if organisation.is_lag_itself == is_lag_itself:
        problems.append(_("Nothing would change."))
    if problems:
        raise Refused(*problems)
    organisation.is_lag_itself = is_lag_itself
    organisation.save(update_fields=["is_lag_itself"])
    AuditEvent.objects.record(
        action="organisation.lag_itself_set",
        obj=organisation,
        actor=actor,
        reason=reason.strip(),
        before=not is_lag_itself,
        after=is_lag_itself,
    )
