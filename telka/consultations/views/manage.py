"""Staff area: prepare, publish and close consultations, answer every suggestion,
and moderate. Everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib.workflow import Refused
from telka.strategy.models import StrategyAmendment

from .. import workflow
from ..forms import (
    ConsultationForm,
    DocumentForm,
    FinishForm,
    HideForm,
    ResponseForm,
    default_times,
)
from ..models import Comment, Consultation, Report, Suggestion
from ..permissions import (
    can_manage_consultations,
    get_comment_for_user,
    get_consultation_for_staff,
    get_suggestion_for_user,
)

ACTIONS = {
    "publish": workflow.publish_consultation,
    "close": workflow.close_consultation,
    "cancel": workflow.cancel_consultation,
}


def _staff_lag(request: HttpRequest):
    lag = current_lag(request)
    if not can_manage_consultations(request.user, lag):
        raise Http404("Not LAG staff.")
    return lag


def _refused(request: HttpRequest, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    lag = _staff_lag(request)
    consultations = (
        Consultation.objects.filter(lag=lag)
        .order_by("-opens_at", "-pk")
        .annotate(
            n_suggestions=Count("suggestions", distinct=True),
            n_unanswered=Count(
                "suggestions",
                filter=Q(suggestions__response=None, suggestions__hidden_at=None),
                distinct=True,
            ),
        )
    )
    page = Paginator(consultations, 20).get_page(request.GET.get("page"))
    return render(request, "consultations/manage_list.html", {"page_obj": page})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    lag = _staff_lag(request)
    initial = default_times()
    amendment_pk = request.GET.get("amendment", "")
    if amendment_pk.isdigit():
        amendment = StrategyAmendment.objects.filter(lag=lag, pk=amendment_pk).first()
        initial.update(amendment=amendment, title=amendment.title if amendment else "")
    form = ConsultationForm(request.POST or None, lag=lag, initial=initial)
    if request.method == "POST" and form.is_valid():
        consultation = workflow.create_consultation(
            lag=lag, actor=request.user, values=form.cleaned_data
        )
        messages.success(
            request, _("The consultation is saved as a draft. Add documents, then publish it.")
        )
        return redirect("consultations:manage", consultation.pk)
    return render(
        request, "consultations/consultation_form.html", {"form": form, "consultation": None}
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_staff(request, pk)
    form = ConsultationForm(request.POST or None, lag=consultation.lag, instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_consultation(
                consultation=consultation, actor=request.user, values=form.cleaned_data
            )
        except Refused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:manage", consultation.pk)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": consultation},
    )


def _manage_page(request: HttpRequest, consultation: Consultation, **forms) -> HttpResponse:
    unanswered = consultation.suggestions.filter(response=None).select_related("objective")
    reports = (
        Report.objects.filter(handled_at=None)
        .filter(
            Q(suggestion__consultation=consultation)
            | Q(comment__suggestion__consultation=consultation)
        )
        .select_related("suggestion", "comment__suggestion", "reporter")
    )
    context = {
        "consultation": consultation,
        "documents": consultation.documents.all(),
        "unanswered": unanswered[:100],
        "unanswered_count": unanswered.filter(hidden_at=None).count(),
        "reports": reports,
        "document_form": forms.get("document_form") or DocumentForm(),
        "finish_form": forms.get("finish_form") or FinishForm(),
    }
    return render(
        request, "consultations/manage_detail.html", context, status=400 if forms else 200
    )


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_page(request, get_consultation_for_staff(request, pk))


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    consultation = get_consultation_for_staff(request, pk)
    if name not in ACTIONS:
        raise Http404("No such action.")
    try:
        ACTIONS[name](consultation=consultation, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _("Done: the consultation is now “%(status)s”.")
            % {"status": consultation.get_status_display()},
        )
    return redirect("consultations:manage", consultation.pk)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_staff(request, pk)
    form = FinishForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, consultation, finish_form=form)
    try:
        workflow.finish_consultation(
            consultation=consultation, actor=request.user, **form.cleaned_data
        )
    except Refused as refusal:
        _refused(request, refusal)
        return _manage_page(request, consultation, finish_form=form)
    messages.success(request, _("The answers and the summary report are published."))
    return redirect(consultation)


@login_required
@require_POST
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_staff(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, consultation, document_form=form)
    try:
        workflow.add_document(consultation=consultation, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        _refused(request, refusal)
    return redirect("consultations:manage", consultation.pk)


@login_required
@require_POST
def remove_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    consultation = get_consultation_for_staff(request, pk)
    document = get_object_or_404(consultation.documents, pk=document_pk)
    try:
        workflow.remove_document(document=document, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    return redirect("consultations:manage", consultation.pk)


def _staff_suggestion(request: HttpRequest, pk: int) -> Suggestion:
    suggestion = get_suggestion_for_user(request, pk)
    if not can_manage_consultations(request.user, suggestion.consultation.lag):
        raise Http404("Not LAG staff.")
    return suggestion


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _staff_suggestion(request, pk)
    response = getattr(suggestion, "response", None)
    initial = {"outcome": response.outcome, "reasons": response.reasons} if response else None
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.answer_suggestion(
                suggestion=suggestion, actor=request.user, **form.cleaned_data
            )
        except Refused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("The answer is published."))
            return redirect(_next_unanswered(suggestion))
    context = {"suggestion": suggestion, "form": form, "consultation": suggestion.consultation}
    return render(
        request, "consultations/answer_form.html", context, status=400 if form.is_bound else 200
    )


def _next_unanswered(suggestion: Suggestion) -> str:
    """Staff answer one suggestion after another: go on to the next one without an answer."""
    following = (
        suggestion.consultation.suggestions.filter(response=None, hidden_at=None)
        .order_by("created_at", "pk")
        .first()
    )
    if following is None:
        return reverse("consultations:manage", args=[suggestion.consultation_id])
    return reverse("consultations:answer", args=[following.pk])


def _moderated(request: HttpRequest, kind: str, pk: int) -> Suggestion | Comment:
    if kind not in ("suggestion", "comment"):
        raise Http404("Only suggestions and comments are moderated.")
    item = (
        get_suggestion_for_user(request, pk)
        if kind == "suggestion"
        else get_comment_for_user(request, pk)
    )
    consultation = item.consultation if kind == "suggestion" else item.suggestion.consultation
    if not can_manage_consultations(request.user, consultation.lag):
        raise Http404("Not LAG staff.")
    return item


@login_required
def hide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _moderated(request, kind, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.hide_content(item=item, actor=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            _refused(request, refusal)
        else:
            messages.success(
                request, _("Hidden. The reason is shown in its place and the author is told.")
            )
        return redirect(item.get_absolute_url())
    context = {"item": item, "form": form, "is_comment": kind == "comment"}
    return render(
        request, "consultations/hide_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _moderated(request, kind, pk)
    try:
        workflow.restore_content(item=item, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Shown again."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    lag = _staff_lag(request)
    report = get_object_or_404(
        Report.objects.filter(
            Q(suggestion__consultation__lag=lag) | Q(comment__suggestion__consultation__lag=lag)
        ),
        pk=pk,
    )
    try:
        workflow.dismiss_report(report=report, actor=request.user)
    except Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The report is dismissed."))
    consultation_id = (report.suggestion or report.comment.suggestion).consultation_id
    return redirect("consultations:manage", consultation_id)
