"""The record of a meeting as the minutes, the decision page and the results page show
it: attendance, declarations, recusals, quorum, public share, votes, tallies, lists and
justifications, all read in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from . import facts, rules
from .models import Attendance, Decision, DecisionLine, InterestDeclaration, Meeting, Vote


@dataclass
class ItemRecord:
    decision: Decision
    figures: rules.Figures
    lines: list[DecisionLine]
    votes: list[Vote]
    interests: list[InterestDeclaration] = field(default_factory=list)

    @property
    def recused_names(self) -> list[str]:
        return [self.figures.names.get(pk, str(pk)) for pk in self.figures.recused]

    @property
    def forced_names(self) -> list[str]:
        """Recused by their links to an applicant (INV-19, INV-26), not by a declaration."""
        return [self.figures.names.get(pk, str(pk)) for pk in self.figures.forced]

    def lines_of(self, outcome: str) -> list[DecisionLine]:
        return [line for line in self.lines if line.outcome == outcome]

    @property
    def funded(self):
        return self.lines_of("funded")

    @property
    def reserve(self):
        return self.lines_of("reserve")

    @property
    def not_selected(self):
        return self.lines_of("not_selected")

    @property
    def deviations(self):
        return [line for line in self.lines if line.is_deviation]


def figures_of(decision: Decision) -> rules.Figures:
    """Stored figures of a recorded decision; live ones while it is being prepared."""
    if decision.is_final and decision.figures:
        return rules.Figures.from_json(decision.figures)
    return facts.item_figures(decision.item)


def meeting_record(meeting: Meeting) -> dict:
    lines = DecisionLine.objects.select_related("proposal__organisation").order_by("position")
    votes = Vote.objects.select_related("membership").order_by("membership__full_name")
    decisions = (
        meeting.decisions.select_related(
            "item__complaint__proposal",
            "item__corrects__meeting",
            "allocation__measure",
            "allocation__call",
            "meeting__board",
        )
        .prefetch_related(Prefetch("lines", queryset=lines), Prefetch("votes", queryset=votes))
        .order_by("item__position")
    )
    interests = defaultdict(list)
    for row in InterestDeclaration.objects.filter(
        meeting=meeting, has_interest=True
    ).select_related("membership", "proposal"):
        interests[row.proposal.allocation_id].append(row)
    items = [
        ItemRecord(
            d, figures_of(d), list(d.lines.all()), list(d.votes.all()), interests[d.allocation_id]
        )
        for d in decisions
    ]
    return {
        "meeting": meeting,
        "items": items,
        "attendance": list(Attendance.objects.filter(meeting=meeting).select_related("membership")),
        "declaration_counts": declaration_counts(meeting),
    }


def declaration_counts(meeting: Meeting) -> list[dict]:
    """Per member: how many proposals they declared on, and with an interest."""
    return list(
        InterestDeclaration.objects.filter(meeting=meeting)
        .values("membership__full_name")
        .annotate(total=Count("pk"), with_interest=Count("pk", filter=Q(has_interest=True)))
        .order_by("membership__full_name")
    )
