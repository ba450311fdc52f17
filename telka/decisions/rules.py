"""Who may vote on one agenda item and whether the vote can be valid (INV-19 … INV-22,
INV-26). Pure functions on plain rows, so the decision page, the adoption check, the
minutes and the tests all compute the same figures.

- Recusal (INV-19): a member with an interest in any proposal of the allocation is
  recused from the whole item; with the per-proposal scope, only when the interest
  concerns a proposal whose list place this decision sets. A member linked to an
  applicant organisation (telka.lag.links: their account belongs to it, a link is
  recorded for them or their seat, or their seat represents it) is recused the same
  way without having to declare; linked to the LAG itself as an applicant, always
  (INV-26).
- Quorum (INV-20): counted in seats, after recusals, by the statute's share and rule.
- Balance (INV-21): among the votes of members who may vote, public authorities hold at
  most `max_public_vote_share`, and so does each single interest group (2021/1060: no
  single interest group controls the decision).
- Composition (INV-01, INV-03): on the decision date neither the public authorities nor
  any interest group holds more than `max_group_share` of the board's voting rights.
  Membership changes are refused when they would break this (telka.lag.workflow); the
  decision checks it again on its own date, with the same words and figures.
"""

import datetime
import math
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

ZERO = Decimal(0)


@dataclass(frozen=True)
class Seat:
    membership_id: int
    name: str
    votes: int
    group: str
    is_public_authority: bool
    user_id: int | None = None


@dataclass(frozen=True)
class Statute:
    quorum_share: Decimal
    quorum_more_than: bool
    max_public_vote_share: Decimal
    per_proposal_scope: bool = False
    max_group_share: Decimal = Decimal("0.49")


