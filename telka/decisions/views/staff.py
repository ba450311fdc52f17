"""Staff handle complaints before the board and record the implementing agency's facts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.calls.models import ProposalStatus
from telka.lib.workflow import Refused

from .. import workflow
from ..forms import AgencyDecisionForm, AgreementForm, AppliedForm, ExaminationForm
from ..models import Award, Complaint
from ..permissions import get_award_for_staff, get_complaint_for_staff, staff_lag
from ._common import show_refusal


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    lag = staff_lag(request)
    queryset = Complaint.objects.filter(proposal__call__lag=lag).select_related(
        "proposal__call", "proposal__organisation"
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "decisions/complaint_list.html", {"page": page})


@login_required
def complaint_staff(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_staff(request, pk)
    form = ExaminationForm(
        request.POST or None, initial={"examination": complaint.staff_assessment}
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.register_complaint(
                complaint=complaint,
                actor=request.user,
                examination=form.cleaned_data["examination"],
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request, _("The complaint is registered; put it on a board meeting's agenda.")
            )
            return redirect("decisions:complaint_staff", complaint.pk)
    return render(
        request,
        "decisions/complaint_detail.html",
        {"complaint": complaint, "staff": True, "form": form},
    )


@login_required
def complaint_file(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_staff(request, pk)
    if not complaint.attachment:
        raise Http404
    return FileResponse(
        complaint.attachment.open("rb"), as_attachment=True, filename=complaint.attachment_name
    )


NEXT_FORM = {
    ProposalStatus.INVITED: AppliedForm,
    ProposalStatus.APPLIED: AgencyDecisionForm,
    ProposalStatus.AGENCY_APPROVED: AgreementForm,
}
AGENCY_STATES = [
    ProposalStatus.SELECTED,
    ProposalStatus.INVITED,
    ProposalStatus.APPLIED,
    ProposalStatus.AGENCY_APPROVED,
]


@login_required
def agency(request: HttpRequest) -> HttpResponse:
    lag = staff_lag(request)
    queryset = (
        Award.objects.filter(proposal__call__lag=lag)
        .select_related("proposal__call", "proposal__organisation", "proposal__allocation__measure")
        .order_by("-proposal__call__pk", "proposal__sequence")
    )
    if request.GET.get("all") != "1":
        queryset = queryset.filter(proposal__status__in=AGENCY_STATES)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    for award in page:
        # Each award's form carries the prefix its action view reads (a<pk>-field).
        form_class = NEXT_FORM.get(award.proposal.status)
        award.form = form_class(prefix=f"a{award.pk}") if form_class else None
    return render(request, "decisions/agency.html", {"page": page})


def _award_action(request: HttpRequest, pk: int, form_class, action, success: str) -> HttpResponse:
    award = get_award_for_staff(request, pk)
    form = form_class(request.POST, prefix=f"a{award.pk}") if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("decisions:agency")
    try:
        action(award, form.cleaned_data if form else {})
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, success % {"number": award.proposal.reg_number})
    return redirect("decisions:agency")


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_action(
        request,
        pk,
        None,
        lambda a, d: workflow.invite(proposal=a.proposal, actor=request.user),
        _("%(number)s was invited to apply to the agency."),
    )


@login_required
@require_POST
def applied(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_action(
        request,
        pk,
        AppliedForm,
        lambda a, d: workflow.record_application(proposal=a.proposal, actor=request.user, **d),
        _("%(number)s: the application was recorded."),
    )


@login_required
@require_POST
def did_not_apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_action(
        request,
        pk,
        None,
        lambda a, d: workflow.record_no_application(proposal=a.proposal, actor=request.user),
        _("%(number)s did not apply: the proposal lapsed and its amount returned."),
    )


@login_required
@require_POST
def agency_decision(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_action(
        request,
        pk,
        AgencyDecisionForm,
        lambda a, d: workflow.record_agency_decision(proposal=a.proposal, actor=request.user, **d),
        _("%(number)s: the agency's decision was recorded."),
    )


@login_required
@require_POST
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    return _award_action(
        request,
        pk,
        AgreementForm,
        lambda a, d: workflow.record_agreement(proposal=a.proposal, actor=request.user, **d),
        _("%(number)s: the grant agreement was recorded."),
    )
