"""The accounts app's block in "My area": the person's organisations."""

from django.http import HttpRequest

from telka.lib.panels import Panel

from .permissions import can_create_organisation

PREVIEW = 5  # organisations listed in the panel; the rest are on "My organisations"


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(
        user.memberships.select_related("organisation").order_by("organisation__name")[
            : PREVIEW + 1
        ]
    )
    return Panel(
        template="accounts/panels/organisations.html",
        context={
            "memberships": memberships[:PREVIEW],
            "has_more": len(memberships) > PREVIEW,
            "can_create": can_create_organisation(user),
        },
        order=40,
    )
