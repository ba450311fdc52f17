"""Signed, expiring links that prove someone reads a mailbox.

A token carries the user's id, its purpose and the address it was sent to. It
is signed with SECRET_KEY and timestamped (django.core.signing), so it cannot
be forged or edited, and it expires after settings.TELKA_VERIFICATION_MAX_AGE.
Because the address is inside, a link stops working once that address changes.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing

SALT = "telka.accounts.email-link"


class Purpose(StrEnum):
    VERIFY = "verify"  # confirm the address given at registration
    CHANGE = "change"  # confirm a new address before it replaces the old one


class LinkExpired(Exception):
    """The signature is right but the link is older than the allowed age."""


class LinkInvalid(Exception):
    """The link was cut, edited or forged."""


@dataclass(frozen=True)
class EmailClaim:
    user_id: int
    email: str
    purpose: Purpose


def make_token(user_id: int, email: str, purpose: Purpose) -> str:
    return signing.dumps({"u": user_id, "e": email, "p": str(purpose)}, salt=SALT, compress=True)


def read_token(token: str) -> EmailClaim:
    """The claim inside `token`, or LinkExpired / LinkInvalid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.TELKA_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as error:  # a subclass of BadSignature: catch it first
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    try:
        return EmailClaim(int(data["u"]), str(data["e"]), Purpose(data["p"]))
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
