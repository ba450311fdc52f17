"""Public consultation pages: the list, one consultation with its suggestions, taking
part (stating one's link to the territory, following), documents and the report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.lib.pdf import pdf_response, render_pdf
from telka.lib.workflow import Refused
from telka.lib.xlsx import xlsx_response

from .. import workflow
from ..forms import ParticipationForm, SortForm
from ..models import Consultation, ConsultationStatus, Follower, Outcome, Support
from ..permissions import can_manage_consultations, get_consultation_for_user, has_stated_link
from ..report import report_context, report_sheets

PER_PAGE = 20
ORDERING = {
    "newest": ["-created_at", "-id"],
    "supported": ["-support_count", "-id"],
    "commented": ["-comment_count", "-id"],
}


@public_page
def consultation_list(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    consultations = (
        Consultation.objects.filter(lag=lag)
        .public()
        .annotate(n_suggestions=Count("suggestions"))
        .order_by("-opens_at", "-pk")
    )
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "now": timezone.now(),
        "can_manage": can_manage_consultations(request.user, lag),
    }
    return render(request, "consultations/consultation_list.html", context)


def suggestions_for(consultation: Consultation, form: SortForm) -> QuerySet:
    """The suggestion list as chosen in `form`; hidden texts are never searched."""
    data = form.cleaned_data if form.is_valid() else {}
    suggestions = consultation.suggestions.select_related("response", "objective", "measure")
    if data.get("objective"):
        suggestions = suggestions.filter(objective=data["objective"])
    if data.get("q"):
        query = Q(title__icontains=data["q"]) | Q(text__icontains=data["q"])
        suggestions = suggestions.filter(query, hidden_at=None)
    return suggestions.order_by(*ORDERING.get(data.get("sort") or "newest"))


def totals(consultation: Consultation) -> dict:
    figures = consultation.suggestions.aggregate(
        suggestions=Count("id"),
        supports=Sum("support_count"),
        comments=Sum("comment_count"),
        answered=Count("id", filter=Q(response__isnull=False)),
    )
    figures["participants"] = consultation.participations.count()
    return figures


@public_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request, pk)
    form = SortForm(request.GET, consultation=consultation)
    page = Paginator(suggestions_for(consultation, form), PER_PAGE).get_page(
        request.GET.get("page")
    )
    user = request.user
    supported = _supported_ids(user, page.object_list)
    for suggestion in page.object_list:
        suggestion.is_supported = suggestion.pk in supported
    problems = workflow.posting_problems(user, consultation)
    context = {
        "consultation": consultation,
        "documents": consultation.documents.all(),
        "form": form,
        "page_obj": page,
        "totals": totals(consultation),
        "problems": problems,
        "can_post": not problems,
        "has_link": has_stated_link(user, consultation),
        "is_following": user.is_authenticated
        and Follower.objects.filter(consultation=consultation, user=user).exists(),
        "can_manage": can_manage_consultations(user, consultation.lag),
        "outcomes": Outcome,
    }
    return render(request, "consultations/consultation_detail.html", context)


def _supported_ids(user, suggestions) -> set[int]:
    if not user.is_authenticated:
        return set()
    ids = [s.pk for s in suggestions]
    return set(
        Support.objects.filter(user=user, suggestion_id__in=ids).values_list(
            "suggestion_id", flat=True
        )
    )


@login_required
def take_part(request: HttpRequest, pk: int) -> HttpResponse:
    """A resident states how they are linked to the territory (once per consultation)."""
    consultation = get_consultation_for_user(request, pk)
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.state_participation(
                consultation=consultation, user=request.user, **form.cleaned_data
            )
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("Thank you. You can now take part in the consultation."))
            return redirect(_next(request, consultation))
    context = {"consultation": consultation, "form": form, "next": _next(request, consultation)}
    return render(request, "consultations/participation_form.html", context)


def _next(request: HttpRequest, consultation: Consultation) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return (
        target
        if target.startswith("/") and not target.startswith("//")
        else consultation.get_absolute_url()
    )


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request, pk)
    if request.POST.get("follow") == "0":
        workflow.unfollow_consultation(consultation=consultation, user=request.user)
        messages.success(request, _("You no longer follow this consultation."))
    else:
        workflow.follow_consultation(consultation=consultation, user=request.user)
        messages.success(request, _("You will get e-mail about this consultation."))
    return redirect(consultation)


def document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    consultation = get_consultation_for_user(request, pk)
    doc = get_object_or_404(consultation.documents, pk=document_pk)
    name = doc.file.name.rsplit("/", 1)[-1]
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)


def _report_consultation(request: HttpRequest, pk: int) -> Consultation:
    """The summary report is public once the answers are published; staff see it earlier."""
    consultation = get_consultation_for_user(request, pk)
    published = consultation.status == ConsultationStatus.ANSWERED
    if not published and not can_manage_consultations(request.user, consultation.lag):
        raise Http404("The report is published with the answers.")
    return consultation


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_consultation(request, pk)
    data = render_pdf(
        "consultations/pdf/report.html", report_context(consultation), request.LANGUAGE_CODE
    )
    return pdf_response(data, f"konsultacija-{consultation.pk}.pdf")


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_consultation(request, pk)
    return xlsx_response(f"konsultacija-{consultation.pk}.xlsx", report_sheets(consultation))
