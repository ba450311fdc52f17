"""What the decision workflow modules share."""

from typing import Any

from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus, Proposal, ProposalStatus
from telka.calls.workflow import (
    change_call_status,
    change_proposal_status,
    change_proposal_statuses,
)
from telka.lib.workflow import Refused

from ..models import Decision, DecisionStatus, Meeting

# Proposals not yet through the evaluation: a call with any of these is not ready.
IN_EVALUATION = [
    ProposalStatus.REGISTERED,
    ProposalStatus.ADMIN_CHECK,
    ProposalStatus.CLARIFICATION,
    ProposalStatus.ELIGIBLE,
    ProposalStatus.UNDER_ASSESSMENT,
    ProposalStatus.ASSESSED,
]
# Waiting for a board decision, or a complaint.
AWAITING_BOARD = [ProposalStatus.RANKED, ProposalStatus.BELOW_THRESHOLD, ProposalStatus.COMPLAINT]


def move(proposal: Proposal, to: str, *, actor: Any, action: str, **details: Any) -> Proposal:
    """One proposal status change through the calls workflow (checked, locked, audited
    there); `details` (which decision, how much) go into a second audit event."""
    moved = change_proposal_status(proposal=proposal, to=to, actor=actor, action=action)
    if details:
        AuditEvent.objects.record(action=f"{action}.details", obj=moved, actor=actor, **details)
    return moved


def move_many(
    changes: dict[int, tuple[str, str]], *, actor: Any, **details: Any
) -> dict[int, Proposal]:
    """`move` for a whole list in a fixed number of queries: `changes` maps a proposal's
    pk to (to, action); each proposal is still checked and gets the same two events."""
    moved = change_proposal_statuses(changes=changes, actor=actor)
    if details:
        AuditEvent.objects.record_many(
            AuditEvent.objects.build(
                action=f"{action}.details", obj=moved[pk], actor=actor, **details
            )
            for pk, (_to, action) in changes.items()
        )
    return moved


def lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("board", "lag").get(pk=meeting.pk)


def lock_decision(decision: Decision) -> Decision:
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("item__meeting__board", "item__complaint", "allocation__call", "meeting")
        .get(pk=decision.pk)
    )
    if locked.status != DecisionStatus.DRAFT:
        raise Refused(_("This decision has been recorded and cannot be changed (INV-35)."))
    return locked


def ready_for_decision(call: Call, actor: Any) -> Call:
    """ASSESSMENT → DECISION_PENDING once every proposal is through the evaluation (the
    system step of §7.1); a call already there or later is returned as it is."""
    call = Call.objects.get(pk=call.pk)
    if call.status != CallStatus.ASSESSMENT:
        return call
    if call.proposals.filter(status__in=IN_EVALUATION).exists():
        raise Refused(_("Some proposals of this call are still being checked or assessed."))
    return change_call_status(
        call=call, to=CallStatus.DECISION_PENDING, actor=actor, action="call.decision_pending"
    )


def decide_call_if_done(call: Call, actor: Any) -> Call:
    """DECISION_PENDING → DECIDED when no proposal of the call awaits the board."""
    call = Call.objects.get(pk=call.pk)
    if call.status != CallStatus.DECISION_PENDING:
        return call
    if call.proposals.filter(
        status__in=[*IN_EVALUATION, ProposalStatus.RANKED, ProposalStatus.BELOW_THRESHOLD]
    ).exists():
        return call
    return change_call_status(call=call, to=CallStatus.DECIDED, actor=actor, action="call.decided")
