"""Every message the accounts app sends: one function each, rendered from
templates/emails/<name>-subject.txt, -body.txt and -body.html in the
recipient's language and queued after the transaction commits."""

from django.conf import settings

from telka.lib.mail import page_url, send_templated

from .models import Organisation, OrganisationMembership, User
from .tokens import Purpose, make_token


def link(name: str, language: str, **kwargs) -> str:
    """An absolute URL to page `name` in `language` (English pages live under /en/)."""
    return page_url(name, language=language, **kwargs)


def _verification_link(user: User, email: str, purpose: Purpose) -> str:
    token = make_token(user.pk, email, purpose)
    return link("accounts:verify_email", user.language, token=token)


def verify_email(user: User) -> None:
    """The link that confirms the address given at registration."""
    send_templated(
        "verify-email",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "link": _verification_link(user, user.email, Purpose.VERIFY),
            "hours": settings.TELKA_VERIFICATION_MAX_AGE // 3600,
        },
    )


def registration_attempted(user: User) -> None:
    """Someone registered with an address that already has an account: its owner
    learns it here, while the registration form answers as for a new account."""
    send_templated(
        "registration-attempted",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "login_link": link("accounts:login", user.language),
            "reset_link": link("accounts:password_reset", user.language),
        },
    )


def confirm_new_email(user: User, new_email: str) -> None:
    """Sent to the new address: it replaces the old one only once this link is opened."""
    send_templated(
        "confirm-new-email",
        to=new_email,
        language=user.language,
        context={
            "user": user,
            "new_email": new_email,
            "link": _verification_link(user, new_email, Purpose.CHANGE),
        },
    )


def email_changed(user: User, old_email: str) -> None:
    """Warns the previous address, so a hijacked account does not go unnoticed."""
    send_templated(
        "email-changed",
        to=old_email,
        language=user.language,
        context={"user": user, "new_email": user.email},
    )


def password_reset(user: User, reset_link: str) -> None:
    send_templated(
        "password-reset",
        to=user.email,
        language=user.language,
        context={"user": user, "link": reset_link},
    )


def password_changed(user: User) -> None:
    send_templated(
        "password-changed",
        to=user.email,
        language=user.language,
        context={"user": user, "reset_link": link("accounts:password_reset", user.language)},
    )


def account_deleted(*, email: str, full_name: str, language: str) -> None:
    """The last message to someone whose account no longer holds their address."""
    send_templated(
        "account-deleted",
        to=email,
        language=language,
        context={"full_name": full_name},
    )


def member_added(membership: OrganisationMembership, actor: User) -> None:
    user = membership.user
    send_templated(
        "organisation-member-added",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "actor": actor,
            "membership": membership,  # its role label is rendered in the recipient's language
            "organisation": membership.organisation,
            "link": link(
                "accounts:organisation_detail", user.language, pk=membership.organisation_id
            ),
        },
    )


def member_removed(user: User, organisation: Organisation, actor: User) -> None:
    send_templated(
        "organisation-member-removed",
        to=user.email,
        language=user.language,
        context={"user": user, "actor": actor, "organisation": organisation},
    )
