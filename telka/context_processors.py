from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from telka.lag.site import current_lag, is_network_host


def _lag_or_none(request: HttpRequest):
    try:
        return current_lag(request)
    except Http404:
        return None


def _translated(request: HttpRequest, path: str, code: str) -> str:
    """translate_url(path, code) for this request's own path: the URL the request was
    resolved to is reversed in the other language, without resolving the path again
    (translate_url's resolve; a page links to itself in every language)."""
    match = request.resolver_match
    if match is None or request.path != request.path_info:  # not resolved, or a prefix
        return translate_url(path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    parsed = urlsplit(path)
    return urlunsplit((parsed.scheme, parsed.netloc, url, parsed.query, parsed.fragment))


def site(request: HttpRequest) -> dict:
    """The LAG shown in the header and footer, and links to this page in each language."""
    path = request.get_full_path()
    current = get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "url": _translated(request, path, code),
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
