"""Every state change of accounts and organisations: one function each.

Each runs in one transaction, writes an AuditEvent and queues its e-mails
for after the commit. A refusal raises telka.lib.workflow.Refused with
translated reasons, and then nothing has changed. Audit entries about a person
name the fields that changed, not their values: the audit log is append-only
and must not keep contact details that the person may later erase.
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused

from . import emails, privacy
from .models import (
    DELETED_USER_LABEL,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    User,
)
from .permissions import can_create_organisation, is_representative
from .tokens import EmailClaim, Purpose

PROFILE_FIELDS = ["full_name", "phone", "language"]
# What a representative may set; `is_lag_itself` stays with LAG staff (people page,
# telka.lag.roles.set_lag_organisation).
ORGANISATION_FIELDS = [
    "name",
    "legal_form",
    "legal_code",
    "sector",
    "address",
    "municipality",
    "operates_in_territory",
    "email",
    "phone",
    "website",
]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_in_use(email: str, *, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=normalise_email(email))
    return (users.exclude(pk=exclude.pk) if exclude else users).exists()


def _email_taken() -> Refused:
    return Refused(_("Another account already uses this e-mail address."))


# Registration and e-mail addresses ------------------------------------------


@transaction.atomic
def register_user(*, full_name: str, email: str, password: str, language: str) -> User | None:
    """Create an account whose e-mail address still has to be confirmed.

    Steps: create the user, unverified; audit "user.registered" with the
    acceptance of the privacy notice; e-mail the verification link. When the
    address already has an account nothing is created: its owner is e-mailed
    what happened (audit "user.registration_attempted") and the result is None.
    The caller answers both cases alike, so the form tells no one who is
    registered."""
    existing = User.objects.filter(email__iexact=normalise_email(email)).first()
    if existing is not None:
        make_password(password)  # the same work as a new account: no timing difference
        return _registration_attempted(existing)
    try:
        with transaction.atomic():  # a parallel registration may win the race
            user = User.objects.create_user(
                normalise_email(email), password, full_name=full_name.strip(), language=language
            )
    except IntegrityError:
        return _registration_attempted(User.objects.get(email__iexact=normalise_email(email)))
    AuditEvent.objects.record(
        action="user.registered", obj=user, actor=user, privacy_notice_accepted=True
    )
    emails.verify_email(user)
    return user


def _registration_attempted(user: User) -> None:
    AuditEvent.objects.record(action="user.registration_attempted", obj=user, actor=None)
    emails.registration_attempted(user)


def send_verification(*, user: User) -> None:
    """E-mail a fresh verification link (the old ones keep working until they expire)."""
    if not user.is_verified:
        emails.verify_email(user)


@transaction.atomic
def confirm_email(*, claim: EmailClaim) -> User:
    """Apply a verified link: confirm the registration address, or switch to a new one.

    Opening the same link twice changes nothing the second time. Refused when
    the account is gone or no longer expects this address."""
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None:
        raise Refused(_("This link belongs to an account that no longer exists."))
    if claim.purpose == Purpose.VERIFY:
        _confirm_registration(user, claim.email)
    else:
        _confirm_change(user, claim.email)
    return user


def _stale_link() -> Refused:
    return Refused(_("This link was sent to an address your account no longer uses."))


def _confirm_registration(user: User, email: str) -> None:
    if normalise_email(user.email) != email:
        raise _stale_link()
    if user.is_verified:
        return
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    AuditEvent.objects.record(action="user.email_verified", obj=user, actor=user)


def _confirm_change(user: User, new_email: str) -> None:
    if user.email == new_email and not user.pending_email:
        return  # this very link was opened before
    if user.pending_email != new_email:
        raise _stale_link()
    if email_in_use(new_email, exclude=user):
        raise _email_taken()
    old_email = user.email
    user.email, user.pending_email = new_email, ""
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "pending_email", "email_verified_at"])
    AuditEvent.objects.record(action="user.email_changed", obj=user, actor=user)
    emails.email_changed(user, old_email)


@transaction.atomic
def request_email_change(*, user: User, new_email: str) -> bool:
    """Remember `new_email` and send it a confirmation link; the account keeps
    the old address until the link is opened. Typing the current address again
    cancels a pending change. True when a link was sent."""
    new_email = normalise_email(new_email)
    if new_email == user.email:
        cancel_email_change(user=user)
        return False
    if email_in_use(new_email, exclude=user):
        raise _email_taken()
    user.pending_email = new_email
    user.save(update_fields=["pending_email"])
    AuditEvent.objects.record(action="user.email_change_requested", obj=user, actor=user)
    emails.confirm_new_email(user, new_email)
    return True


@transaction.atomic
def cancel_email_change(*, user: User) -> None:
    if not user.pending_email:
        return
    user.pending_email = ""
    user.save(update_fields=["pending_email"])
    AuditEvent.objects.record(action="user.email_change_cancelled", obj=user, actor=user)


# Profile and password ---------------------------------------------------------


@transaction.atomic
def update_profile(
    *, user: User, full_name: str, phone: str, language: str, email: str
) -> list[str]:
    """Save name, phone and e-mail language, and start a change of e-mail
    address if `email` is new (see request_email_change). Audits which fields
    changed; returns their names ("email" when a confirmation link was sent)."""
    new = {"full_name": full_name.strip(), "phone": phone.strip(), "language": language}
    changed = [name for name in PROFILE_FIELDS if getattr(user, name) != new[name]]
    if changed:
        for name in changed:
            setattr(user, name, new[name])
        user.save(update_fields=changed)
        AuditEvent.objects.record(
            action="user.profile_updated", obj=user, actor=user, fields=changed
        )
    if request_email_change(user=user, new_email=email):
        changed.append("email")
    return changed


@transaction.atomic
def set_password(*, user: User, password: str, by_reset: bool) -> None:
    """Store a new password; audit; tell the owner by e-mail.

    A reset link arrived in the mailbox, which also proves the address, so a
    reset confirms an unverified address."""
    user.set_password(password)
    fields = ["password"]
    if by_reset and not user.is_verified:
        user.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    action = "user.password_reset" if by_reset else "user.password_changed"
    AuditEvent.objects.record(action=action, obj=user, actor=user)
    emails.password_changed(user)


# Deleting an account ----------------------------------------------------------


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase a person's account while the LAG keeps the records it must keep.

    Steps: lock the user; let every app's privacy.anonymise_personal_data(user)
    delete or anonymise what it holds (proposals stay, with name and contacts
    replaced); remove organisation memberships; replace the e-mail with a
    unique placeholder and the name with "Deleted user", clear phone and any
    pending address, make the password unusable, deactivate, drop admin
    rights, set anonymised_at; audit "user.anonymised"; e-mail a confirmation
    to the old address. The caller logs the session out; other sessions end
    because the password hash changed and the account is inactive."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_anonymised:
        raise Refused(_("This account has already been deleted."))
    old = {"email": user.email, "full_name": user.full_name, "language": user.language}
    apps_called = privacy.anonymise_everywhere(user)
    organisations_left, _deleted = user.memberships.all().delete()
    _anonymise_user_row(user)
    AuditEvent.objects.record(
        action="user.anonymised",
        obj=user,
        actor=user,
        apps=apps_called,
        organisations_left=organisations_left,
    )
    emails.account_deleted(**old)


def _anonymise_user_row(user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        user.full_name = str(DELETED_USER_LABEL)
    user.email = f"deleted-{user.pk}-{secrets.token_hex(4)}@anonymised.invalid"
    user.phone = user.pending_email = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.email_verified_at = None
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


# Organisations ------------------------------------------------------------------


def _code_taken() -> Refused:
    return Refused(
        _(
            "An organisation with this legal entity code is already registered. "
            "Ask its representative to add you as a member."
        )
    )


@transaction.atomic
def create_organisation(*, user: User, data: dict) -> Organisation:
    """Register an organisation; its creator becomes its representative.

    Steps: refuse people without a confirmed e-mail address and a legal code
    already registered; create the organisation and the representative's
    membership; audit "organisation.created"."""
    if not can_create_organisation(user):
        raise Refused(_("Confirm your e-mail address before you register an organisation."))
    fields = {name: data[name] for name in ORGANISATION_FIELDS if name in data}
    if Organisation.objects.filter(legal_code=fields["legal_code"]).exists():
        raise _code_taken()
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(**fields)
    except IntegrityError:
        raise _code_taken() from None
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.REPRESENTATIVE
    )
    AuditEvent.objects.record(action="organisation.created", obj=organisation, actor=user)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, actor: User, data: dict) -> list[str]:
    """Change an organisation's details (not its legal code); audit before/after."""
    organisation = _lock(organisation, actor)
    editable = [name for name in ORGANISATION_FIELDS if name != "legal_code" and name in data]
    changed = [name for name in editable if getattr(organisation, name) != data[name]]
    if not changed:
        return []
    before = {name: getattr(organisation, name) for name in changed}
    for name in changed:
        setattr(organisation, name, data[name])
    organisation.save(update_fields=changed)
    after = {name: data[name] for name in changed}
    AuditEvent.objects.record(
        action="organisation.updated", obj=organisation, actor=actor, before=before, after=after
    )
    return changed


