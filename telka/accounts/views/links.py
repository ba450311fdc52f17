"""The staff's register of recorded links between the people who work on the LAG's
decisions (staff, assessors, board members, with or without an account) and
organisations (telka.lag.links). The formal check, the assessor assignment, the lists
and the board's recusals read it (INV-19, INV-26)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.decisions.views._common import show_refusal
from telka.lag import links as register
from telka.lag.models import PersonLink
from telka.lib.workflow import Refused

from ..forms import PersonLinkForm
from ..permissions import people_lag


@login_required
def links(request: HttpRequest) -> HttpResponse:
    """Links in force first, then ended ones; the form records a new one."""
    lag = people_lag(request)
    form = PersonLinkForm(request.POST or None, lag=lag)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise Refused(*[e for errors in form.errors.values() for e in errors])
            data = form.cleaned_data
            register.record_link(
                lag=lag,
                actor=request.user,
                legal_code=data["legal_code"],
                organisation_name=data["organisation_name"],
                kind=data["kind"],
                note=data["note"],
                valid_from=data["valid_from"],
                **form.holder_kwargs(),
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The link is recorded."))
            return redirect("accounts:links")
    today = timezone.localdate()
    rows = (
        PersonLink.objects.filter(lag=lag)
        .select_related("user", "seat", "recorded_by")
        .order_by("valid_to", "-valid_from", "pk")
    )
    current = Q(valid_to=None) | Q(valid_to__gte=today)
    page = Paginator(rows.filter(current), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "ended": rows.exclude(current)[:50]}
    return render(request, "accounts/links.html", context)


@login_required
@require_POST
def end_link(request: HttpRequest, pk: int) -> HttpResponse:
    lag = people_lag(request)
    link = get_object_or_404(PersonLink, pk=pk, lag=lag)
    try:
        register.end_link(link=link, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The link has ended."))
    return redirect("accounts:links")
