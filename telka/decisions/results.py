"""The published lists as they stand now: the one source of the public results page, the
list of operations (CSV, XLSX) and the API's results (issue 12 item 8).

A row is a proposal the board put on a funded or reserve list by an adopted selection or
promotion decision whose minutes are signed (INV-28). Rows keep the order of the adopted
list lines: an allocation's decisions in the order they were taken, each one's lines by
position. A proposal takes its list from the last such decision that placed it, and its
place in the order from the last selection decision that ranked it, so a reserve
proposal promoted later joins the funded list where the board ranked it, after those
funded first. Each row carries its status now (selected, promoted from the reserve,
reduced or rejected by the agency, lapsed, withdrawn, reserve) and the date of the
decision or event that set it. What is left of an allocation is not here: money.left().

Every caller gets the same rows in two queries, whatever their number; `stream` reads
them as plain values through one cursor for the lists of operations. Both place the
rows by the same rules (_call_rows), reading a Line: the few fields the rules need."""

import datetime
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Call, Proposal, ProposalStatus

from .models import Award, DecisionKind, DecisionLine, DecisionStatus, LineOutcome

LISTED = [LineOutcome.FUNDED, LineOutcome.RESERVE]


class ResultStatus(models.TextChoices):
    SELECTED = "selected", _("Selected")
    PROMOTED = "promoted", _("Promoted from the reserve list")
    REDUCED = "reduced", _("Amount reduced by the agency")
    AGENCY_REJECTED = "agency_rejected", _("Rejected by the agency")
    LAPSED = "lapsed", _("Lapsed: did not apply to the agency")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    RESERVE = "reserve", _("On the reserve list")


VOID = {ResultStatus.LAPSED, ResultStatus.AGENCY_REJECTED, ResultStatus.WITHDRAWN}


@dataclass(frozen=True)
class Row:
    """One proposal on the published lists, as it stands now."""

    proposal: Proposal  # with call, organisation and allocation.measure
    line: DecisionLine  # the adopted line that put it on its list (with its decision)
    award: Award | None  # funded rows only
    outcome: str  # LineOutcome.FUNDED or RESERVE
    place: int  # on its list in its allocation, from 1, in the adopted order
    status: str  # ResultStatus
    status_on: datetime.date | None  # the decision or event that set the status

    @property
    def status_label(self) -> str:
        return ResultStatus(self.status).label

    @property
    def is_void(self) -> bool:
        """The funded place is gone: its whole amount returned to the allocation."""
        return self.status in VOID

    @property
    def is_funded(self) -> bool:
        return self.outcome == LineOutcome.FUNDED

    @property
    def decided_on(self) -> datetime.date | None:
        """The date of the decision that put the proposal on its list."""
        return self.line.decision.decided_on

    @property
    def score(self) -> Decimal | None:
        """The score the board decided on."""
        return self.line.score

    @property
    def fixed_amount(self) -> Decimal | None:
        return self.award.fixed_amount if self.award else None

    @property
    def approved_amount(self) -> Decimal | None:
        """What the agency approved (INV-32), once it decided."""
        return self.award.approved_amount if self.award else None


class Line(NamedTuple):
    """What the rules read of one public decision line: its decision, its proposal (with
    the allocation) and the proposal's award. `extra`: what the caller keeps beside it
    (the DecisionLine itself for rows(), the export's columns for stream())."""

    proposal_id: int
    call_id: int
    allocation_id: int
    allocation_position: int
    kind: str  # of the decision
    decided_on: datetime.date | None
    outcome: str
    proposal_status: str
    withdrawn_at: datetime.datetime | None
    award: int | None  # the award's id, None without an award
    fixed_amount: Decimal | None
    approved_amount: Decimal | None
    lapsed_at: datetime.datetime | None
    agency_decided_on: datetime.date | None
    extra: Any = None


# Line's fields as paths from a decision line, for values_list().
LINE_PATHS = (
    *("proposal_id", "proposal__call_id", "proposal__allocation_id"),
    *("proposal__allocation__position", "decision__kind", "decision__decided_on", "outcome"),
    *("proposal__status", "proposal__withdrawn_at", "proposal__award__id"),
    *("proposal__award__fixed_amount", "proposal__award__approved_amount"),
    *("proposal__award__lapsed_at", "proposal__award__agency_decided_on"),
)


