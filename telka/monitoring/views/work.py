"""The promoter's and the staff's working pages: my projects, a project with its
reports and milestones, a report (the promoter's form, or the staff's review), and the
report's attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from telka.calls.uploads import ACCEPT_ATTRIBUTE, LimitedUploadHandler
from telka.decisions.views._common import show_refusal
from telka.lib import statements
from telka.lib.workflow import Refused

from ..forms import (
    AcceptForm,
    MilestoneForm,
    ReportAttachmentForm,
    ReportForm,
    ReturnForm,
    TerminateForm,
)
from ..models import Expenditure, IndicatorValue, Milestone, Project, Report
from ..permissions import (
    can_edit_report,
    can_manage_projects,
    can_review_report,
    get_attachment_for_work,
    get_project_for_work,
    get_report_for_work,
)
from ..workflow import projects as project_flow
from ..workflow import reports as report_flow
from .staff import with_report_counts


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    projects = with_report_counts(
        Project.objects.of_promoter(request.user).distinct(), timezone.localdate()
    ).select_related("promoter", "measure")
    page = Paginator(projects.order_by("-starts_on", "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "monitoring/my_projects.html", {"page_obj": page})


@login_required
def work(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    is_staff = can_manage_projects(request.user, project.lag)
    reports = list(project.reports.all())
    today = timezone.localdate()
    for report in reports:
        report.overdue = report.is_overdue(today)
    paid = sum((r.paid_amount for r in reports if r.status == "accepted"), 0)
    return render(
        request,
        "monitoring/work.html",
        {
            "project": project,
            "reports": reports,
            "milestones": project.milestones.all(),
            "participant_count": project.participants.count(),
            "is_staff": is_staff,
            "running": project.status == "in_implementation",
            "paid": paid,
            "milestone_form": MilestoneForm(initial={"done_on": today}),
            "terminate_form": TerminateForm() if is_staff else None,
            "today": today,
        },
    )


@login_required
@require_POST
def milestone_reached(request: HttpRequest, pk: int, milestone: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    found = get_object_or_404(Milestone, pk=milestone, project=project)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the milestone was reached."))
        return redirect("monitoring:work", project.pk)
    try:
        project_flow.reach_milestone(
            milestone=found, actor=request.user, done_on=form.cleaned_data["done_on"]
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The milestone is marked as reached."))
    return redirect("monitoring:work", project.pk)


def _report_context(
    request: HttpRequest,
    report: Report,
    form: ReportForm | None,
    files: ReportAttachmentForm | None = None,
) -> dict:
    project = report.project
    plans = form.plans if form else _plans(report)
    lines = form.lines if form else _lines(report)
    reviewing = can_review_report(request.user, report)
    return {
        "report": report,
        "project": project,
        "form": form,
        "achieved": {p.indicator_id: p.achieved for p in plans if p.achieved is not None},
        "spent": {line.pk: line.spent for line in lines if line.spent is not None},
        "plans": plans,
        "lines": lines,
        "values": {p.indicator_id: p.own for p in plans if p.own is not None},
        "expenditure": {line.pk: line.own for line in lines if line.own is not None},
        "attachments": statements.fetch_objects(
            ("report-attachments", report.pk), report.attachments.all
        ),
        "attachment_form": (files or ReportAttachmentForm(report=report)) if form else None,
        "accept_form": AcceptForm(prefix="accept") if reviewing else None,
        "return_form": ReturnForm(prefix="return") if reviewing else None,
        "overdue": report.is_overdue(),
        "accept_types": ACCEPT_ATTRIBUTE,
    }


def _plans(report: Report) -> list:
    """The project's indicators, each with the report's own value (`own`) and what the
    project's other accepted reports achieved (`achieved`), in one query."""

    def build():
        values = IndicatorValue.objects.filter(indicator=OuterRef("indicator"))
        before = values.filter(report__project=report.project).exclude(report=report).accepted()
        return report.project.indicators.select_related("indicator").annotate(
            own=Subquery(values.filter(report=report).values("value")[:1]),
            achieved=Subquery(before.values("indicator").annotate(t=Sum("value")).values("t")),
        )

    return statements.fetch_objects(("report-plans", report.pk), build)


