"""Staff invite an assessor from the network's shared pool for one call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from telka.lib.workflow import Refused

from .. import workflow
from ..forms import PoolInviteForm, PoolSearchForm
from ..models import PoolAssessor, PoolInvitation
from ..permissions import get_call_for_staff

MAX_SHOWN = 50


@login_required
@require_http_methods(["GET", "POST"])
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool (searchable by name, expertise, language) and who is invited already."""
    call = get_call_for_staff(request, pk)
    form = PoolInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = get_object_or_404(PoolAssessor.objects.listed(), pk=form.cleaned_data["entry"])
        try:
            workflow.invite_from_pool(call=call, entry=entry, actor=request.user)
        except Refused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(
                request, _("%(name)s is invited and was told by e-mail.") % {"name": entry.user}
            )
        return redirect("evaluation:pool", pk=call.pk)
    search = PoolSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    invited = PoolInvitation.objects.filter(call=call).select_related("entry__user", "invited_by")
    taken = {i.entry_id for i in invited}
    entries = PoolAssessor.objects.listed().search(text).select_related("user")[:MAX_SHOWN]
    context = {
        "call": call,
        "search": search,
        "invited": invited,
        "entries": [e for e in entries if e.pk not in taken],
    }
    return render(request, "evaluation/pool.html", context)
