"""Registration, e-mail verification, log-in support and passwords."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from telka.lib.workflow import Refused

from .. import throttle, workflow
from ..forms import (
    LoginForm,
    RegistrationForm,
    ResendVerificationForm,
    TelkaPasswordChangeForm,
    TelkaPasswordResetForm,
    TelkaSetPasswordForm,
)
from ..models import User
from ..tokens import LinkExpired, LinkInvalid, read_token

REGISTERED_EMAIL = "accounts.registered_email"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Every registration mails the address (a link, or "you already have an
        # account"), so the mailbox limit applies as well as the per-IP one.
        wait = throttle.attempt(
            (throttle.REGISTER_PER_IP, throttle.client_ip(request)),
            (throttle.MAIL_PER_ADDRESS, form.cleaned_data["email"]),
        )
        if wait:
            form.add_error(None, throttle.wait_message(wait))
        else:
            return _registered(request, form.cleaned_data)
    return render(request, "accounts/register.html", {"form": form})


def _registered(request: HttpRequest, data: dict) -> HttpResponse:
    """The same answer whether or not the address already had an account."""
    workflow.register_user(
        full_name=data["full_name"],
        email=data["email"],
        password=data["password1"],
        language=data["language"],
    )
    request.session[REGISTERED_EMAIL] = data["email"]
    return redirect("accounts:registration_sent")


def registration_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get(REGISTERED_EMAIL)
    if not email:
        return redirect("accounts:register")
    form = ResendVerificationForm(initial={"email": email})
    return render(request, "accounts/registration_sent.html", {"email": email, "form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Open the link from the e-mail: confirm the address, or explain what is wrong."""
    try:
        claim = read_token(token)
        user = workflow.confirm_email(claim=claim)
    except (LinkExpired, LinkInvalid, Refused) as problem:
        return _link_problem(request, problem)
    confirmed = _("Thank you: your e-mail address %(email)s is confirmed.")
    messages.success(request, confirmed % {"email": user.email})
    return redirect("accounts:dashboard" if request.user.is_authenticated else "accounts:login")


def _link_problem(request: HttpRequest, problem: Exception) -> HttpResponse:
    if isinstance(problem, LinkExpired):
        reason = _("This link has expired. Ask for a new one below.")
    elif isinstance(problem, Refused):
        reason = " ".join(problem.reasons)
    else:
        reason = _(
            "This link is not valid: it may have been cut or changed. Copy the whole "
            "link from the e-mail into the address bar, or ask for a new one below."
        )
    email = request.user.email if request.user.is_authenticated else ""
    context = {"reason": reason, "form": ResendVerificationForm(initial={"email": email})}
    return render(request, "accounts/verify_email_failed.html", context, status=400)


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    """A new verification link. The answer is the same whether or not the
    address has an account, so the form does not reveal who is registered."""
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        wait = throttle.attempt(
            (throttle.MAIL_PER_ADDRESS, email), (throttle.MAIL_PER_IP, throttle.client_ip(request))
        )
        if wait:
            form.add_error(None, throttle.wait_message(wait))
        else:
            _resend_to(email)
            messages.success(
                request,
                _(
                    "If an account with an unconfirmed address %(email)s exists, we have "
                    "sent it a new link. Check your inbox and spam folder."
                )
                % {"email": email},
            )
            target = "dashboard" if request.user.is_authenticated else "resend_verification"
            return redirect(f"accounts:{target}")
    hours = settings.TELKA_VERIFICATION_MAX_AGE // 3600
    return render(request, "accounts/resend_verification.html", {"form": form, "link_hours": hours})


def _resend_to(email: str) -> None:
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        workflow.send_verification(user=user)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view with our form (our mailer) and a throttle per address and IP."""

    form_class = TelkaPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        wait = throttle.attempt(
            (throttle.MAIL_PER_ADDRESS, email),
            (throttle.MAIL_PER_IP, throttle.client_ip(self.request)),
        )
        if wait:
            form.add_error(None, throttle.wait_message(wait))
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = TelkaSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Instead of form.save(): the workflow also audits and e-mails.
        workflow.set_password(
            user=form.user, password=form.cleaned_data["new_password1"], by_reset=True
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = TelkaPasswordChangeForm
    success_url = reverse_lazy("accounts:dashboard")

    def form_valid(self, form):
        workflow.set_password(
            user=form.user, password=form.cleaned_data["new_password1"], by_reset=False
        )
        update_session_auth_hash(self.request, form.user)  # stay logged in here
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())