def _lines(report: Report) -> list:
    """The budget lines, each with the report's own expenditure (`own`) and what the
    project's other submitted or accepted reports spent (`spent`), in one query."""

    def build():
        amounts = Expenditure.objects.filter(budget_line=OuterRef("pk"))
        before = amounts.filter(
            report__project=report.project, report__status__in=["submitted", "accepted"]
        ).exclude(report=report)
        return report.project.proposal.budget_lines.annotate(
            own=Subquery(amounts.filter(report=report).values("amount")[:1]),
            spent=Subquery(before.values("budget_line").annotate(t=Sum("amount")).values("t")),
        )

    return statements.fetch_objects(("report-lines", report.pk), build)


def _form(report: Report, data=None) -> ReportForm:
    plans, lines = _plans(report), _lines(report)
    return ReportForm(
        data,
        report=report,
        plans=plans,
        lines=lines,
        values={p.indicator_id: p.own for p in plans if p.own is not None},
        spent={line.pk: line.own for line in lines if line.own is not None},
    )


@csrf_exempt
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the report (with the form for its promoter while it is open). POST: the one
    report form, with its files: save the draft, attach files, remove one, or submit.
    Uploads are streamed to disk with the per-file limit before anything reads the body;
    CSRF is checked right after, in _report, as the calls app does."""
    if request.method == "POST":
        request.upload_handlers = [LimitedUploadHandler(request)]
        try:
            request.POST  # noqa: B018 — parse the body now, with the handler above
        except TooManyFilesSent:
            messages.error(request, _("Too many files at once: upload them in smaller groups."))
            return redirect("monitoring:report", pk)
    return _report(request, pk)


@csrf_protect
def _report(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_report_for_work(request, pk)
    editable = can_edit_report(request.user, found)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This report cannot be changed now."))
            return redirect(found)
        return _post_report(request, found)
    form = _form(found) if editable else None
    return render(request, "monitoring/report.html", _report_context(request, found, form))


def _files_form(request: HttpRequest, report: Report) -> ReportAttachmentForm | None:
    """The attachment part of the form, when files were chosen or "Attach" pressed."""
    oversized = getattr(request, "oversized_uploads", [])
    if not (request.FILES or oversized or "attach" in request.POST):
        return None
    return ReportAttachmentForm(request.POST, request.FILES, report=report, oversized=oversized)


def _post_report(request: HttpRequest, found: Report) -> HttpResponse:
    """Nothing typed is lost: every button saves the draft with the chosen files first; a
    refused or invalid post shows the page again with what was typed."""
    form = _form(found, request.POST)
    files = _files_form(request, found)
    if form.is_valid() and (files is None or files.is_valid()):
        try:
            done = _apply(request, found, form, files)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, done)
            return redirect(found)
    context = _report_context(request, found, form, files)
    return render(request, "monitoring/report.html", context)


def _apply(request: HttpRequest, found: Report, form: ReportForm, files) -> str:
    chosen = files.cleaned_data["file"] if files else []
    removed = _removed_attachment(request, found)
    data = form.to_input()
    if "submit" in request.POST and not chosen:
        report_flow.submit_report(report=found, actor=request.user, data=data)
        return _("The report is submitted; the LAG will review it.")
    report_flow.save_report(report=found, actor=request.user, data=data, files=chosen)
    if removed:
        report_flow.remove_attachment(attachment=removed, actor=request.user)
        return _("“%(name)s” has been removed; the report is saved.") % {"name": removed.name}
    if "submit" in request.POST:
        report_flow.submit_report(report=found, actor=request.user)
        return _("The report is submitted; the LAG will review it.")
    if chosen:
        return _("The files have been attached and the report is saved.")
    return _("The report is saved; you can continue later.")


def _removed_attachment(request: HttpRequest, found: Report):
    value = request.POST.get("remove", "")
    return get_attachment_for_work(request, found.pk, int(value)) if value.isdigit() else None


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    found = get_attachment_for_work(request, pk, attachment)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type or "application/octet-stream",
    )
