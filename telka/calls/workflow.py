"""Every state change of a call or a proposal: one function each, atomic and audited.

Views call these and show `Refused.reasons` when a rule says no; nothing changes then.
Other apps move a call on with `change_call_status` and a proposal with
`change_proposal_status`, both checked against the ALLOWED tables in models/.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.accounts.models import Organisation
from telka.audit.models import AuditEvent
from telka.lib import pagecache
from telka.lib.workflow import Refused, check_transition

from . import emails, tasks
from .checks import call_problems, proposal_problems
from .models import (
    Allocation,
    Call,
    CallDocument,
    CallStatus,
    IndicatorPlan,
    Proposal,
    ProposalStatus,
    Submission,
    SubmissionFile,
)
from .permissions import applicant_organisations, can_submit_proposal, can_withdraw_proposal
from .snapshot import content_hash, proposal_content
from .uploads import sha256_of

CALL_LABELS = dict(CallStatus.choices)
PROPOSAL_LABELS = dict(ProposalStatus.choices)

# --- Calls -----------------------------------------------------------------------------


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().select_related("strategy", "lag").get(pk=call.pk)


@transaction.atomic
def change_call_status(*, call: Call, to: str, actor: Any, action: str, **fields: Any) -> Call:
    """Move a call to status `to` if CallStatus.ALLOWED permits it.

    Steps: lock the row, check the transition, set the status and `fields`, save only
    those columns, append an audit event `action`. Returns the refreshed call."""
    locked = _lock_call(call)
    check_transition(locked.status, to, CallStatus.ALLOWED, CALL_LABELS)
    before = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    AuditEvent.objects.record(action=action, obj=locked, actor=actor, before=before, after=to)
    return locked


@transaction.atomic
def edit_call(*, call: Call, actor: Any, part: str, apply: Callable[[], object]) -> None:
    """Apply a staff edit (conditions, allocations, criteria, documents) to a call that
    is still editable: criteria and allocations are frozen once published (INV-11)."""
    locked = _lock_call(call)
    if not locked.is_editable:
        raise Refused(
            _("The call has been published: its conditions, criteria and money are frozen.")
        )
    apply()
    AuditEvent.objects.record(action=f"call.{part}_changed", obj=locked, actor=actor)


@transaction.atomic
def create_call(*, lag, actor: Any, fields: dict[str, Any]) -> Call:
    call = Call.objects.create(lag=lag, created_by=actor, **fields)
    AuditEvent.objects.record(action="call.created", obj=call, actor=actor, after=call.status)
    return call


@transaction.atomic
def add_call_document(
    *, call: Call, actor: Any, title: str, title_en: str, upload: File, content_type: str
) -> CallDocument:
    """Add a document to a call. Unlike criteria and money, documents (answers to
    questions, form templates) may still be added while the call is open."""
    locked = _lock_call(call)
    if locked.status not in CallStatus.EDITABLE_STATES | {CallStatus.OPEN}:
        raise Refused(_("Documents can no longer be added to this call."))
    document = CallDocument.objects.create(
        call=locked,
        title=title,
        title_en=title_en,
        file=upload,
        content_type=content_type,
        size=upload.size,
    )
    AuditEvent.objects.record(
        action="call.document_added", obj=locked, actor=actor, document=document.title
    )
    return document


def _refuse_if_incomplete(call: Call, now: datetime.datetime) -> None:
    problems = call_problems(call, now)
    if problems:
        raise Refused(*[p.message for p in problems])


@transaction.atomic
def approve_call(*, call: Call, actor: Any, approved_on: datetime.date, reference: str) -> Call:
    """Record the board's approval of the call documents (DRAFT → APPROVED).

    Refused unless the call is complete (INV-09) and its allocations fit what is left of
    the measures' budgets (INV-10), or if the approval is dated in the future."""
    if approved_on > timezone.localdate():
        raise Refused(_("The date of the board's approval cannot be in the future."))
    _refuse_if_incomplete(_lock_call(call), timezone.now())
    return change_call_status(
        call=call,
        to=CallStatus.APPROVED,
        actor=actor,
        action="call.approved",
        approved_on=approved_on,
        approval_reference=reference,
    )


