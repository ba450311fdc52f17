"""Messages of the lag app, rendered in the recipient's language and queued after commit."""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from telka.accounts.models import User
from telka.lib.mail import page_url, send_templated

from .models import LocalActionGroup


def role_changed(user: User, actor: Any, lag: LocalActionGroup, role, *, granted: bool) -> None:
    """Tells a person a role was given to them or taken from them (`role`: a label,
    lazy, so it is translated into their language)."""
    send_templated(
        "role-changed",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "actor": actor,
            "lag": lag,
            "role": role,
            "granted": granted,
            "link": page_url("accounts:dashboard", language=user.language),
        },
    )


def invitation_link(user: User, lag: LocalActionGroup) -> str:
    """A link on the LAG's own site where the person sets their password (Django's
    password-reset token: it works once, and not after the password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(user.language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": uid, "token": token},
            urlconf=settings.ROOT_URLCONF,
        )
    return lag.site_url() + path


def staff_invited(user: User, actor: Any, lag: LocalActionGroup, *, needs_password: bool) -> None:
    """Invites the first staff of a newly set-up LAG; a person without a password gets
    the link to set one, others the link to log in."""
    with translation.override(user.language):
        login = reverse("accounts:login", urlconf=settings.ROOT_URLCONF)
    send_templated(
        "staff-invited",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "actor": actor,
            "lag": lag,
            "link": invitation_link(user, lag) if needs_password else lag.site_url() + login,
            "needs_password": needs_password,
        },
    )
