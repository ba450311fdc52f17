"""The public strategy dashboard: per objective and indicator the target, what accepted
reports achieved and the trend; per measure the money; the commitment pace (INV-37);
approved annual reports. Charts are SVG (charts.py) with a table and a CSV each."""

import csv
import io
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page
from telka.strategy.models import Strategy, StrategyStatus
from telka.templatetags.telka import localized

from .. import charts
from ..figures import StrategyFigures, plain, strategy_figures
from ..models import AnnualReport, AnnualReportStatus
from ..permissions import can_manage_annual_reports

TABLES = ("indicators", "trend", "money")


def _versions(request: HttpRequest) -> list[Strategy]:
    """Every public version of the LAG's strategy (not drafts), newest first."""
    lag = current_lag(request)
    return list(
        Strategy.objects.filter(lag=lag).exclude(status=StrategyStatus.DRAFT).order_by("-version")
    )


def _pick(versions: list[Strategy], number: int | None) -> Strategy | None:
    if number is None:
        return next((v for v in versions if v.status == StrategyStatus.IN_FORCE), None)
    found = next((v for v in versions if v.version == number), None)
    if found is None:
        raise Http404("No such public strategy version.")
    return found


def _charts(figures: StrategyFigures) -> dict:
    objectives = [
        {
            "figures": objective,
            "chart": charts.progress_chart(
                objective.indicators,
                uid=f"progress-{objective.objective.pk}",
                title=_("Indicators of objective %(code)s: share of the target achieved")
                % {"code": objective.objective.code},
            )
            if objective.indicators
            else None,
        }
        for objective in figures.objectives
    ]
    trends = [
        {
            "row": row,
            "chart": charts.trend_chart(
                row,
                uid=f"trend-{row.indicator.pk}",
                title=_("%(code)s %(name)s: achieved over time")
                % {"code": row.indicator.code, "name": localized(row.indicator, "name")},
            ),
        }
        for row in figures.indicator_totals()
    ]
    money = (
        charts.money_chart(figures.measures, uid="money", title=_("Money by measure, in euros"))
        if figures.measures
        else None
    )
    return {"objectives": objectives, "trends": trends, "money_chart": money}


@public_page
def dashboard(request: HttpRequest, number: int | None = None) -> HttpResponse:
    """The dashboard of the version in force, or of public version `number`."""
    versions = _versions(request)
    strategy = _pick(versions, number)
    lag = current_lag(request)
    context = {
        "versions": versions,
        "strategy": strategy,
        "can_manage": request.user.is_authenticated
        and can_manage_annual_reports(request.user, lag),
    }
    if strategy is not None:
        figures = strategy_figures(strategy)
        context.update(
            figures=figures,
            legend=charts.legend(),
            money_labels=charts.money_labels(),
            annual_reports=AnnualReport.objects.filter(
                strategy=strategy, status=AnnualReportStatus.APPROVED
            ).order_by("-year"),
            **_charts(figures),
        )
    return render(request, "monitoring/dashboard.html", context)


def _rows(figures: StrategyFigures, table: str, indicator: str | None) -> tuple[list, list]:
    money = charts.money_labels()
    if table == "indicators":
        header = [
            _("Objective"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Target"),
            _("Achieved"),
            _("Share of target (%)"),
        ]
        rows = [
            [
                o.objective.code,
                r.indicator.code,
                localized(r.indicator, "name"),
                localized(r.indicator, "unit"),
                r.target,
                r.achieved,
                r.share,
            ]
            for o in figures.objectives
            for r in o.indicators
        ]
    elif table == "trend":
        header = [_("Code"), _("Indicator"), _("Quarter from"), _("Added"), _("Cumulative")]
        rows = [
            [
                r.indicator.code,
                localized(r.indicator, "name"),
                p.on.isoformat(),
                p.added,
                p.cumulative,
            ]
            for r in figures.indicator_totals()
            if indicator in (None, r.indicator.code)
            for p in r.trend
        ]
    else:
        names = ("budget", "allocated", "committed", "contracted", "paid")
        header = [_("Measure"), _("Title")] + [f"{money[n]} (EUR)" for n in names]
        rows = [
            [m.measure.code, localized(m.measure, "title"), *(getattr(m, n) for n in names)]
            for m in figures.measures
        ]
    return header, rows


def _cell(value) -> str:
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


@public_page
def dashboard_csv(request: HttpRequest, number: int, table: str) -> HttpResponse:
    """One table of the dashboard as CSV (UTF-8 with BOM, for spreadsheets): indicators,
    trend (all indicators, or ?indicator=CODE) or money."""
    if table not in TABLES:
        raise Http404("No such table.")
    strategy = _pick(_versions(request), number)
    header, rows = _rows(strategy_figures(strategy), table, request.GET.get("indicator"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"strategy-v{strategy.version}-{table}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
