"""Which LAG a request is for. One instance usually serves one LAG (TELKA_LAG);
the LAG stays a foreign key everywhere so one instance can hold several."""

from django.http import Http404, HttpRequest

from .models import LocalActionGroup


def current_lag(request: HttpRequest | None = None) -> LocalActionGroup:
    """The LAG of this request, fetched once per request. 404 if none is set up."""
    cached = getattr(request, "_telka_lag", None)
    if cached is not None:
        return cached
    lag = LocalActionGroup.objects.current()
    if lag is None:
        raise Http404("No local action group is set up yet: run manage.py load_demo.")
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
