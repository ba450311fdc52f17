"""The strategy tree in the back office. A draft version's texts and figures may be
edited here (audited); a version in force or superseded is read-only (INV-08), and a
version's place in history (status, dates, adoption) changes only through the workflow
(an amendment, or the first version's entry into force). An indicator is frozen here
once a version that is not a draft targets it."""

from django.contrib import admin

from telka.lib.admin import Audited, AuditedInline, ReadOnly

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


class GoalInline(DraftOnly, AuditedInline, admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["code", "title", "title_en", "position"]


@admin.register(Strategy)
class StrategyAdmin(DraftOnly, Audited, admin.ModelAdmin):
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
    workflow_fields = (
        "status",
        "version",
        "previous",
        "in_force_from",
        "in_force_to",
        "adopted_on",
        "adopted_by",
        "created_at",
    )


class ObjectiveInline(DraftOnly, AuditedInline, admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["code", "title", "title_en", "position"]


@admin.register(Goal)
class GoalAdmin(DraftOnly, Audited, admin.ModelAdmin):
    workflow_fields = ("lineage",)  # follows the item across versions
    list_display = ["__str__", "strategy"]
    list_filter = ["strategy"]
    search_fields = ["title", "code"]
    inlines = [ObjectiveInline]


class MeasureInline(DraftOnly, AuditedInline, admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["code", "title", "budget", "is_demo", "position"]


@admin.register(Objective)
class ObjectiveAdmin(DraftOnly, Audited, admin.ModelAdmin):
    workflow_fields = ("lineage",)  # follows the item across versions
    list_display = ["__str__", "goal"]
    list_filter = ["goal__strategy"]
    search_fields = ["title", "code"]
    inlines = [MeasureInline]


class TargetInline(DraftOnly, AuditedInline, admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(Measure)
class MeasureAdmin(DraftOnly, Audited, admin.ModelAdmin):
    workflow_fields = ("lineage",)  # follows the item across versions
    list_display = ["code", "title", "objective", "budget", "is_demo"]
    list_filter = ["objective__goal__strategy", "is_demo"]
    search_fields = ["title", "code", "programme_measure"]
    inlines = [TargetInline]


@admin.register(Indicator)
class IndicatorAdmin(Audited, admin.ModelAdmin):
    list_display = ["code", "name", "unit", "kind", "achievement_moment"]
    list_filter = ["kind", "achievement_moment", "lag"]
    search_fields = ["code", "name"]

    @staticmethod
    def _frozen(obj) -> bool:
        """INV-08: targeted by a version that is not a draft (in force or superseded)."""
        if obj is None:
            return False
        return (
            Target.objects.filter(indicator=obj)
            .exclude(measure__objective__goal__strategy__status=StrategyStatus.DRAFT)
            .exists()
        )

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(StrategyAmendment)
class StrategyAmendmentAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: amendments move through their steps in the staff area, where each
    step is checked and audited (strategy/workflow.py)."""

    list_display = ["title", "status", "base", "draft", "adopted_on", "in_force_from"]
    list_filter = ["status", "lag"]
    search_fields = ["title", "reasons", "minutes_number"]
