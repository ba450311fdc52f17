"""Blocks this app adds to the home page (the latest funded projects) and to a user's
personal area: the promoter's open reports, and for LAG staff the projects, reports to
review, overdue reports and contracts waiting."""

from django.http import HttpRequest
from django.utils import timezone

from telka.accounts.permissions import memberships_of
from telka.calls.models import Proposal, ProposalStatus
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel, figure, figures
from telka.lib.statements import fetch_objects

from .models import Project, ProjectStatus, Report, ReportStatus
from .permissions import can_manage_projects


def home_panel(request: HttpRequest) -> Panel | None:
    """The latest funded projects, with a link to all of them."""
    lag = lag_or_none(request)
    if lag is None:
        return None
    latest = list(
        Project.objects.public()
        .filter(lag=lag)
        .select_related("promoter")
        .order_by("-starts_on", "-pk")[:3]
    )
    if not latest:
        return None
    return Panel("monitoring/panels/home.html", {"projects": latest}, order=30)


def _implemented_reports(lag):
    return Report.objects.filter(project__lag=lag, project__status=ProjectStatus.IN_IMPLEMENTATION)


@figure("lag", "monitoring.running")
def _running(user, lag):
    return Project.objects.filter(lag=lag, status=ProjectStatus.IN_IMPLEMENTATION)


@figure("lag", "monitoring.to_review")
def _to_review(user, lag):
    return _implemented_reports(lag).filter(status=ReportStatus.SUBMITTED)


@figure("lag", "monitoring.overdue")
def _overdue(user, lag):
    return _implemented_reports(lag).overdue(timezone.localdate())


@figure("lag", "monitoring.waiting")
def _waiting(user, lag):
    return Proposal.objects.filter(
        call__lag=lag, status=ProposalStatus.CONTRACTED, project__isnull=True
    )


@figure("mine", "monitoring.projects")
def _mine(user, lag):
    return Project.objects.of_promoter(user).filter(lag=lag)


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user, lag = request.user, lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    context: dict = {"today": today}
    if can_manage_projects(user, lag):
        found = figures(request, "lag")
        context["staff"] = {
            name: found[f"monitoring.{name}"]
            for name in ("running", "to_review", "overdue", "waiting")
        }
    if memberships_of(user) and figures(request, "mine")["monitoring.projects"]:
        context["reports"] = fetch_objects(
            ("panel:my-reports", user.pk, lag.pk),
            lambda: (
                Report.objects.filter(
                    project__in=_mine(user, lag),
                    project__status=ProjectStatus.IN_IMPLEMENTATION,
                    status__in=[*ReportStatus.OPEN, ReportStatus.SUBMITTED],
                )
                .select_related("project")
                # What the panel shows: not the report's texts.
                .only("sequence", "due_on", "status", "project__number")
                .order_by("due_on")[:5]
            ),
        )
    if len(context) == 1:
        return None
    return Panel("monitoring/panels/dashboard.html", context, order=40)
