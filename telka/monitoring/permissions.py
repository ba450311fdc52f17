"""Who may see and do what with projects, reports and participants. Plain predicates,
and getters that return the object or raise 404 when the user may not know it exists.

- LAG staff start projects, review reports, close projects and see every participant.
- The promoter's members (people of the organisation implementing the project) fill in
  and submit its reports and keep its participant records.
- Everyone sees the public project pages: summary, amounts, indicator progress, and
  participant counts only, never a participant's name, contact or birth year (INV-34)."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from telka.accounts.permissions import memberships_of
from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_lag_staff
from telka.lag.site import current_lag
from telka.lib import statements

from .models import Participant, Project, Report, ReportAttachment, ReportStatus


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_projects(user, lag: LocalActionGroup) -> bool:
    """LAG staff start projects, review reports and close projects."""
    return is_lag_staff(user, lag)


def can_manage_annual_reports(user, lag: LocalActionGroup) -> bool:
    """LAG staff generate annual reports and record the general meeting's approval."""
    return is_lag_staff(user, lag)


def is_promoter_of(user, project: Project) -> bool:
    """A member of the organisation implementing the project."""
    return project.promoter_id in memberships_of(user)


def can_work_on(user, project: Project) -> bool:
    """Sees the project's reports and participants: its promoter or LAG staff."""
    return can_manage_projects(user, project.lag) or is_promoter_of(user, project)


def can_edit_report(user, report: Report) -> bool:
    return report.status in ReportStatus.OPEN and is_promoter_of(user, report.project)


def can_review_report(user, report: Report) -> bool:
    return report.status == ReportStatus.SUBMITTED and can_manage_projects(user, report.project.lag)


def has_promoted_projects(user) -> bool:
    return _active(user) and Project.objects.of_promoter(user).exists()


def staff_lag(request: HttpRequest) -> LocalActionGroup:
    lag = current_lag(request)
    if not can_manage_projects(request.user, lag):
        raise Http404
    return lag


def get_project_for_work(request: HttpRequest, pk: int) -> Project:
    """The project for its promoter or LAG staff; 404 for anyone else."""
    project = get_object_or_404(
        Project.objects.select_related("lag", "promoter", "measure", "proposal"),
        pk=pk,
        lag=current_lag(request),
    )
    if not can_work_on(request.user, project):
        raise Http404
    return project


def get_report_for_work(request: HttpRequest, pk: int) -> Report:
    lag = current_lag(request)
    report = statements.get_or_404(
        ("report", pk, lag.pk),
        lambda: Report.objects.select_related(
            "project__lag", "project__promoter", "project__measure", "project__proposal"
        ).filter(pk=pk, project__lag=lag),
    )
    if not can_work_on(request.user, report.project):
        raise Http404
    return report


def get_attachment_for_work(request: HttpRequest, pk: int, attachment: int) -> ReportAttachment:
    report = get_report_for_work(request, pk)
    return get_object_or_404(
        ReportAttachment.objects.select_related("report__project"), pk=attachment, report=report
    )


def get_participant_for_work(request: HttpRequest, pk: int) -> Participant:
    participant = get_object_or_404(
        Participant.objects.select_related("project__lag", "project__promoter"),
        pk=pk,
        project__lag=current_lag(request),
    )
    if not can_work_on(request.user, participant.project):
        raise Http404
    return participant
