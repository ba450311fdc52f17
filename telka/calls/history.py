"""Readable labels for the audit events shown in a call's and a proposal's history:
staff see "Call published", not the code `call.published`."""

from django.utils.translation import gettext_lazy as _

from .models import CallStatus, ProposalStatus

EVENT_LABELS = {
    "call.created": _("Call created"),
    "call.conditions_changed": _("Call conditions changed"),
    "call.documents_changed": _("Documents changed"),
    "call.allocations_changed": _("Money per measure changed"),
    "call.criteria_changed": _("Selection criteria changed"),
    "call.document_added": _("Document added"),
    "call.approved": _("Approval by the board recorded"),
    "call.published": _("Call published"),
    "call.unpublished": _("Call taken off the site"),
    "call.opened": _("Call opened"),
    "call.closed": _("Call closed"),
    "call.assessment_started": _("Assessment started"),
    "call.decision_pending": _("Waiting for the board's decision"),
    "call.decided": _("Board decision made"),
    "call.complaints_closed": _("Complaint period over"),
    "call.cancelled": _("Call cancelled"),
    "proposal.created": _("Draft started"),
    "proposal.submitted": _("Proposal submitted"),
    "proposal.registered": _("Proposal registered"),
    "proposal.withdrawn": _("Proposal withdrawn"),
    "proposal.check_started": _("Formal check started"),
    "proposal.clarification_requested": _("Clarification requested"),
    "proposal.corrected": _("Deficiencies corrected"),
    "proposal.clarification_expired": _("Time for clarification ran out"),
    "proposal.eligible": _("Formal check passed"),
    "proposal.admin_rejected": _("Rejected at the formal check"),
    "proposal.assessment_started": _("Assessment started"),
    "proposal.assessed": _("Assessment completed"),
    "proposal.additional_assessor_requested": _("Additional assessor requested"),
    "proposal.ranked": _("Ranked"),
    "proposal.result_cleared": _("Result cleared"),
    "proposal.selected": _("Selected for funding"),
    "proposal.not_selected": _("Not selected"),
    "proposal.promoted": _("Moved up from the reserve list"),
    "proposal.complaint_filed": _("Complaint filed"),
    "proposal.complaint_decided": _("Complaint decided"),
    "proposal.invited": _("Invited to apply to the agency"),
    "proposal.applied": _("Application to the agency made"),
    "proposal.lapsed": _("Lapsed"),
    "proposal.contracted": _("Grant agreement signed"),
    "proposal.in_implementation": _("Implementation started"),
}
STATUSES = {"call": dict(CallStatus.choices), "proposal": dict(ProposalStatus.choices)}


def event_label(action: str) -> str:
    """The label of an event; an action without one (added later) shows its code."""
    return str(EVENT_LABELS.get(action, action))


def status_change(action: str, changes: dict) -> str:
    """ "Draft → Approved" for an event that changed a status, else ""."""
    if not isinstance(changes, dict) or not changes.get("before"):
        return ""
    labels = STATUSES.get(action.split(".")[0], {})
    before, after = changes.get("before"), changes.get("after")
    return f"{labels.get(before, before)} → {labels.get(after, after)}"
