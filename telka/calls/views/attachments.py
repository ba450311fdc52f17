"""Attachments of a draft: upload (streamed to disk, type checked by content), delete,
download; and downloads of the files kept with a submitted version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib.workflow import Refused

from .. import workflow
from ..forms.proposal import AttachmentForm
from ..models import Attachment, Proposal, SubmissionFile
from ..permissions import can_edit_proposal, can_view_proposal, get_proposal_for_applicant
from ..sections import ATTACHMENTS, SECTION_TITLES
from ..uploads import LimitedUploadHandler, sha256_of
from .applicant import nav_items, section_url, show_refusal, show_storage_failure


def _download(field, name: str, content_type: str) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


def _page(request: HttpRequest, proposal: Proposal, form: AttachmentForm, status: int = 200):
    return render(
        request,
        "calls/sections/attachments.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "slug": ATTACHMENTS,
            "title": SECTION_TITLES[ATTACHMENTS],
            "nav": nav_items(proposal),
            "form": form,
            "attachments": proposal.attachments.all(),
            "next_slug": None,
        },
        status=status,
    )


@login_required
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    if not can_edit_proposal(request.user, proposal):
        return redirect(proposal)
    return _page(request, proposal, AttachmentForm(proposal=proposal))


@csrf_exempt
@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Swap in the streaming, size-limited upload handler before anything reads the body
    (CSRF is checked right after, in _upload), as Django's upload-handler docs advise."""
    request.upload_handlers = [LimitedUploadHandler(request)]
    try:
        request.POST  # noqa: B018 — parse the body now, with the handler above
    except TooManyFilesSent:
        messages.error(request, _("Too many files at once: upload them in smaller groups."))
        return redirect(section_url(get_proposal_for_applicant(request, pk), ATTACHMENTS))
    return _upload(request, pk)


def _store(proposal: Proposal, form: AttachmentForm, user) -> int:
    for upload in form.cleaned_data["file"]:
        Attachment.objects.create(
            proposal=proposal,
            kind=form.cleaned_data["kind"],
            file=upload,
            original_name=upload.name[:255],
            content_type=upload.detected.content_type,
            size=upload.size,
            sha256=sha256_of(upload),
            uploaded_by=user,
        )
    return len(form.cleaned_data["file"])


@csrf_protect
def _upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    if not can_edit_proposal(request.user, proposal):
        return redirect(proposal)
    form = AttachmentForm(
        request.POST,
        request.FILES,
        proposal=proposal,
        oversized=getattr(request, "oversized_uploads", []),
    )
    if not form.is_valid():
        return _page(request, proposal, form)
    try:
        workflow.save_draft(
            proposal=proposal, apply=lambda locked: _store(locked, form, request.user)
        )
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect(proposal)
    except OSError as error:
        show_storage_failure(request, error)
        return redirect(section_url(proposal, ATTACHMENTS))
    messages.success(request, _("The files have been attached."))
    return redirect(section_url(proposal, ATTACHMENTS))


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    found = get_object_or_404(proposal.attachments, pk=attachment)
    try:
        workflow.save_draft(proposal=proposal, apply=lambda locked: _remove(found))
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect(proposal)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": found.original_name})
    return redirect(section_url(proposal, ATTACHMENTS))


def _remove(attachment: Attachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    proposal = get_proposal_for_applicant(request, pk)
    found = get_object_or_404(proposal.attachments, pk=attachment)
    return _download(found.file, found.original_name, found.content_type)


@login_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file as submitted to this LAG: for the applicant's organisation and the LAG's
    staff."""
    found = get_object_or_404(
        SubmissionFile.objects.select_related("submission__proposal__call__lag"),
        pk=pk,
        submission__proposal__call__lag=current_lag(request),
    )
    if not can_view_proposal(request.user, found.submission.proposal):
        raise Http404
    return _download(found.file, found.original_name, found.content_type)
