from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import translate_url
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
            "url": translate_url(path, code),
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
