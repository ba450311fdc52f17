"""The strategy in force: goals, objectives, measures and their indicator targets with
what accepted project reports achieved; the LAG's indicators with totals."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_noop
from ninja import Query, Router
from ninja.decorators import decorate_view

from telka.lag.site import current_lag
from telka.monitoring.models import IndicatorValue
from telka.strategy.models import Indicator, Measure, Strategy, Target

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import IndicatorOut, StrategyOut, TargetOut, value

router = Router(tags=[gettext_noop("strategy")])
ZERO = Decimal(0)


def _strategy(request: HttpRequest) -> Strategy:
    targets = Target.objects.select_related("indicator").order_by("indicator__code")
    strategy = (
        Strategy.objects.in_force()
        .filter(lag=current_lag(request))
        .prefetch_related(
            "goals__objectives",
            Prefetch("goals__objectives__measures", Measure.objects.order_by("position", "code")),
            Prefetch("goals__objectives__measures__targets", targets),
        )
        .first()
    )
    if strategy is None:
        raise Http404("No strategy is in force.")
    return strategy


def _achieved_by_measure(strategy: Strategy) -> dict[tuple, Decimal]:
    """{(measure lineage, indicator id): accepted values}: one query. Lineage, because
    a project keeps the measure of the strategy version its call spent."""
    rows = (
        IndicatorValue.objects.accepted()
        .filter(report__project__lag=strategy.lag_id)
        .values("report__project__measure__lineage", "indicator")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(r["report__project__measure__lineage"], r["indicator"]): r["total"] for r in rows}


def _target_rows(strategy: Strategy) -> list[dict]:
    achieved = _achieved_by_measure(strategy)
    return [
        {
            "goal_code": goal.code,
            "objective_code": objective.code,
            "measure_code": measure.code,
            "indicator_code": t.indicator.code,
            "indicator_name": t.indicator.name,
            "unit": t.indicator.unit,
            "target": t.value,
            "achieved": value(achieved.get((measure.lineage, t.indicator_id))),
        }
        for goal in strategy.goals.all()
        for objective in goal.objectives.all()
        for measure in objective.measures.all()
        for t in measure.targets.all()
    ]


@router.get("/strategy", response=StrategyOut, summary=gettext_noop("The strategy in force"))
@decorate_view(cached)
def strategy(request: HttpRequest):
    """The strategy version in force as a tree: goals, objectives, measures, and per
    measure its indicator targets and what accepted project reports achieved."""
    strategy = _strategy(request)
    targets = defaultdict(list)
    for row in _target_rows(strategy):
        targets[row["measure_code"]].append(row)
    return {
        **{f: getattr(strategy, f) for f in StrategyOut.model_fields if f != "goals"},
        "goals": [
            {
                "code": goal.code,
                "title": goal.title,
                "title_en": goal.title_en,
                "objectives": [
                    {
                        "code": objective.code,
                        "title": objective.title,
                        "title_en": objective.title_en,
                        "measures": [
                            {
                                "code": m.code,
                                "title": m.title,
                                "title_en": m.title_en,
                                "budget": m.budget,
                                "programme_measure": m.programme_measure,
                                "targets": targets[m.code],
                            }
                            for m in objective.measures.all()
                        ],
                    }
                    for objective in goal.objectives.all()
                ],
            }
            for goal in strategy.goals.all()
        ],
    }


@router.get(
    "/strategy/targets.csv",
    summary=gettext_noop("Targets of the strategy in force (CSV)"),
    openapi_extra=CSV_RESPONSE,
)
@decorate_view(cached)
def targets_csv(request: HttpRequest):
    """One row per measure and indicator: target and achieved."""
    return csv_response(
        request, "strategy-targets.csv", TargetOut, _target_rows(_strategy(request))
    )


def _indicators(request: HttpRequest):
    return Indicator.objects.filter(lag=current_lag(request)).order_by("code", "pk")


def _indicator_rows(request: HttpRequest):
    """Turn a page of indicators into rows with targets and achievements: two queries."""

    def rows(indicators: list[Indicator]) -> list[dict]:
        lag = current_lag(request)
        ids = [i.pk for i in indicators]
        targets = dict(
            Target.objects.filter(
                indicator__in=ids,
                measure__objective__goal__strategy__lag=lag,
                measure__objective__goal__strategy__status="in_force",
            )
            .values("indicator")
            .annotate(total=Sum("value"))
            .order_by()
            .values_list("indicator", "total")
        )
        # As on the dashboard: projects under the measures of the strategy in force,
        # followed across versions by the measure's lineage.
        lineages = Measure.objects.filter(
            objective__goal__strategy__lag=lag,
            objective__goal__strategy__status="in_force",
        ).values("lineage")
        achieved = IndicatorValue.objects.filter(
            indicator__in=ids, report__project__measure__lineage__in=lineages
        ).achieved_by_indicator()
        found = []
        for i in indicators:
            target, done = value(targets.get(i.pk)), value(achieved.get(i.pk))
            found.append(
                {
                    **{f: getattr(i, f) for f in ("code", "name", "name_en", "unit", "unit_en")},
                    "kind": i.kind,
                    "achievement_moment": i.achievement_moment,
                    "target": target,
                    "achieved": done,
                    "share": round(done / target, 4) if target else None,
                }
            )
        return found

    return rows


@router.get("/indicators", response=paged(IndicatorOut), summary=gettext_noop("Indicators"))
@decorate_view(cached)
def indicators(request: HttpRequest, params: Query[PageParams]):
    """The LAG's indicators with the total target in the strategy in force and the
    total achieved by accepted reports of projects under its measures."""
    return page_of(request, _indicators(request), params, _indicator_rows(request))


@router.get("/indicators.csv", summary=gettext_noop("Indicators (CSV)"), openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def indicators_csv(request: HttpRequest):
    rows = _indicator_rows(request)(list(_indicators(request)))
    return csv_response(request, "indicators.csv", IndicatorOut, rows)
