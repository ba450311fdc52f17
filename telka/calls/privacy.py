"""Personal data the calls app holds about a person, for the download and for erasure.

Proposals are the LAG's records and stay; on erasure the person's name and contacts
are replaced in the live proposals and in the submitted versions (only those fields
of a submitted version may ever change). Call `anonymise_personal_data` before the
user's own name and e-mail are replaced: they are how the person is found here."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent

from .models import Proposal, Submission


def export_personal_data(user) -> dict:
    """The proposals the person created or is the contact person of."""
    proposals = (
        Proposal.objects.filter(Q(created_by=user) | Q(contact_email__iexact=user.email))
        .select_related("call", "organisation")
        .order_by("pk")
    )
    return {
        "proposals": [
            {
                "call": f"{p.call.registration_prefix}: {p.call.title}",
                "organisation": p.organisation.name,
                "title": p.title,
                "status": p.status,
                "registration_number": p.reg_number,
                "submitted_at": p.submitted_at,
                "created_by_you": p.created_by_id == user.pk,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "contact_phone": p.contact_phone,
            }
            for p in proposals
        ]
    }


@transaction.atomic
def anonymise_personal_data(user) -> None:
    """Replace the person's name and contacts wherever they are a proposal's contact:
    found by their e-mail, or by their name on a proposal they created or submitted."""
    replacement = _("(person removed)")
    erased = {"contact_name": replacement, "contact_email": "", "contact_phone": ""}
    proposals = Proposal.objects.filter(
        Q(contact_email__iexact=user.email) | Q(created_by=user, contact_name=user.full_name)
    )
    count = proposals.update(**erased)
    Submission.objects.filter(
        Q(contact_email__iexact=user.email) | Q(submitted_by=user, contact_name=user.full_name)
    ).update(**erased)
    if count:
        AuditEvent.objects.record(action="proposals.contact_anonymised", count=count)
