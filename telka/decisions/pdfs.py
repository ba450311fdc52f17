"""PDFs of the decisions app, in Lithuanian unless asked otherwise: the minutes (from
the recorded facts) and the decision notice of one proposal (INV-27)."""

from telka.calls.models import ProposalStatus
from telka.evaluation.models import AdminCheck, Result
from telka.lib.pdf import render_pdf
from telka.signatures.seal import seal_pdf

from .models import Meeting, Notice
from .record import meeting_record


def minutes_pdf(meeting: Meeting, language: str = "lt") -> bytes:
    context = meeting_record(meeting) | {
        "lag": meeting.lag,
        "minutes": getattr(meeting, "minutes", None),
    }
    return render_pdf("decisions/pdf/minutes.html", context, language)


def notice_context(notice: Notice) -> dict:
    proposal = notice.proposal
    call = proposal.call
    result = Result.objects.filter(proposal=proposal).first()
    points = result.criterion_points if result else {}
    criteria = [(c, points.get(str(c.pk))) for c in call.criteria.all()]
    line = notice.decision.lines.filter(proposal=proposal).first()
    return {
        "notice": notice,
        "proposal": proposal,
        "call": call,
        "lag": call.lag,
        "decision": notice.decision,
        "meeting": notice.decision.meeting,
        "line": line,
        "result": result,
        "criteria": criteria,
        "award": getattr(proposal, "award", None),
        "check_reasons": _check_reasons(notice),
    }


def _check_reasons(notice: Notice) -> str:
    """The stored reasons of a rejection at the formal check (INV-27)."""
    if notice.outcome != ProposalStatus.ADMIN_REJECTED:
        return ""
    check = AdminCheck.objects.filter(proposal=notice.proposal).first()
    return check.reasons if check else ""


def notice_pdf(notice: Notice, language: str = "lt") -> bytes:
    """The notice, sealed with the LAG's seal when one is configured."""
    return seal_pdf(render_pdf("decisions/pdf/notice.html", notice_context(notice), language))


def notice_filename(notice: Notice) -> str:
    return f"sprendimas-{notice.proposal.reg_number}-{notice.pk}.pdf"
