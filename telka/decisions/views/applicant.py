"""Applicants see their decision notices (INV-27), file complaints within the window
(INV-29) and follow their way to the agency. Only their own, never another's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.lag.site import current_lag
from telka.lib.workflow import Refused

from .. import notices, workflow
from ..forms import ComplaintForm
from ..models import Complaint, Notice
from ..permissions import get_complaint_for_applicant, get_notice_for_applicant
from ..workflow.complaints import COMPLAINABLE
from ._common import show_refusal


@login_required
def my_decisions(request: HttpRequest) -> HttpResponse:
    """Every notice the applicant received, each with its date and what it said (its
    snapshot), not the proposal's status now: a proposal decided twice shows twice."""
    lag = current_lag(request)
    mine = {"proposal__organisation__memberships__user": request.user, "proposal__call__lag": lag}
    notices = (
        Notice.objects.filter(**mine)
        .select_related("proposal__award")
        .order_by("-sent_at", "-pk")[:50]
    )
    complaints = (
        Complaint.objects.filter(**mine).select_related("proposal").order_by("-filed_at")[:50]
    )
    today = timezone.localdate()
    return render(
        request,
        "decisions/my_decisions.html",
        {"notices": notices, "complaints": complaints, "today": today},
    )


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice as issued, from its snapshot; below it, what happened since (later
    notices, complaints) and the complaint route while this is the latest notice."""
    notice = get_notice_for_applicant(request, pk)
    proposal = notice.proposal
    later = list(
        proposal.notices.filter(sent_at__gte=notice.sent_at)
        .exclude(pk=notice.pk)
        .order_by("sent_at", "pk")
    )
    today = timezone.localdate()
    context = notices.context(notice.said) | {
        "notice": notice,
        "proposal": proposal,
        "later": later,
        "today": today,
        "complaints": proposal.complaints.all(),
        "can_complain": not later
        and notice.complaint_deadline >= today
        and proposal.status in COMPLAINABLE,
    }
    return render(request, "decisions/notice_detail.html", context)


@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF stored when the notice was issued, byte for byte."""
    notice = get_notice_for_applicant(request, pk)
    if not notice.pdf:
        raise Http404
    return FileResponse(
        notice.pdf.open("rb"), content_type="application/pdf", filename=notice.filename
    )


@login_required
def complain(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_notice_for_applicant(request, pk)
    proposal = notice.proposal
    form = ComplaintForm(request.POST or None, request.FILES or None, call=proposal.call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = workflow.file_complaint(
                proposal=proposal,
                actor=request.user,
                grounds=data["grounds"],
                criteria=list(data["criteria"]),
                text=data["text"],
                attachment=data["attachment"],
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request, _("Your complaint was filed. You will get a receipt by e-mail.")
            )
            return redirect(complaint)
    context = {
        "notice": notice,
        "proposal": proposal,
        "form": form,
        "deadline": workflow.complaint_deadline(proposal),
    }
    return render(
        request,
        "decisions/complaint_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_applicant(request, pk)
    return render(
        request, "decisions/complaint_detail.html", {"complaint": complaint, "staff": False}
    )
