"""Preparing the lists, recording votes and ballots, and adopting a decision with every
check of INV-19 … INV-26 made on the recorded facts."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lag.models import BoardMembership
from telka.lib.workflow import Refused
from telka.templatetags.telka import eur

from .. import facts, lists, money, rules
from ..models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    LineOutcome,
    Vote,
)
from . import effects
from ._base import lock_decision


@dataclass(frozen=True)
class LineInput:
    outcome: str
    fixed_amount: Decimal | None = None
    has_consent: bool = False
    justification: str = ""
    reasons: str = ""


@transaction.atomic
def update_lines(*, decision: Decision, actor: Any, changes: dict[int, LineInput]) -> Decision:
    """Staff prepare the lists: list, fixed amount, consent, justification and reasons per
    line (line id → input). Deviations from the ranking are flagged (INV-23); the rules
    are checked at adoption. Audited with the changed lines."""
    decision = lock_decision(decision)
    lines = list(decision.lines.select_related("proposal"))
    changed = {}
    for line in lines:
        new = changes.get(line.pk)
        if new is None:
            continue
        line.outcome = new.outcome
        line.fixed_amount = new.fixed_amount if new.outcome == LineOutcome.FUNDED else None
        line.has_consent = new.has_consent
        line.justification = new.justification.strip()
        line.reasons = new.reasons.strip()
        changed[line.proposal.reg_number] = [new.outcome, str(line.fixed_amount or "")]
    lists.mark_deviations(lines)
    _check_total(decision, lines)
    for line in lines:
        line.save()
    AuditEvent.objects.record(
        action="decision.lines_prepared", obj=decision, actor=actor, lines=changed
    )
    return decision


@transaction.atomic
def record_text(
    *,
    decision: Decision,
    actor: Any,
    independence_note: str = "",
    reasons: str = "",
    complaint_upheld: bool | None = None,
) -> Decision:
    """The independence note (INV-26), the reasons, and for a complaint the proposed outcome."""
    decision = lock_decision(decision)
    decision.independence_note = independence_note.strip()
    decision.reasons = reasons.strip()
    decision.complaint_upheld = complaint_upheld
    decision.save(update_fields=["independence_note", "reasons", "complaint_upheld"])
    AuditEvent.objects.record(action="decision.text_recorded", obj=decision, actor=actor)
    return decision


def _voter(decision: Decision, membership: BoardMembership) -> rules.Figures:
    figures = facts.item_figures(decision.item)
    if membership.pk in figures.recused:
        raise Refused(
            _("%(name)s is recused from this decision and cannot vote (INV-19).")
            % {"name": membership.full_name}
        )
    return figures


@transaction.atomic
def record_votes(*, decision: Decision, actor: Any, choices: dict[int, str]) -> list[Vote]:
    """At a meeting, staff record each member's vote (membership id → for/against/abstain).
    Only present, non-recused members vote (INV-19)."""
    decision = lock_decision(decision)
    if decision.meeting.is_written:
        raise Refused(_("In a written procedure each member casts their own ballot."))
    figures = facts.item_figures(decision.item)
    names = figures.names
    not_allowed = [names.get(pk, str(pk)) for pk in choices if pk not in figures.eligible]
    if not_allowed:
        raise Refused(
            _("Only present members who are not recused vote: %(names)s cannot.")
            % {"names": ", ".join(not_allowed)}
        )
    now = timezone.now()
    votes = [
        Vote.objects.update_or_create(
            decision=decision,
            membership_id=pk,
            defaults={"choice": choice, "cast_at": now, "entered_by": actor, "is_ballot": False},
        )[0]
        for pk, choice in choices.items()
    ]
    AuditEvent.objects.record(
        action="decision.votes_recorded",
        obj=decision,
        actor=actor,
        votes={str(k): v for k, v in choices.items()},
    )
    return votes


@transaction.atomic
def cast_ballot(
    *, decision: Decision, membership: BoardMembership, actor: Any, choice: str, now=None
) -> Vote:
    """Written procedure (INV-22): the member's own ballot, after declaring on every
    proposal of the item, before the deadline; identity and time are kept. Once cast a
    ballot cannot be changed."""
    now = now or timezone.now()
    decision = lock_decision(decision)
    meeting = decision.meeting
    if not meeting.ballots_open(now):
        raise Refused(_("The written procedure is not open for ballots now."))
    if membership.user_id != getattr(actor, "pk", None):
        raise Refused(_("Members cast only their own ballots."))
    if decision.votes.filter(membership=membership).exists():
        raise Refused(_("Your ballot has already been recorded."))
    _voter(decision, membership)
    declared, _interests = facts.declarations(decision.item)
    proposals = set(decision.item.proposals().values_list("pk", flat=True))
    if not proposals <= declared.get(membership.pk, set()):
        raise Refused(_("Declare on every proposal of this item first (INV-19)."))
    vote = Vote.objects.create(
        decision=decision,
        membership=membership,
        choice=choice,
        is_ballot=True,
        cast_at=now,
        entered_by=actor,
    )
    AuditEvent.objects.record(
        action="decision.ballot_cast",
        obj=decision,
        actor=actor,
        member=membership.pk,
        choice=choice,
    )
    return vote


def _votes(decision: Decision, figures: rules.Figures) -> rules.Tally:
    rows = decision.votes.select_related("membership")
    missing = set(figures.eligible) - {v.membership_id for v in rows}
    if missing and not decision.meeting.is_written:
        names = ", ".join(figures.names[m] for m in sorted(missing))
        raise Refused(
            _("Record the vote of every member who may vote: %(names)s.") % {"names": names}
        )
    return rules.tally(
        [
            (v.choice, v.membership.voting_rights)
            for v in rows
            if v.membership_id in figures.eligible
        ]
    )


def _check_written_closed(decision: Decision, now) -> None:
    meeting = decision.meeting
    if meeting.is_written and now <= meeting.ballots_due_at:
        board = facts.seats(decision.item)
        if decision.votes.count() + len(facts.item_figures(decision.item).recused) < len(board):
            raise Refused(
                _(
                    "The ballots are counted after the deadline, or once every member has returned one."
                )
            )


def _check_item(decision: Decision, figures: rules.Figures) -> list[str]:
    reasons = figures.problems()
    if facts.lag_applicant_proposals(decision.item) and not decision.independence_note.strip():
        reasons.append(
            _("The LAG itself applies: record the functional independence note (INV-26).")
        )
    if decision.kind in (DecisionKind.SELECTION, DecisionKind.PROMOTION):
        reasons += _check_lists(decision)
    if decision.kind == DecisionKind.CORRECTION and not decision.reasons.strip():
        reasons.append(_("Record what the correction changes and why (INV-35)."))
    if decision.kind == DecisionKind.COMPLAINT:
        if decision.complaint_upheld is None or not decision.reasons.strip():
            reasons.append(_("Record whether the complaint is upheld, with the reasons."))
    return reasons


def _budget(decision: Decision, lines) -> Decimal:
    """What the decision's funded lines may use: what is left of the allocation
    (money.left); the proposals placed by a selection use the money their complaint held."""
    if decision.kind == DecisionKind.PROMOTION:
        return lists.promotable(decision.allocation)
    return money.remaining(decision.allocation, release=[line.proposal_id for line in lines])


def _check_total(decision: Decision, lines) -> None:
    """Draft lines are refused when saved if their fixed amounts exceed what is left."""
    if decision.kind not in (DecisionKind.SELECTION, DecisionKind.PROMOTION):
        return
    budget = _budget(decision, lines)
    total = sum(
        (line.fixed_amount or 0 for line in lines if line.outcome == LineOutcome.FUNDED),
        Decimal(0),
    )
    if total > budget:
        raise Refused(
            _("The fixed amounts add up to %(total)s, but only %(budget)s is free (INV-24).")
            % {"total": eur(total), "budget": eur(budget)}
        )


def _check_lists(decision: Decision) -> list[str]:
    allocation = decision.allocation
    lines = list(decision.lines.select_related("proposal"))
    budget = _budget(decision, lines)
    if decision.kind == DecisionKind.PROMOTION:
        wrong = [line for line in lines if line.proposal.status != "reserve"]
        if wrong:
            return [_("Only proposals still on the reserve list can be promoted (INV-31).")]
    return lists.check_lines(lines, allocation, budget=budget, min_score=allocation.call.min_score)


@transaction.atomic
def adopt_decision(*, decision: Decision, actor: Any, now=None) -> Decision:
    """Record the board's decision on one agenda item.

    Refused, with the figures, unless: every member taking part declared on every
    proposal (INV-19), quorum holds after recusals (INV-20), public authorities hold at
    most their share of the votes that may be cast (INV-21, on the ballots returned in a
    written procedure, INV-22), the LAG-applicant note exists (INV-26) and the lists keep
    INV-23 … INV-25. Then the weighted tally decides: ADOPTED moves the proposals,
    invites the funded ones to apply to the agency with their deadline (INV-30) and
    sends the notices (effects.py); REJECTED leaves them as they were. Audited."""
    now = now or timezone.now()
    decision = lock_decision(decision)
    _check_written_closed(decision, now)
    figures = facts.item_figures(decision.item)
    problems = _check_item(decision, figures)
    if problems:
        raise Refused(*problems)
    result = _votes(decision, figures)
    decision.status = DecisionStatus.ADOPTED if result.is_adopted else DecisionStatus.REJECTED
    decision.figures = figures.as_json()
    decision.decided_on = decision.meeting.held_on
    decision.votes_for, decision.votes_against, decision.votes_abstain = (
        result.votes_for,
        result.votes_against,
        result.votes_abstain,
    )
    decision.recorded_by, decision.recorded_at = actor, now
    lines = list(decision.lines.select_related("proposal"))
    decision.save()
    AuditEvent.objects.record(
        action=f"decision.{decision.status}",
        obj=decision,
        actor=actor,
        tally=[result.votes_for, result.votes_against, result.votes_abstain],
        recused={str(k): v for k, v in figures.recused.items()},
        quorum=[len(figures.eligible), figures.quorum_needed],
        public=[figures.public_votes, figures.eligible_votes],
    )
    if decision.status == DecisionStatus.ADOPTED:
        effects.apply(decision, lines, actor, now)
    return decision