def _line_of(line: DecisionLine) -> Line:
    """The Line of a DecisionLine read with _public_lines' related rows."""
    proposal, award = line.proposal, _award(line.proposal)
    return Line(
        proposal.pk,
        proposal.call_id,
        proposal.allocation_id,
        proposal.allocation.position,
        line.decision.kind,
        line.decision.decided_on,
        line.outcome,
        proposal.status,
        proposal.withdrawn_at,
        award and award.pk,
        award and award.fixed_amount,
        award and award.approved_amount,
        award and award.lapsed_at,
        award and award.agency_decided_on,
        extra=line,
    )


class Placed(NamedTuple):
    """A proposal on a published list, as the rules place it; rows() and stream() give
    it to their callers as a Row or as is."""

    line: Line  # the line that put it on its list
    outcome: str  # LineOutcome.FUNDED or RESERVE
    place: int
    status: str  # ResultStatus
    status_on: datetime.date | None

    @property
    def status_label(self) -> str:
        return ResultStatus(self.status).label


def _status(line: Line) -> tuple[str, datetime.date | None]:
    """The status now of a funded line's proposal (it has an award)."""
    status = line.proposal_status
    if status == ProposalStatus.LAPSED:
        return ResultStatus.LAPSED, _day(line.lapsed_at)
    if status == ProposalStatus.AGENCY_REJECTED:
        return ResultStatus.AGENCY_REJECTED, line.agency_decided_on
    if status == ProposalStatus.WITHDRAWN:
        return ResultStatus.WITHDRAWN, _day(line.withdrawn_at)
    if line.approved_amount is not None and line.approved_amount < line.fixed_amount:
        return ResultStatus.REDUCED, line.agency_decided_on
    if line.kind == DecisionKind.PROMOTION:
        return ResultStatus.PROMOTED, line.decided_on
    return ResultStatus.SELECTED, line.decided_on


def _award(proposal: Proposal) -> Award | None:
    try:
        return proposal.award
    except Award.DoesNotExist:
        return None


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


# The adopted order of the lines of one call.
PUBLIC_ORDER = (
    "decision__decided_on",
    "decision__meeting__starts_at",
    "decision__item__position",
    "decision_id",
    "position",
)


def _public_lines(calls):
    return (
        DecisionLine.objects.filter(
            decision__allocation__call__in=calls,
            decision__status=DecisionStatus.ADOPTED,
            decision__kind__in=[DecisionKind.SELECTION, DecisionKind.PROMOTION],
            decision__meeting__minutes__signed_at__isnull=False,
        )
        .select_related(
            "decision",
            "proposal__call",
            "proposal__organisation",
            "proposal__allocation__measure",
            "proposal__award",
        )
        .order_by(*PUBLIC_ORDER)
    )


def rows(calls: Iterable[Call] | models.QuerySet, *, outcome: str | None = None) -> list[Row]:
    """The rows of `calls` (a queryset or a list), call by call in the given order, then
    allocation by allocation, the funded list before the reserve list. `outcome`: only
    the funded or only the reserve rows."""
    calls = list(calls)
    lines_of = defaultdict(list)
    for line in _public_lines(calls):
        lines_of[line.proposal.call_id].append(_line_of(line))
    return [_row(placed) for call in calls for placed in _call_rows(lines_of[call.pk], outcome)]


def _row(placed: Placed) -> Row:
    line = placed.line.extra
    return Row(
        proposal=line.proposal,
        line=line,
        award=_award(line.proposal) if placed.outcome == LineOutcome.FUNDED else None,
        outcome=placed.outcome,
        place=placed.place,
        status=placed.status,
        status_on=placed.status_on,
    )


