"""Limits on repeated requests: failed log-ins, registrations and e-mailed links.

Counters live in the cache in fixed windows, keyed by a hash of the IP address
or e-mail address (so the cache holds no addresses in clear). With several
application servers, point them at one shared cache (REDIS_URL) or each server
counts on its own.
"""

import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds

    @property
    def minutes(self) -> int:
        return math.ceil(self.window / 60)


# Guessing one person's password stops after a few tries; one address (an
# office behind NAT) still gets room for many people mistyping.
LOGIN_PER_EMAIL = Limit("login-email", 5, 15 * 60)
LOGIN_PER_IP = Limit("login-ip", 30, 15 * 60)
REGISTER_PER_IP = Limit("register-ip", 5, 60 * 60)
# Links sent to one mailbox (verification, reset, change of address).
MAIL_PER_ADDRESS = Limit("mail-address", 3, 60 * 60)
MAIL_PER_IP = Limit("mail-ip", 10, 60 * 60)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind the reverse proxy of the production set-up
    (SECURE_PROXY_SSL_HEADER on) that is the last X-Forwarded-For hop, which
    the proxy itself appended; otherwise the socket's peer."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(limit: Limit, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}"


def is_exceeded(limit: Limit, value: str) -> bool:
    return cache.get(_key(limit, value), 0) >= limit.count


def hit(limit: Limit, value: str) -> None:
    key = _key(limit, value)
    cache.add(key, 0, timeout=limit.window)  # starts the window; no-op if it runs
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=limit.window)


def reset(limit: Limit, value: str) -> None:
    cache.delete(_key(limit, value))


def attempt(*checks: tuple[Limit, str]) -> int | None:
    """Count one attempt against every (limit, value). None when allowed;
    otherwise nothing is counted and the result is the minutes to wait."""
    blocked = [limit for limit, value in checks if value and is_exceeded(limit, value)]
    if blocked:
        return max(limit.minutes for limit in blocked)
    for limit, value in checks:
        if value:
            hit(limit, value)
    return None


def wait_message(minutes: int) -> str:
    return ngettext(
        "Too many attempts. Please wait %(minutes)d minute and try again.",
        "Too many attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
