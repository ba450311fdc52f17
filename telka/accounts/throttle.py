"""Limits on repeated requests: failed log-ins, registrations and e-mailed links.

Counters are fixed windows keyed by a hash of the IP address or e-mail address (so
no address is stored in clear). They live where every worker and every app server
sees the same count and a restart loses none: the database by default (one row per
key, raised with a single atomic UPDATE), or the shared cache when
TELKA_THROTTLE_STORE is "cache" (the default when REDIS_URL is set; Redis INCR is
atomic too). A per-process cache would give each gunicorn worker its own count.

Why not django-axes: it covers log-in only, through its own authentication backend
and lock-out response; registration, e-mailed links and consultation posts would
still need counters of their own. One small counter for all of them is simpler.
"""

import datetime
import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from .models import ThrottleCounter


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


def _in_cache() -> bool:
    return settings.TELKA_THROTTLE_STORE == "cache"


def is_exceeded(limit: Limit, value: str) -> bool:
    key = _key(limit, value)
    if _in_cache():
        return caches["default"].get(key, 0) >= limit.count
    return ThrottleCounter.objects.filter(
        key=key, expires_at__gt=timezone.now(), count__gte=limit.count
    ).exists()


def hit(limit: Limit, value: str) -> None:
    key = _key(limit, value)
    if _in_cache():
        _hit_cache(key, limit)
    else:
        _hit_database(key, limit)


def _hit_cache(key: str, limit: Limit) -> None:
    cache = caches["default"]
    cache.add(key, 0, timeout=limit.window)  # starts the window; no-op if it runs
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=limit.window)


def _hit_database(key: str, limit: Limit) -> None:
    """Each step is one conditional UPDATE, so two workers counting at the same
    moment both count: raise a running window, else restart an ended one, else
    create the row (and if another worker created it first, raise that one)."""
    now = timezone.now()
    counters = ThrottleCounter.objects.filter(key=key)
    if counters.filter(expires_at__gt=now).update(count=F("count") + 1):
        return
    window_end = now + datetime.timedelta(seconds=limit.window)
    if counters.filter(expires_at__lte=now).update(count=1, expires_at=window_end):
        return
    try:
        with transaction.atomic():
            ThrottleCounter.objects.create(key=key, count=1, expires_at=window_end)
    except IntegrityError:
        counters.update(count=F("count") + 1)


def reset(limit: Limit, value: str) -> None:
    key = _key(limit, value)
    if _in_cache():
        caches["default"].delete(key)
    else:
        ThrottleCounter.objects.filter(key=key).delete()


def purge_expired() -> int:
    """Delete ended windows (a scheduled job); returns how many."""
    deleted, _by_model = ThrottleCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


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
