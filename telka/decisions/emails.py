"""E-mails of board decisions: one function per message, each rendering
templates/emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language, queued after the surrounding transaction commits."""

from django.db.models import Prefetch

from telka.evaluation.emails import applicant_recipients, staff_recipients
from telka.lag.models import BoardMembership
from telka.lib.mail import Silencer, page_url, send_templated

from . import notices
from .models import Award, Complaint, DecisionLine, Meeting, Notice

# The demo records history through the real workflow without e-mailing anyone.
_switch = Silencer("decisions_emails_silenced")
silenced, is_silenced, _message = _switch.silenced, _switch.is_silenced, _switch.message


def _url(name: str, *args, language: str) -> str:
    return page_url(name, *args, language=language)


@_message
def agenda(meeting: Meeting, seat: BoardMembership) -> None:
    """The agenda with the draft lists, to one member."""
    user = seat.user
    language = user.language or "lt"
    lines = DecisionLine.objects.select_related("proposal__organisation").order_by("position")
    items = list(
        meeting.items.select_related(
            "allocation__measure", "complaint__proposal", "decision"
        ).prefetch_related(Prefetch("decision__lines", queryset=lines))
    )
    send_templated(
        "board_agenda",
        to=user.email,
        language=language,
        context={
            "meeting": meeting,
            "seat": seat,
            "items": items,
            "url": _url("decisions:member_meeting", meeting.pk, language=language),
        },
    )


@_message
def decision_notice(notice: Notice) -> None:
    """The decision notice with its stored PDF (INV-27), to the applicant's people: what
    the notice said when issued, whatever happened since."""
    proposal = notice.proposal
    with notice.pdf.open("rb") as stored:
        data = stored.read()
    for email, language in applicant_recipients(proposal).items():
        send_templated(
            "decision_notice",
            to=email,
            language=language,
            context=notices.context(notice.said)
            | {"notice": notice, "url": _url("decisions:notice", notice.pk, language=language)},
            attachments=[(notice.filename, data, "application/pdf")],
        )


@_message
def complaint_filed(complaint: Complaint) -> None:
    """A receipt to the applicant, and a task for the LAG's staff."""
    proposal = complaint.proposal
    for email, language in applicant_recipients(proposal).items():
        url = _url("decisions:complaint", complaint.pk, language=language)
        send_templated(
            "complaint_received",
            to=email,
            language=language,
            context={"complaint": complaint, "proposal": proposal, "url": url},
        )
    for user in staff_recipients(proposal.call.lag):
        url = _url("decisions:complaint_staff", complaint.pk, language=user.language or "lt")
        send_templated(
            "complaint_to_staff",
            to=user.email,
            language=user.language or "lt",
            context={"complaint": complaint, "proposal": proposal, "url": url},
        )


@_message
def complaint_decided(complaint: Complaint) -> None:
    proposal = complaint.proposal
    for email, language in applicant_recipients(proposal).items():
        url = _url("decisions:complaint", complaint.pk, language=language)
        send_templated(
            "complaint_decided",
            to=email,
            language=language,
            context={"complaint": complaint, "proposal": proposal, "url": url},
        )


@_message
def invited(award: Award) -> None:
    """The invitation to apply to the implementing agency, with the deadline (INV-30)."""
    proposal = award.proposal
    for email, language in applicant_recipients(proposal).items():
        url = _url("decisions:my_decisions", language=language)
        send_templated(
            "agency_invitation",
            to=email,
            language=language,
            context={"award": award, "proposal": proposal, "url": url},
        )


@_message
def lapsed(award: Award) -> None:
    proposal = award.proposal
    for email, language in applicant_recipients(proposal).items():
        send_templated(
            "proposal_lapsed",
            to=email,
            language=language,
            context={"award": award, "proposal": proposal},
        )
    for user in staff_recipients(proposal.call.lag):
        send_templated(
            "proposal_lapsed",
            to=user.email,
            language=user.language or "lt",
            context={"award": award, "proposal": proposal},
        )
