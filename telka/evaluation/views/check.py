"""Staff pages of the formal check: the calls, a call's proposals, the checklist
of a call, and one proposal's check with its decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus, ProposalStatus
from telka.lib import statements
from telka.lib.workflow import Refused

from .. import workflow
from ..checklist import Section, ensure_checklist
from ..forms import ChecklistAnswersForm, ChecklistItemForm, ClarificationForm, RejectForm
from ..models import AdminCheck, ChecklistItem, Deficiency, Verdict
from ..panels import STAFF_TASKS, staff_tasks
from ..permissions import (
    assessor_only,
    get_call_for_staff,
    get_proposal_for_staff,
    staff_lag,
)
from ..queries import evaluation_proposals, needing_assessors
from .common import show_refusal
from .designation import designation_context

EVALUATED_CALL_STATES = CallStatus.FINISHED_STATES


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Calls whose proposals are being checked, assessed or decided. An assessor who is
    not staff is sent to their own assessments."""
    if assessor_only(request):
        return redirect("evaluation:workspace")
    lag = staff_lag(request)
    calls = (
        Call.objects.for_lag(lag)
        .filter(status__in=EVALUATED_CALL_STATES)
        .annotate(
            registered=Count("proposals", filter=Q(proposals__reg_number__isnull=False)),
            in_check=Count(
                "proposals",
                filter=Q(proposals__status__in=["registered", "admin_check", "clarification"]),
            ),
            ranked=Count("proposals", filter=Q(proposals__status=ProposalStatus.RANKED)),
        )
        .order_by("-closes_at", "-pk")
    )
    page = Paginator(calls, 20).get_page(request.GET.get("page"))
    return render(request, "evaluation/call_list.html", {"page_obj": page, "calls": page})


TASK_TITLES = {
    "check": gettext_lazy("Proposals waiting for or in the formal check"),
    "clarification": gettext_lazy("Clarification requests waiting for the applicant"),
    "assign": gettext_lazy("Proposals needing assessors"),
}


