"""Which LAG a request is for.

One installation can serve many LAGs, each on its own host name
(`LocalActionGroup.host`), and the network's own site on TELKA_NETWORK_HOST. A request
for a host no LAG claims gets the installation's default LAG (TELKA_LAG, else the
first one), so a one-LAG instance needs no host set up at all.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest
from django.urls import reverse

from .models import LocalActionGroup, normalise_host


def request_host(request: HttpRequest) -> str:
    return normalise_host(request.get_host())


def is_network_host(request: HttpRequest | None) -> bool:
    """Whether the request is for the network's own site (all LAGs), not one LAG's."""
    network = normalise_host(settings.TELKA_NETWORK_HOST)
    return bool(network and request is not None and request_host(request) == network)


def lag_for_host(host: str) -> LocalActionGroup | None:
    """The LAG that claims `host`, else the installation's default LAG (TELKA_LAG, else
    the first one) — in one query, as a one-LAG instance did before hosts existed.
    Asked on every page: compiled once per process and host, and the row kept per
    page-cache generation (telka/lib/statements.py: first_public), so a page makes no
    query for it until a LAG is saved."""
    from telka.lib.statements import first_public

    host = normalise_host(host)

    def build():
        lags = LocalActionGroup.objects.all()
        if settings.TELKA_LAG:
            lags = (
                lags.filter(Q(host=host) | Q(slug=settings.TELKA_LAG))
                if host
                else lags.filter(slug=settings.TELKA_LAG)
            )
        if not host:
            return lags.order_by("pk")
        claimed = Case(
            When(host=host, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return lags.order_by(claimed, "pk")

    return first_public(("lag-for-host", host, settings.TELKA_LAG), build)


def current_lag(request: HttpRequest | None = None) -> LocalActionGroup:
    """The LAG of this request, fetched once per request. 404 if none is set up, and on
    the network's own site (which belongs to no single LAG)."""
    cached = getattr(request, "_telka_lag", None)
    if cached is not None:
        return cached
    if request is None:
        lag = LocalActionGroup.objects.current()
    elif is_network_host(request):
        lag = None
    else:
        lag = lag_for_host(request_host(request))
    if lag is None:
        raise Http404("No local action group is set up for this address: run manage.py load_demo.")
    if request is not None:
        request._telka_lag = lag  # type: ignore[attr-defined]
    return lag


def lag_or_none(request: HttpRequest | None = None) -> LocalActionGroup | None:
    """The LAG of this request, or None on an instance where none is set up yet (the
    shared pages and their panels still render)."""
    try:
        return current_lag(request)
    except Http404:
        return None


def url_on_lag_site(request: HttpRequest, lag: LocalActionGroup, name: str, *args) -> str:
    """The absolute address of a page of `lag`'s own site (URL `name` of the LAG's
    urlconf) for a visitor of another host (the network's): the LAG's host name with
    the scheme and port the visitor used, else SITE_URL for a LAG with no host."""
    path = reverse(name, args=args, urlconf=settings.ROOT_URLCONF)
    if not lag.host:
        return settings.SITE_URL.rstrip("/") + path
    port = urlsplit("//" + request.get_host()).port
    return f"{request.scheme}://{lag.host}{f':{port}' if port else ''}{path}"
