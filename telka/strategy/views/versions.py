"""Public pages: the strategy in force, any version, the history of versions and the
tracked changes between two versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.lib.workflow import Refused

from .. import workflow
from ..compare import Comparison
from ..forms import CompareForm, FirstInForceForm
from ..models import Strategy, StrategyAmendment, StrategyStatus
from ..permissions import can_manage_amendments, can_view_version, get_version_for_user
from ..versions import has_demo_figures, strategy_tree


def _render_version(request: HttpRequest, strategy: Strategy | None) -> HttpResponse:
    goals = strategy_tree(strategy) if strategy else []
    lag = current_lag(request)
    pending = (
        StrategyAmendment.objects.filter(lag=lag)
        .active()
        .published()
        .select_related("draft")
        .prefetch_related("consultations")
        .first()
    )
    context = {
        "lag": lag,
        "strategy": strategy,
        "goals": goals,
        "has_demo": has_demo_figures(goals),
        "pending": pending,
        "can_manage": can_manage_amendments(request.user, lag),
    }
    return render(request, "strategy/strategy_detail.html", context)


@public_page
def detail(request: HttpRequest) -> HttpResponse:
    """The version in force."""
    lag = current_lag(request)
    return _render_version(request, Strategy.objects.filter(lag=lag).in_force().first())


@public_page
def version(request: HttpRequest, number: int) -> HttpResponse:
    return _render_version(request, get_version_for_user(request, number))


@public_page
def history(request: HttpRequest) -> HttpResponse:
    """Every version with its dates and the decision that adopted it."""
    lag = current_lag(request)
    versions = [
        v
        for v in Strategy.objects.filter(lag=lag).select_related("amendment").order_by("-version")
        if v.status != StrategyStatus.DRAFT or can_view_version(request.user, v)
    ]
    context = {
        "lag": lag,
        "versions": versions,
        "can_manage": can_manage_amendments(request.user, lag),
    }
    return render(request, "strategy/strategy_history.html", context)


@login_required
def first_in_force(request: HttpRequest, number: int) -> HttpResponse:
    """Staff put the LAG's first strategy version into force, after the same checks an
    amendment gets (Strategy.problems()). Everyone else gets 404."""
    lag = current_lag(request)
    if not can_manage_amendments(request.user, lag):
        raise Http404("Not LAG staff.")
    strategy = get_object_or_404(Strategy, lag=lag, version=number, status=StrategyStatus.DRAFT)
    form = FirstInForceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.put_first_version_in_force(
                strategy=strategy, actor=request.user, **form.cleaned_data
            )
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("The strategy is in force."))
            return redirect("strategy:history")
    context = {"strategy": strategy, "form": form, "problems": strategy.problems()}
    return render(request, "strategy/strategy_first_in_force.html", context)


def _default_against(strategy: Strategy) -> Strategy | None:
    """A draft is compared with the version it amends; other versions with their predecessor."""
    amendment = StrategyAmendment.objects.filter(draft=strategy).select_related("base").first()
    if amendment is not None and strategy.status == StrategyStatus.DRAFT:
        return amendment.base
    return strategy.previous


@public_page
def changes(request: HttpRequest, number: int) -> HttpResponse:
    """Tracked changes of version `number` against another (?against=N)."""
    strategy = get_version_for_user(request, number)
    others = [
        v
        for v in Strategy.objects.filter(lag=strategy.lag).exclude(pk=strategy.pk)
        if can_view_version(request.user, v)
    ]
    form = CompareForm(request.GET or None, versions=others)
    against = _default_against(strategy)
    if form.is_bound and form.is_valid():
        against = next(v for v in others if v.version == form.cleaned_data["against"])
    elif against is not None:
        form = CompareForm(initial={"against": against.version}, versions=others)
    comparison = Comparison(against, strategy) if against else None
    context = {
        "strategy": strategy,
        "against": against,
        "comparison": comparison,
        "form": form,
        "amendment": StrategyAmendment.objects.filter(draft=strategy).first(),
        "show_all": request.GET.get("all") == "1",
    }
    return render(request, "strategy/strategy_changes.html", context)


def minutes(request: HttpRequest, pk: int) -> FileResponse:
    """The general meeting's minutes of an adopted amendment."""
    amendment = get_object_or_404(StrategyAmendment, pk=pk, lag=current_lag(request))
    if not amendment.minutes_document or amendment.adopted_on is None:
        raise Http404("No minutes.")
    return FileResponse(
        amendment.minutes_document.open("rb"),
        as_attachment=False,
        filename=amendment.minutes_document.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
