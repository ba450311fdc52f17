"""Tracked changes between two strategy versions.

Items are matched by `lineage` (targets by measure lineage and indicator), so a
renamed or renumbered measure is "changed", not "removed and added". Texts get a
word-level diff; budgets and targets get their delta.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from .models import Strategy
from .versions import strategy_tree

TOKENS = re.compile(r"[\w-]+\s*|[^\w\s]\s*|\s+")  # words keep their trailing space
TEXT, MONEY, NUMBER, PLAIN = "text", "money", "number", "plain"

# (field, label, kind) compared at each level of the tree. Lithuanian texts are the
# adopted ones, so they are what the comparison shows.
STRATEGY_FIELDS = [
    ("title", _("Title"), TEXT),
    ("period_start", _("Period from (year)"), PLAIN),
    ("period_end", _("Period to (year)"), PLAIN),
    ("programme", _("Programme"), TEXT),
    ("priority", _("Priority"), TEXT),
    ("investment_priority", _("Investment priority"), TEXT),
    ("specific_objective", _("Specific objective"), TEXT),
    ("summary", _("Summary"), TEXT),
    ("total_budget", _("Total budget"), MONEY),
    ("running_costs_budget", _("Running and animation costs"), MONEY),
]
ITEM_FIELDS = {
    "goal": [("code", _("Code"), PLAIN), ("title", _("Title"), TEXT)],
    "objective": [("code", _("Code"), PLAIN), ("title", _("Title"), TEXT)],
    "measure": [
        ("code", _("Code"), PLAIN),
        ("title", _("Title"), TEXT),
        ("description", _("Description"), TEXT),
        ("budget", _("Budget"), MONEY),
        ("eligible_applicants", _("Eligible applicants"), TEXT),
        ("target_group", _("Target group"), TEXT),
        ("planned_projects", _("Planned number of projects"), NUMBER),
        ("max_duration_months", _("Maximum project duration (months)"), NUMBER),
        ("programme_measure", _("Programme measure"), PLAIN),
    ],
    "target": [("value", _("Target value"), NUMBER)],
}
CHILD_KIND = {"goal": "objective", "objective": "measure", "measure": "target", "target": None}
CHILDREN = {"goal": "objectives", "objective": "measures", "measure": "targets"}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in equal/delete/insert, over words, spaces and punctuation."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


@dataclass
class FieldChange:
    name: str
    label: Any
    kind: str
    old: Any
    new: Any

    @property
    def delta(self) -> Decimal | None:
        if self.kind not in (MONEY, NUMBER):
            return None
        return Decimal(self.new or 0) - Decimal(self.old or 0)

    @property
    def segments(self) -> list[tuple[str, str]]:
        return word_diff(str(self.old or ""), str(self.new or "")) if self.kind == TEXT else []


def field_changes(old: Model | None, new: Model | None, fields) -> list[FieldChange]:
    if old is None or new is None:
        return []
    return [
        FieldChange(name, label, kind, getattr(old, name), getattr(new, name))
        for name, label, kind in fields
        if getattr(old, name) != getattr(new, name)
    ]


@dataclass
class Node:
    """One goal, objective, measure or target as it stands in both versions."""

    kind: str
    old: Any
    new: Any
    changes: list[FieldChange] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    moved_from: Any = None

    @property
    def item(self) -> Any:
        return self.new if self.new is not None else self.old

    @property
    def state(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes or self.moved_from is not None else "unchanged"

    @property
    def has_changes(self) -> bool:
        return self.state != "unchanged" or any(c.has_changes for c in self.children)

    @property
    def value_delta(self) -> Decimal:
        """For a target: the change of its value (a removed target counts as a fall to 0)."""
        return Decimal(getattr(self.new, "value", 0) or 0) - Decimal(
            getattr(self.old, "value", 0) or 0
        )

    def budget(self, side: str) -> Decimal:
        """Σ measure budgets under this node in the old or new version."""
        item = getattr(self, side)
        if item is None or self.kind == "target":
            return Decimal(0)
        if self.kind == "measure":
            return item.budget
        return sum((c.budget(side) for c in self.children), Decimal(0))

    @property
    def budget_old(self) -> Decimal:
        return self.budget("old")

    @property
    def budget_new(self) -> Decimal:
        return self.budget("new")

    @property
    def budget_delta(self) -> Decimal:
        return self.budget_new - self.budget_old


def item_key(kind: str, item: Model, parent_key: Any) -> Any:
    return (parent_key, item.indicator_id) if kind == "target" else item.lineage


def index(kind: str, items, parent_key: Any, found: dict) -> None:
    """Fill found[kind][key] = (item, parent key) for the whole subtree."""
    for item in items:
        key = item_key(kind, item, parent_key)
        found.setdefault(kind, {})[key] = (item, parent_key)
        child = CHILD_KIND[kind]
        if child:
            index(child, getattr(item, CHILDREN[kind]).all(), key, found)


def children_of(kind: str, item: Model | None) -> list:
    if item is None or CHILD_KIND[kind] is None:
        return []
    return list(getattr(item, CHILDREN[kind]).all())


class Comparison:
    """The tracked changes from version `old` to version `new`."""

    def __init__(self, old: Strategy, new: Strategy):
        self.old, self.new = old, new
        old_goals, new_goals = strategy_tree(old), strategy_tree(new)
        self.old_index: dict = {}
        self.new_index: dict = {}
        index("goal", old_goals, None, self.old_index)
        index("goal", new_goals, None, self.new_index)
        self.strategy_changes = field_changes(old, new, STRATEGY_FIELDS)
        self.goals = self.merge("goal", old_goals, new_goals, None)

    def merge(self, kind: str, old_items: list, new_items: list, parent_key: Any) -> list[Node]:
        nodes = [self.matched(kind, item, parent_key) for item in new_items]
        new_keys = self.new_index.get(kind, {})
        for item in old_items:
            # An item that moved elsewhere is shown where it now is, not here.
            if item_key(kind, item, parent_key) not in new_keys:
                nodes.append(self.removed(kind, item, parent_key))
        return nodes

    def matched(self, kind: str, item: Model, parent_key: Any) -> Node:
        key = item_key(kind, item, parent_key)
        old, old_parent = self.old_index.get(kind, {}).get(key, (None, None))
        node = Node(kind, old, item, field_changes(old, item, ITEM_FIELDS[kind]))
        if old is not None and old_parent != parent_key and kind != "goal":
            node.moved_from = self.parent_code(kind, old_parent)
        child = CHILD_KIND[kind]
        if child:
            node.children = self.merge(child, children_of(kind, old), children_of(kind, item), key)
        return node

    def removed(self, kind: str, item: Model, parent_key: Any) -> Node:
        node = Node(kind, item, None)
        key = item_key(kind, item, parent_key)
        child = CHILD_KIND[kind]
        if child:
            node.children = self.merge(child, children_of(kind, item), [], key)
        return node

    def parent_code(self, kind: str, parent_key: Any) -> str:
        parent_kind = {"objective": "goal", "measure": "objective", "target": "measure"}[kind]
        parent = self.old_index[parent_kind].get(parent_key, (None, None))[0]
        return getattr(parent, "code", "")

    def nodes(self) -> list[Node]:
        """Every node, depth first."""
        found, stack = [], list(reversed(self.goals))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {"added": n, "removed": n, "changed": n}}"""
        counts = {kind: {"added": 0, "removed": 0, "changed": 0} for kind in ITEM_FIELDS}
        for node in self.nodes():
            if node.state != "unchanged":
                counts[node.kind][node.state] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return bool(self.strategy_changes) or any(g.has_changes for g in self.goals)

    @property
    def budget_old(self) -> Decimal:
        return sum((g.budget_old for g in self.goals), Decimal(0))

    @property
    def budget_new(self) -> Decimal:
        return sum((g.budget_new for g in self.goals), Decimal(0))

    @property
    def budget_delta(self) -> Decimal:
        return self.budget_new - self.budget_old
