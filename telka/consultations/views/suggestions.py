"""A suggestion: submitting one, its page with threaded comments, supporting it,
commenting and replying, its attachment, and reporting it or a comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lib.workflow import Refused

from .. import workflow
from ..forms import CommentForm, ReportForm, SuggestionForm
from ..models import Comment, Suggestion, Support
from ..permissions import (
    can_manage_consultations,
    can_see_hidden_text,
    get_comment_for_user,
    get_consultation_for_user,
    get_suggestion_for_user,
    has_stated_link,
)

THREADS_PER_PAGE = 50


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request, pk)
    ask_link = not has_stated_link(request.user, consultation)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = SuggestionForm(*data, consultation=consultation, ask_link=ask_link)
    problems = workflow.posting_problems(request.user, consultation)
    if form.is_bound and form.is_valid():
        values = dict(form.cleaned_data, attachment_type=getattr(form, "attachment_type", ""))
        try:
            suggestion = workflow.submit_suggestion(
                consultation=consultation, author=request.user, **values
            )
        except Refused as refusal:
            problems = refusal.reasons
        else:
            messages.success(request, _("Thank you: your suggestion is published."))
            return redirect(suggestion)
    context = {"consultation": consultation, "form": form, "problems": problems}
    status = 400 if form.is_bound else 200
    return render(request, "consultations/suggestion_form.html", context, status=status)


def _threads(request: HttpRequest, suggestion: Suggestion):
    """A page of top-level comments with their replies: two queries however many there are."""
    top = suggestion.comments.filter(parent=None).order_by("created_at", "pk")
    page = Paginator(top, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    threads = list(page.object_list)
    replies: dict[int, list[Comment]] = {}
    for reply in Comment.objects.filter(parent__in=threads).order_by("created_at", "pk"):
        replies.setdefault(reply.parent_id, []).append(reply)
    for thread in threads:
        thread.reply_list = replies.get(thread.pk, [])
    return page, threads


def detail(
    request: HttpRequest, pk: int, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    suggestion = get_suggestion_for_user(request, pk)
    consultation = suggestion.consultation
    user = request.user
    page, threads = _threads(request, suggestion)
    ask_link = user.is_authenticated and not has_stated_link(user, consultation)
    problems = workflow.posting_problems(user, consultation)
    suggestion.is_supported = (
        user.is_authenticated and Support.objects.filter(suggestion=suggestion, user=user).exists()
    )
    context = {
        "suggestion": suggestion,
        "consultation": consultation,
        "page_obj": page,
        "threads": threads,
        "form": form or CommentForm(ask_link=ask_link),
        "problems": problems,
        "can_post": not problems,
        "can_manage": can_manage_consultations(user, consultation.lag),
        "sees_hidden": can_see_hidden_text(user, suggestion, consultation.lag),
    }
    return render(request, "consultations/suggestion_detail.html", context, status=status)


@login_required
@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    """Support, or withdraw one's support (withdraw=1)."""
    suggestion = get_suggestion_for_user(request, pk)
    withdraw = request.POST.get("withdraw") == "1"
    function = workflow.withdraw_support if withdraw else workflow.support_suggestion
    try:
        function(suggestion=suggestion, user=request.user)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request,
            _("Your support is withdrawn.") if withdraw else _("You support this suggestion."),
        )
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(suggestion)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_suggestion_for_user(request, pk)
    ask_link = not has_stated_link(request.user, suggestion.consultation)
    form = CommentForm(request.POST, ask_link=ask_link)
    if not form.is_valid():
        return detail(request, pk, form=form, status=400)
    try:
        new = workflow.add_comment(suggestion=suggestion, author=request.user, **form.cleaned_data)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return detail(request, pk, form=form, status=400)
    messages.success(request, _("Your comment is published."))
    return redirect(new.get_absolute_url())


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_comment_for_user(request, pk)
    if parent.parent_id:
        raise Http404("Replies are one level deep.")
    suggestion = parent.suggestion
    ask_link = not has_stated_link(request.user, suggestion.consultation)
    form = CommentForm(request.POST or None, ask_link=ask_link)
    problems = workflow.posting_problems(request.user, suggestion.consultation)
    if request.method == "POST" and form.is_valid():
        try:
            new = workflow.add_comment(
                suggestion=suggestion, author=request.user, parent=parent, **form.cleaned_data
            )
        except Refused as refusal:
            problems = refusal.reasons
        else:
            messages.success(request, _("Your reply is published."))
            return redirect(new.get_absolute_url())
    context = {"parent": parent, "suggestion": suggestion, "form": form, "problems": problems}
    return render(
        request, "consultations/comment_reply.html", context, status=400 if form.is_bound else 200
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    suggestion = get_suggestion_for_user(request, pk)
    hidden = suggestion.is_hidden and not can_see_hidden_text(
        request.user, suggestion, suggestion.consultation.lag
    )
    if not suggestion.attachment or hidden:
        raise Http404("No attachment.")
    name = suggestion.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(
        suggestion.attachment.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=suggestion.attachment_type or "application/octet-stream",
    )


def _report(request: HttpRequest, item: Suggestion | Comment, back: str) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.report_content(
                item=item, reporter=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
        return redirect(back)
    context = {"item": item, "form": form, "back": back, "is_comment": isinstance(item, Comment)}
    return render(request, "consultations/report_form.html", context)


@login_required
def report_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_suggestion_for_user(request, pk)
    return _report(request, suggestion, suggestion.get_absolute_url())


@login_required
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request, pk)
    return _report(request, comment, comment.get_absolute_url())
