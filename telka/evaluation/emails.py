"""E-mails of the formal check and assessment: one function per message, each rendering
templates/emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language, queued after the surrounding transaction commits."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from telka.accounts.models import User
from telka.calls.models import Proposal
from telka.lag.models import RoleKind
from telka.lib.mail import Silencer, page_url, send_templated

from .models import Assessment, Clarification, PoolInvitation

# Demo data is built through the real workflow; it must not e-mail anyone (demo.py).
_switch = Silencer("evaluation_emails_silenced")
silenced, _message = _switch.silenced, _switch.message


def _url(name: str, *args, language: str) -> str:
    return page_url(name, *args, language=language)


def applicant_recipients(proposal: Proposal) -> dict[str, str]:
    """E-mail → language: the organisation's members and the proposal's contact person."""
    found = {
        m.user.email: m.user.language
        for m in proposal.organisation.memberships.select_related("user")
        if m.user.is_active
    }
    if proposal.contact_email and proposal.contact_email not in found:
        found[proposal.contact_email] = "lt"
    return found


def staff_recipients(lag) -> list[User]:
    roles = lag.roles.active().filter(kind=RoleKind.STAFF).select_related("user")
    return [r.user for r in roles if r.user.is_active]


def _to_applicant(name: str, proposal: Proposal, context: dict, url_name: str, *args) -> None:
    for email, language in applicant_recipients(proposal).items():
        url = _url(url_name, *args, language=language)
        send_templated(
            name,
            to=email,
            language=language,
            context={"proposal": proposal, "url": url, **context},
        )


@_message
def clarification_requested(clarification: Clarification) -> None:
    proposal = clarification.proposal
    deficiencies = list(clarification.deficiencies.select_related("item"))
    _to_applicant(
        "clarification_requested",
        proposal,
        {"clarification": clarification, "deficiencies": deficiencies},
        "evaluation:clarification",
        clarification.pk,
    )


@_message
def correction_received(clarification: Clarification) -> None:
    proposal = clarification.proposal
    for user in staff_recipients(proposal.call.lag):
        send_templated(
            "correction_received",
            to=user.email,
            language=user.language,
            context={
                "proposal": proposal,
                "clarification": clarification,
                "url": _url("evaluation:check", proposal.pk, language=user.language),
            },
        )


@_message
def proposal_rejected(proposal: Proposal, reasons: str, *, missed_deadline: bool) -> None:
    _to_applicant(
        "proposal_rejected",
        proposal,
        {"reasons": reasons, "missed_deadline": missed_deadline},
        "evaluation:status",
        proposal.pk,
    )


@_message
def proposal_eligible(proposal: Proposal) -> None:
    _to_applicant("proposal_eligible", proposal, {}, "evaluation:status", proposal.pk)


@_message
def assessor_assigned(assessment: Assessment) -> None:
    user = assessment.assessor
    send_templated(
        "assessor_assigned",
        to=user.email,
        language=user.language,
        context={
            "assessment": assessment,
            "proposal": assessment.proposal,
            "url": _url("evaluation:workspace", language=user.language),
        },
    )


@_message
def reassignment_needed(proposal: Proposal, *, conflict: bool) -> None:
    """Staff must assign another assessor: after a declared conflict (INV-16) or when the
    totals differ too much (INV-17)."""
    for user in staff_recipients(proposal.call.lag):
        send_templated(
            "reassignment_needed",
            to=user.email,
            language=user.language,
            context={
                "proposal": proposal,
                "conflict": conflict,
                "url": _url("evaluation:assessors", proposal.pk, language=user.language),
            },
        )


@_message
def pool_invitation(invitation: PoolInvitation) -> None:
    """Tells a pool assessor which LAG invited them for which call, and where to work."""
    user, call = invitation.entry.user, invitation.call
    send_templated(
        "pool_invitation",
        to=user.email,
        language=user.language,
        context={
            "user": user,
            "call": call,
            "lag": call.lag,
            "actor": invitation.invited_by,
            "link": call.lag.site_url() + _path("evaluation:workspace", user.language),
        },
    )


def _path(name: str, language: str) -> str:
    """A path on the LAG's own site (the invitation may be sent from any host)."""
    with translation.override(language):
        return reverse(name, urlconf=settings.ROOT_URLCONF)
