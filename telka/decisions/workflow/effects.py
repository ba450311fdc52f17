"""What an adopted decision changes: proposal statuses, awards, complaints, notices and
the call's status. Called only by voting.adopt_decision, inside its transaction."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.calls.models import ProposalStatus
from telka.evaluation import workflow as evaluation_workflow

from .. import emails, tasks
from .. import notices as notices_module
from ..models import (
    ComplaintGround,
    ComplaintStatus,
    Decision,
    DecisionKind,
    DecisionLine,
    LineOutcome,
    Notice,
)
from ._base import decide_call_if_done, move, move_many
from .agency import invite_on_adoption

TARGET = {
    LineOutcome.FUNDED: ProposalStatus.SELECTED,
    LineOutcome.RESERVE: ProposalStatus.RESERVE,
    LineOutcome.NOT_SELECTED: ProposalStatus.NOT_SELECTED,
}


def apply(
    decision: Decision, lines: list[DecisionLine], actor: Any, now: datetime.datetime
) -> None:
    if decision.kind == DecisionKind.SELECTION:
        _selection(decision, lines, actor, now)
    elif decision.kind == DecisionKind.PROMOTION:
        _promotion(decision, lines, actor, now)
    elif decision.kind == DecisionKind.COMPLAINT:
        _complaint(decision, actor)


def _selection(
    decision: Decision, lines: list[DecisionLine], actor: Any, now: datetime.datetime
) -> None:
    """Every line's proposal moved, the funded ones awarded and invited to apply to the
    agency (INV-30), everyone notified, in a number of queries that does not grow with
    the list (the bench adopts 200)."""
    changes = {
        line.proposal_id: (TARGET[line.outcome], f"proposal.{TARGET[line.outcome]}")
        for line in lines
    }
    moved = move_many(changes, actor=actor, decision=decision.pk)
    funded = [line for line in lines if line.outcome == LineOutcome.FUNDED]
    invite_on_adoption(decision, funded, actor=actor, now=now)
    rejected = unnotified_rejections(decision.allocation)
    issue_notices(
        decision,
        [(moved[line.proposal_id], line.outcome) for line in lines]
        + [(proposal, ProposalStatus.ADMIN_REJECTED) for proposal in rejected],
    )
    decide_call_if_done(decision.allocation.call, actor)


def unnotified_rejections(allocation):
    """Proposals of the allocation rejected at the formal check with no notice issued
    since that rejection (a first one, or one after an upheld complaint reopened the
    check): the allocation's next selection decision notifies them (INV-27)."""
    since = Notice.objects.filter(proposal=OuterRef("pk")).filter(
        Q(sent_at__gte=OuterRef("admin_check__completed_at"))
        | Q(proposal__admin_check__completed_at__isnull=True)
    )
    return allocation.proposals.filter(status=ProposalStatus.ADMIN_REJECTED).exclude(Exists(since))


def _promotion(
    decision: Decision, lines: list[DecisionLine], actor: Any, now: datetime.datetime
) -> None:
    """The promoted proposals are funded and invited like those of the first lists."""
    funded = [line for line in lines if line.outcome == LineOutcome.FUNDED]
    changes = {line.proposal_id: (ProposalStatus.SELECTED, "proposal.promoted") for line in funded}
    moved = move_many(changes, actor=actor, decision=decision.pk)
    invite_on_adoption(decision, funded, actor=actor, now=now)
    issue_notices(decision, [(moved[line.proposal_id], "promoted") for line in funded])


def _complaint(decision: Decision, actor: Any) -> None:
    complaint = decision.item.complaint
    upheld = bool(decision.complaint_upheld)
    complaint.status = ComplaintStatus.UPHELD if upheld else ComplaintStatus.REJECTED
    complaint.decided_at = timezone.now()
    complaint.outcome_reasons = decision.reasons
    complaint.save(update_fields=["status", "decided_at", "outcome_reasons"])
    AuditEvent.objects.record(
        action=f"complaint.{complaint.status}", obj=complaint, actor=actor, decision=decision.pk
    )
    proposal = complaint.proposal
    if upheld:
        # Handed back to the evaluation: only this proposal is re-checked or re-assessed.
        formal = (
            ComplaintGround.FORMAL in complaint.grounds
            or complaint.status_before == ProposalStatus.ADMIN_REJECTED
        )
        target = ProposalStatus.ADMIN_CHECK if formal else ProposalStatus.UNDER_ASSESSMENT
        # The old sheets stay on record as superseded; only the new round counts.
        evaluation_workflow.reopen_assessment(
            proposal=proposal, actor=actor, complaint=complaint.pk
        )
    else:
        back = complaint.status_before
        target = (
            back
            if back in (ProposalStatus.RESERVE, ProposalStatus.NOT_SELECTED)
            else ProposalStatus.NOT_SELECTED
        )
    move(proposal, target, actor=actor, action="proposal.complaint_decided", complaint=complaint.pk)
    emails.complaint_decided(complaint)


def complaint_deadline(decision: Decision, sent: datetime.datetime) -> datetime.date:
    return decision.allocation.call.complaint_deadline(timezone.localdate(sent))


def issue_notices(decision: Decision, outcomes: list[tuple[Any, str]]) -> list[Notice]:
    """Issue a notice per (proposal, outcome) pair (INV-27): each is stored with what it
    says (notices.snapshots) and its PDF drawn from that, with the PDF's SHA-256, in the
    caller's transaction; a few queries whatever the number. Each one's e-mail, with the
    stored PDF, is queued after commit. A later decision issues new notices: these stay."""
    now = timezone.now()
    deadline = complaint_deadline(decision, now)
    said = notices_module.snapshots(decision, outcomes, issued_at=now, deadline=deadline)
    drafts = []
    for proposal, outcome in outcomes:
        notice = Notice(
            proposal=proposal,
            decision=decision,
            outcome=outcome,
            sent_at=now,
            complaint_deadline=deadline,
            snapshot=said[proposal.pk],
        )
        notices_module.attach_pdf(notice)
        drafts.append(notice)
    notices = Notice.objects.bulk_create(drafts)
    AuditEvent.objects.record_many(
        AuditEvent.objects.build(
            action="notice.issued",
            obj=notice.proposal,
            notice=notice.pk,
            outcome=notice.outcome,
            sha256=notice.sha256,
        )
        for notice in notices
    )
    if not emails.is_silenced():
        ids = [notice.pk for notice in notices]
        transaction.on_commit(lambda: [tasks.send_notice.enqueue(notice_id=pk) for pk in ids])
    return notices
