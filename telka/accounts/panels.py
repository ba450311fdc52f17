"""The accounts app's block in "My area": the person's organisations."""

from django.http import Http404, HttpRequest

from telka.lag import permissions as lag_permissions
from telka.lag.site import current_lag
from telka.lib.panels import Panel

from .permissions import can_create_organisation, memberships_of

PREVIEW = 5  # organisations listed in the panel; the rest are on "My organisations"


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(memberships_of(user).values())
    if not memberships and holds_lag_role(request):
        return None  # staff, assessors and board members rarely apply: no empty invitation
    return Panel(
        template="accounts/panels/organisations.html",
        context={
            "memberships": memberships[:PREVIEW],
            "has_more": len(memberships) > PREVIEW,
            "can_create": can_create_organisation(user),
        },
        order=40,
    )


def holds_lag_role(request: HttpRequest) -> bool:
    try:
        lag = current_lag(request)
    except Http404:
        return False
    roles = (
        lag_permissions.is_lag_staff,
        lag_permissions.is_assessor,
        lag_permissions.is_board_member,
    )
    return any(holds(request.user, lag) for holds in roles)
