"""Signing the minutes: the PDF generated from the recorded facts is stored with its
SHA-256 and published; from then on the minutes and their decisions are immutable (INV-35).
Signed on paper (sign_minutes), or electronically: the PDF issued for signing
(issue_minutes_for_signing) comes back with the chair's and secretary's signatures
(accept_signed_minutes)."""

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused
from telka.signatures.seal import with_signature_fields

from .. import pdfs
from ..models import Meeting, MeetingStatus, Minutes, MinutesDraft
from ..signed_minutes import check_signed_minutes

# The empty signature fields of the minutes issued for signing.
SIGNATURE_FIELDS = ["Chair", "Secretary"]


@transaction.atomic
def sign_minutes(
    *, meeting: Meeting, actor: Any, signatories: str, signed_on: datetime.date
) -> Minutes:
    """Record that the minutes of a closed or adjourned meeting were signed by
    `signatories`: the Lithuanian PDF is stored with its hash and published. Refused if
    already signed (a correction is a new decision, INV-35)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.ADJOURNED):
        raise Refused(_("Close the meeting before signing its minutes."))
    if Minutes.objects.filter(meeting=meeting, signed_at__isnull=False).exists():
        raise Refused(
            _(
                "The minutes are signed and cannot be changed; record a correction as a new decision (INV-35)."
            )
        )
    if not signatories.strip():
        raise Refused(_("Name who signed the minutes."))
    data = pdfs.minutes_pdf(meeting)
    now = timezone.now()
    minutes = Minutes(
        meeting=meeting,
        signatories=signatories.strip(),
        signed_on=signed_on,
        recorded_by=actor,
        sha256=hashlib.sha256(data).hexdigest(),
        published_at=now,
    )
    minutes.pdf.save(
        f"protokolas-{meeting.number.replace('/', '-')}.pdf", ContentFile(data), save=False
    )
    minutes.signed_at = now
    minutes.save()
    AuditEvent.objects.record(
        action="minutes.signed",
        obj=meeting,
        actor=actor,
        sha256=minutes.sha256,
        signatories=minutes.signatories,
    )
    return minutes


def _refuse_unless_signable(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.ADJOURNED):
        raise Refused(_("Close the meeting before signing its minutes."))
    if Minutes.objects.filter(meeting=meeting, signed_at__isnull=False).exists():
        raise Refused(
            _(
                "The minutes are signed and cannot be changed; record a correction as a new decision (INV-35)."
            )
        )


@transaction.atomic
def issue_minutes_for_signing(*, meeting: Meeting, actor: Any) -> MinutesDraft:
    """The minutes PDF the chair and the secretary sign electronically, generated once
    from the closed meeting's facts and kept byte for byte (the signed upload is checked
    against it). Later calls return the same PDF."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = MinutesDraft.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    _refuse_unless_signable(meeting)
    data = with_signature_fields(pdfs.minutes_pdf(meeting), SIGNATURE_FIELDS)
    draft = MinutesDraft(meeting=meeting, sha256=hashlib.sha256(data).hexdigest(), issued_by=actor)
    draft.pdf.save(_minutes_filename(meeting), ContentFile(data), save=False)
    draft.save()
    AuditEvent.objects.record(
        action="minutes.issued_for_signing", obj=meeting, actor=actor, sha256=draft.sha256
    )
    return draft


def _minutes_filename(meeting: Meeting) -> str:
    return f"protokolas-{meeting.number.replace('/', '-')}.pdf"


@transaction.atomic
def accept_signed_minutes(*, meeting: Meeting, actor: Any, data: bytes) -> Minutes:
    """Accept an electronically signed copy of the minutes issued for signing: validated
    first (signed_minutes.check_signed_minutes); refused with the reason, changing
    nothing, when any check fails. Accepted, it is stored with its validation report,
    the minutes are signed and published and can no longer change (INV-35)."""
    from telka.signatures.workflow import record_validated

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_unless_signable(meeting)
    draft = MinutesDraft.objects.filter(meeting=meeting).first()
    if draft is None:
        raise Refused(_("Download the minutes for signing first; only that PDF can be signed."))
    report = check_signed_minutes(meeting, draft, data)
    sha256 = hashlib.sha256(data).hexdigest()
    document = record_validated(
        lag=meeting.lag,
        title=str(meeting),
        filename=_minutes_filename(meeting),
        data=data,
        report=report,
        actor=actor,
        subject_url=meeting.get_absolute_url(),
    )
    times = [c.signed_at_time for c in report.signatures if c.signed_at_time]
    now = timezone.now()
    minutes = Minutes(
        meeting=meeting,
        signatories=", ".join(c.signer for c in report.signatures),
        signed_on=timezone.localdate(max(times)) if times else timezone.localdate(now),
        recorded_by=actor,
        sha256=sha256,
        published_at=now,
        signed_document=document,
    )
    minutes.pdf.name = document.file.name  # the same stored file
    minutes.signed_at = now
    minutes.save()
    AuditEvent.objects.record(
        action="minutes.signed",
        obj=meeting,
        actor=actor,
        sha256=sha256,
        signatories=minutes.signatories,
        electronic=True,
    )
    return minutes
