"""The person's own details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from telka.lib.workflow import Refused

from .. import throttle, workflow
from ..forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {name: getattr(user, name) for name in ["full_name", "email", "phone", "language"]}
    form = ProfileForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form.cleaned_data)
            return redirect("accounts:profile")
        except Refused as refused:
            form.add_error(None, refused.reasons)
    return render(request, "accounts/profile.html", {"form": form})


def _save(request: HttpRequest, data: dict) -> None:
    user = request.user
    if data["email"] != user.email:  # a link will be mailed: throttle first, before any change
        wait = throttle.attempt(
            (throttle.MAIL_PER_ADDRESS, data["email"]),
            (throttle.MAIL_PER_IP, throttle.client_ip(request)),
        )
        if wait:
            raise Refused(throttle.wait_message(wait))
    changed = workflow.update_profile(user=user, **data)
    if "email" in changed:
        messages.info(
            request,
            _(
                "We sent a link to %(email)s. Your e-mail address changes once you open "
                "it; until then we keep writing to %(current)s."
            )
            % {"email": user.pending_email, "current": user.email},
        )
    if set(changed) - {"email"}:
        messages.success(request, _("Your profile is saved."))
    elif not changed:
        messages.info(request, _("Nothing was changed."))


@login_required
@require_POST
def cancel_email_change(request: HttpRequest) -> HttpResponse:
    workflow.cancel_email_change(user=request.user)
    messages.success(request, _("The change of e-mail address is cancelled."))
    return redirect("accounts:profile")
