"""The staff's people page: who holds which role, and every grant and withdrawal
(staff, assessor, auditor, board-seat links, promoter roles) through telka.lag.roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.audit.models import AuditEvent
from telka.decisions.views._common import show_refusal
from telka.lag import roles
from telka.lag.models import BoardMembership, LocalActionGroup, Role, RoleKind
from telka.lib.workflow import Refused

from ..forms import (
    AUDITOR,
    GrantRoleForm,
    LagOrganisationForm,
    LinkSeatForm,
    PeopleSearchForm,
    PromoterForm,
)
from ..models import Organisation, User
from ..permissions import people_lag

PER_PAGE = 50


def _with_roles(users, lag: LocalActionGroup):
    """Users with their roles and board seats in this LAG (not another LAG's)."""
    active = Role.objects.active().filter(lag=lag)
    seats = BoardMembership.objects.filter(board__lag=lag)
    return users.prefetch_related(
        Prefetch("roles", queryset=active.exclude(kind=RoleKind.AUDITOR), to_attr="active_roles"),
        Prefetch("roles", queryset=active.filter(kind=RoleKind.AUDITOR), to_attr="auditor_roles"),
        Prefetch("board_memberships", queryset=seats),
        "memberships__organisation",
    )


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    lag = people_lag(request)
    form = PeopleSearchForm(request.GET or None)
    users = User.objects.filter(anonymised_at=None).order_by("full_name", "email")
    if form.is_valid() and (q := form.cleaned_data["q"].strip()):
        users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    page = Paginator(_with_roles(users, lag), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "lag_organisations": Organisation.objects.filter(is_lag_itself=True),
        "lag_organisation_form": LagOrganisationForm(),
        "lag_organisation_changes": AuditEvent.objects.filter(action="organisation.lag_itself_set")
        .select_related("actor")
        .order_by("-at")[:5],
    }
    return render(request, "accounts/people_list.html", context)


@login_required
@require_POST
def lag_organisation(request: HttpRequest) -> HttpResponse:
    """Mark or unmark the LAG's own organisation (it applies as a beneficiary)."""
    people_lag(request)
    form = LagOrganisationForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(*[e for errors in form.errors.values() for e in errors])
        roles.set_lag_organisation(
            organisation=form.organisation,
            is_lag_itself=form.cleaned_data["is_lag_itself"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The LAG's own organisation is saved."))
    return redirect("accounts:people")


def _person(request: HttpRequest, pk: int) -> tuple[LocalActionGroup, User]:
    lag = people_lag(request)
    return lag, get_object_or_404(_with_roles(User.objects.all(), lag), pk=pk)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    lag, user = _person(request, pk)
    context = {
        "person": user,
        "can_log_in": roles.can_log_in(user),
        "is_auditor": roles.is_auditor(user, lag),
        "grant_form": GrantRoleForm(),
        "seat_form": LinkSeatForm(lag=lag),
        "promoter_form": PromoterForm(),
    }
    return render(request, "accounts/person.html", context)


def _grant(request, lag, user) -> str:
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        raise Refused(*[e for errors in form.errors.values() for e in errors])
    kind = form.cleaned_data["kind"]
    if kind == AUDITOR:
        roles.set_auditor(lag=lag, user=user, auditor=True, actor=request.user)
    else:
        title = form.cleaned_data["title"]
        roles.grant_role(lag=lag, user=user, kind=kind, actor=request.user, title=title)
    return _("The role was granted and %(name)s was told by e-mail.") % {"name": user}


def _withdraw(request, lag, user) -> str:
    if request.POST.get("role") == AUDITOR:
        roles.set_auditor(lag=lag, user=user, auditor=False, actor=request.user)
    else:
        role = get_object_or_404(Role, pk=request.POST.get("role", "0"), lag=lag, user=user)
        roles.withdraw_role(role=role, actor=request.user)
    return _("The role was withdrawn and %(name)s was told by e-mail.") % {"name": user}


def _link(request, lag, user) -> str:
    form = LinkSeatForm(request.POST, lag=lag)
    if not form.is_valid():
        raise Refused(*[e for errors in form.errors.values() for e in errors])
    roles.link_board_seat(membership=form.cleaned_data["seat"], user=user, actor=request.user)
    return _("The board seat is linked to %(name)s's account.") % {"name": user}


def _unlink(request, lag, user) -> str:
    seat = get_object_or_404(
        user.board_memberships.all(), pk=request.POST.get("seat", "0"), board__lag=lag
    )
    roles.unlink_board_seat(membership=seat, actor=request.user)
    return _("The board seat is no longer linked to %(name)s's account.") % {"name": user}


def _promoter(request, lag, user) -> str:
    form = PromoterForm(request.POST)
    if not form.is_valid():
        raise Refused(*[e for errors in form.errors.values() for e in errors])
    roles.set_promoter_role(
        lag=lag,
        organisation=form.organisation,
        user=user,
        role=form.cleaned_data["role"],
        actor=request.user,
    )
    return _("The promoter role is saved and %(name)s was told by e-mail.") % {"name": user}


def _promoter_withdraw(request, lag, user) -> str:
    membership = get_object_or_404(user.memberships.all(), pk=request.POST.get("membership", "0"))
    roles.withdraw_promoter_role(lag=lag, membership=membership, actor=request.user)
    return _("%(name)s no longer acts for the organisation.") % {"name": user}


ACTIONS = {
    "grant": _grant,
    "withdraw": _withdraw,
    "link": _link,
    "unlink": _unlink,
    "promoter": _promoter,
    "promoter-withdraw": _promoter_withdraw,
}


@login_required
@require_POST
def person_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One change of the person's roles; refused changes change nothing."""
    lag, user = _person(request, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    try:
        messages.success(request, handler(request, lag, user))
    except Refused as refusal:
        show_refusal(request, refusal)
    return redirect("accounts:person", pk=user.pk)
