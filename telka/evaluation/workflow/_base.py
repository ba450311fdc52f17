"""What the workflow modules share: locking a proposal and moving it through §7.2."""

from typing import Any

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal, ProposalStatus
from telka.lib.workflow import check_transition

LABELS = dict(ProposalStatus.choices)


def lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("call__lag").get(pk=proposal.pk)


def move(proposal: Proposal, to: str, *, actor: Any, action: str, **details: Any) -> Proposal:
    """Change a locked proposal's status after checking the §7.2 table, and audit it."""
    before = proposal.status
    check_transition(before, to, ProposalStatus.ALLOWED, LABELS)
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at"])
    AuditEvent.objects.record(
        action=action, obj=proposal, actor=actor, before=before, after=to, **details
    )
    return proposal
