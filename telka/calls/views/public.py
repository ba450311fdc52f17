"""Public pages: the list of calls and a call with all its published conditions."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page, shared_fragment

from ..models import Allocation, Call
from ..permissions import can_manage_calls, get_public_call


def _listed(queryset):
    return queryset.annotate(budget=Sum("allocations__amount")).order_by("closes_at", "pk")


@public_page
def call_list(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    now = timezone.now()
    calls = Call.objects.for_lag(lag)
    past = Paginator(
        calls.past(now).annotate(budget=Sum("allocations__amount")).order_by("-closes_at", "-pk"),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/call_list.html",
        {
            "open_calls": _listed(calls.accepting(now)),
            "upcoming_calls": _listed(calls.upcoming(now)),
            "page_obj": past,
            "now": now,
        },
    )


@public_page
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_public_call(request, pk)

    def details() -> str:
        # Fetched once: the tables and the call's totals (total_budget, max_total_points).
        prefetch_related_objects(
            [call],
            Prefetch("allocations", queryset=Allocation.objects.select_related("measure")),
            "criteria",
            "documents",
        )
        context = {
            "call": call,
            "allocations": call.allocations.all(),
            "criteria": call.criteria.all(),
            "documents": call.documents.all(),
        }
        return render_to_string("calls/includes/call_details.html", context)

    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "details": shared_fragment(f"call:{call.pk}", details),
            "now": timezone.now(),
            "is_staff": can_manage_calls(request.user, call.lag),
        },
    )


def call_document(request: HttpRequest, pk: int, document: int) -> FileResponse:
    call = get_public_call(request, pk)
    found = get_object_or_404(call.documents, pk=document)
    if not found.file:
        raise Http404
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.file.name.rsplit("/", 1)[-1],
        content_type=found.content_type or "application/octet-stream",
    )
