"""Reading and copying whole strategy versions.

A version is a tree: Strategy → Goal → Objective → Measure → Target. Amendments
start from a deep copy of the version in force; every goal, objective and
measure keeps its `lineage` UUID so two versions can be compared item by item.
"""

from django.db.models import Max, Model, Prefetch

from .models import Goal, Measure, Objective, Strategy, StrategyStatus, Target

# Fields that describe a version's place in history, not its content: a copy starts them afresh.
HISTORY_FIELDS = {
    "status": StrategyStatus.DRAFT,
    "previous_id": None,
    "in_force_from": None,
    "in_force_to": None,
    "adopted_on": None,
    "adopted_by": "",
}


def strategy_tree(strategy: Strategy) -> list[Goal]:
    """Goals with objectives, measures and targets prefetched: four queries in all."""
    targets = Target.objects.select_related("indicator")
    measures = Measure.objects.prefetch_related(Prefetch("targets", queryset=targets))
    objectives = Objective.objects.prefetch_related(Prefetch("measures", queryset=measures))
    return list(strategy.goals.prefetch_related(Prefetch("objectives", queryset=objectives)))


def all_measures(goals: list[Goal]) -> list[Measure]:
    return [m for g in goals for o in g.objectives.all() for m in o.measures.all()]


def has_demo_figures(goals: list[Goal]) -> bool:
    return any(
        measure.is_demo or any(t.is_demo for t in measure.targets.all())
        for measure in all_measures(goals)
    )


def next_version_number(strategy: Strategy) -> int:
    latest = Strategy.objects.filter(lag_id=strategy.lag_id).aggregate(n=Max("version"))["n"]
    return (latest or 0) + 1


def _clone(obj: Model, **changes) -> Model:
    """A saved copy of `obj` with its concrete fields (by attname) and `changes` applied."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(obj).objects.create(**values)


def copy_version(source: Strategy, *, version: int) -> Strategy:
    """A new DRAFT version with the same content as `source`. Rows are copied, never
    moved, so calls and proposals that point at `source`'s measures are untouched."""
    draft = _clone(source, version=version, **{**HISTORY_FIELDS, "previous_id": source.pk})
    for goal in strategy_tree(source):
        new_goal = _clone(goal, strategy_id=draft.pk)
        for objective in goal.objectives.all():
            new_objective = _clone(objective, goal_id=new_goal.pk)
            for measure in objective.measures.all():
                new_measure = _clone(measure, objective_id=new_objective.pk)
                Target.objects.bulk_create(
                    Target(
                        measure=new_measure,
                        indicator_id=t.indicator_id,
                        value=t.value,
                        is_demo=t.is_demo,
                    )
                    for t in measure.targets.all()
                )
    return draft
