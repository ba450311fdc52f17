"""The network administrator's pages on the network's site (TELKA_NETWORK_HOST):
set up a LAG, import its strategy from the XLSX template, put it in force."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from telka.accounts.forms import LoginForm
from telka.accounts.models import User
from telka.evaluation.models import PoolAssessor
from telka.evaluation.workflow import pool
from telka.lib.workflow import Refused
from telka.lib.xlsx import XLSX_TYPE
from telka.strategy import importing
from telka.strategy import workflow as strategy_workflow
from telka.strategy.models import Measure, Strategy, StrategyStatus

from .models import LocalActionGroup
from .onboarding import is_network_admin, onboard_lag
from .onboarding_forms import (
    InForceForm,
    OnboardForm,
    PoolEntryForm,
    PoolRemoveForm,
    StrategyUploadForm,
)


class LoginView(auth_views.LoginView):
    """Logging in on the network's own site (its session is its own host's)."""

    template_name = "lag/onboarding/login.html"
    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        return reverse("onboarding:lags")


def _admin_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("onboarding:login"))
    if not is_network_admin(request.user):
        # Rendered here: the site-wide 403 page links to one LAG's pages.
        return render(request, "lag/onboarding/forbidden.html", status=403)
    return None


def _refusal(form, refused: Refused) -> None:
    for reason in refused.reasons:
        form.add_error(None, reason)


@require_http_methods(["GET", "POST"])
def lags(request: HttpRequest) -> HttpResponse:
    """Every LAG of the installation, and the form that sets up a new one."""
    if denied := _admin_only(request):
        return denied
    form = OnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lag = onboard_lag(
                actor=request.user, data=form.lag_input(), seats=data["board"], staff=data["staff"]
            )
        except Refused as refused:
            _refusal(form, refused)
        else:
            messages.success(
                request, _("%(lag)s is set up; its staff were invited.") % {"lag": lag}
            )
            return redirect("onboarding:strategy", slug=lag.slug)
    all_lags = LocalActionGroup.objects.order_by("name").only("name", "slug", "host")
    return render(request, "lag/onboarding/lags.html", {"form": form, "lags": all_lags})


def template_download(request: HttpRequest) -> HttpResponse:
    """The empty strategy workbook (docs/strategy-import.md)."""
    if denied := _admin_only(request):
        return denied
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="telka-strategy-template.xlsx"'
    return response


def _draft(lag: LocalActionGroup) -> Strategy | None:
    return Strategy.objects.filter(lag=lag, version=1).first()


@require_http_methods(["GET", "POST"])
def strategy(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload the workbook: every problem by sheet, row and cell, or the draft's preview."""
    if denied := _admin_only(request):
        return denied
    lag = get_object_or_404(LocalActionGroup, slug=slug)
    form = StrategyUploadForm(request.POST or None, request.FILES or None)
    errors: list[importing.CellError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            data = importing.read_workbook(upload, upload.size)
            importing.import_first_version(lag=lag, actor=request.user, data=data)
        except importing.ImportRefused as refused:
            errors = refused.errors
        except Refused as refused:
            errors = [importing.CellError("", None, "", r) for r in refused.reasons]
        else:
            messages.success(request, _("The workbook was imported as a draft. Check it below."))
            return redirect("onboarding:strategy", slug=lag.slug)
    return render(request, "lag/onboarding/strategy.html", _strategy_context(lag, form, errors))


def _strategy_context(lag, form, errors) -> dict:
    draft = _draft(lag)
    measures = (
        Measure.objects.filter(objective__goal__strategy=draft)
        .select_related("objective__goal")
        .prefetch_related("targets__indicator")
        .order_by("objective__goal__position", "objective__position", "position")
        if draft
        else []
    )
    return {
        "lag": lag,
        "form": form,
        "errors": errors,
        "draft": draft,
        "measures": measures,
        "is_draft": draft is not None and draft.status == StrategyStatus.DRAFT,
        "in_force_form": InForceForm(),
    }


@require_http_methods(["POST"])
def put_in_force(request: HttpRequest, slug: str) -> HttpResponse:
    if denied := _admin_only(request):
        return denied
    lag = get_object_or_404(LocalActionGroup, slug=slug)
    draft = get_object_or_404(Strategy, lag=lag, version=1)
    form = InForceForm(request.POST)
    if form.is_valid():
        try:
            strategy_workflow.put_first_version_in_force(
                strategy=draft, actor=request.user, **form.cleaned_data
            )
        except Refused as refused:
            _refusal(form, refused)
        else:
            messages.success(request, _("The strategy is in force."))
            return redirect("onboarding:strategy", slug=lag.slug)
    context = _strategy_context(lag, StrategyUploadForm(), [])
    context["in_force_form"] = form
    return render(request, "lag/onboarding/strategy.html", context)


@require_http_methods(["GET", "POST"])
def assessor_pool(request: HttpRequest) -> HttpResponse:
    """The network's shared list of external assessors: add a person, take one off."""
    if denied := _admin_only(request):
        return denied
    form = PoolEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"]).first()
        try:
            if user is None:
                raise Refused(_("No account has this e-mail address."))
            pool.add_to_pool(
                user=user,
                expertise=data["expertise"],
                languages=data["languages"],
                actor=request.user,
            )
        except Refused as refused:
            _refusal(form, refused)
        else:
            messages.success(request, _("%(name)s is in the pool.") % {"name": user})
            return redirect("onboarding:assessors")
    entries = PoolAssessor.objects.listed().select_related("user")
    return render(request, "lag/onboarding/assessors.html", {"form": form, "entries": entries})


@require_http_methods(["POST"])
def remove_assessor(request: HttpRequest) -> HttpResponse:
    if denied := _admin_only(request):
        return denied
    form = PoolRemoveForm(request.POST)
    if form.is_valid():
        entry = get_object_or_404(PoolAssessor, pk=form.cleaned_data["entry"])
        try:
            pool.remove_from_pool(entry=entry, actor=request.user)
        except Refused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
    return redirect("onboarding:assessors")
