"""Whole-page cache for anonymous visitors of public pages.

Public pages are read far more often than they change. A view decorated with
`public_page` is served from the "pages" cache to anonymous GET requests; any
save or delete of a model in a public app starts a new cache generation, so an
edit shows at once. Entries also expire after TELKA_PAGE_CACHE_SECONDS, which
bounds how long time-based changes (a call opening at noon) can lag.
"""

import functools
import hashlib
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
# Each process re-reads the shared generation at most once a second, so another
# worker's edit reaches this one within a second without a cache read per hit.
GENERATION_TTL = 1.0
_seen = {"value": None, "at": 0.0}


def _cache():
    return caches["pages"]


def generation() -> str:
    now = time.monotonic()
    if _seen["value"] is not None and now - _seen["at"] < GENERATION_TTL:
        return _seen["value"]
    current = _cache().get(GENERATION_KEY)
    if current is None:
        _cache().add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = _cache().get(GENERATION_KEY)
    _seen.update(value=current, at=now)
    return current


def invalidate(**_signal_kwargs) -> None:
    """Start a new generation: every cached page becomes stale at once."""
    value = uuid.uuid4().hex
    _cache().set(GENERATION_KEY, value, None)
    _seen.update(value=value, at=time.monotonic())


def _cacheable(request: HttpRequest) -> bool:
    # Authenticated pages carry a CSRF token and personal links; pending flash
    # messages must be shown to the one visitor they belong to.
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


def _path_key(request: HttpRequest) -> str:
    # Cache keys must stay short (memcached: 250 characters); a query can be long.
    path = request.get_full_path()
    return path if len(path) <= 150 else hashlib.sha256(path.encode()).hexdigest()


def public_page(view):
    """Serve `view` from the page cache to anonymous visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        # One installation serves several LAGs on their own host names: the host is part
        # of the page's identity.
        host = request.get_host().lower()
        key = f"pages:{generation()}:{host}:{request.LANGUAGE_CODE}:{_path_key(request)}"
        cached = _cache().get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            _cache().set(key, response, settings.TELKA_PAGE_CACHE_SECONDS)
        return response

    return wrapper


def shared_fragment(name: str, build: Callable[[], str]) -> str:
    """A part of a page that is the same for every reader in a language, logged in or
    not (the home page's news, calls and results): `build()` renders it once per cache
    generation and language, like a whole public page, and every request after that
    reads it. `build` must render without the request (render_to_string with no
    request), so no personal data and no CSRF token can get into it."""
    return shared_value(f"fragments:{get_language()}:{name}", build)


def shared_value(name: str, build: Callable[[], Any]) -> Any:
    """A value worked out from public data only, the same for every reader (the national
    dashboard's figures): `build()` runs once per cache generation (an edit of public
    data starts a new one) and at most every TELKA_PAGE_CACHE_SECONDS; every request in
    between reads it. The value must pickle and must not be None."""
    key = f"values:{generation()}:{name}"
    value = _cache().get(key)
    if value is None:
        value = build()
        _cache().set(key, value, settings.TELKA_PAGE_CACHE_SECONDS)
    return value
