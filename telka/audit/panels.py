"""The audit app's block in "My area": for the LAG's staff the people page and the
audit log ("who changed what"); for auditors the audit log."""

from django.http import HttpRequest

from telka.lag.permissions import is_auditor_of, is_lag_staff
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user, lag = request.user, lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    staff = is_lag_staff(user, lag)
    if not staff and not is_auditor_of(user, lag):
        return None
    return Panel("audit/panels/dashboard.html", {"staff": staff}, order=90)
