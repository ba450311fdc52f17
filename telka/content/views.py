from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    return render(request, "content/home.html", {"lag": lag, "tasks": lag.tasks.all()})


def placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "content/home.html", {"lag": current_lag(request), "tasks": []})
