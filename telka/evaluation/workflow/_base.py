"""What the workflow modules share: locking a proposal and moving it through §7.2."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Call, Proposal, ProposalStatus
from telka.lib.workflow import Refused, check_transition

from ..independence import refuse_if_linked

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


def refuse_before_deadline(call: Call) -> None:
    """A call with a deadline is checked, assessed and ranked only after it closes, so
    that every applicant is treated alike; a rolling call allows it as proposals arrive."""
    if not call.evaluation_may_start():
        at = formats.date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
        raise Refused(
            _(
                "The call closes on %(at)s. Its proposals are checked and assessed only after "
                "the deadline (only a rolling call allows it earlier)."
            )
            % {"at": at}
        )


def refuse_to_handle(proposal: Proposal, actor: Any) -> None:
    """Staff work on a proposal: after the deadline and by staff not linked to it
    (INV-26, telka.evaluation.independence)."""
    refuse_before_deadline(proposal.call)
    refuse_if_linked(proposal, actor)
