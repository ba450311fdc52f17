from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from telka.lag.site import current_lag
from telka.lib.pagecache import public_page

from .models import Goal, Measure, Objective, Strategy, Target


def strategy_tree(strategy: Strategy) -> list[Goal]:
    """Goals with objectives, measures and targets prefetched: four queries in all."""
    targets = Target.objects.select_related("indicator")
    measures = Measure.objects.prefetch_related(Prefetch("targets", queryset=targets))
    objectives = Objective.objects.prefetch_related(Prefetch("measures", queryset=measures))
    return list(strategy.goals.prefetch_related(Prefetch("objectives", queryset=objectives)))


@public_page
def detail(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    strategy = Strategy.objects.filter(lag=lag).in_force().first()
    goals = strategy_tree(strategy) if strategy else []
    has_demo = any(
        measure.is_demo or any(t.is_demo for t in measure.targets.all())
        for goal in goals
        for objective in goal.objectives.all()
        for measure in objective.measures.all()
    )
    return render(
        request,
        "strategy/strategy_detail.html",
        {"lag": lag, "strategy": strategy, "goals": goals, "has_demo": has_demo},
    )
