import functools

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import get_urlconf, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from telka.lag.site import current_lag, is_network_host


def _lag_or_none(request: HttpRequest):
    try:
        return current_lag(request)
    except Http404:
        return None


def site(request: HttpRequest) -> dict:
    """The LAG shown in the header and footer, and links to this page in each language."""
    path = request.get_full_path()
    current = get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "url": _translated(get_urlconf(), current, path, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "site_lag": SimpleLazyObject(lambda: _lag_or_none(request)),
        "language_links": languages,
        # The network's own site (every LAG) has its own header, menu and footer.
        "on_network": is_network_host(request),
    }


@functools.lru_cache(maxsize=1024)
def _translated(urlconf: str | None, current: str, path: str, code: str) -> str:
    """This page's address in language `code`: resolving and reversing it costs a tenth
    of a millisecond, and the answer depends only on the address, the URL configuration
    (a LAG's or the network's) and the active language (which resolves the address's
    language prefix), so each process keeps the latest ones."""
    return translate_url(path, code)
