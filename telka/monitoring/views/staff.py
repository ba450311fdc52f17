"""LAG staff: the list of projects, contracted proposals waiting to start, starting a
project, reviewing reports and closing projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.calls.models import Proposal, ProposalStatus
from telka.decisions.views._common import show_refusal
from telka.lib.workflow import Refused

from ..forms import AcceptForm, ProjectFilterForm, ReturnForm, StartProjectForm, TerminateForm
from ..models import Project, ReportStatus
from ..permissions import get_project_for_work, get_report_for_work, staff_lag
from ..workflow import projects as project_flow
from ..workflow import reports as report_flow
from .public import search_projects

PER_PAGE = 25


def with_report_counts(queryset, today):
    return queryset.annotate(
        overdue_count=Count(
            "reports",
            filter=Q(reports__status__in=ReportStatus.OPEN, reports__due_on__lt=today),
        ),
        submitted_count=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    lag = staff_lag(request)
    today = timezone.localdate()
    projects = with_report_counts(Project.objects.filter(lag=lag), today)
    form = ProjectFilterForm(request.GET or None)
    if form.is_valid():
        projects = search_projects(projects, form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            projects = projects.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["overdue"]:
            projects = projects.filter(overdue_count__gt=0)
        if form.cleaned_data["to_review"]:
            projects = projects.filter(submitted_count__gt=0)
    projects = projects.select_related("promoter", "measure").order_by("-starts_on", "number")
    waiting = Proposal.objects.filter(
        call__lag=lag, status=ProposalStatus.CONTRACTED, project__isnull=True
    ).count()
    return render(
        request,
        "monitoring/manage.html",
        {
            "page_obj": Paginator(projects, PER_PAGE).get_page(request.GET.get("page")),
            "form": form,
            "waiting": waiting,
        },
    )


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Contracted proposals that are not projects yet."""
    lag = staff_lag(request)
    proposals = (
        Proposal.objects.filter(
            call__lag=lag, status=ProposalStatus.CONTRACTED, project__isnull=True
        )
        .select_related("organisation", "call", "allocation__measure", "award")
        .order_by("call__pk", "sequence")
    )
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "monitoring/waiting.html", {"page_obj": page})


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    lag = staff_lag(request)
    proposal = get_object_or_404(
        Proposal.objects.select_related("organisation", "call", "allocation__measure"),
        pk=pk,
        call__lag=lag,
    )
    if proposal.status != ProposalStatus.CONTRACTED:
        messages.error(request, _("Only a contracted proposal can become a project."))
        return redirect("monitoring:waiting")
    form = StartProjectForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_flow.start_project(
                proposal=proposal,
                actor=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                report_every_months=data["report_every_months"],
                due_days=data["due_days"],
                summary=data["summary"],
                milestones=data["milestones"],
                planned=form.planned(),
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The project is in implementation; the promoter is told."))
            return redirect("monitoring:work", project.pk)
    grant, number = project_flow.grant_of(proposal)
    return render(
        request,
        "monitoring/start.html",
        {"proposal": proposal, "form": form, "grant": grant, "number": number},
    )


def _review(request: HttpRequest, pk: int):
    report = get_report_for_work(request, pk)
    staff_lag(request)
    return report


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _review(request, pk)
    form = AcceptForm(request.POST, prefix="accept")
    if not form.is_valid():
        for errors in form.errors.values():
            show_refusal(request, Refused(*errors))
        return redirect(report)
    try:
        report_flow.accept_report(
            report=report,
            actor=request.user,
            paid_amount=form.cleaned_data["paid_amount"],
            comment=form.cleaned_data["comment"],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The report is accepted; the promoter is told."))
    return redirect(report)


@login_required
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    report = _review(request, pk)
    form = ReturnForm(request.POST, prefix="return")
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        report_flow.return_report(report=report, actor=request.user, comment=comment)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The report is returned with your comments."))
    return redirect(report)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    staff_lag(request)
    try:
        project_flow.complete_project(project=project, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The project is completed."))
    return redirect("monitoring:work", project.pk)


@login_required
@require_POST
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    staff_lag(request)
    form = TerminateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        project_flow.terminate_project(project=project, actor=request.user, reason=reason)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The project is terminated."))
    return redirect("monitoring:work", project.pk)
