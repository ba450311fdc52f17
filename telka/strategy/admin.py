from django.contrib import admin

from .models import (
    Goal,
    Indicator,
    Measure,
    Objective,
    Strategy,
    StrategyAmendment,
    StrategyStatus,
    Target,
)


def owning_strategy(obj) -> Strategy | None:
    """The strategy version a target, measure, objective or goal belongs to."""
    while obj is not None and not isinstance(obj, Strategy):
        parent = None
        for attr in ("measure", "objective", "goal", "strategy"):
            parent = parent or getattr(obj, attr, None)
        obj = parent
    return obj


class DraftOnly:
    """INV-08: a version in force (or superseded) is read-only in the admin too."""

    def _locked(self, obj) -> bool:
        strategy = owning_strategy(obj)
        return strategy is not None and not strategy.is_editable

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        # ModelAdmin passes (request); inlines pass (request, parent_obj).
        return not self._locked(args[0] if args else None) and super().has_add_permission(
            request, *args
        )


class GoalInline(DraftOnly, admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["code", "title", "title_en", "position"]


@admin.register(Strategy)
class StrategyAdmin(DraftOnly, admin.ModelAdmin):
    list_display = [
        "title",
        "version",
        "status",
        "period_start",
        "period_end",
        "total_budget",
        "in_force_from",
    ]
    list_filter = ["status", "lag"]
    search_fields = ["title"]
    inlines = [GoalInline]
    HISTORY = [
        "status",
        "version",
        "previous",
        "in_force_from",
        "in_force_to",
        "adopted_on",
        "adopted_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        """A version's place in history changes only through an amendment (INV-07), except
        that a LAG's very first version may be put into force here, with its approval."""
        if obj is not None and self._is_first_version(obj):
            return []
        return self.HISTORY

    @staticmethod
    def _is_first_version(obj: Strategy) -> bool:
        others = Strategy.objects.filter(lag_id=obj.lag_id).exclude(pk=obj.pk)
        return obj.status == StrategyStatus.DRAFT and not others.exists()


class ObjectiveInline(DraftOnly, admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["code", "title", "title_en", "position"]


@admin.register(Goal)
class GoalAdmin(DraftOnly, admin.ModelAdmin):
    list_display = ["__str__", "strategy"]
    list_filter = ["strategy"]
    search_fields = ["title", "code"]
    inlines = [ObjectiveInline]


class MeasureInline(DraftOnly, admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["code", "title", "budget", "is_demo", "position"]


@admin.register(Objective)
class ObjectiveAdmin(DraftOnly, admin.ModelAdmin):
    list_display = ["__str__", "goal"]
    list_filter = ["goal__strategy"]
    search_fields = ["title", "code"]
    inlines = [MeasureInline]


class TargetInline(DraftOnly, admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(Measure)
class MeasureAdmin(DraftOnly, admin.ModelAdmin):
    list_display = ["code", "title", "objective", "budget", "is_demo"]
    list_filter = ["objective__goal__strategy", "is_demo"]
    search_fields = ["title", "code", "programme_measure"]
    inlines = [TargetInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "kind", "achievement_moment"]
    list_filter = ["kind", "achievement_moment", "lag"]
    search_fields = ["code", "name"]


@admin.register(StrategyAmendment)
class StrategyAmendmentAdmin(admin.ModelAdmin):
    """Read-only: amendments move through their steps in the staff area, where each
    step is checked and audited (strategy/workflow.py)."""

    list_display = ["title", "status", "base", "draft", "adopted_on", "in_force_from"]
    list_filter = ["status", "lag"]
    search_fields = ["title", "reasons", "minutes_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