@login_required
def tasks(request: HttpRequest, kind: str) -> HttpResponse:
    """One kind of staff work waiting, across the LAG's calls (linked from the counts on
    the staff home), each proposal with a link to its next step."""
    lag = staff_lag(request)
    if kind not in STAFF_TASKS:
        raise Http404
    proposals = (
        staff_tasks(lag, kind)
        .select_related("call", "organisation", "allocation__measure")
        .order_by("call__closes_at", "call__pk", "sequence")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/tasks.html",
        {"page_obj": page, "kind": kind, "title": TASK_TITLES[kind]},
    )


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's registered proposals, searchable and filtered by status, with the tasks."""
    call = get_call_for_staff(request, pk)
    proposals = evaluation_proposals(call)
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    proposals = proposals.search(request.GET.get("q", ""))
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    tasks = needing_assessors(evaluation_proposals(call))[:20]
    counts = dict(call.proposals.registered().values_list("status").annotate(n=Count("pk")))
    statuses = [
        (value, label, counts.get(value, 0))
        for value, label in ProposalStatus.choices
        if counts.get(value)
    ]
    return render(
        request,
        "evaluation/call_detail.html",
        {
            "call": call,
            "page_obj": page,
            "tasks": tasks,
            "statuses": statuses,
            "status": status,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """The call's checklist: add and edit items; delete those not yet answered."""
    call = get_call_for_staff(request, pk)
    form = ChecklistItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.call = call
        if call.checklist_items.filter(code=item.code).exists():
            form.add_error("code", _("This code is already used in the checklist."))
        else:
            item.save()
            AuditEvent.objects.record(
                action="checklist.item_added", obj=call, actor=request.user, code=item.code
            )
            messages.success(request, _("The item was added to the checklist."))
            return redirect("evaluation:checklist", call.pk)
    items = ensure_checklist(call)
    used = set(Deficiency.objects.filter(item__call=call).values_list("item_id", flat=True))
    used |= set(call.checklist_items.filter(answers__verdict__gt="").values_list("pk", flat=True))
    return render(
        request,
        "evaluation/checklist.html",
        {
            "call": call,
            "items": items,
            "used": used,
            "form": form,
            "sections": dict(Section.choices),
        },
    )


@login_required
@require_POST
def delete_checklist_item(request: HttpRequest, pk: int) -> HttpResponse:
    lag = staff_lag(request)
    item = get_object_or_404(ChecklistItem, pk=pk, call__lag=lag)
    if item.answers.exclude(verdict="").exists():
        messages.error(request, _("This item has been answered in a check and is kept."))
    else:
        item.answers.all().delete()
        item.delete()
        AuditEvent.objects.record(
            action="checklist.item_deleted", obj=item.call, actor=request.user, code=item.code
        )
        messages.success(request, _("The item was removed from the checklist."))
    return redirect("evaluation:checklist", item.call_id)


def _check_context(proposal, check, form=None, clarify=None, reject_form=None) -> dict:
    # Each answer says whether its item already had a clarification round (a deficiency).
    # The page's queries are compiled once per check (telka/lib/statements.py).
    deficient = Deficiency.objects.filter(check_run=check, item=OuterRef("item"))
    answers = (
        statements.fetch_objects(
            ("check-answers", check.pk),
            lambda: check.answers.select_related("item").annotate(clarified=Exists(deficient)),
        )
        if check
        else []
    )
    clarified = {a.item_id for a in answers if a.clarified}
    failed = [a for a in answers if a.verdict == Verdict.FAIL and a.item_id not in clarified]
    items = [a.item for a in answers]
    is_open = proposal.status == ProposalStatus.ADMIN_CHECK
    return {
        "proposal": proposal,
        "check": check,
        "form": form
        or (
            ChecklistAnswersForm(items=items, answers=answers, disabled=not is_open)
            if check
            else None
        ),
        "clarify_form": clarify or ClarificationForm(failed=failed),
        "reject_form": reject_form or RejectForm(),
        "failed": failed,
        "clarified": clarified,
        "clarifications": _clarifications(check) if check else [],
        "submissions": statements.fetch_objects(
            ("submissions", proposal.pk), lambda: proposal.submissions.order_by("version")
        ),
        "is_open": is_open,
        **designation_context(proposal),
    }


def _clarifications(check) -> list:
    found = statements.fetch_objects(
        ("check-clarifications", check.pk), lambda: check.clarifications.all()
    )
    prefetch_related_objects(found, "deficiencies__item")
    return found


def _check_of(proposal) -> AdminCheck | None:
    return statements.first(
        ("admin-check", proposal.pk), lambda: AdminCheck.objects.filter(proposal=proposal)
    )


@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """One proposal's formal check: the checklist, then clarification, rejection or eligibility."""
    proposal = get_proposal_for_staff(request, pk)
    check = _check_of(proposal)
    if request.method != "POST" or check is None:
        return render(request, "evaluation/check.html", _check_context(proposal, check))
    answers = list(check.answers.select_related("item"))
    form = ChecklistAnswersForm(request.POST, items=[a.item for a in answers], answers=answers)
    if form.is_valid():
        try:
            workflow.record_answers(proposal=proposal, actor=request.user, answers=form.answers())
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The checklist was saved."))
            return redirect("evaluation:check", proposal.pk)
    return render(request, "evaluation/check.html", _check_context(proposal, check, form=form))


@login_required
@require_POST
def start_check(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    try:
        workflow.start_check(proposal=proposal, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The formal check has started."))
    return redirect("evaluation:check", proposal.pk)


@login_required
@require_POST
def request_clarification(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    check = _check_of(proposal)
    context = _check_context(proposal, check)
    form = ClarificationForm(request.POST, failed=context["failed"])
    if form.is_valid():
        deficiencies = [workflow.DeficiencyInput(*row) for row in form.deficiencies()]
        try:
            clarification = workflow.request_clarification(
                proposal=proposal,
                actor=request.user,
                deficiencies=deficiencies,
                message=form.cleaned_data["message"],
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request,
                _("The applicant was asked to correct the deficiencies by %(day)s.")
                % {"day": clarification.due_on},
            )
            return redirect("evaluation:check", proposal.pk)
    return render(
        request, "evaluation/check.html", _check_context(proposal, check, clarify=form), status=400
    )


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            workflow.reject(
                proposal=proposal, actor=request.user, reasons=form.cleaned_data["reasons"]
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The proposal was rejected and the applicant informed."))
            return redirect("evaluation:check", proposal.pk)
    return render(
        request,
        "evaluation/check.html",
        _check_context(proposal, _check_of(proposal), reject_form=form),
        status=400,
    )


@login_required
@require_POST
def declare_eligible(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request, pk)
    try:
        workflow.declare_eligible(proposal=proposal, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return redirect("evaluation:check", proposal.pk)
    messages.success(request, _("The proposal is eligible. Assign its assessors."))
    return redirect("evaluation:assessors", proposal.pk)
