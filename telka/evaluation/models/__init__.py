"""Evaluation of proposals, split by noun.

- checks.py: ChecklistItem (per call), AdminCheck with CheckAnswers, Clarification with
  Deficiencies (INV-15), EvaluationSettings (board members as assessors: block or warn).
- assessments.py: CallDeclaration (impartiality, per call), Assessment (per assessor and
  proposal, with the no-conflict declaration), Score (per criterion), Result (reconciled).
- designations.py: Designation (who handles the LAG's own proposal, INV-26).
- pool.py: PoolAssessor (the network's shared list of external assessors) and
  PoolInvitation (a LAG invited one for a call).
"""

from .assessments import (
    Assessment,
    AssessmentQuerySet,
    AssessmentStatus,
    CallDeclaration,
    Result,
    ResultOutcome,
    Score,
)
from .checks import (
    AdminCheck,
    BoardMemberPolicy,
    CheckAnswer,
    ChecklistItem,
    CheckOutcome,
    Clarification,
    ClarificationStatus,
    Deficiency,
    EvaluationSettings,
    Verdict,
)
from .designations import Designation
from .pool import PoolAssessor, PoolInvitation

__all__ = [
    "PoolAssessor",
    "PoolInvitation",
    "AdminCheck",
    "Assessment",
    "AssessmentQuerySet",
    "AssessmentStatus",
    "BoardMemberPolicy",
    "CallDeclaration",
    "CheckAnswer",
    "CheckOutcome",
    "ChecklistItem",
    "Clarification",
    "ClarificationStatus",
    "Deficiency",
    "Designation",
    "EvaluationSettings",
    "Result",
    "ResultOutcome",
    "Score",
    "Verdict",
]
