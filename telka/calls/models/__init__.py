"""Calls, proposals and submitted versions, split by noun.

- calls.py: Call (CallStatus + CallStatus.ALLOWED, DOMAIN §7.1), Allocation (money per
  strategy measure, max per project, max co-financing rate in percent, reduced amounts),
  Criterion (pass/fail or scored, max and mandatory minimum points), CallDocument.
- proposals.py: Proposal (ProposalStatus + ProposalStatus.ALLOWED, the whole §7.2 table),
  Partner, Activity, IndicatorPlan (INV-33), BudgetLine, Attachment.
- submissions.py: Submission (immutable JSON of what was submitted, version 1 = the
  submission, later versions = corrections) and SubmissionFile (copies + SHA-256).

Rates and thresholds are stored in percent (92.50 = 92.5 %); money is DecimalField(14, 2).
"""

from .calls import (
    Allocation,
    Call,
    CallDocument,
    CallQuerySet,
    CallStatus,
    CostKind,
    Criterion,
    CriterionKind,
    DayUnit,
    TerritoryRule,
)
from .proposals import (
    Activity,
    Attachment,
    AttachmentKind,
    BudgetCategory,
    BudgetLine,
    IndicatorPlan,
    Partner,
    Proposal,
    ProposalQuerySet,
    ProposalStatus,
    line_amount,
    rate_percent,
    settle_amounts,
)
from .submissions import ImmutableError, Submission, SubmissionFile

__all__ = [
    "Activity",
    "Allocation",
    "Attachment",
    "AttachmentKind",
    "BudgetCategory",
    "BudgetLine",
    "Call",
    "CallDocument",
    "CallQuerySet",
    "CallStatus",
    "CostKind",
    "Criterion",
    "CriterionKind",
    "ImmutableError",
    "IndicatorPlan",
    "Partner",
    "Proposal",
    "ProposalQuerySet",
    "ProposalStatus",
    "Submission",
    "SubmissionFile",
    "DayUnit",
    "TerritoryRule",
    "line_amount",
    "rate_percent",
    "settle_amounts",
]
