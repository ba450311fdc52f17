"""Blocks this app adds to the home page (the latest funded projects) and to a user's
personal area: the promoter's open reports, and for LAG staff the projects, reports to
review, overdue reports and contracts waiting."""

from django.http import HttpRequest
from django.utils import timezone

from telka.calls.models import Proposal, ProposalStatus
from telka.lag.site import lag_or_none
from telka.lib.panels import Panel

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


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user, lag = request.user, lag_or_none(request)
    if lag is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    context: dict = {"today": today}
    if can_manage_projects(user, lag):
        reports = Report.objects.filter(
            project__lag=lag, project__status=ProjectStatus.IN_IMPLEMENTATION
        )
        context["staff"] = {
            "running": Project.objects.filter(
                lag=lag, status=ProjectStatus.IN_IMPLEMENTATION
            ).count(),
            "to_review": reports.filter(status=ReportStatus.SUBMITTED).count(),
            "overdue": reports.overdue(today).count(),
            "waiting": Proposal.objects.filter(
                call__lag=lag, status=ProposalStatus.CONTRACTED, project__isnull=True
            ).count(),
        }
    mine = Project.objects.of_promoter(user).filter(lag=lag)
    if mine.exists():
        context["reports"] = list(
            Report.objects.filter(
                project__in=mine,
                project__status=ProjectStatus.IN_IMPLEMENTATION,
                status__in=[*ReportStatus.OPEN, ReportStatus.SUBMITTED],
            )
            .select_related("project")
            .order_by("due_on")[:5]
        )
    if len(context) == 1:
        return None
    return Panel("monitoring/panels/dashboard.html", context, order=40)
