"""The network's shared assessor pool: kept by network administrators, drawn on by a
LAG's staff for one call at a time."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus
from telka.lag import roles
from telka.lag.models import Role, RoleKind
from telka.lag.onboarding import is_network_admin
from telka.lag.permissions import is_lag_staff
from telka.lib.workflow import Refused

from .. import emails
from ..models import PoolAssessor, PoolInvitation

POOL_TITLE = gettext_lazy("External assessor (network pool)")
# A call whose assessment is over needs no new assessor.
CLOSED_FOR_INVITATIONS = {
    CallStatus.DECIDED,
    CallStatus.COMPLAINTS_CLOSED,
    CallStatus.CANCELLED,
}


@transaction.atomic
def add_to_pool(*, user: User, expertise: str, languages: str, actor: Any) -> PoolAssessor:
    """List a person in the network's pool (or list them again, with new details).

    Refused for anyone but a network administrator, for people who cannot log in and
    for people already listed. Audited `pool.added`. No e-mail: being listed is not yet
    work; an invitation is."""
    if not is_network_admin(actor):
        raise Refused(_("Only a network administrator keeps the assessor pool."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not roles.can_log_in(user):
        raise Refused(_("%(name)s cannot log in, so cannot be listed.") % {"name": user})
    entry = PoolAssessor.objects.filter(user=user).first()
    if entry is not None and entry.removed_at is None:
        raise Refused(_("%(name)s is already in the pool.") % {"name": user})
    values = {"expertise": expertise.strip(), "languages": languages.strip(), "added_by": actor}
    if entry is None:
        entry = PoolAssessor.objects.create(user=user, **values)
    else:
        values |= {"removed_at": None, "added_at": timezone.now()}
        PoolAssessor.objects.filter(pk=entry.pk).update(**values)
        entry.refresh_from_db()
    AuditEvent.objects.record(
        action="pool.added",
        obj=entry,
        actor=actor,
        before=None,
        after={"user": user.pk, "expertise": entry.expertise, "languages": entry.languages},
    )
    return entry


@transaction.atomic
def remove_from_pool(*, entry: PoolAssessor, actor: Any) -> None:
    """Take a person off the list. Roles already given by LAGs stay (each LAG ends its
    own on its people page); past invitations stay on record."""
    if not is_network_admin(actor):
        raise Refused(_("Only a network administrator keeps the assessor pool."))
    entry = PoolAssessor.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_at is not None:
        raise Refused(_("%(name)s is no longer in the pool.") % {"name": entry.user})
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    AuditEvent.objects.record(
        action="pool.removed", obj=entry, actor=actor, before=None, after=entry.removed_at
    )


@transaction.atomic
def invite_from_pool(*, call: Call, entry: PoolAssessor, actor: Any) -> PoolInvitation:
    """A LAG's staff invite a pool assessor for one of its calls.

    Steps: refuse anyone but the call's LAG staff, a call already decided or cancelled,
    someone no longer in the pool and someone already invited for this call; give the
    assessor role for the LAG unless they hold it (telka.lag.roles.grant_role: audited
    `role.granted`, e-mailed); record the invitation; audit `pool.invited`; e-mail the
    invitation. Declarations and conflicts are then made per call and per proposal, as
    for any assessor."""
    call = Call.objects.select_for_update().select_related("lag").get(pk=call.pk)
    if not is_lag_staff(actor, call.lag):
        raise Refused(_("Only the LAG's staff invite assessors for its calls."))
    if call.status in CLOSED_FOR_INVITATIONS:
        raise Refused(_("This call is decided or cancelled: it needs no new assessor."))
    entry = PoolAssessor.objects.select_related("user").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise Refused(_("%(name)s is no longer in the pool.") % {"name": entry.user})
    if PoolInvitation.objects.filter(entry=entry, call=call).exists():
        raise Refused(_("%(name)s is already invited for this call.") % {"name": entry.user})
    held = Role.objects.active().filter(lag=call.lag, user=entry.user, kind=RoleKind.ASSESSOR)
    if not held.exists():
        roles.grant_role(
            lag=call.lag,
            user=entry.user,
            kind=RoleKind.ASSESSOR,
            actor=actor,
            title=str(POOL_TITLE),
        )
    invitation = PoolInvitation.objects.create(entry=entry, call=call, invited_by=actor)
    AuditEvent.objects.record(
        action="pool.invited",
        obj=invitation,
        actor=actor,
        before=None,
        after={"user": entry.user_id, "call": call.pk},
        lag=call.lag_id,
    )
    emails.pool_invitation(invitation)
    return invitation
