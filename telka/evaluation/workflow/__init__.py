"""Every state change of the formal check and the assessment: one function each,
atomic, checked against the status tables, audited, with e-mails queued after commit.

Proposal statuses moved here (DOMAIN §7.2): REGISTERED → ADMIN_CHECK → CLARIFICATION →
ADMIN_CHECK | ADMIN_REJECTED; ADMIN_CHECK → ELIGIBLE | ADMIN_REJECTED; ELIGIBLE →
UNDER_ASSESSMENT → ASSESSED → BELOW_THRESHOLD | RANKED. Split by noun: checks.py (the
formal check), assessments.py (assessors, scores, results) and designations.py (who
handles the LAG's own proposal, INV-26)."""

from .assessments import (
    DECLARATION_TEXT,
    ScoreInput,
    assessor_problems,
    assign_assessors,
    board_member_policy,
    declare_conflict,
    declare_no_conflict,
    needed_assessors,
    remove_assessor,
    reopen_assessment,
    save_scores,
    sign_call_declaration,
    submit_assessment,
    update_result,
)
from .checks import (
    DeficiencyInput,
    declare_eligible,
    expire_clarifications,
    record_answers,
    reject,
    request_clarification,
    start_check,
    submit_correction,
)
from .designations import INDEPENDENCE_TEXT, declare_independence, designate_handler
from .pool import add_to_pool, invite_from_pool, remove_from_pool

__all__ = [
    "add_to_pool",
    "invite_from_pool",
    "remove_from_pool",
    "DECLARATION_TEXT",
    "DeficiencyInput",
    "INDEPENDENCE_TEXT",
    "ScoreInput",
    "assessor_problems",
    "assign_assessors",
    "board_member_policy",
    "declare_conflict",
    "declare_eligible",
    "declare_independence",
    "declare_no_conflict",
    "designate_handler",
    "expire_clarifications",
    "needed_assessors",
    "record_answers",
    "reject",
    "remove_assessor",
    "reopen_assessment",
    "request_clarification",
    "save_scores",
    "sign_call_declaration",
    "start_check",
    "submit_assessment",
    "submit_correction",
    "update_result",
]
