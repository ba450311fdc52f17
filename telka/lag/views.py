from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.lib.pagecache import public_page
from telka.lib.workflow import Refused
from telka.periods import rules as period_rules

from . import workflow
from .forms import BoardDayForm, StatuteForm
from .models import Board, RoleKind, Sector
from .permissions import can_change_statute
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
    """The composition on a day (today unless `?on=` names one): voting rights and seats
    by gender by sector (INV-01, INV-04), and the members."""
    lag = current_lag(request)
    form = BoardDayForm(request.GET or None)
    day = (form.is_valid() and form.cleaned_data["on"]) or timezone.localdate()
    board = Board.objects.filter(lag=lag).first()
    seats = list(board.memberships.on(day).select_related("represents")) if board else []
    composition = board.composition(day, seats) if board else None
    context = {
        "lag": lag,
        "board": board,
        "seats": seats,
        "composition": composition,
        "today": day,
        "form": form,
    }
    return render(request, "lag/board.html", context)


@public_page
def contacts(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    staff = lag.roles.active().filter(kind=RoleKind.STAFF).select_related("user")
    return render(request, "lag/contacts.html", {"lag": lag, "staff": staff})


@login_required
def statute(request: HttpRequest) -> HttpResponse:
    """Staff record the general meeting's change of the board statute; the history and
    the period's legal bounds are shown. Everyone else gets 404."""
    lag = current_lag(request)
    board = Board.objects.filter(lag=lag).first()
    if board is None or not can_change_statute(request.user, lag):
        raise Http404("Not LAG staff.")
    form = StatuteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.change_statute(board=board, actor=request.user, data=form.to_input())
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("The new statute is recorded."))
            return redirect("lag:statute")
    today = timezone.localdate()
    rules = period_rules.rules_on(lag, today)
    history = list(board.statutes.select_related("recorded_by").order_by("-valid_from"))
    context = {
        "board": board,
        "form": form,
        "history": history,
        "initial": board.initial_statute(),
        "in_force": board.statute_on(today),
        "rules": rules,
        "group_limit": period_rules.limit_words(period_rules.composition_limit(rules)),
        "vote_limit": period_rules.limit_words(period_rules.vote_share_limit(rules)),
    }
    return render(request, "lag/statute.html", context)
