"""Personal data: the privacy notice, the download, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from telka.audit.models import AuditEvent
from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.lib.workflow import Refused

from .. import privacy, workflow
from ..forms import DeleteAccountForm
from ..models import Organisation, OrganisationRole


@public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    try:
        lag = current_lag(request)
    except Http404:
        lag = None
    return render(request, "accounts/privacy.html", {"lag": lag})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_data.html", {})


@login_required
@require_POST
def download_data(request: HttpRequest) -> HttpResponse:
    """Everything Telka holds about the person, as one JSON file (GDPR Art. 15 and 20)."""
    data = privacy.collect_personal_data(request.user)
    AuditEvent.objects.record(action="user.data_exported", obj=request.user, actor=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"telka-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Explain what deletion removes and what the LAG keeps, then delete on
    password re-entry."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.delete_account(user=request.user)
        except Refused as refused:
            form.add_error(None, refused.reasons)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye."))
            return redirect("content:home")
    context = {"form": form, "sole_representative_of": _sole_representative_of(request.user)}
    return render(request, "accounts/delete_account.html", context)


def _sole_representative_of(user) -> list[Organisation]:
    """Organisations nobody could act for once this user is gone. The count is
    annotated before filtering by user, so it counts all representatives."""
    representative = Q(memberships__role=OrganisationRole.REPRESENTATIVE)
    return list(
        Organisation.objects.annotate(representatives=Count("memberships", filter=representative))
        .filter(representative, representatives=1, memberships__user=user)  # one join: same row
        .order_by("name")
    )
