"""What an applicant does: start a proposal, fill its sections, check it, submit it,
download the receipt, withdraw it, and see all of their organisations' proposals."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib import statements
from telka.lib.pdf import pdf_response
from telka.lib.workflow import Refused

from .. import workflow
from ..checks import proposal_problems, signed_files
from ..forms.proposal import ApplyForm, WithdrawForm
from ..models import Proposal
from ..pdfs import receipt_filename, receipt_pdf
from ..permissions import (
    applicant_organisations,
    can_edit_proposal,
    can_submit_proposal,
    can_withdraw_proposal,
    get_proposal_for_applicant,
    get_public_call,
)
from ..sections import (
    ORDER,
    SECTION_TITLES,
    all_valid,
    get_section,
    next_slug,
    preview_budget,
)

log = logging.getLogger("django.request")


def section_url(proposal: Proposal, slug: str) -> str:
    return reverse("calls:proposal_section", args=[proposal.pk, slug])


def nav_items(proposal: Proposal) -> list[dict]:
    return [{"slug": s, "title": SECTION_TITLES[s], "url": section_url(proposal, s)} for s in ORDER]


def show_refusal(request: HttpRequest, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


def show_storage_failure(request: HttpRequest, error: OSError) -> None:
    """A file could not be written (disk full, storage down). The workflow function's
    transaction was rolled back, so the draft is as it was: say so, and log it for the
    administrator (mailed to ADMINS in production)."""
    log.error("File storage failed for %s: %s", request.path, error, exc_info=True)
    messages.error(
        request,
        _(
            "The server cannot store files right now. Nothing was lost: your draft is as "
            "you left it. Please try again in a few minutes; the LAG has been told."
        ),
    )


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a draft: choose the organisation and the measure."""
    call = get_public_call(request, pk)
    now = timezone.now()
    if not call.accepts_proposals(now):
        return render(request, "calls/apply.html", {"call": call, "closed": True, "now": now})
    organisations = applicant_organisations(request.user)
    allocations = call.allocations.select_related("measure")
    form = ApplyForm(request.POST or None, organisations=organisations, allocations=allocations)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = workflow.create_proposal(
                call=call,
                allocation=form.cleaned_data["allocation"],
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
            )
        except Refused as refusal:
            show_refusal(request, refusal)
            return redirect(call)
        messages.success(request, _("Your draft has been created. It is saved section by section."))
        return redirect(section_url(proposal, ORDER[0]))
    return render(
        request,
        "calls/apply.html",
        {"call": call, "form": form, "organisations": organisations, "now": now},
    )


def _section_states(proposal: Proposal) -> tuple[list[dict], list]:
    problems = proposal_problems(proposal)
    counts = {slug: 0 for slug in ORDER}
    for problem in problems:
        if problem.section in counts:
            counts[problem.section] += 1
    return [
        {
            "slug": s,
            "title": SECTION_TITLES[s],
            "problems": counts[s],
            "url": section_url(proposal, s),
        }
        for s in ORDER
    ], problems


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    sections, problems = _section_states(proposal) if proposal.is_editable else ([], [])
    submissions = list(proposal.submissions.prefetch_related("files"))
    return render(
        request,
        "calls/proposal_detail.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "sections": sections,
            "problems": problems,
            "submissions": submissions,
            "latest": submissions[-1] if submissions else None,
            "can_edit": can_edit_proposal(request.user, proposal),
            "can_withdraw": can_withdraw_proposal(request.user, proposal)
            and proposal.is_withdrawable(),
            "call_closed": proposal.call.has_closed(),
        },
    )


def _section_context(proposal: Proposal, slug: str, bound: dict) -> dict:
    return {
        "proposal": proposal,
        "call": proposal.call,
        "slug": slug,
        "title": SECTION_TITLES[slug],
        "forms": bound,
        "nav": nav_items(proposal),
        "next_slug": next_slug(slug),
    }


