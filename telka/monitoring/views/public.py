"""Public pages: the list of funded projects and a project's page. Only aggregates of
participants are shown, never a name, contact or year of birth (INV-34)."""

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.strategy.models import Measure

from ..forms import PublicFilterForm
from ..models import IndicatorValue, LabourStatus, Participant, Project, ReportStatus

PER_PAGE = 20


def search_projects(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(title__icontains=text)
        | Q(number__icontains=text)
        | Q(promoter__name__icontains=text)
        | Q(proposal__reg_number__icontains=text)
    )


@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    projects = Project.objects.public().filter(lag=lag)
    measures = Measure.objects.filter(pk__in=projects.values("measure")).order_by("code")
    form = PublicFilterForm(request.GET or None, measures=measures)
    if form.is_valid():
        projects = search_projects(projects, form.cleaned_data["q"])
        if form.cleaned_data["measure"]:
            projects = projects.filter(measure=form.cleaned_data["measure"])
    projects = projects.select_related("promoter", "measure").order_by("-starts_on", "number")
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "monitoring/project_list.html", {"page_obj": page, "form": form})


def participant_figures(project: Project) -> dict:
    """Counts only: how many took part, left, and whose situation improved six months
    after leaving (ESF result indicator). No row of personal data leaves this function."""
    rows = Participant.objects.filter(project=project).values_list(
        "status_at_entry", "exited_on", "status_after_six_months"
    )
    figures = {"total": 0, "exited": 0, "followed_up": 0, "improved": 0}
    for entry, exited, after in rows:
        figures["total"] += 1
        figures["exited"] += exited is not None
        if after:
            figures["followed_up"] += 1
            probe = Participant(status_at_entry=entry, status_after_six_months=after)
            figures["improved"] += probe.improved_after_six_months
    figures["unemployed_at_entry"] = Participant.objects.filter(
        project=project,
        status_at_entry__in=[LabourStatus.UNEMPLOYED, LabourStatus.LONG_TERM_UNEMPLOYED],
    ).count()
    return figures


def indicator_progress(project: Project) -> list[dict]:
    """Planned, achieved (accepted reports only) and the share, per indicator."""
    achieved = IndicatorValue.objects.filter(report__project=project).achieved_by_indicator()
    rows = []
    for plan in project.indicators.select_related("indicator"):
        done = achieved.get(plan.indicator_id) or 0
        share = (done / plan.planned_value) if plan.planned_value else None
        rows.append(
            {
                "indicator": plan.indicator,
                "planned": plan.planned_value,
                "achieved": done,
                "share": share,
                "meter": min(share * 100, 100) if share is not None else 0,
            }
        )
    return rows


@public_page
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.public().select_related("promoter", "measure", "strategy", "lag"),
        pk=pk,
        lag=current_lag(request),
    )
    reports = project.reports.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        paid=Sum("paid_amount", filter=Q(status=ReportStatus.ACCEPTED)),
    )
    return render(
        request,
        "monitoring/project_detail.html",
        {
            "project": project,
            "indicators": indicator_progress(project),
            "milestones": project.milestones.all(),
            "participants": participant_figures(project),
            "reports": reports,
        },
    )
