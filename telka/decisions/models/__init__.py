"""Board meetings, their decisions, complaints and what follows the selection, by noun.

- meetings.py: DecisionSettings (statute options), Meeting (in person, remote or
  written procedure), AgendaItem, Attendance, InterestDeclaration (INV-19, INV-22).
- decisions.py: Decision (one per agenda item: the lists of an allocation, a reserve
  promotion, a complaint, a correction), DecisionLine (one proposal on the lists),
  Vote (one member's vote or ballot), Minutes (signed = immutable, INV-35).
- notices.py: Notice (what each applicant was told, frozen when issued, INV-27), with
  `Said`, what a notice said, read from its snapshot.
- complaints.py: Complaint (INV-29).
- awards.py: Award (the fixed amount of a funded proposal and its way through the
  implementing agency: invitation, application, approval, agreement; INV-30, INV-32).
"""

from .awards import Award
from .complaints import Complaint, ComplaintGround, ComplaintStatus
from .decisions import (
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionStatus,
    ImmutableError,
    LineOutcome,
    Minutes,
    Vote,
    VoteChoice,
)
from .meetings import (
    AgendaItem,
    Attendance,
    DecisionSettings,
    InterestDeclaration,
    Meeting,
    MeetingMode,
    MeetingStatus,
    RecusalScope,
)
from .notices import SNAPSHOT_VERSION, Notice, NoticeOutcome, Said

__all__ = [
    "AgendaItem",
    "Attendance",
    "Award",
    "Complaint",
    "ComplaintGround",
    "ComplaintStatus",
    "Decision",
    "DecisionKind",
    "DecisionLine",
    "DecisionSettings",
    "DecisionStatus",
    "ImmutableError",
    "InterestDeclaration",
    "LineOutcome",
    "Meeting",
    "MeetingMode",
    "MeetingStatus",
    "Minutes",
    "Notice",
    "NoticeOutcome",
    "RecusalScope",
    "SNAPSHOT_VERSION",
    "Said",
    "Vote",
    "VoteChoice",
]