def stream(
    calls: models.QuerySet,
    *,
    outcome: str | None = None,
    columns: Mapping[str, str | models.Expression] | None = None,
    chunk_size: int = 2000,
) -> Iterator[Placed]:
    """The rows of rows(calls) as plain values, one call after another in the queryset's
    order, read through one cursor: one query and no model instance whatever the number
    of rows, calls and LAGs, memory bounded by the largest call. The national list of
    operations streams them. `columns`: {name: path from a decision line, or an
    expression} read beside each line, handed back as a named tuple in `line.extra`."""
    columns = dict(columns or {})
    extra = namedtuple("Extra", columns) if columns else None
    order = [
        *(_on_call(field) for field in (calls.query.order_by or ["pk"])),
        "decision__allocation__call_id",
        *PUBLIC_ORDER,
    ]
    # The sort keys are read first: PostgreSQL then compares them without walking the
    # wide text columns of each row (three times faster for 30,000 rows).
    keys = [field.lstrip("-") for field in order]
    expressions = {f"_{name}": path for name, path in columns.items() if not isinstance(path, str)}
    paths = [path if isinstance(path, str) else f"_{name}" for name, path in columns.items()]
    values = (
        _public_lines(calls.values("pk"))
        .select_related(None)
        .annotate(**expressions)
        .order_by(*order)
        .values_list(*keys, *LINE_PATHS, *paths)
        .iterator(chunk_size=chunk_size)
    )
    start, end = len(keys), len(keys) + len(LINE_PATHS)
    lines = (Line(*value[start:end], extra=extra and extra._make(value[end:])) for value in values)
    for _call_id, of_call in groupby(lines, key=attrgetter("call_id")):
        yield from _call_rows(list(of_call), outcome)


def _on_call(field: str) -> str:
    """A Call ordering field as seen from a decision line."""
    descending = field.startswith("-")
    return ("-" if descending else "") + "decision__allocation__call__" + field.lstrip("-")


def _call_rows(lines: list[Line], outcome: str | None) -> list[Placed]:
    """The rows of one call from its public lines in the adopted order."""
    latest: dict[int, Line] = {}  # the last public line of each proposal
    ranked: dict[int, tuple[int, Line]] = {}  # its last selection line, and where
    for index, line in enumerate(lines):
        latest[line.proposal_id] = line
        if line.kind == DecisionKind.SELECTION or line.proposal_id not in ranked:
            ranked[line.proposal_id] = (index, line)
    listed = defaultdict(list)  # (allocation, outcome) → [(order, row fields)]
    for proposal_id, line in latest.items():
        at, ranked_line = ranked[proposal_id]
        fields = _row_fields(line, ranked_line)
        if fields is not None and (outcome is None or fields["outcome"] == outcome):
            section = (line.allocation_position, line.allocation_id, fields["outcome"])
            listed[section].append((at, fields))

    def order(section):
        position, allocation_id, listed_on = section
        return (position, allocation_id, LISTED.index(listed_on))

    found = []
    for section in sorted(listed, key=order):
        entries = sorted(listed[section], key=lambda entry: entry[0])
        found += [Placed(place=n, **fields) for n, (_at, fields) in enumerate(entries, start=1)]
    return found


def _row_fields(line: Line, ranked: Line) -> dict | None:
    """`line`: the proposal's last public line; `ranked`: its last selection line. A
    reserve row is dated by the selection that put it on the reserve list (a promotion
    that leaves it there changes nothing)."""
    if line.outcome == LineOutcome.FUNDED and line.award is not None:
        status, day = _status(line)
        return {"line": line, "outcome": LineOutcome.FUNDED, "status": status, "status_on": day}
    # Still on the reserve list: a later promotion counts once its minutes are signed.
    if line.outcome == LineOutcome.RESERVE and (
        line.proposal_status == ProposalStatus.RESERVE or line.award is not None
    ):
        return {
            "line": ranked,
            "outcome": LineOutcome.RESERVE,
            "status": ResultStatus.RESERVE,
            "status_on": ranked.decided_on,
        }
    return None


def by_allocation(found: list[Row]) -> dict[tuple[int, str], list[Row]]:
    """{(allocation id, outcome): rows} for pages that show one table per list."""
    grouped = defaultdict(list)
    for row in found:
        grouped[(row.proposal.allocation_id, row.outcome)].append(row)
    return grouped
