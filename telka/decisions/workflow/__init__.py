"""Every state change of board decisions: one function each, atomic, checked against the
rules, audited, with e-mails queued after commit. Split by noun:

- meetings.py: schedule, agenda, attendance, declarations, adjournment, written procedure.
- voting.py: lists, votes and ballots, adoption (INV-19 … INV-26); effects.py applies it.
- minutes.py: signing on paper or electronically (INV-35).
- complaints.py: filing, registration, closing the windows (INV-29).
- agency.py: invitation, application, agency decision, agreement, lapse (INV-30, INV-32).
"""

from .agency import (
    invite,
    lapse_overdue,
    record_agency_decision,
    record_agreement,
    record_application,
    record_no_application,
)
from .complaints import (
    close_complaint_windows,
    complaint_deadline,
    file_complaint,
    register_complaint,
)
from .meetings import (
    add_agenda_item,
    adjourn_meeting,
    cancel_meeting,
    close_meeting,
    declare,
    record_attendance,
    schedule_meeting,
    send_agenda,
    start_written_procedure,
)
from .minutes import accept_signed_minutes, issue_minutes_for_signing, sign_minutes
from .voting import LineInput, adopt_decision, cast_ballot, record_text, record_votes, update_lines

__all__ = [
    "LineInput",
    "accept_signed_minutes",
    "issue_minutes_for_signing",
    "add_agenda_item",
    "adjourn_meeting",
    "adopt_decision",
    "cancel_meeting",
    "cast_ballot",
    "close_complaint_windows",
    "close_meeting",
    "complaint_deadline",
    "declare",
    "file_complaint",
    "invite",
    "lapse_overdue",
    "record_agency_decision",
    "record_agreement",
    "record_application",
    "record_no_application",
    "record_attendance",
    "record_text",
    "record_votes",
    "register_complaint",
    "schedule_meeting",
    "send_agenda",
    "sign_minutes",
    "start_written_procedure",
    "update_lines",
]