def _lock(organisation: Organisation, actor: User) -> Organisation:
    """The organisation row, locked so two representatives cannot race each
    other below the last representative; refused unless `actor` represents it."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not is_representative(actor, locked):
        raise Refused(_("Only a representative of the organisation can do this."))
    return locked


def representative_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=OrganisationRole.REPRESENTATIVE).count()


def last_representative_refused() -> Refused:
    return Refused(
        _(
            "An organisation needs at least one representative. "
            "Make another member a representative first."
        )
    )


@transaction.atomic
def add_member(
    *, organisation: Organisation, actor: User, email: str, role: str
) -> OrganisationMembership:
    """Add a person with a confirmed e-mail address to the organisation.

    Steps: lock the organisation (actor must represent it); find the active,
    verified account; refuse existing members; create the membership; audit
    "organisation.member_added"; tell the new member by e-mail."""
    organisation = _lock(organisation, actor)
    user = User.objects.filter(email__iexact=normalise_email(email), is_active=True).first()
    if user is None or not user.is_verified:
        raise Refused(
            _(
                "No account with a confirmed e-mail address uses this address. "
                "Ask the person to register and confirm their address first."
            )
        )
    if organisation.memberships.filter(user=user).exists():
        raise Refused(_("%(name)s is already a member.") % {"name": user})
    membership = OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=role
    )
    AuditEvent.objects.record(
        action="organisation.member_added",
        obj=organisation,
        actor=actor,
        member=user.pk,
        role=role,
    )
    emails.member_added(membership, actor)
    return membership


@transaction.atomic
def change_member_role(*, membership: OrganisationMembership, actor: User, role: str) -> None:
    """Make a member a representative or a plain member; never leaves the
    organisation without a representative."""
    organisation = _lock(membership.organisation, actor)
    membership = organisation.memberships.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return
    if (
        membership.role == OrganisationRole.REPRESENTATIVE
        and representative_count(organisation) == 1
    ):
        raise last_representative_refused()
    before, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    AuditEvent.objects.record(
        action="organisation.member_role_changed",
        obj=organisation,
        actor=actor,
        member=membership.user_id,
        before=before,
        after=role,
    )


@transaction.atomic
def remove_member(*, membership: OrganisationMembership, actor: User) -> None:
    """A representative removes a member, or a member leaves (actor is the member).

    Steps: lock the organisation; refuse removing the last representative;
    delete the membership; audit "organisation.member_removed" or
    "organisation.member_left"; tell a removed member by e-mail."""
    leaving = actor.pk == membership.user_id
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if not leaving and not is_representative(actor, organisation):
        raise Refused(_("Only a representative of the organisation can do this."))
    membership = organisation.memberships.select_related("user").get(pk=membership.pk)
    if (
        membership.role == OrganisationRole.REPRESENTATIVE
        and representative_count(organisation) == 1
    ):
        raise last_representative_refused()
    membership.delete()
    action = "organisation.member_left" if leaving else "organisation.member_removed"
    AuditEvent.objects.record(
        action=action, obj=organisation, actor=actor, member=membership.user_id
    )
    if not leaving:
        emails.member_removed(membership.user, organisation, actor)
