"""What the applicant sees: where their proposal stands, and the clarification request
with the form to correct exactly the listed parts. Never any score."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from telka.calls.models import Attachment, Proposal
from telka.calls.sections import SECTIONS, all_valid
from telka.lag.site import current_lag
from telka.lib.workflow import Refused

from .. import workflow
from ..forms import CorrectionForm
from ..models import Clarification, ClarificationStatus
from ..permissions import get_clarification_for_applicant
from ..progress import applicant_steps
from .common import show_refusal


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "allocation__measure", "organisation"),
        pk=pk,
        organisation__memberships__user=request.user,
        call__lag=current_lag(request),
        reg_number__isnull=False,
    )
    clarifications = Clarification.objects.filter(check_run__proposal=proposal).prefetch_related(
        "deficiencies__item"
    )
    return render(
        request,
        "evaluation/status.html",
        {
            "proposal": proposal,
            "steps": applicant_steps(proposal),
            "clarifications": clarifications,
            # The board's notices, each as issued (decisions app): newest first.
            "notices": proposal.notices.order_by("-sent_at", "-pk"),
        },
    )


def _forms(clarification, data=None, files=None):
    """The explanation form, and the calls app's own forms of each flagged part of the
    proposal form (only those parts can be corrected)."""
    deficiencies = list(clarification.deficiencies.select_related("item"))
    form = CorrectionForm(data, files, deficiencies=deficiencies, prefix="c")
    proposal = clarification.proposal
    flagged = {d.section for d in deficiencies}
    parts = [(s, s.build(proposal, data)) for s in SECTIONS if s.slug in flagged]
    return form, parts


def _valid(form, parts) -> bool:
    # Validate everything so that every form shows its errors, not only the first.
    return all([form.is_valid(), *[all_valid(bound) for _section, bound in parts]])


def _attachment(proposal, upload, kind, user) -> Attachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Attachment.objects.create(
        proposal=proposal,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )


def _applier(form, parts, user):
    """What submit_correction runs on the locked proposal: save the corrected parts with
    the calls app's section savers, store the new documents."""

    def apply(proposal):
        for section, bound in parts:
            section.save(proposal, bound)
        kind = {"budget": "budget", "applicant": "applicant"}
        return [
            _attachment(proposal, upload, kind.get(d.section, "other"), user)
            for d, upload in form.files_by_deficiency()
            if upload
        ]

    return apply


@login_required
def clarification(request: HttpRequest, pk: int) -> HttpResponse:
    """What to fix and by when; the correction form while the request is open."""
    clarification = get_clarification_for_applicant(request, pk)
    is_open = clarification.status == ClarificationStatus.OPEN
    form, parts = _forms(clarification, request.POST or None, request.FILES or None)
    if request.method == "POST" and is_open and _valid(form, parts):
        try:
            workflow.submit_correction(
                clarification=clarification,
                actor=request.user,
                responses=form.responses(),
                apply=_applier(form, parts, request.user),
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request, _("Your corrections were submitted. The LAG will continue the check.")
            )
            return redirect("evaluation:clarification", clarification.pk)
    return render(
        request,
        "evaluation/clarification.html",
        {
            "clarification": clarification,
            "proposal": clarification.proposal,
            "form": form,
            "parts": parts,
            "is_open": is_open,
        },
    )
