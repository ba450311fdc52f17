"""Staff manage board membership: every change goes through telka.lag.workflow and is
checked as of its date (INV-01), with unequal sectors shown as a warning (INV-02)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.lag import workflow as lag_workflow
from telka.lag.models import Board, BoardMembership
from telka.lib.workflow import Refused

from ..forms import ChangeMembershipForm, EndMembershipForm, MembershipForm
from ..permissions import get_membership_for_staff, member_redirect, staff_lag
from ._common import show_refusal, show_warnings

HISTORY = [
    "board.membership_added",
    "board.membership_ended",
    "board.membership_changed",
    "board.unequal_seats",
]


def _history(board: Board):
    seat_ids = [str(pk) for pk in board.memberships.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(action__in=HISTORY)
        .filter(object_id__in=[*seat_ids, str(board.pk)])
        .select_related("actor")
        .order_by("-at")[:50]
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    if target := member_redirect(request):
        return redirect(target)
    lag = staff_lag(request)
    board = Board.objects.filter(lag=lag).first()
    if board is None:
        board = Board.objects.create(lag=lag, name=_("Board"))
    today = timezone.localdate()
    day = _day(request, today)
    seats = list(board.memberships.select_related("user").order_by("valid_to", "full_name"))
    current = [
        s for s in seats if s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)
    ]
    context = {
        "lag": lag,
        "board": board,
        "day": day,
        "current": current,
        "past": [s for s in seats if s not in current],
        "composition": board.composition(day, current),
        "form": MembershipForm(initial={"valid_from": today}),
        "history": _history(board),
    }
    return render(request, "decisions/board_manage.html", context)


def _day(request: HttpRequest, default):
    try:
        return timezone.datetime.fromisoformat(request.GET.get("on", "")).date()
    except ValueError:
        return default


def _user_for(email: str):
    return User.objects.filter(email__iexact=email).first() if email else None


@login_required
@require_POST
def add_member(request: HttpRequest) -> HttpResponse:
    lag = staff_lag(request)
    board = Board.objects.get(lag=lag)
    form = MembershipForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "decisions/board_form.html",
            {"form": form, "title": _("Add a board member")},
            status=400,
        )
    data = dict(form.cleaned_data)
    user = _user_for(data.pop("email"))
    if form.cleaned_data["email"] and user is None:
        form.add_error("email", _("No account has this e-mail address."))
        return render(
            request,
            "decisions/board_form.html",
            {"form": form, "title": _("Add a board member")},
            status=400,
        )
    try:
        outcome = lag_workflow.add_membership(board=board, actor=request.user, user=user, **data)
    except Refused as refusal:
        show_refusal(request, refusal)
        return render(
            request,
            "decisions/board_form.html",
            {"form": form, "title": _("Add a board member")},
            status=400,
        )
    show_warnings(request, outcome.warnings)
    messages.success(
        request, _("%(name)s was added to the board.") % {"name": outcome.membership.full_name}
    )
    return redirect("decisions:board")


def _seat_form(
    request: HttpRequest, seat: BoardMembership, form, title: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "decisions/board_form.html",
        {"form": form, "seat": seat, "title": title},
        status=status,
    )


@login_required
def end_member(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_membership_for_staff(request, pk)
    title = _("End the seat of %(name)s") % {"name": seat.full_name}
    form = EndMembershipForm(request.POST or None, initial={"last_day": timezone.localdate()})
    if request.method != "POST" or not form.is_valid():
        return _seat_form(request, seat, form, title, 400 if request.method == "POST" else 200)
    try:
        outcome = lag_workflow.end_membership(
            membership=seat, actor=request.user, last_day=form.cleaned_data["last_day"]
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return _seat_form(request, seat, form, title, 400)
    show_warnings(request, outcome.warnings)
    messages.success(request, _("The seat was ended."))
    return redirect("decisions:board")


@login_required
def change_member(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_membership_for_staff(request, pk)
    title = _("Change the seat of %(name)s") % {"name": seat.full_name}
    initial = {
        "on": timezone.localdate(),
        "interest_group": seat.interest_group,
        "is_public_authority": seat.is_public_authority,
        "voting_rights": seat.voting_rights,
    }
    form = ChangeMembershipForm(request.POST or None, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return _seat_form(request, seat, form, title, 400 if request.method == "POST" else 200)
    data = dict(form.cleaned_data)
    on = data.pop("on")
    try:
        outcome = lag_workflow.change_membership(membership=seat, actor=request.user, on=on, **data)
    except Refused as refusal:
        show_refusal(request, refusal)
        return _seat_form(request, seat, form, title, 400)
    show_warnings(request, outcome.warnings)
    messages.success(request, _("The seat was changed from %(day)s.") % {"day": on.isoformat()})
    return redirect("decisions:board")
