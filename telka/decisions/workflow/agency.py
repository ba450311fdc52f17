"""After selection (DOMAIN §3.3 stage B): invitations to apply to the implementing
agency, the application, the agency's decision and amount (INV-32), the grant agreement,
and lapses after a missed deadline (INV-30).

The deadline never waits for a person: adopting a selection or a promotion invites its
funded proposals at once (`invite_on_adoption`, called by effects.py) and the scheduled
job `lapse_overdue` lapses those not applied by the deadline. Why adoption and not the
signing of the minutes: see docs/after-selection.md."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal, ProposalStatus
from telka.lib.workflow import Refused
from telka.templatetags.telka import eur

from .. import emails, tasks
from ..models import Award, Decision, DecisionLine
from ._base import move, move_many


def _award(proposal: Proposal) -> Award:
    award = (
        Award.objects.select_for_update()
        .select_related("proposal__call")
        .filter(proposal=proposal)
        .first()
    )
    if award is None:
        raise Refused(_("This proposal has no fixed amount."))
    return award


def invite_on_adoption(
    decision: Decision, lines: list[DecisionLine], *, actor: Any, now: datetime.datetime
) -> list[Award]:
    """The funded lines of an adopted selection or promotion: each proposal gets its
    award (the fixed amount) and moves SELECTED → INVITED with `apply_by` counted from
    the adoption day in the call's unit (calendar or working days, INV-30). Runs inside
    adopt_decision's transaction in a number of queries that does not grow with the
    list; the invitations are e-mailed after commit (tasks.send_invitation)."""
    if not lines:
        return []
    apply_by = decision.allocation.call.agency_deadline(timezone.localdate(now))
    # A proposal funded again after a lapse or a rejection cannot be: those states are final.
    awards = Award.objects.bulk_create(
        Award(
            proposal_id=line.proposal_id,
            decision=decision,
            fixed_amount=line.fixed_amount,
            invited_at=now,
            apply_by=apply_by,
        )
        for line in lines
    )
    move_many(
        {line.proposal_id: (ProposalStatus.INVITED, "proposal.invited") for line in lines},
        actor=actor,
        decision=decision.pk,
        apply_by=apply_by,
    )
    if not emails.is_silenced():
        ids = [award.pk for award in awards]
        transaction.on_commit(lambda: [tasks.send_invitation.enqueue(award_id=pk) for pk in ids])
    return awards


@transaction.atomic
def invite(*, proposal: Proposal, actor: Any, now: datetime.datetime | None = None) -> Award:
    """SELECTED → INVITED by hand, for a proposal selected before adoption invited by
    itself (older data): the applicant is told to apply to the agency within the call's
    window, counted from today (INV-30). E-mailed. Every proposal funded since is
    invited by `invite_on_adoption`, so a second invitation is refused."""
    now = now or timezone.now()
    award = _award(proposal)
    if award.proposal.status != ProposalStatus.SELECTED:
        raise Refused(_("Only a selected proposal not yet invited can be invited."))
    award.invited_at = now
    award.apply_by = award.proposal.call.agency_deadline(timezone.localdate(now))
    move(
        award.proposal,
        ProposalStatus.INVITED,
        actor=actor,
        action="proposal.invited",
        apply_by=award.apply_by,
    )
    award.save(update_fields=["invited_at", "apply_by"])
    emails.invited(award)
    return award


@transaction.atomic
def record_application(
    *, proposal: Proposal, actor: Any, applied_on: datetime.date, reference: str = ""
) -> Award:
    """INVITED → APPLIED, on a day no later than the deadline (INV-30)."""
    award = _award(proposal)
    if award.apply_by and applied_on > award.apply_by:
        raise Refused(
            _(
                "The deadline to apply was %(day)s: an application made later cannot be recorded (INV-30)."
            )
            % {"day": award.apply_by.isoformat()}
        )
    if applied_on > timezone.localdate():
        raise Refused(_("The date cannot be in the future."))
    award.applied_on, award.agency_reference = applied_on, reference.strip()
    move(award.proposal, ProposalStatus.APPLIED, actor=actor, action="proposal.applied")
    award.save(update_fields=["applied_on", "agency_reference"])
    return award


@transaction.atomic
def record_agency_decision(
    *,
    proposal: Proposal,
    actor: Any,
    approved: bool,
    decided_on: datetime.date,
    amount: Decimal | None = None,
    reasons: str = "",
) -> Award:
    """APPLIED → AGENCY_APPROVED with the approved amount (≤ the fixed amount; the
    difference returns to the allocation, INV-32), or → AGENCY_REJECTED (all returns)."""
    award = _award(proposal)
    if approved:
        if amount is None or amount <= 0:
            raise Refused(_("Enter the amount the agency approved."))
        if amount > award.fixed_amount:
            raise Refused(
                _("The agency cannot approve more than the %(fixed)s the board fixed (INV-32).")
                % {"fixed": eur(award.fixed_amount)}
            )
    elif not reasons.strip():
        raise Refused(_("Enter the agency's reasons."))
    award.agency_decided_on, award.agency_reasons = decided_on, reasons.strip()
    award.approved_amount = amount if approved else None
    target = ProposalStatus.AGENCY_APPROVED if approved else ProposalStatus.AGENCY_REJECTED
    award.save(update_fields=["agency_decided_on", "agency_reasons", "approved_amount"])
    move(
        award.proposal,
        target,
        actor=actor,
        action=f"proposal.{target}",
        approved=str(amount) if approved else None,
        returned=str(award.fixed_amount - (amount or 0)),
    )
    return award


@transaction.atomic
def record_agreement(
    *, proposal: Proposal, actor: Any, number: str, signed_on: datetime.date
) -> Award:
    """AGENCY_APPROVED → CONTRACTED with the grant agreement."""
    if not number.strip():
        raise Refused(_("Enter the grant agreement number."))
    award = _award(proposal)
    award.agreement_number, award.agreement_signed_on = number.strip(), signed_on
    move(award.proposal, ProposalStatus.CONTRACTED, actor=actor, action="proposal.contracted")
    award.save(update_fields=["agreement_number", "agreement_signed_on"])
    return award


@transaction.atomic
def record_no_application(*, proposal: Proposal, actor: Any) -> Award:
    """INVITED → LAPSED on the spot: staff record that the applicant will not apply to
    the agency (INV-30); the fixed amount returns to the allocation. Audited, e-mailed."""
    award = _award(proposal)
    if award.proposal.status != ProposalStatus.INVITED:
        raise Refused(_("Only an invited proposal can be recorded as not applying."))
    award.lapsed_at = timezone.now()
    award.save(update_fields=["lapsed_at"])
    move(
        award.proposal,
        ProposalStatus.LAPSED,
        actor=actor,
        action="proposal.lapsed",
        freed=str(award.fixed_amount),
        did_not_apply=True,
    )
    emails.lapsed(award)
    return award


def lapse_overdue(now: datetime.datetime | None = None) -> list[Proposal]:
    """INVITED → LAPSED for proposals whose deadline to apply has passed without an
    application recorded (INV-30): the fixed amount returns to the allocation, which
    money.left() counts from the status. Run by the scheduled job (`manage.py
    lapse_overdue`, in settings.TELKA_SCHEDULED_COMMANDS). Each is claimed in its own
    transaction; a second run finds nothing."""
    today = timezone.localdate(now or timezone.now())
    due = Award.objects.filter(proposal__status=ProposalStatus.INVITED, apply_by__lt=today)
    lapsed = []
    for pk in due.values_list("pk", flat=True):
        proposal = _lapse_one(pk, today)
        if proposal is not None:
            lapsed.append(proposal)
    return lapsed


@transaction.atomic
def _lapse_one(pk: int, today: datetime.date) -> Proposal | None:
    award = Award.objects.select_for_update().select_related("proposal").get(pk=pk)
    if award.proposal.status != ProposalStatus.INVITED or award.apply_by >= today:
        return None
    award.lapsed_at = timezone.now()
    award.save(update_fields=["lapsed_at"])
    proposal = move(
        award.proposal,
        ProposalStatus.LAPSED,
        actor=None,
        action="proposal.lapsed",
        freed=str(award.fixed_amount),
    )
    AuditEvent.objects.record(action="award.lapsed", obj=award, freed=str(award.fixed_amount))
    emails.lapsed(award)
    return proposal
