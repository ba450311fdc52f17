from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from telka.lag.models import LocalActionGroup


def home(request: HttpRequest) -> HttpResponse:
    """Every LAG of the installation, each linked to its own site."""
    lags = LocalActionGroup.objects.order_by("name").only(
        "name", "short_name", "slug", "host", "territory", "territory_en"
    )
    return render(request, "network/home.html", {"lags": lags})
