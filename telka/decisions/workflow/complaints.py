"""Complaints (INV-29): filed by the applicant within the window, registered and
examined by staff, decided by the board (voting.adopt_decision on a complaint item),
and the call's move to COMPLAINTS_CLOSED once the window is over and all are resolved."""

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus, Criterion, Proposal, ProposalStatus
from telka.calls.workflow import change_call_status
from telka.lib.workflow import Refused

from .. import emails
from ..models import Complaint, ComplaintGround, ComplaintStatus, Notice
from ._base import AWAITING_BOARD, IN_EVALUATION, move

COMPLAINABLE = [ProposalStatus.RESERVE, ProposalStatus.NOT_SELECTED, ProposalStatus.ADMIN_REJECTED]


def complaint_deadline(proposal: Proposal) -> datetime.date | None:
    """The last day to complain: from the latest notice the applicant received."""
    notice = Notice.objects.filter(proposal=proposal).order_by("-sent_at").first()
    return notice.complaint_deadline if notice else None


def _check_filing(proposal: Proposal, grounds: list[str], criteria, text: str, today) -> list[str]:
    reasons = []
    deadline = complaint_deadline(proposal)
    if proposal.status not in COMPLAINABLE or deadline is None:
        reasons.append(_("A complaint can be filed only against a decision notified to you."))
    elif today > deadline:
        reasons.append(
            _("The complaint window closed on %(day)s (INV-29).") % {"day": deadline.isoformat()}
        )
    if Complaint.objects.pending().filter(proposal=proposal).exists():
        reasons.append(_("A complaint about this proposal is already being examined."))
    if not grounds or set(grounds) - set(ComplaintGround.values):
        reasons.append(_("Cite the published criteria or the procedure the complaint is about."))
    if ComplaintGround.CRITERIA in grounds and not criteria:
        reasons.append(_("Choose the criteria whose assessment you contest."))
    if not text.strip():
        reasons.append(_("Explain the complaint."))
    return reasons


@transaction.atomic
def file_complaint(
    *,
    proposal: Proposal,
    actor: Any,
    grounds: list[str],
    criteria: list[Criterion],
    text: str,
    attachment: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Complaint:
    """The applicant complains within the window, citing criteria or procedure (INV-29).
    The proposal becomes COMPLAINT; staff are told and the applicant gets a receipt."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().select_related("call__lag").get(pk=proposal.pk)
    reasons = _check_filing(proposal, grounds, criteria, text, timezone.localdate(now))
    if any(c.call_id != proposal.call_id for c in criteria):
        reasons.append(_("Cite criteria of this call only."))
    if reasons:
        raise Refused(*reasons)
    complaint = Complaint.objects.create(
        proposal=proposal,
        grounds=list(grounds),
        text=text.strip(),
        status_before=proposal.status,
        filed_by=actor,
        filed_at=now,
    )
    complaint.criteria.set(criteria)
    if attachment is not None:
        complaint.attachment_name = attachment.name[:255]
        complaint.attachment.save(attachment.name, attachment, save=False)
        complaint.save(update_fields=["attachment", "attachment_name"])
    move(
        proposal,
        ProposalStatus.COMPLAINT,
        actor=actor,
        action="proposal.complaint_filed",
        complaint=complaint.pk,
    )
    AuditEvent.objects.record(action="complaint.filed", obj=complaint, actor=actor, grounds=grounds)
    emails.complaint_filed(complaint)
    return complaint


@transaction.atomic
def register_complaint(*, complaint: Complaint, actor: Any, examination: str) -> Complaint:
    """FILED → REGISTERED: staff register it and write their examination for the board."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != ComplaintStatus.FILED:
        raise Refused(_("This complaint has already been registered."))
    if not examination.strip():
        raise Refused(_("Write the examination the board will read."))
    complaint.status = ComplaintStatus.REGISTERED
    complaint.registered_at, complaint.registered_by = timezone.now(), actor
    complaint.staff_assessment = examination.strip()
    complaint.save(update_fields=["status", "registered_at", "registered_by", "staff_assessment"])
    AuditEvent.objects.record(
        action="complaint.registered",
        obj=complaint,
        actor=actor,
        before=ComplaintStatus.FILED,
        after=complaint.status,
    )
    return complaint


def _unresolved(call: Call, today: datetime.date) -> bool:
    if Notice.objects.filter(proposal__call=call, complaint_deadline__gte=today).exists():
        return True
    if Complaint.objects.pending().filter(proposal__call=call).exists():
        return True
    return call.proposals.filter(status__in=[*IN_EVALUATION, *AWAITING_BOARD]).exists()


def close_complaint_windows(now: datetime.datetime | None = None) -> list[Call]:
    """DECIDED → COMPLAINTS_CLOSED for calls whose every complaint window is over and
    whose complaints (and the re-assessments they caused) are all resolved. A scheduled
    job: a second run finds nothing to do."""
    today = timezone.localdate(now or timezone.now())
    closed = []
    for call in Call.objects.filter(status=CallStatus.DECIDED):
        if _unresolved(call, today):
            continue
        closed.append(
            change_call_status(
                call=call,
                to=CallStatus.COMPLAINTS_CLOSED,
                actor=None,
                action="call.complaints_closed",
            )
        )
    return closed
