"""PDF documents of the calls app: the receipt of a submission and a proposal as submitted."""

from django.utils import translation
from django.utils.translation import gettext as _

from telka.lib.pdf import render_pdf
from telka.signatures.seal import seal_pdf

from .models import Submission


def _context(submission: Submission) -> dict:
    proposal = submission.proposal
    return {
        "submission": submission,
        "content": submission.content,
        "proposal": proposal,
        "call": proposal.call,
        "lag": proposal.call.lag,
        "files": list(submission.files.all()),
    }


def receipt_pdf(submission: Submission, language: str) -> bytes:
    """The receipt, sealed with the LAG's seal when one is configured."""
    return seal_pdf(render_pdf("calls/pdf/receipt.html", _context(submission), language))


def receipt_filename(submission: Submission, language: str) -> str:
    with translation.override(language):
        return _("receipt-%(number)s.pdf") % {"number": submission.registration_number}


def proposal_pdf(submission: Submission, language: str) -> bytes:
    return render_pdf("calls/pdf/proposal.html", _context(submission), language)