@dataclass
class Figures:
    day: str
    seats: int
    taking_part: list[int]
    recused: dict[int, list[int]]  # membership id → proposal ids it is recused for
    forced: list[int]  # recused because linked to an applicant (INV-19, INV-26)
    undeclared: list[int]  # taking part but not declared on every proposal
    eligible: list[int]
    eligible_votes: int
    public_votes: int
    quorum_needed: int
    max_public_vote_share: str
    names: dict[int, str] = field(default_factory=dict)
    # Votes of those who may vote, by interest group (INV-21).
    group_votes: dict[str, int] = field(default_factory=dict)
    # The whole board on the decision date (INV-01): votes by group, public authorities.
    board_votes: dict[str, int] = field(default_factory=dict)
    board_public_votes: int = 0
    max_group_share: str = "0.49"

    @property
    def public_share(self) -> Decimal:
        return Decimal(self.public_votes) / self.eligible_votes if self.eligible_votes else ZERO

    @property
    def quorum_ok(self) -> bool:
        return len(self.eligible) >= self.quorum_needed

    @property
    def balance_ok(self) -> bool:
        return self.eligible_votes > 0 and self.public_share <= Decimal(self.max_public_vote_share)

    def group_share(self, group: str) -> Decimal:
        votes = self.group_votes.get(group, 0)
        return Decimal(votes) / self.eligible_votes if self.eligible_votes else ZERO

    @property
    def dominant_groups(self) -> list[str]:
        """Interest groups holding more than the allowed share of the votes (INV-21)."""
        limit = Decimal(self.max_public_vote_share)
        return [g for g in sorted(self.group_votes) if self.group_share(g) > limit]

    @property
    def group_rows(self) -> list[tuple[str, int, Decimal, bool]]:
        """(group label, votes, share, within the limit) of those who may vote."""
        from telka.lag.models import Sector

        limit = Decimal(self.max_public_vote_share)
        return [
            (label, self.group_votes[code], self.group_share(code), self.group_share(code) <= limit)
            for code, label in Sector.choices
            if code in self.group_votes
        ]

    @property
    def groups_ok(self) -> bool:
        return not self.dominant_groups

    def composition(self):
        from telka.lag.models import Composition

        return Composition(
            day=datetime.date.fromisoformat(self.day),
            total_votes=sum(self.board_votes.values()),
            seats=self.seats,
            votes_by_group=dict(self.board_votes),
            public_authority_votes=self.board_public_votes,
        )

    def composition_problems(self) -> list[str]:
        """INV-01 on the decision date, in the words of the membership refusals."""
        from telka.lag.workflow import describe_violations

        if not self.board_votes:
            return []
        return describe_violations(self.composition(), Decimal(self.max_group_share))

    @property
    def is_valid(self) -> bool:
        return (
            self.quorum_ok
            and self.balance_ok
            and self.groups_ok
            and not self.undeclared
            and not self.composition_problems()
        )

    def problems(self) -> list[str]:
        """Why a vote would be invalid, with the figures."""
        found = []
        if self.undeclared:
            names = ", ".join(self.names.get(i, str(i)) for i in self.undeclared)
            found.append(
                _("Not every member taking part has declared on every proposal: %(names)s.")
                % {"names": names}
            )
        return found + self.rule_problems()

    def rule_problems(self) -> list[str]:
        """Quorum and balance failures (INV-01, INV-20, INV-21) with the figures: what
        makes an item invalid when a sitting ends; missing declarations do not."""
        found = []
        if not self.quorum_ok:
            found.append(
                _(
                    "No quorum after recusals: %(eligible)s of %(seats)s members may vote, "
                    "%(needed)s are needed (INV-20)."
                )
                % {
                    "eligible": len(self.eligible),
                    "seats": self.seats,
                    "needed": self.quorum_needed,
                }
            )
        if not self.balance_ok:
            found.append(
                _(
                    "Public authorities would hold %(public)s of %(votes)s votes (%(share)s), "
                    "more than the %(limit)s allowed (INV-21)."
                )
                % {
                    "public": self.public_votes,
                    "votes": self.eligible_votes,
                    "share": percent(self.public_share),
                    "limit": f"{number_format(Decimal(self.max_public_vote_share) * 100, 0)} %",
                }
            )
        found += [self._group_problem(group) for group in self.dominant_groups]
        return found + self.composition_problems()

    def _group_problem(self, group: str) -> str:
        from telka.lag.models import Sector

        return _(
            "%(group)s would hold %(votes)s of %(total)s votes (%(share)s), more than the "
            "%(limit)s one interest group may hold (INV-21)."
        ) % {
            "group": dict(Sector.choices).get(group, group),
            "votes": self.group_votes[group],
            "total": self.eligible_votes,
            "share": percent(self.group_share(group)),
            "limit": f"{number_format(Decimal(self.max_public_vote_share) * 100, 0)} %",
        }

    def as_json(self) -> dict:
        data = asdict(self)
        data["recused"] = {str(k): v for k, v in self.recused.items()}
        data["names"] = {str(k): v for k, v in self.names.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Figures":
        data = dict(data)
        data["recused"] = {int(k): v for k, v in data.get("recused", {}).items()}
        data["names"] = {int(k): v for k, v in data.get("names", {}).items()}
        return cls(**data)


def percent(share: Decimal) -> str:
    """A share as a percentage with one decimal, rounded half up, in the active locale."""
    return f"{number_format((share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP), 1)} %"


def quorum_needed(seats: int, statute: Statute) -> int:
    threshold = statute.quorum_share * seats
    if statute.quorum_more_than:
        return math.floor(threshold) + 1
    return math.ceil(threshold)


def recusals(
    interests: dict[int, set[int]],
    *,
    decided: set[int],
    per_proposal: bool,
) -> dict[int, list[int]]:
    """Members recused and the proposals that recuse them."""
    found = {}
    for member, proposals in interests.items():
        relevant = proposals & decided if per_proposal else proposals
        if relevant:
            found[member] = sorted(proposals)
    return found


def forced_recusals(
    linked: dict[int, set[int]], *, own: set[int], decided: set[int], per_proposal: bool
) -> set[int]:
    """Members recused by their links, declared or not: linked to the LAG itself as an
    applicant always (INV-26); linked to another applicant like a declared interest
    (INV-19: the whole item, or with the per-proposal scope when the decision places
    that proposal)."""
    return {
        member
        for member, proposals in linked.items()
        if proposals & own or (proposals & decided if per_proposal else proposals)
    }


def figures(
    *,
    day: str,
    seats: list[Seat],
    taking_part: set[int],
    declared: dict[int, set[int]],
    interests: dict[int, set[int]],
    proposals: set[int],
    decided: set[int],
    linked: dict[int, set[int]],
    own: set[int],
    statute: Statute,
) -> Figures:
    """The item's figures. `declared`/`interests`/`linked`: membership id → proposal ids
    declared on / with an interest / whose applicant the member is linked to; `own`: the
    proposals of the LAG itself."""
    recused = recusals(interests, decided=decided, per_proposal=statute.per_proposal_scope)
    forced = sorted(
        member
        for member in forced_recusals(
            linked, own=own, decided=decided, per_proposal=statute.per_proposal_scope
        )
        if member in taking_part
    )
    for member in forced:
        recused[member] = sorted(set(recused.get(member, [])) | linked[member])
    present = [s for s in seats if s.membership_id in taking_part]
    undeclared = [
        s.membership_id
        for s in present
        if s.membership_id not in forced and not proposals <= declared.get(s.membership_id, set())
    ]
    eligible = [s for s in present if s.membership_id not in recused]
    return Figures(
        day=day,
        seats=len(seats),
        taking_part=sorted(taking_part),
        recused=recused,
        forced=forced,
        undeclared=undeclared,
        eligible=[s.membership_id for s in eligible],
        eligible_votes=sum(s.votes for s in eligible),
        public_votes=sum(s.votes for s in eligible if s.is_public_authority),
        quorum_needed=quorum_needed(len(seats), statute),
        max_public_vote_share=str(statute.max_public_vote_share),
        names={s.membership_id: s.name for s in seats},
        group_votes=_votes_by_group(eligible),
        board_votes=_votes_by_group(seats),
        board_public_votes=sum(s.votes for s in seats if s.is_public_authority),
        max_group_share=str(statute.max_group_share),
    )


def _votes_by_group(seats: list[Seat]) -> dict[str, int]:
    found: dict[str, int] = {}
    for seat in seats:
        found[seat.group] = found.get(seat.group, 0) + seat.votes
    return found


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def is_adopted(self) -> bool:
        """A simple majority of the votes of the members taking part in the vote."""
        return self.votes_for * 2 > self.cast


def tally(choices: list[tuple[str, int]]) -> Tally:
    """(choice, voting rights) pairs → weighted tally."""
    count = {"for": 0, "against": 0, "abstain": 0}
    for choice, weight in choices:
        count[choice] += weight
    return Tally(count["for"], count["against"], count["abstain"])
