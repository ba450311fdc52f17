from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from telka.lib.pagecache import public_page

from .models import Board, RoleKind, Sector
from .site import current_lag


@public_page
def about(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    return render(request, "lag/about.html", {"lag": lag, "tasks": lag.tasks.all()})


@public_page
def members(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    active = lag.members.active().order_by("sector", "name")
    labels = dict(Sector.choices)
    by_sector = {code: list(rows) for code, rows in groupby(active, key=lambda m: m.sector)}
    sectors = [(code, labels[code], by_sector.get(code, [])) for code in Sector.values]
    return render(request, "lag/members.html", {"lag": lag, "sectors": sectors})


@public_page
def board(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    today = timezone.localdate()
    board = Board.objects.filter(lag=lag).first()
    seats = list(board.memberships.on(today).select_related("represents")) if board else []
    composition = board.composition(today, seats) if board else None
    return render(
        request,
        "lag/board.html",
        {"lag": lag, "board": board, "seats": seats, "composition": composition, "today": today},
    )


@public_page
def contacts(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    staff = lag.roles.active().filter(kind=RoleKind.STAFF).select_related("user")
    return render(request, "lag/contacts.html", {"lag": lag, "staff": staff})
