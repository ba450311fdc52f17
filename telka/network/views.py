"""The network's own site (TELKA_NETWORK_HOST): read-only views across every LAG, each
item linked to the page on its LAG's own site. Anonymous pages are cached like a LAG's
public pages; nothing here shows data a LAG's public site would not."""

from itertools import islice

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from telka.calls.models import Call
from telka.decisions.models import LineOutcome
from telka.decisions.results import stream
from telka.lag.models import LocalActionGroup
from telka.lag.site import url_on_lag_site
from telka.lib.pagecache import public_page, shared_value
from telka.lib.search import contains_all, terms
from telka.monitoring.models import Project
from telka.strategy.models import Strategy

from .figures import national_figures
from .forms import LagFilterForm, SearchForm
from .groups import period_of

PAGE_SIZE = 25
PROJECT_TEXT = ("number", "title", "summary")


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Every LAG with its territory and its strategy in force, linked to its own site."""
    lags = list(
        LocalActionGroup.objects.order_by("name").only(
            "name", "short_name", "slug", "host", "territory", "territory_en"
        )
    )
    strategies = {
        s.lag_id: s
        for s in Strategy.objects.in_force()
        .select_related("period")
        .only("lag_id", "title", "title_en", "period_start", "period_end", "period__code")
    }
    for lag in lags:
        lag.strategy = strategies.get(lag.pk)
        lag.period = period_of(lag.strategy) if lag.strategy else ""
        lag.site = url_on_lag_site(request, lag, "content:home")
        lag.strategy_url = url_on_lag_site(request, lag, "strategy:detail")
    return render(request, "network/home.html", {"lags": lags})


@public_page
def calls(request: HttpRequest) -> HttpResponse:
    """Every call accepting proposals now, closing soonest first, optionally of one LAG."""
    form = LagFilterForm(request.GET)
    found = Call.objects.accepting().select_related("lag").order_by("closes_at", "pk")
    if lag := form.lag_or_none():
        found = found.filter(lag=lag)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for call in page:
        call.site = url_on_lag_site(request, call.lag, "calls:detail", call.pk)
    return render(request, "network/calls.html", {"form": form, "page_obj": page})


def _matching_projects(lag, wanted: list[str]):
    projects = Project.objects.public().order_by("-starts_on", "number", "pk")
    if lag is not None:
        projects = projects.filter(lag=lag)
    if not wanted:
        return projects
    # Matched as the LAG's site search matches (folded text, stems): in Python.
    texts = projects.select_related("promoter").only("promoter__name", *PROJECT_TEXT)
    return [
        p.pk
        for p in texts
        if contains_all(" ".join([*(getattr(p, f) for f in PROJECT_TEXT), p.promoter.name]), wanted)
    ]


@public_page
def projects(request: HttpRequest) -> HttpResponse:
    """Funded projects of every LAG, searchable, latest start first."""
    form = SearchForm(request.GET)
    wanted = terms(" ".join(form.words()))
    found = _matching_projects(form.lag_or_none(), wanted)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [item if isinstance(item, int) else item.pk for item in page.object_list]
    rows = Project.objects.filter(pk__in=ids).select_related("lag", "promoter", "measure")
    by_id = {project.pk: project for project in rows}
    page.object_list = [by_id[pk] for pk in ids]
    for project in page.object_list:
        project.site = url_on_lag_site(request, project.lag, "monitoring:project", project.pk)
    return render(request, "network/projects.html", {"form": form, "page_obj": page})


def published_calls(lag: LocalActionGroup | None = None):
    """Published calls, LAG by LAG: the calls the national list of operations reads."""
    found = Call.objects.published()
    if lag is not None:
        found = found.filter(lag=lag)
    return found.order_by("lag__name", "lag_id", "-opens_at", "pk")


def lag_of_call() -> dict[int, int]:
    """{call id: LAG id}: the national lists do not read each row's call."""
    return dict(Call.objects.values_list("pk", "lag_id"))


# What the national results page shows of a row beside results.Line.
RESULT_COLUMNS = {
    "title": "proposal__title",
    "reg_number": "proposal__reg_number",
    "beneficiary": "proposal__organisation__name",
}


def _matches(row, wanted: list[str]) -> bool:
    shown = row.line.extra
    return contains_all(f"{shown.title} {shown.beneficiary}", wanted)


@public_page
def results(request: HttpRequest) -> HttpResponse:
    """The funded operations of every LAG (the national list of operations), searchable.
    Pages are read off the stream: page n costs the rows before it, not the whole list."""
    form = SearchForm(request.GET)
    wanted = terms(" ".join(form.words()))
    number = _page_number(request)
    found = stream(
        published_calls(form.lag_or_none()), outcome=LineOutcome.FUNDED, columns=RESULT_COLUMNS
    )
    rows = (row for row in found if _matches(row, wanted))
    shown = list(islice(rows, (number - 1) * PAGE_SIZE, number * PAGE_SIZE + 1))
    lag_of = lag_of_call()
    lags = LocalActionGroup.objects.in_bulk({lag_of[r.line.call_id] for r in shown})
    context = {
        "form": form,
        "rows": [(row, lags[lag_of[row.line.call_id]]) for row in shown[:PAGE_SIZE]],
        "number": number,
        "has_next": len(shown) > PAGE_SIZE,
        "searched": bool(wanted or form.lag_or_none()),
    }
    return render(request, "network/results.html", context)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return min(int(raw), 10_000) if raw.isdigit() and int(raw) > 0 else 1


@public_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """The national figures, worked out once per cache generation and day for every
    reader (about 0.2 s of SQL for 100 LAGs), whatever the page's query string."""
    today = timezone.localdate()
    figures = shared_value(f"national-figures:{today}", lambda: national_figures(today))
    for row in figures.paces:
        row.site = url_on_lag_site(request, row.strategy.lag, "monitoring:dashboard")
    return render(request, "network/dashboard.html", {"figures": figures})
