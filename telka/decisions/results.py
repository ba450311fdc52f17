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
them through one cursor for the national list of operations."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

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


def _status(proposal: Proposal, award: Award, line: DecisionLine) -> tuple[str, datetime.date]:
    status = proposal.status
    if status == ProposalStatus.LAPSED:
        return ResultStatus.LAPSED, _day(award.lapsed_at)
    if status == ProposalStatus.AGENCY_REJECTED:
        return ResultStatus.AGENCY_REJECTED, award.agency_decided_on
    if status == ProposalStatus.WITHDRAWN:
        return ResultStatus.WITHDRAWN, _day(proposal.withdrawn_at)
    if award.approved_amount is not None and award.approved_amount < award.fixed_amount:
        return ResultStatus.REDUCED, award.agency_decided_on
    if line.decision.kind == DecisionKind.PROMOTION:
        return ResultStatus.PROMOTED, line.decision.decided_on
    return ResultStatus.SELECTED, line.decision.decided_on


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
        lines_of[line.proposal.call_id].append(line)
    found = []
    for call in calls:
        found += _call_rows(lines_of[call.pk], outcome)
    return found


# What a Row itself reads of its line, decision, proposal and award.
ROW_FIELDS = (
    *("proposal", "decision", "outcome", "position", "score"),
    *("decision__kind", "decision__decided_on"),
    *("proposal__status", "proposal__withdrawn_at", "proposal__call", "proposal__allocation"),
    *("proposal__allocation__position", "proposal__allocation__call"),
    *("proposal__award__proposal", "proposal__award__fixed_amount"),
    *("proposal__award__approved_amount", "proposal__award__lapsed_at"),
    "proposal__award__agency_decided_on",
)


STREAM_RELATED = (
    "decision",
    "proposal__organisation",
    "proposal__allocation__measure",
    "proposal__award",
)


def stream(
    calls: models.QuerySet,
    *,
    outcome: str | None = None,
    fields: Iterable[str] = (),
    chunk_size: int = 2000,
) -> Iterator[Row]:
    """The rows of rows(calls), one call after another in the queryset's order, read
    through one cursor (two queries, memory bounded by the largest call, whatever the
    number of calls and LAGs): the national list of operations streams them. `fields`:
    only these of the line's related rows (paths from the line, as for only()) beside
    ROW_FIELDS, and the call not joined (proposal.call_id is there), for tens of
    thousands of rows; reading any other field or the call is a query per row."""
    by_call = [_on_call(field) for field in (calls.query.order_by or ["pk"])]
    lines = _public_lines(calls.values("pk")).order_by(
        *by_call, "decision__allocation__call_id", *PUBLIC_ORDER
    )
    if fields:
        # The call stays unread: the widest row, and its id is on the proposal.
        lines = lines.select_related(None).select_related(*STREAM_RELATED)
        lines = lines.only(*ROW_FIELDS, *fields)
    lines = lines.iterator(chunk_size=chunk_size)
    for _call_id, of_call in groupby(lines, key=lambda line: line.proposal.call_id):
        yield from _call_rows(list(of_call), outcome)


def _on_call(field: str) -> str:
    """A Call ordering field as seen from a decision line."""
    descending = field.startswith("-")
    return ("-" if descending else "") + "decision__allocation__call__" + field.lstrip("-")


def _call_rows(lines: list[DecisionLine], outcome: str | None) -> list[Row]:
    """The rows of one call from its public lines in the adopted order."""
    latest: dict[int, DecisionLine] = {}  # the last public line of each proposal
    ranked: dict[int, tuple[int, DecisionLine]] = {}  # its last selection line, and where
    for index, line in enumerate(lines):
        latest[line.proposal_id] = line
        if line.decision.kind == DecisionKind.SELECTION or line.proposal_id not in ranked:
            ranked[line.proposal_id] = (index, line)
    listed = defaultdict(list)  # (allocation, outcome) → [(order, row fields)]
    for proposal_id, line in latest.items():
        at, ranked_line = ranked[proposal_id]
        fields = _row_fields(line, ranked_line, _award(line.proposal))
        if fields is not None and (outcome is None or fields["outcome"] == outcome):
            listed[(line.proposal.allocation, fields["outcome"])].append((at, fields))

    def section(key):
        allocation, listed_on = key
        return (allocation.position, allocation.pk, LISTED.index(listed_on))

    found = []
    for key in sorted(listed, key=section):
        entries = sorted(listed[key], key=lambda entry: entry[0])
        found += [Row(place=n, **fields) for n, (_order, fields) in enumerate(entries, start=1)]
    return found


def _row_fields(line: DecisionLine, ranked: DecisionLine, award: Award | None) -> dict | None:
    """`line`: the proposal's last public line; `ranked`: its last selection line. A
    reserve row is dated by the selection that put it on the reserve list (a promotion
    that leaves it there changes nothing)."""
    proposal = line.proposal
    if line.outcome == LineOutcome.FUNDED and award is not None:
        status, day = _status(proposal, award, line)
        return {
            "proposal": proposal,
            "line": line,
            "award": award,
            "outcome": LineOutcome.FUNDED,
            "status": status,
            "status_on": day,
        }
    # Still on the reserve list: a later promotion counts once its minutes are signed.
    if line.outcome == LineOutcome.RESERVE and (
        proposal.status == ProposalStatus.RESERVE or award is not None
    ):
        return {
            "proposal": proposal,
            "line": ranked,
            "award": None,
            "outcome": LineOutcome.RESERVE,
            "status": ResultStatus.RESERVE,
            "status_on": ranked.decision.decided_on,
        }
    return None


def by_allocation(found: list[Row]) -> dict[tuple[int, str], list[Row]]:
    """{(allocation id, outcome): rows} for pages that show one table per list."""
    grouped = defaultdict(list)
    for row in found:
        grouped[(row.proposal.allocation_id, row.outcome)].append(row)
    return grouped