@transaction.atomic
def publish_call(*, call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    """Publish an approved call on the site; it opens at once if its time has come.

    Steps: lock; refuse unless APPROVED and not yet published; refuse with the list of
    everything missing (INV-09) or over budget (INV-10); set published_at; audit; open
    it (APPROVED → OPEN) when opens_at has passed."""
    now = now or timezone.now()
    locked = _lock_call(call)
    if locked.status != CallStatus.APPROVED or locked.is_published:
        raise Refused(_("Only an approved call that is not yet published can be published."))
    _refuse_if_incomplete(locked, now)
    locked.published_at = now
    locked.save(update_fields=["published_at", "updated_at"])
    AuditEvent.objects.record(action="call.published", obj=locked, actor=actor)
    if locked.opens_at <= now:
        locked = change_call_status(
            call=locked, to=CallStatus.OPEN, actor=actor, action="call.opened"
        )
    return locked


@transaction.atomic
def unpublish_call(*, call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    """Take an upcoming call off the site so that it can be corrected before it opens.

    The board approved what was published (INV-11): the call goes back to DRAFT, its
    approval is cleared (a new one is needed before it is published again) and the date
    is kept for the notice on the call page. Audited with the approval it had."""
    now = now or timezone.now()
    locked = _lock_call(call)
    if not locked.is_upcoming(now):
        raise Refused(_("Only a published call that has not opened yet can be withdrawn."))
    approval = {"approved_on": str(locked.approved_on), "reference": locked.approval_reference}
    locked = change_call_status(
        call=locked,
        to=CallStatus.DRAFT,
        actor=actor,
        action="call.unpublished",
        published_at=None,
        unpublished_at=now,
        approved_on=None,
        approval_reference="",
    )
    AuditEvent.objects.record(
        action="call.approval_cleared", obj=locked, actor=actor, previous=approval
    )
    return locked


def _claim(queryset, to: str, action: str) -> list[Call]:
    """Move every call of `queryset` to `to`, each claimed with an optimistic UPDATE so
    that two runs at once (cron and a worker) never both act on one call."""
    moved = []
    for call in queryset:
        claimed = Call.objects.filter(pk=call.pk, status=call.status).update(
            status=to, updated_at=timezone.now()
        )
        if claimed:
            AuditEvent.objects.record(action=action, obj=call, before=call.status, after=to)
            moved.append(call)
    if moved:  # a conditional update sends no post_save, which refreshes cached pages
        transaction.on_commit(pagecache.invalidate)
    return moved


def open_due_calls(now: datetime.datetime | None = None) -> list[Call]:
    """APPROVED → OPEN for published calls whose opening time has come (system)."""
    now = now or timezone.now()
    due = Call.objects.filter(
        status=CallStatus.APPROVED, published_at__isnull=False, opens_at__lte=now
    )
    return _claim(due, CallStatus.OPEN, "call.opened")


def close_due_calls(now: datetime.datetime | None = None) -> list[Call]:
    """OPEN → CLOSED for calls whose closing time has passed (system)."""
    now = now or timezone.now()
    due = Call.objects.filter(status=CallStatus.OPEN, closes_at__lte=now)
    return _claim(due, CallStatus.CLOSED, "call.closed")


def start_assessment(*, call: Call, actor: Any) -> Call:
    """CLOSED → ASSESSMENT: staff start the formal checks of the registered proposals."""
    return change_call_status(
        call=call, to=CallStatus.ASSESSMENT, actor=actor, action="call.assessment_started"
    )


@transaction.atomic
def cancel_call(
    *, call: Call, actor: Any, reason: str, now: datetime.datetime | None = None
) -> Call:
    """Cancel a call (any live state → CANCELLED) with published reasons; every
    applicant with a proposal in it is told by e-mail."""
    if not reason.strip():
        raise Refused(_("Give the reasons for cancelling the call: they are published."))
    cancelled = change_call_status(
        call=call,
        to=CallStatus.CANCELLED,
        actor=actor,
        action="call.cancelled",
        cancelled_at=now or timezone.now(),
        cancellation_reason=reason.strip(),
    )
    emails.call_cancelled(cancelled)
    return cancelled


# --- Proposals -------------------------------------------------------------------------


def _lock_proposal(proposal: Proposal, *, with_parts: bool = False) -> Proposal:
    locked = Proposal.objects.select_for_update(of=("self",)).select_related(
        "call", "allocation__measure", "organisation"
    )
    if with_parts:  # everything the checks and the snapshot read, in five queries
        locked = locked.prefetch_related(
            "partners",
            "activities",
            "budget_lines",
            "attachments",
            Prefetch("indicator_plans", IndicatorPlan.objects.select_related("indicator")),
        )
    return locked.get(pk=proposal.pk)


@transaction.atomic
def change_proposal_status(
    *, proposal: Proposal, to: str, actor: Any, action: str, **fields: Any
) -> Proposal:
    """Move a proposal to `to` if ProposalStatus.ALLOWED permits it; lock, save the
    status and `fields`, audit `action`. Used by this app and by later stages."""
    locked = _lock_proposal(proposal)
    check_transition(locked.status, to, ProposalStatus.ALLOWED, PROPOSAL_LABELS)
    before = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    AuditEvent.objects.record(action=action, obj=locked, actor=actor, before=before, after=to)
    return locked


@transaction.atomic
def change_proposal_statuses(
    *, changes: dict[int, tuple[str, str]], actor: Any
) -> dict[int, Proposal]:
    """Many proposals moved at once (a board decision on a whole list): `changes` maps a
    proposal's pk to (to, action). Each is locked, checked against ProposalStatus.ALLOWED
    and audited with its own event exactly as `change_proposal_status` does, but in a
    fixed number of queries. One illegal move refuses them all; nothing changes then."""
    locked = Proposal.objects.select_for_update().filter(pk__in=changes).order_by("pk")
    proposals = {p.pk: p for p in locked}
    now, events = timezone.now(), []
    for pk, (to, action) in changes.items():
        proposal = proposals[pk]
        check_transition(proposal.status, to, ProposalStatus.ALLOWED, PROPOSAL_LABELS)
        events.append(
            AuditEvent.objects.build(
                action=action, obj=proposal, actor=actor, before=proposal.status, after=to
            )
        )
        proposal.status, proposal.updated_at = to, now
    Proposal.objects.bulk_update(proposals.values(), ["status", "updated_at"], batch_size=500)
    AuditEvent.objects.record_many(events)
    return proposals


@transaction.atomic
def create_proposal(
    *, call: Call, allocation: Allocation, organisation: Organisation, actor: Any
) -> Proposal:
    """Start a draft for `organisation` under one allocation of a published call.

    The contact person is prefilled from the user; every indicator of the measure gets
    an empty planned value to fill in (INV-33)."""
    if not applicant_organisations(actor).filter(pk=organisation.pk).exists():
        raise Refused(_("You are not a member of this organisation."))
    now = timezone.now()
    if not call.is_published or call.closes_at is None or call.closes_at <= now:
        raise Refused(_("This call is not accepting proposals."))
    if allocation.call_id != call.pk:
        raise Refused(_("Choose one of the call's measures."))
    proposal = Proposal.objects.create(
        call=call,
        allocation=allocation,
        organisation=organisation,
        created_by=actor,
        contact_name=actor.full_name,
        contact_email=actor.email,
        contact_phone=actor.phone,
    )
    IndicatorPlan.objects.bulk_create(
        IndicatorPlan(proposal=proposal, indicator_id=target.indicator_id)
        for target in allocation.measure.targets.all()
    )
    AuditEvent.objects.record(action="proposal.created", obj=proposal, actor=actor)
    return proposal


@transaction.atomic
def save_draft(*, proposal: Proposal, apply: Callable[[Proposal], object]) -> Proposal:
    """Save one section of a draft. The row is locked so that a section saved in another
    tab can never change a proposal that has just been submitted."""
    locked = _lock_proposal(proposal)
    if not locked.is_editable:
        raise Refused(_("The proposal has been submitted and can no longer be changed."))
    apply(locked)
    return locked


def _copy_attachments(proposal: Proposal) -> list[dict]:
    """Copy each attachment to the submission's storage with its SHA-256 hash."""
    copies = []
    for attachment in proposal.attachments.all():
        with attachment.file.open("rb") as source:
            digest = sha256_of(source)
            name = default_storage.save(
                f"submissions/{proposal.pk}/{attachment.file.name.rsplit('/', 1)[-1]}",
                File(source),
            )
        copies.append(
            {
                "kind": attachment.kind,
                "original_name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": digest,
                "stored_as": name,
            }
        )
    return copies


def _next_number(call: Call) -> tuple[int, str, datetime.datetime]:
    """Lock the call row, take the next registration number and the server time.

    The counter lives on the call row, so a rolled-back submission gives its number
    back: numbers are gapless, and ordered like the submission times."""
    locked = Call.objects.select_for_update(no_key=True).get(pk=call.pk)
    now = timezone.now()
    if not locked.accepts_proposals(now):
        raise Refused(_("The call closed before your proposal could be registered."))
    locked.last_sequence += 1
    locked.save(update_fields=["last_sequence"])
    return locked.last_sequence, f"{locked.registration_prefix}-{locked.last_sequence:03d}", now


def _mark_registered(
    proposal: Proposal, actor: Any, now: datetime.datetime, sequence: int, number: str
) -> Proposal:
    """DRAFT → SUBMITTED → REGISTERED in one UPDATE (the call row is locked meanwhile),
    each step checked against the table and audited."""
    check_transition(
        proposal.status, ProposalStatus.SUBMITTED, ProposalStatus.ALLOWED, PROPOSAL_LABELS
    )
    check_transition(
        ProposalStatus.SUBMITTED, ProposalStatus.REGISTERED, ProposalStatus.ALLOWED, PROPOSAL_LABELS
    )
    proposal.status = ProposalStatus.REGISTERED
    proposal.submitted_at, proposal.sequence, proposal.reg_number = now, sequence, number
    proposal.save(update_fields=["status", "submitted_at", "sequence", "reg_number", "updated_at"])
    for before, after, action in [
        (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, "proposal.submitted"),
        (ProposalStatus.SUBMITTED, ProposalStatus.REGISTERED, "proposal.registered"),
    ]:
        AuditEvent.objects.record(
            action=action, obj=proposal, actor=actor, before=before, after=after
        )
    return proposal


def _register(proposal: Proposal, actor: Any, copies: list[dict]) -> tuple[Proposal, Submission]:
    # Built before the call row is locked: the lock is held only for what needs the number.
    content = proposal_content(proposal, [_public(c) for c in copies])
    digest = content_hash(content)
    sequence, number, now = _next_number(proposal.call)
    submission = Submission.objects.create(
        proposal=proposal,
        version=1,
        registration_number=number,
        submitted_at=now,
        submitted_by=actor,
        content=content,
        content_sha256=digest,
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
        contact_phone=proposal.contact_phone,
    )
    SubmissionFile.objects.bulk_create(
        SubmissionFile(submission=submission, file=c["stored_as"], **_public(c)) for c in copies
    )
    return _mark_registered(proposal, actor, now, sequence, number), submission


def _public(copy: dict) -> dict:
    return {k: v for k, v in copy.items() if k != "stored_as"}


@transaction.atomic
def submit_proposal(
    *,
    proposal: Proposal,
    actor: Any,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Proposal:
    """Submit a draft: DRAFT → SUBMITTED → REGISTERED in one transaction.

    Steps:
    1. lock the proposal; if it is already registered, return it unchanged (a double
       click submits once);
    2. refuse with every problem (completeness, INV-12 server clock, INV-13 limits and
       eligibility, INV-14 not completed) — nothing the applicant typed is touched;
    3. copy the attachments and record their SHA-256 hashes;
    4. lock the call row, take the next gapless number and the server time, and refuse
       if the call closed meanwhile;
    5. save the immutable Submission (content JSON + hash + files), audit both steps;
    6. after commit, e-mail the PDF receipt (a task renders it) unless `notify` is
       False (data loaded by load_demo, where nobody waits for a receipt).
    """
    locked = _lock_proposal(proposal, with_parts=True)
    if locked.status != ProposalStatus.DRAFT:
        if locked.reg_number:
            return locked
        raise Refused(_("This proposal can no longer be submitted."))
    if not can_submit_proposal(actor, locked):
        raise Refused(_("Only a representative of the organisation may submit the proposal."))
    problems = proposal_problems(locked, now or timezone.now())
    if problems:
        raise Refused(*[p.message for p in problems])
    copies = _copy_attachments(locked)
    try:
        registered, submission = _register(locked, actor, copies)
    except BaseException:
        for copy in copies:  # the transaction rolls back; the copied files must go too
            default_storage.delete(copy["stored_as"])
        raise
    if notify:
        transaction.on_commit(lambda: tasks.email_receipt.enqueue(submission_id=submission.pk))
    return registered


@transaction.atomic
def withdraw_proposal(
    *, proposal: Proposal, actor: Any, reason: str = "", now: datetime.datetime | None = None
) -> Proposal:
    """The applicant withdraws a draft, or a registered proposal before the deadline.

    Refused after the call's closing time (then the LAG decides, see later stages).
    Audited; the contact person gets a confirmation when it had been submitted."""
    now = now or timezone.now()
    locked = _lock_proposal(proposal)
    if not can_withdraw_proposal(actor, locked):
        raise Refused(_("Only a representative of the organisation may withdraw the proposal."))
    if locked.status == ProposalStatus.REGISTERED and not locked.is_withdrawable(now):
        raise Refused(_("The call has closed: to withdraw the proposal now, write to the LAG."))
    was_submitted = locked.reg_number is not None
    withdrawn = change_proposal_status(
        proposal=locked,
        to=ProposalStatus.WITHDRAWN,
        actor=actor,
        action="proposal.withdrawn",
        withdrawn_at=now,
        withdrawal_reason=reason.strip(),
    )
    if was_submitted:
        emails.proposal_withdrawn(withdrawn)
    return withdrawn
