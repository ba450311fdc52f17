"""Who may read the audit log ("who changed what"): the LAG's staff and its auditors.

An auditor (the agency's controller, an external auditor) reads the log and nothing
else: they are the people in the `Auditors` group, which the people page grants and
withdraws (telka.lag.roles)."""

from django.http import Http404, HttpRequest

from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_auditor_of, is_lag_staff
from telka.lag.site import current_lag
from telka.lib.memo import remembered

AUDITORS_GROUP = "Auditors"


def auditor_groups(user):
    """The auditors group, if the user is in it."""
    return user.groups.filter(name=AUDITORS_GROUP)


def is_auditor(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return remembered(("auditor", user.pk), lambda: auditor_groups(user).exists())


def can_read_audit_log(user, lag: LocalActionGroup) -> bool:
    return is_lag_staff(user, lag) or is_auditor_of(user, lag)


def audit_lag(request: HttpRequest) -> LocalActionGroup:
    """The request's LAG if its user may read the log; 404 for anyone else."""
    lag = current_lag(request)
    if not can_read_audit_log(request.user, lag):
        raise Http404
    return lag
