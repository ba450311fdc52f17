"""Messages of the lag app, rendered in the recipient's language and queued after commit."""

from typing import Any

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