@login_required
def proposal_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Show one section of the draft; POST saves it (all of it, or nothing if invalid)."""
    proposal = get_proposal_for_applicant(request, pk)
    found = get_section(section)
    if found is None:
        raise Http404
    if not can_edit_proposal(request.user, proposal):
        messages.info(request, _("This proposal has been submitted and can no longer be edited."))
        return redirect(proposal)
    bound = found.build(proposal, request.POST if request.method == "POST" else None)
    if request.method == "POST" and all_valid(bound):
        try:
            workflow.save_draft(proposal=proposal, apply=lambda locked: found.save(locked, bound))
        except Refused as refusal:
            show_refusal(request, refusal)
            return redirect(proposal)
        messages.success(request, _("Saved."))
        target = next_slug(section) if "continue" in request.POST else section
        return redirect(
            section_url(proposal, target) if target else reverse("calls:proposal_check", args=[pk])
        )
    return render(
        request, f"calls/sections/{section}.html", _section_context(proposal, section, bound)
    )


@login_required
@require_POST
def budget_totals(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the budget totals for what is typed now, without saving anything."""
    proposal = get_proposal_for_applicant(request, pk)
    preview_budget(proposal, get_section("budget").build(proposal, request.POST))
    return render(
        request,
        "calls/includes/budget_totals.html",
        {"proposal": proposal, "allocation": proposal.allocation},
    )


@login_required
def proposal_check(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    if not proposal.is_editable:
        return redirect(proposal)
    # The checks and the signed files read these again and again: once each, their SQL
    # compiled once per proposal (telka/lib/statements.py).
    for relation in ("budget_lines", "attachments", "activities", "indicator_plans"):
        statements.prefetch(proposal, relation, ("proposal", relation, proposal.pk))
    problems = [
        {
            "message": p.message,
            "section": SECTION_TITLES.get(p.section, ""),
            "url": (section_url(proposal, p.section) + (f"#{p.field}" if p.field else ""))
            if p.section
            else "",
        }
        for p in proposal_problems(proposal)
    ]
    return render(
        request,
        "calls/proposal_check.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "problems": problems,
            "signed_files": signed_files(proposal),
            "nav": nav_items(proposal),
            "can_submit": can_submit_proposal(request.user, proposal),
        },
    )


def _show_submit_refusal(request: HttpRequest, proposal: Proposal, refusal: Refused) -> None:
    """The check page lists the proposal's problems itself: flash only the reasons it
    does not show (a closed call, a missing right), so nothing is said twice."""
    listed = {str(p.message) for p in proposal_problems(proposal)}
    extra = [reason for reason in refusal.reasons if str(reason) not in listed]
    if len(extra) < len(refusal.reasons):
        messages.error(request, _("The proposal was not submitted: fix what is listed below."))
    for reason in extra:
        messages.error(request, reason)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    try:
        proposal = workflow.submit_proposal(proposal=proposal, actor=request.user)
    except Refused as refusal:
        _show_submit_refusal(request, proposal, refusal)
        return redirect("calls:proposal_check", pk=pk)
    except OSError as error:
        show_storage_failure(request, error)
        return redirect("calls:proposal_check", pk=pk)
    messages.success(
        request,
        _(
            "Your proposal has been submitted and registered as %(number)s. The receipt is on its way by e-mail."
        )
        % {"number": proposal.reg_number},
    )
    return redirect(proposal)


@login_required
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_proposal(
                proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            show_refusal(request, refusal)
            return redirect(proposal)
        messages.success(request, _("The proposal has been withdrawn."))
        return redirect(proposal)
    return render(request, "calls/proposal_withdraw.html", {"proposal": proposal, "form": form})


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_applicant(request, pk)
    submission = proposal.submissions.order_by("version").first()
    if submission is None:
        raise Http404
    language = request.LANGUAGE_CODE
    return pdf_response(
        receipt_pdf(submission, language), receipt_filename(submission, language), inline=False
    )


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    proposals = (
        Proposal.objects.for_user(request.user)
        .for_lag(current_lag(request))
        .select_related("call", "allocation__measure", "organisation")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(proposals, 20).get_page(request.GET.get("page"))
    return render(request, "calls/proposal_list.html", {"page_obj": page})
