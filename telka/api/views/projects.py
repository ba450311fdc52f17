"""Projects in implementation: public summary, promoter organisation, money, dates,
status, and per indicator the planned value and what accepted reports achieved.
Participants are never published, not even counted per project (INV-34)."""

from collections import defaultdict
from decimal import Decimal
from typing import Literal

from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from telka.lag.site import current_lag
from telka.monitoring.models import IndicatorValue, Project, ProjectIndicator, ProjectStatus

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import ProjectIndicatorOut, ProjectOut, value

router = Router(tags=[gettext_noop("projects")])


class ProjectFilters(Schema):
    status: Literal[tuple(ProjectStatus.values)] | None = Field(
        None, description=gettext_noop("e.g. completed.")
    )
    measure_code: str | None = Field(
        None, max_length=20, description=gettext_noop("Strategy measure, e.g. 1.1.1")
    )


def _projects(request: HttpRequest, filters: ProjectFilters | None = None):
    projects = Project.objects.public().filter(lag=current_lag(request))
    if filters and filters.status:
        projects = projects.filter(status=filters.status)
    if filters and filters.measure_code:
        projects = projects.filter(measure__code=filters.measure_code)
    return (
        projects.select_related("promoter", "measure", "proposal__call")
        # Only what ProjectOut shows: whole proposals and calls are wide rows.
        .only(
            "lag_id",
            "number",
            "title",
            "summary",
            "starts_on",
            "ends_on",
            "total_cost",
            "grant_amount",
            "status",
            "closed_on",
            "proposal__call__number",
            "promoter__name",
            "promoter__legal_code",
            "measure__code",
        )
        .order_by("-starts_on", "number", "pk")
    )


def _achieved(project_ids) -> dict[tuple[int, int], Decimal]:
    """{(project id, indicator id): sum of accepted reports' values}: one query."""
    rows = (
        IndicatorValue.objects.accepted()
        .filter(report__project__in=project_ids)
        .values("report__project", "indicator")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(r["report__project"], r["indicator"]): r["total"] for r in rows}


def _indicator_rows(plans, achieved) -> list[dict]:
    return [
        {
            "project_id": plan.project_id,
            "indicator_code": plan.indicator.code,
            "indicator_name": plan.indicator.name,
            "unit": plan.indicator.unit,
            "planned": plan.planned_value,
            "achieved": value(achieved.get((plan.project_id, plan.indicator_id))),
        }
        for plan in plans
    ]


def _with_indicators(projects: list[Project]) -> list[Project]:
    """Attach `indicators` (planned and achieved) to each project: two queries."""
    ids = [p.pk for p in projects]
    plans = ProjectIndicator.objects.filter(project__in=ids).select_related("indicator")
    rows = defaultdict(list)
    for row in _indicator_rows(plans, _achieved(ids)):
        rows[row["project_id"]].append(row)
    for project in projects:
        project.indicators_out = rows[project.pk]
    return projects


@router.get("/projects", response=paged(ProjectOut), summary=gettext_noop("Projects"))
@decorate_view(cached)
def projects(request: HttpRequest, params: Query[PageParams], filters: Query[ProjectFilters]):
    """Funded projects, latest start first, with planned and achieved indicator values
    (achieved: the sum of the project's accepted reports)."""
    return page_of(request, _projects(request, filters), params, _with_indicators)


@router.get("/projects.csv", summary=gettext_noop("Projects (CSV)"), openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def projects_csv(request: HttpRequest, filters: Query[ProjectFilters]):
    """All projects, one row each (indicators: project-indicators.csv)."""
    return csv_response(request, "projects.csv", ProjectOut, _projects(request, filters))


@router.get(
    "/project-indicators.csv",
    summary=gettext_noop("Planned and achieved indicators of projects (CSV)"),
    openapi_extra=CSV_RESPONSE,
)
@decorate_view(cached)
def project_indicators_csv(request: HttpRequest):
    projects = _projects(request)
    plans = (
        ProjectIndicator.objects.filter(project__in=projects.values("pk"))
        .select_related("indicator")
        .order_by("project_id", "indicator__code")
    )
    achieved = _achieved(projects.values("pk"))
    return csv_response(
        request, "project-indicators.csv", ProjectIndicatorOut, _indicator_rows(plans, achieved)
    )
