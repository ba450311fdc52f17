"""The rule for electronically signed minutes (issue 17): the uploaded file is the PDF
Telka issued for signing with nothing added but signatures, every signature is valid
(intact, covering the document, trusted, not revoked, valid when made), and the meeting's
chair and secretary both signed it, nobody else. Used by the upload workflow only."""

import hashlib

from django.utils.translation import gettext as _

from telka.lib.workflow import Refused
from telka.signatures.validation import PdfReport, original_revision, same_person, validate_pdf

from .models import Meeting, MinutesDraft


def chair_name(meeting: Meeting) -> str:
    return meeting.chair.full_name if meeting.chair_id else ""


def _nothing_but_signatures_added(data: bytes, base: int) -> bool:
    """No change to revision `base` other than signatures and their form fields
    (pyHanko's difference analysis over every later revision)."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    from telka.signatures.validation import open_pdf

    try:
        result = DEFAULT_DIFF_POLICY.review_file(open_pdf(data), base)
    except Exception:  # noqa: BLE001 - unreadable history counts as a change
        return False
    level = getattr(result, "modification_level", None)
    return level is not None and level <= ModificationLevel.FORM_FILLING


def check_signed_minutes(meeting: Meeting, draft: MinutesDraft, data: bytes) -> PdfReport:
    """The validation report of `data` as the signed minutes of `meeting`, or Refused
    with the reason."""
    chair, secretary = chair_name(meeting), meeting.secretary.strip()
    if not chair or not secretary:
        raise Refused(
            _("Record the chair and the secretary of the meeting before uploading signed minutes.")
        )
    report = validate_pdf(data)
    if not report.readable:
        raise Refused(_("The file is not a PDF that can be read."))
    if not report.signatures:
        raise Refused(_("The file carries no electronic signature."))
    for check in report.signatures:
        if check.problem:
            raise Refused(
                _("The signature of %(signer)s is not accepted: %(problem)s.")
                % {"signer": check.signer, "problem": check.problem_text}
            )
    original, base = original_revision(data)
    if original is None or hashlib.sha256(original).hexdigest() != draft.sha256:
        raise Refused(
            _(
                "The signatures are not on the minutes Telka issued for signing: sign the PDF "
                "downloaded with “Minutes for signing” without changing it."
            )
        )
    if not _nothing_but_signatures_added(data, base):
        raise Refused(_("The minutes were changed after they were issued for signing."))
    _refuse_unless_chair_and_secretary(report, chair, secretary)
    return report


def _refuse_unless_chair_and_secretary(report: PdfReport, chair: str, secretary: str) -> None:
    """Both signed, and nobody else."""
    for check in report.signatures:
        if not (same_person(check, chair) or same_person(check, secretary)):
            raise Refused(
                _(
                    "%(signer)s is neither the chair (%(chair)s) nor the secretary "
                    "(%(secretary)s) of the meeting."
                )
                % {"signer": check.signer, "chair": chair, "secretary": secretary}
            )
    missing = {
        chair: _("The chair of the meeting, %(name)s, has not signed the minutes."),
        secretary: _("The secretary of the meeting, %(name)s, has not signed the minutes."),
    }
    for name, message in missing.items():
        if not any(same_person(check, name) for check in report.signatures):
            raise Refused(message % {"name": name})
