"""Read the recorded facts of an agenda item from the database and compute its figures
(rules.py) in a fixed number of queries, whatever the number of proposals."""

from collections import defaultdict

from telka.calls.models import Proposal
from telka.lag import links
from telka.lag.models import BoardMembership

from . import rules
from .models import (
    AgendaItem,
    Attendance,
    InterestDeclaration,
    RecusalScope,
    Vote,
)


def seats(item: AgendaItem) -> list[BoardMembership]:
    """The board on the decision date (INV-03)."""
    meeting = item.meeting
    return list(meeting.board.memberships.on(meeting.held_on).order_by("full_name", "pk"))


def statute(item: AgendaItem) -> rules.Statute:
    """The statute in force on the decision date (a dated record of the general meeting's
    decision, telka.lag.models.BoardStatute), never today's."""
    found = item.meeting.board.statute_on(item.meeting.held_on)
    return rules.Statute(
        quorum_share=found.quorum_share,
        quorum_more_than=found.quorum_rule == "more_than",
        max_public_vote_share=found.max_public_vote_share,
        per_proposal_scope=found.recusal_scope == RecusalScope.PROPOSAL,
        max_group_share=found.max_group_share,
    )


def declarations(item: AgendaItem) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """(declared, interests): membership id → proposal ids."""
    declared: dict[int, set[int]] = defaultdict(set)
    interests: dict[int, set[int]] = defaultdict(set)
    rows = InterestDeclaration.objects.filter(
        meeting=item.meeting, proposal__allocation=item.allocation
    ).values_list("membership_id", "proposal_id", "has_interest")
    for member, proposal, has_interest in rows:
        declared[member].add(proposal)
        if has_interest:
            interests[member].add(proposal)
    return declared, interests


def taking_part(
    item: AgendaItem, declared: dict[int, set[int]], interests: dict[int, set[int]]
) -> set[int]:
    """In a meeting: those recorded present. In a written procedure: those who returned
    a ballot for this item (INV-22) — a vote, or a declared interest, which recuses."""
    if item.meeting.is_written:
        voted = set(
            Vote.objects.filter(decision__item=item).values_list("membership_id", flat=True)
        )
        return voted | {m for m, proposals in interests.items() if proposals}
    return set(
        Attendance.objects.filter(meeting=item.meeting, is_present=True).values_list(
            "membership_id", flat=True
        )
    )


def decided_proposals(item: AgendaItem) -> set[int]:
    """Proposals whose list place this item sets (for the per-proposal recusal scope)."""
    if item.complaint_id:
        return {item.complaint.proposal_id}
    lines = item.decision.lines.all()
    if item.kind == "promotion":  # those left on the reserve keep their place
        lines = lines.filter(outcome="funded")
    return set(lines.values_list("proposal_id", flat=True))


def linked_members(item: AgendaItem, board_seats: list[BoardMembership]) -> dict[int, list[int]]:
    """Seat id → proposals of the item whose applicant organisation the member is linked
    to on the decision date (telka.lag.links: account, recorded link, represented LAG
    member). They are recused without having to declare (INV-19, INV-26)."""
    rows = list(item.proposals().values_list("pk", "organisation_id", "organisation__legal_code"))
    organisations = {organisation: code for _pk, organisation, code in rows}
    by_seat = links.linked_seats(board_seats, organisations, item.meeting.held_on)
    return {
        seat: [pk for pk, organisation, _code in rows if organisation in found]
        for seat, found in by_seat.items()
    }


def seat_linked_proposals(seat: BoardMembership, proposals, day) -> set[int]:
    """The proposals (with their organisation) whose applicant the seat's holder is
    linked to on `day`, the rule of `linked_members` for one seat and any number of
    items at once: three queries (telka.lag.links)."""
    organisations = {p.organisation_id: p.organisation.legal_code for p in proposals}
    found = links.linked_seats([seat], organisations, day).get(seat.pk, set())
    return {p.pk for p in proposals if p.organisation_id in found}


def lag_applicant_proposals(item: AgendaItem) -> set[int]:
    return set(
        item.proposals().filter(organisation__is_lag_itself=True).values_list("pk", flat=True)
    )


def item_figures(item: AgendaItem) -> rules.Figures:
    board_seats = seats(item)
    declared, interests = declarations(item)
    own = lag_applicant_proposals(item)
    linked = linked_members(item, board_seats)
    return rules.figures(
        day=item.meeting.held_on.isoformat(),
        seats=[
            rules.Seat(
                s.pk,
                s.full_name,
                s.voting_rights,
                s.interest_group,
                s.is_public_authority,
                s.user_id,
            )
            for s in board_seats
        ],
        taking_part=taking_part(item, declared, interests) & {s.pk for s in board_seats},
        declared=declared,
        interests=interests,
        proposals=set(item.proposals().values_list("pk", flat=True)),
        decided=decided_proposals(item),
        linked={m: set(proposals) for m, proposals in linked.items()},
        own=own,
        statute=statute(item),
    )


def proposal_labels(ids) -> dict[int, str]:
    return dict(Proposal.objects.filter(pk__in=list(ids)).values_list("pk", "reg_number"))
