"""E-mails of the calls app: one function per message, templates under emails/."""

from telka.lib.mail import absolute_url, send_templated

from .models import Call, Proposal, ProposalStatus, Submission
from .pdfs import receipt_filename, receipt_pdf


def _recipients(*addresses: str | None) -> list[str]:
    seen: list[str] = []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.append(address.lower())
    return seen


def proposal_received(submission: Submission) -> None:
    """The receipt: registration number, server time, hashes; the PDF attached."""
    proposal = submission.proposal
    user = submission.submitted_by
    language = getattr(user, "language", "lt") or "lt"
    send_templated(
        "proposal-received",
        to=_recipients(submission.contact_email, getattr(user, "email", None)),
        context={
            "submission": submission,
            "proposal": proposal,
            "call": proposal.call,
            "lag": proposal.call.lag,
            "url": absolute_url(proposal.get_absolute_url()),
        },
        language=language,
        attachments=[
            (
                receipt_filename(submission, language),
                receipt_pdf(submission, language),
                "application/pdf",
            )
        ],
    )


def proposal_withdrawn(proposal: Proposal) -> None:
    user = proposal.created_by
    send_templated(
        "proposal-withdrawn",
        to=_recipients(proposal.contact_email),
        context={"proposal": proposal, "call": proposal.call, "lag": proposal.call.lag},
        language=getattr(user, "language", "lt") or "lt",
    )


def call_cancelled(call: Call) -> None:
    """Every applicant with a live proposal in a cancelled call is told why."""
    proposals = call.proposals.exclude(status=ProposalStatus.WITHDRAWN).select_related("created_by")
    for proposal in proposals:
        send_templated(
            "call-cancelled",
            to=_recipients(proposal.contact_email),
            context={"proposal": proposal, "call": call, "lag": call.lag},
            language=getattr(proposal.created_by, "language", "lt") or "lt",
        )
