"""Route each request to its site: a LAG's own pages on the LAG's host name, the
network's pages (every LAG) on TELKA_NETWORK_HOST."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from telka.lib import mail

from .site import is_network_host, lag_or_none, request_host

NETWORK_URLCONF = "telka.network.urls"


def site_url_of(request: HttpRequest) -> str:
    """Where links in a message sent while handling `request` lead: the host the visitor
    used when it is the network's or the one the LAG claims; otherwise SITE_URL."""
    if is_network_host(request):
        return f"{request.scheme}://{request.get_host()}"
    lag = lag_or_none(request)
    if lag is not None and lag.host and lag.host == request_host(request):
        return f"{request.scheme}://{request.get_host()}"
    return settings.SITE_URL


class SiteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_network_host(request):
            request.urlconf = NETWORK_URLCONF
        # Resolved only if a message is rendered (no query for a request that sends none).
        token = mail.site_url.set(lambda: site_url_of(request))
        try:
            return self.get_response(request)
        finally:
            mail.site_url.reset(token)
