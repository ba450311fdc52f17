"""PDFs of the decisions app, in Lithuanian unless asked otherwise: the minutes (from
the recorded facts). A decision notice's PDF is drawn once, when it is issued, from
what it says (notices.py), and then served as stored."""

from telka.lib.pdf import render_pdf

from .models import Meeting
from .record import meeting_record


def minutes_pdf(meeting: Meeting, language: str = "lt") -> bytes:
    context = meeting_record(meeting) | {
        "lag": meeting.lag,
        "minutes": getattr(meeting, "minutes", None),
    }
    return render_pdf("decisions/pdf/minutes.html", context, language)
