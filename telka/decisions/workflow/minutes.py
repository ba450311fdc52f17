"""Signing the minutes: the PDF generated from the recorded facts is stored with its
SHA-256 and published; from then on the minutes and their decisions are immutable (INV-35)."""

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused

from .. import pdfs
from ..models import Meeting, MeetingStatus, Minutes


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
