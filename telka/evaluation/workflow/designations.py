"""The LAG itself as an applicant (INV-26): recording the board's designation of the
person who handles that proposal, and that person's declaration of independence.
The rule that uses them is telka.evaluation.independence."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal
from telka.lag import links
from telka.lag.permissions import is_lag_staff
from telka.lib.workflow import Refused

from ..models import Designation
from ._base import lock

INDEPENDENCE_TEXT = gettext_noop(
    "I declare that I took no part in preparing this proposal, that I have no personal "
    "interest in it, and that I will check it and assign its assessors as I would for "
    "any other applicant."
)


def _problems(proposal: Proposal, user: Any, reference: str, actor: Any) -> list[str]:
    problems = []
    if not proposal.organisation.is_lag_itself:
        problems.append(_("Only a proposal of the LAG itself needs a designated person."))
    if not reference.strip():
        problems.append(_("Give the board decision that designated the person."))
    if user.pk == getattr(actor, "pk", None):
        problems.append(_("Nobody records their own designation: ask another staff member."))
    if not is_lag_staff(user, proposal.call.lag):
        problems.append(
            _(
                "%(name)s needs a staff role to use the check pages: grant it on the people "
                "page first."
            )
            % {"name": user}
        )
    organisation = proposal.organisation
    ties = links.user_links(user, {organisation.pk: organisation.legal_code})
    if ties:
        problems.append(
            _("%(name)s is linked to the LAG's own organisation (%(ties)s).")
            % {"name": user, "ties": "; ".join(ties[organisation.pk])}
        )
    return problems


@transaction.atomic
def designate_handler(
    *, proposal: Proposal, user: Any, decision_reference: str, actor: Any
) -> Designation:
    """Record the board's designation of `user` as the one person who handles the LAG's
    own proposal. Refused with every reason at once; replaces an earlier designation
    (the new person signs the declaration again). Audited."""
    proposal = lock(proposal)
    problems = _problems(proposal, user, decision_reference, actor)
    earlier = Designation.objects.select_for_update().filter(proposal=proposal).first()
    if not problems and earlier and earlier.user_id == user.pk:
        problems.append(_("%(name)s is already designated.") % {"name": user})
    if problems:
        raise Refused(*problems)
    designation, _created = Designation.objects.update_or_create(
        proposal=proposal,
        defaults={
            "user": user,
            "decision_reference": decision_reference.strip(),
            "recorded_by": actor,
            "recorded_at": timezone.now(),
            "declaration": "",
            "declared_at": None,
        },
    )
    AuditEvent.objects.record(
        action="proposal.handler_designated",
        obj=proposal,
        actor=actor,
        reference=designation.decision_reference,
        before=earlier.user_id if earlier else None,
        after=user.pk,
    )
    return designation


@transaction.atomic
def declare_independence(*, proposal: Proposal, actor: Any) -> Designation:
    """The designated person signs the declaration of independence (INV-26); only then
    may they handle the proposal. Audited."""
    designation = Designation.objects.select_for_update().filter(proposal_id=proposal.pk).first()
    if designation is None or designation.user_id != getattr(actor, "pk", None):
        raise Refused(_("Only the person the board designated signs this declaration."))
    if designation.declared_at is not None:
        raise Refused(_("The declaration is already signed."))
    designation.declaration = _(INDEPENDENCE_TEXT)
    designation.declared_at = timezone.now()
    designation.save(update_fields=["declaration", "declared_at"])
    AuditEvent.objects.record(
        action="proposal.independence_declared",
        obj=designation.proposal,
        actor=actor,
        text=designation.declaration,
    )
    return designation
