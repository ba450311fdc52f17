"""Personal data the monitoring app holds about a person, for the download and for
erasure.

A user's own traces are the reports they submitted or reviewed. A participant record is
about someone else (the person taking part); when its contact is the user's e-mail, the
user is that participant and gets the record. Reports are the LAG's records and stay;
on erasure a participant record found by the e-mail keeps its figures (dates and
labour-market situations count in the indicators) but loses the name and contact."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent

from .models import Participant, Report


def _participants(user):
    return Participant.objects.filter(contact__iexact=user.email).select_related("project")


def export_personal_data(user) -> dict:
    reports = (
        Report.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
        .select_related("project")
        .order_by("pk")
    )
    return {
        "project_reports": [
            {
                "project": f"{r.project.number} {r.project.title}",
                "report": r.sequence,
                "status": r.status,
                "submitted_by_you": r.submitted_by_id == user.pk,
                "submitted_at": r.submitted_at,
                "reviewed_by_you": r.reviewed_by_id == user.pk,
                "reviewed_at": r.reviewed_at,
            }
            for r in reports
        ],
        "participation": [
            {
                "project": f"{p.project.number} {p.project.title}",
                "full_name": p.full_name,
                "birth_year": p.birth_year,
                "gender": p.gender,
                "contact": p.contact,
                "entered_on": p.entered_on,
                "status_at_entry": p.status_at_entry,
                "exited_on": p.exited_on,
                "status_at_exit": p.status_at_exit,
                "status_after_six_months": p.status_after_six_months,
            }
            for p in _participants(user)
        ],
    }


@transaction.atomic
def anonymise_personal_data(user) -> None:
    """Replace the name and contact of participant records found by the user's e-mail.
    Reports keep pointing at the account, which the accounts app anonymises itself."""
    count = _participants(user).update(full_name=_("(person removed)"), contact="")
    if count:
        AuditEvent.objects.record(action="participants.anonymised", count=count)
