"""Annual implementation reports: staff generate and approve them; an approved report
is public (page, PDF, XLSX); a draft is known only to LAG staff (404 for others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib.pdf import pdf_response
from telka.lib.workflow import Refused
from telka.lib.xlsx import XLSX_TYPE
from telka.strategy.models import Strategy, StrategyStatus

from ..annual import annual_pdf, annual_xlsx
from ..forms import ApproveAnnualReportForm, GenerateAnnualReportForm
from ..models import AnnualReport, AnnualReportStatus
from ..permissions import can_manage_annual_reports
from ..workflow.annual import approve_annual_report, generate_annual_report


def _staff_lag(request: HttpRequest):
    lag = current_lag(request)
    if not can_manage_annual_reports(request.user, lag):
        raise Http404("Not LAG staff.")
    return lag


def get_annual_report(request: HttpRequest, pk: int) -> AnnualReport:
    """An approved report for anyone; a draft for LAG staff only (404 otherwise)."""
    lag = current_lag(request)
    report = (
        AnnualReport.objects.filter(pk=pk, strategy__lag=lag).select_related("strategy").first()
    )
    if report is None:
        raise Http404("No such annual report.")
    if report.status != AnnualReportStatus.APPROVED and not can_manage_annual_reports(
        request.user, lag
    ):
        raise Http404("Draft annual reports are for LAG staff.")
    return report


def _strategies(lag):
    return (
        Strategy.objects.filter(lag=lag).exclude(status=StrategyStatus.DRAFT).order_by("-version")
    )


@login_required
def annual_list(request: HttpRequest) -> HttpResponse:
    """Staff: every annual report, and the form to generate one."""
    lag = _staff_lag(request)
    strategies = _strategies(lag)
    form = GenerateAnnualReportForm(request.POST or None, strategies=strategies)
    if request.method == "POST" and form.is_valid():
        try:
            report = generate_annual_report(
                strategy=form.cleaned_data["strategy"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except Refused as refusal:
            for reason in refusal.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The report's figures were generated."))
            return redirect("monitoring:annual", pk=report.pk)
    reports = AnnualReport.objects.filter(strategy__lag=lag).select_related("strategy")
    return render(
        request,
        "monitoring/annual_list.html",
        {"reports": reports.order_by("-year", "-strategy__version"), "form": form},
    )


def annual_detail(request: HttpRequest, pk: int, approve_form=None) -> HttpResponse:
    report = get_annual_report(request, pk)
    can_manage = can_manage_annual_reports(request.user, report.strategy.lag)
    if can_manage and report.status == AnnualReportStatus.DRAFT and approve_form is None:
        approve_form = ApproveAnnualReportForm()
    context = {
        "report": report,
        "figures": report.figures,
        "can_manage": can_manage,
        "approve_form": approve_form,
    }
    return render(request, "monitoring/annual_detail.html", context)


@login_required
@require_POST
def annual_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_lag(request)
    report = get_annual_report(request, pk)
    try:
        generate_annual_report(strategy=report.strategy, year=report.year, actor=request.user)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The report's figures were generated."))
    return redirect("monitoring:annual", pk=report.pk)


@login_required
@require_POST
def annual_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_lag(request)
    report = get_annual_report(request, pk)
    form = ApproveAnnualReportForm(request.POST)
    if not form.is_valid():
        return annual_detail(request, pk, approve_form=form)
    try:
        approve_annual_report(
            report=report,
            actor=request.user,
            approved_on=form.cleaned_data["approved_on"],
            minutes_number=form.cleaned_data["minutes_number"],
        )
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return annual_detail(request, pk, approve_form=form)
    messages.success(request, _("The general meeting's approval was recorded."))
    return redirect("monitoring:annual", pk=report.pk)


def annual_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    data, filename = annual_pdf(get_annual_report(request, pk))
    return pdf_response(data, filename)


def annual_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    data, filename = annual_xlsx(get_annual_report(request, pk))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
