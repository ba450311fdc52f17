"""My area: the personal start page, read by every role."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from telka.lag import permissions as lag_permissions
from telka.lag.site import current_lag, lag_or_none
from telka.lib import adminsite, panels

from ..forms import ResendVerificationForm
from ..permissions import can_use_admin, memberships_of


@dataclass
class RoleNote:
    """One line of "Your roles": what the role is and what it lets you do here."""

    key: str
    label: str
    text: str


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    lag = lag_or_none(request)
    if lag is not None:
        # The user's roles in the LAG come with the panels' figures, in one query.
        panels.figures(request, "mine", lag_permissions.standing_rider(user, lag))
    context = {
        "roles": roles_of(request),
        "panels": panels.collect("dashboard", request),
        "admin_url": adminsite.index_url() if can_use_admin(user) else "",
        "resend_form": ResendVerificationForm(initial={"email": user.email}),
    }
    return render(request, "accounts/dashboard.html", context)


def roles_of(request: HttpRequest) -> list[RoleNote]:
    user = request.user
    try:
        lag = current_lag(request)
    except Http404:  # a fresh install without a LAG yet
        lag = None
    notes = _lag_roles(user, lag) if lag else []
    organisations = len(memberships_of(user))
    if organisations:
        text = ngettext(
            "You act for %(count)d organisation: prepare and submit its project proposals.",
            "You act for %(count)d organisations: prepare and submit their project proposals.",
            organisations,
        ) % {"count": organisations}
        notes.append(RoleNote("applicant", _("Applicant"), text))
    if lag_permissions.is_verified_resident(user):
        notes.append(RoleNote("resident", _("Resident"), RESIDENT_TEXT))
    return notes


STAFF_TEXT = _(
    "You prepare calls, check proposals and organise board meetings. "
    "News, documents and events are edited in the administration site."
)
ASSESSOR_TEXT = _(
    "You assess the project proposals assigned to you, after declaring your impartiality."
)
BOARD_TEXT = _(
    "You take part in board meetings: declare any interests, then vote on the "
    "lists of proposals proposed for funding."
)
RESIDENT_TEXT = _("You can comment on consultations about the strategy and register for events.")


def _lag_roles(user, lag) -> list[RoleNote]:
    found = [
        ("staff", _("LAG staff"), STAFF_TEXT, lag_permissions.is_lag_staff),
        ("assessor", _("Assessor"), ASSESSOR_TEXT, lag_permissions.is_assessor),
        ("board", _("Board member"), BOARD_TEXT, lag_permissions.is_board_member),
    ]
    return [RoleNote(key, label, text) for key, label, text, holds in found if holds(user, lag)]
