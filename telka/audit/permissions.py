"""Who may read the audit log ("who changed what"): the LAG's staff and its auditors.

An auditor (the agency's controller, an external auditor) reads the LAG's log and
nothing else: they hold an auditor role of that LAG, which the people page grants and
withdraws (telka.lag.roles). An auditor of one LAG reads nothing of another's."""

from django.http import Http404, HttpRequest

from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_auditor_of, is_lag_staff
from telka.lag.site import current_lag


def is_auditor(user, lag: LocalActionGroup) -> bool:
    """Holds the LAG's auditor role today (one question with the user's other roles)."""
    return is_auditor_of(user, lag)


def can_read_audit_log(user, lag: LocalActionGroup) -> bool:
    return is_lag_staff(user, lag) or is_auditor_of(user, lag)


def audit_lag(request: HttpRequest) -> LocalActionGroup:
    """The request's LAG if its user may read the log; 404 for anyone else."""
    lag = current_lag(request)
    if not can_read_audit_log(request.user, lag):
        raise Http404
    return lag
