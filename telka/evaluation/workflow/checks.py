"""The formal check: checklist answers, clarification requests with working-day
deadlines and their expiry (INV-15), rejection and eligibility."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.checks import submission_rule_problems
from telka.calls.models import Attachment, Proposal, ProposalStatus
from telka.lib.workflow import Refused

from .. import emails
from ..checklist import ensure_checklist
from ..corrections import create_version
from ..models import (
    AdminCheck,
    CheckAnswer,
    ChecklistItem,
    CheckOutcome,
    Clarification,
    ClarificationStatus,
    Deficiency,
    Verdict,
)
from ..workdays import add_working_days
from ._base import LABELS, lock, move, refuse_before_deadline, refuse_if_linked

# --- Formal check ---------------------------------------------------------------------


@transaction.atomic
def start_check(*, proposal: Proposal, actor: Any) -> AdminCheck:
    """REGISTERED → ADMIN_CHECK. Creates the check with an empty answer per checklist item
    (the call's default checklist is created on first use)."""
    proposal = lock(proposal)
    refuse_before_deadline(proposal.call)
    refuse_if_linked(proposal, actor)
    # The table also allows CLARIFICATION and COMPLAINT → ADMIN_CHECK: those are a
    # correction and a reopened check, not a first start.
    if proposal.status != ProposalStatus.REGISTERED:
        raise Refused(_("The formal check has already started."))
    move(proposal, ProposalStatus.ADMIN_CHECK, actor=actor, action="proposal.check_started")
    check = AdminCheck.objects.create(
        proposal=proposal, started_by=actor, started_at=timezone.now()
    )
    CheckAnswer.objects.bulk_create(
        CheckAnswer(check_run=check, item=item, updated_by=actor)
        for item in ensure_checklist(proposal.call)
    )
    return check


def _open_check(proposal: Proposal, status: str = ProposalStatus.ADMIN_CHECK) -> AdminCheck:
    if proposal.status != status:
        raise Refused(
            _("The formal check of this proposal is not in progress (it is “%(status)s”).")
            % {"status": LABELS[proposal.status]}
        )
    return AdminCheck.objects.select_for_update().get(proposal=proposal)


@transaction.atomic
def record_answers(
    *, proposal: Proposal, actor: Any, answers: dict[int, tuple[str, str]]
) -> list[str]:
    """Save checklist answers {item id: (verdict, comment)}; returns the changed item codes.
    Only while the check is in progress. Audited with the changes."""
    proposal = lock(proposal)
    refuse_if_linked(proposal, actor)
    check = _open_check(proposal)
    changed = []
    for answer in check.answers.select_related("item").select_for_update():
        verdict, comment = answers.get(answer.item_id, (answer.verdict, answer.comment))
        if (verdict, comment) != (answer.verdict, answer.comment):
            answer.verdict, answer.comment, answer.updated_by = verdict, comment, actor
            answer.save(update_fields=["verdict", "comment", "updated_by", "updated_at"])
            changed.append(answer.item.code)
    if changed:
        AuditEvent.objects.record(action="check.answered", obj=proposal, actor=actor, items=changed)
    return changed


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


@dataclass(frozen=True)
class DeficiencyInput:
    item: ChecklistItem
    section: str
    description: str


@transaction.atomic
def request_clarification(
    *,
    proposal: Proposal,
    actor: Any,
    deficiencies: Sequence[DeficiencyInput],
    message: str = "",
    today: datetime.date | None = None,
) -> Clarification:
    """ADMIN_CHECK → CLARIFICATION with a deadline of the call's working days.

    Refused without deficiencies, or when an item already had its one clarification
    round (INV-15). E-mails the applicant what to correct and by when."""
    proposal = lock(proposal)
    refuse_if_linked(proposal, actor)
    check = _open_check(proposal)
    if not deficiencies:
        raise Refused(_("List at least one deficiency the applicant must correct."))
    repeated = Deficiency.objects.filter(
        check_run=check, item__in=[d.item for d in deficiencies]
    ).select_related("item")
    if repeated:
        codes = ", ".join(d.item.code for d in repeated)
        raise Refused(
            _("Items %(codes)s already had their one clarification round (INV-15).")
            % {"codes": codes}
        )
    today = today or timezone.localdate()
    due_on = add_working_days(today, proposal.call.clarification_working_days)
    clarification = Clarification.objects.create(
        check_run=check,
        message=message,
        requested_by=actor,
        requested_at=timezone.now(),
        due_on=due_on,
        due_at=_end_of_day(due_on),
    )
    Deficiency.objects.bulk_create(
        Deficiency(
            clarification=clarification,
            check_run=check,
            item=d.item,
            section=d.section,
            description=d.description,
        )
        for d in deficiencies
    )
    move(
        proposal,
        ProposalStatus.CLARIFICATION,
        actor=actor,
        action="proposal.clarification_requested",
        due_on=due_on,
        items=[d.item.code for d in deficiencies],
    )
    emails.clarification_requested(clarification)
    return clarification


def _refuse_rule_breaches(proposal: Proposal) -> None:
    """INV-13, INV-14: a corrected version is judged by the same rules as a submission,
    as of the proposal's registration (a project completed before it is ineligible)."""
    problems = submission_rule_problems(proposal, proposal.submitted_at)
    if problems:
        raise Refused(*[problem.message for problem in problems])


@transaction.atomic
def submit_correction(
    *,
    clarification: Clarification,
    actor: Any,
    responses: dict[int, str],
    apply: Callable[[Proposal], list[Attachment]],
    now: datetime.datetime | None = None,
) -> Clarification:
    """CLARIFICATION → ADMIN_CHECK: the applicant's one answer to a request (INV-15).

    `apply` writes the corrected fields to the locked proposal and returns new
    attachments. A new immutable version is stored; earlier versions stay. Refused after
    the deadline or when already answered. Staff are e-mailed."""
    now = now or timezone.now()
    proposal = lock(clarification.proposal)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if (
        clarification.status != ClarificationStatus.OPEN
        or proposal.status != ProposalStatus.CLARIFICATION
    ):
        raise Refused(_("This clarification request has already been closed."))
    if now > clarification.due_at:
        raise Refused(_("The deadline for corrections has passed."))
    new_files = apply(proposal)
    _refuse_rule_breaches(proposal)
    deficiencies = list(clarification.deficiencies.select_related("item"))
    corrections = []
    for deficiency in deficiencies:
        deficiency.response = responses.get(deficiency.pk, "")
        deficiency.save(update_fields=["response"])
        corrections.append(
            {
                "item": deficiency.item.code,
                "section": deficiency.section,
                "description": deficiency.description,
                "response": deficiency.response,
            }
        )
    submission = create_version(
        proposal=proposal, actor=actor, corrections=corrections, new_files=new_files
    )
    clarification.status = ClarificationStatus.ANSWERED
    clarification.answered_at, clarification.answered_by = now, actor
    clarification.submission = submission
    clarification.save(update_fields=["status", "answered_at", "answered_by", "submission"])
    move(
        proposal,
        ProposalStatus.ADMIN_CHECK,
        actor=actor,
        action="proposal.corrected",
        version=submission.version,
    )
    emails.correction_received(clarification)
    return clarification


def expire_clarifications(now: datetime.datetime | None = None) -> list[Proposal]:
    """Scheduled: every open request past its deadline → ADMIN_REJECTED (INV-15).

    Each request is claimed with a conditional UPDATE, so two runs at once, or a run
    after another, never reject twice. The applicant is e-mailed the reasons."""
    now = now or timezone.now()
    rejected = []
    for pk in Clarification.objects.due(now).values_list("pk", flat=True):
        proposal = _expire_one(pk, now)
        if proposal is not None:
            rejected.append(proposal)
    return rejected


@transaction.atomic
def _expire_one(pk: int, now: datetime.datetime) -> Proposal | None:
    claimed = Clarification.objects.filter(pk=pk, status=ClarificationStatus.OPEN).update(
        status=ClarificationStatus.EXPIRED
    )
    if not claimed:
        return None
    clarification = Clarification.objects.select_related("check_run").get(pk=pk)
    proposal = lock(clarification.proposal)
    codes = list(clarification.deficiencies.values_list("item__code", flat=True))
    reasons = _(
        "The deficiencies listed in the clarification request (items %(codes)s) were not "
        "corrected by the deadline, %(due)s."
    ) % {"codes": ", ".join(codes), "due": clarification.due_on.isoformat()}
    _finish_check(clarification.check_run, None, CheckOutcome.REJECTED, reasons, now)
    move(
        proposal,
        ProposalStatus.ADMIN_REJECTED,
        actor=None,
        action="proposal.clarification_expired",
        reasons=reasons,
    )
    emails.proposal_rejected(proposal, reasons, missed_deadline=True)
    return proposal


def _finish_check(check: AdminCheck, actor: Any, outcome: str, reasons: str, now=None) -> None:
    check.outcome, check.reasons = outcome, reasons
    check.completed_by, check.completed_at = actor, now or timezone.now()
    check.save(update_fields=["outcome", "reasons", "completed_by", "completed_at"])


@transaction.atomic
def reject(*, proposal: Proposal, actor: Any, reasons: str) -> Proposal:
    """ADMIN_CHECK → ADMIN_REJECTED with written reasons, e-mailed to the applicant."""
    if not reasons.strip():
        raise Refused(_("Give the reasons for the rejection."))
    proposal = lock(proposal)
    refuse_if_linked(proposal, actor)
    check = _open_check(proposal)
    _finish_check(check, actor, CheckOutcome.REJECTED, reasons)
    move(
        proposal,
        ProposalStatus.ADMIN_REJECTED,
        actor=actor,
        action="proposal.admin_rejected",
        reasons=reasons,
    )
    emails.proposal_rejected(proposal, reasons, missed_deadline=False)
    return proposal


@transaction.atomic
def declare_eligible(*, proposal: Proposal, actor: Any) -> Proposal:
    """ADMIN_CHECK → ELIGIBLE. Every checklist item must be answered, none "does not meet"
    (such an item leads to a clarification request or a rejection), and the proposal as it
    stands meets every submission rule."""
    proposal = lock(proposal)
    refuse_if_linked(proposal, actor)
    check = _open_check(proposal)
    _refuse_rule_breaches(proposal)
    answers = list(check.answers.select_related("item"))
    unanswered = [a.item.code for a in answers if not a.verdict]
    failed = [a.item.code for a in answers if a.verdict == Verdict.FAIL]
    reasons = []
    if unanswered:
        reasons.append(_("Answer every item first: %(codes)s.") % {"codes": ", ".join(unanswered)})
    if failed:
        reasons.append(
            _("Items %(codes)s do not meet the requirements: request a clarification or reject.")
            % {"codes": ", ".join(failed)}
        )
    if reasons:
        raise Refused(*reasons)
    _finish_check(check, actor, CheckOutcome.ELIGIBLE, "")
    move(proposal, ProposalStatus.ELIGIBLE, actor=actor, action="proposal.eligible")
    emails.proposal_eligible(proposal)
    return proposal
