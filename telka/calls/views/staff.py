"""The staff area for calls: prepare a call (conditions, money per measure, criteria,
documents), record its approval, publish it, cancel it, start the assessment."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.audit.models import AuditEvent
from telka.lag.site import current_lag
from telka.lib.workflow import Refused

from .. import workflow
from ..checks import call_problems
from ..forms.staff import (
    ApproveForm,
    CallDocumentForm,
    CallForm,
    CancelForm,
    allocation_formset,
    criterion_formset,
)
from ..models import Allocation, Call, CallStatus, Proposal, ProposalStatus
from ..permissions import can_manage_calls, get_call_for_staff
from .applicant import show_refusal


def _staff_lag(request: HttpRequest):
    lag = current_lag(request)
    if not can_manage_calls(request.user, lag):
        raise Http404
    return lag


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    lag = _staff_lag(request)
    query = request.GET.get("q", "").strip()
    calls = Call.objects.for_lag(lag).annotate(
        budget=Subquery(
            Allocation.objects.filter(call=OuterRef("pk"))
            .values("call")
            .annotate(total=Sum("amount"))
            .values("total")
        ),
        proposal_count=Subquery(
            Proposal.objects.filter(call=OuterRef("pk"), reg_number__isnull=False)
            .values("call")
            .annotate(n=Count("pk"))
            .values("n")
        ),
    )
    if query:
        calls = calls.filter(Q(title__icontains=query) | Q(number__iexact=query))
    page = Paginator(calls.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(request, "calls/manage/call_list.html", {"page_obj": page, "q": query})


def _apply_fields(call: Call, form: CallForm) -> None:
    names = list(form.cleaned_data)
    for name in names:
        setattr(call, name, form.cleaned_data[name])
    call.save(update_fields=[*names, "updated_at"])


@login_required
def manage_create(request: HttpRequest) -> HttpResponse:
    lag = _staff_lag(request)
    form = CallForm(request.POST or None, lag=lag)
    if request.method == "POST" and form.is_valid():
        call = workflow.create_call(lag=lag, actor=request.user, fields=form.cleaned_data)
        messages.success(request, _("The call has been created. Add its money and criteria."))
        return redirect("calls:manage_allocations", pk=call.pk)
    return render(request, "calls/manage/call_form.html", {"form": form, "call": None})


@login_required
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    now = timezone.now()
    counts = dict(
        # Drafts are the applicants' working space: staff see proposals once submitted.
        call.proposals.registered()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return render(
        request,
        "calls/manage/call_detail.html",
        {
            "call": call,
            "allocations": call.allocations.select_related("measure"),
            "criteria": call.criteria.all(),
            "documents": call.documents.all(),
            "problems": call_problems(call, now) if call.is_editable else [],
            "counts": [
                (label, counts[value]) for value, label in ProposalStatus.choices if value in counts
            ],
            "events": AuditEvent.objects.for_object(call).select_related("actor")[:30],
            "now": now,
            "document_form": CallDocumentForm(),
            "cancel_allowed": CallStatus.CANCELLED in CallStatus.ALLOWED[call.status],
            "is_upcoming": call.is_upcoming(now),
        },
    )


def _editable_or_back(request: HttpRequest, call: Call) -> HttpResponse | None:
    if call.is_editable:
        return None
    messages.error(
        request, _("The call has been published: its conditions, criteria and money are frozen.")
    )
    return redirect("calls:manage_detail", pk=call.pk)


def _save_edit(request, call: Call, part: str, apply: Callable[[], object]) -> HttpResponse:
    try:
        workflow.edit_call(call=call, actor=request.user, part=part, apply=apply)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Saved."))
    return redirect("calls:manage_detail", pk=call.pk)


@login_required
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    if refused := _editable_or_back(request, call):
        return refused
    form = CallForm(request.POST or None, instance=call, lag=call.lag)
    if request.method == "POST" and form.is_valid():
        return _save_edit(request, call, "conditions", lambda: _apply_fields(call, form))
    return render(request, "calls/manage/call_form.html", {"form": form, "call": call})


def _rows(request: HttpRequest, pk: int, build, template: str, part: str, labels) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    if refused := _editable_or_back(request, call):
        return refused
    formset = build(call, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        return _save_edit(request, call, part, formset.save)
    return render(
        request,
        template,
        {"call": call, "formset": formset, "row_label": labels[0], "new_label": labels[1]},
    )


@login_required
def manage_allocations(request: HttpRequest, pk: int) -> HttpResponse:
    return _rows(
        request,
        pk,
        allocation_formset,
        "calls/manage/allocations.html",
        "allocations",
        (_("Measure"), _("New measure")),
    )


@login_required
def manage_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    return _rows(
        request,
        pk,
        criterion_formset,
        "calls/manage/criteria.html",
        "criteria",
        (_("Criterion"), _("New criterion")),
    )


@login_required
@require_POST
def manage_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    form = CallDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("calls:manage_detail", pk=pk)
    try:
        workflow.add_call_document(
            call=call,
            actor=request.user,
            title=form.cleaned_data["title"],
            title_en=form.cleaned_data["title_en"],
            upload=form.cleaned_data["file"],
            content_type=form.detected.content_type,
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The document has been added."))
    return redirect("calls:manage_detail", pk=pk)


@login_required
@require_POST
def manage_document_delete(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    found = get_object_or_404(call.documents, pk=document)
    return _save_edit(request, call, "documents", lambda: _delete_document(found))


def _delete_document(document) -> None:
    document.file.delete(save=False)
    document.delete()


@login_required
def manage_approve(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.approve_call(
                call=call,
                actor=request.user,
                approved_on=form.cleaned_data["approved_on"],
                reference=form.cleaned_data["reference"],
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The board's approval has been recorded."))
        return redirect("calls:manage_detail", pk=pk)
    return render(request, "calls/manage/approve.html", {"call": call, "form": form})


def _step(request: HttpRequest, pk: int, step: Callable, done: str) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    try:
        step(call=call, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect("calls:manage_detail", pk=pk)


@login_required
@require_POST
def manage_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, workflow.publish_call, _("The call has been published."))


@login_required
@require_POST
def manage_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, workflow.unpublish_call, _("The call has been taken off the site."))


@login_required
@require_POST
def manage_start_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, workflow.start_assessment, _("The assessment of the call has started.")
    )


@login_required
def manage_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_staff(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.cancel_call(call=call, actor=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The call has been cancelled."))
        return redirect("calls:manage_detail", pk=pk)
    return render(request, "calls/manage/cancel.html", {"call": call, "form": form})
