"""The decision notice an applicant receives (INV-27), kept as it was issued.

A notice is written once, by `workflow.effects.issue_notices`, with what it said as a
snapshot (scores, assessors' totals, rank, outcome, amount, reasons, complaint
deadline, the decision that made it) and its PDF rendered from that snapshot and
stored with its SHA-256. Pages, e-mails and downloads read the snapshot and the stored
file only, never the proposal's current data: a later decision on the same proposal
issues a new notice and leaves this one as it was. Every row is final (INV-35)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.calls.models import Proposal
from telka.calls.models.calls import window_label
from telka.lib.choicelabels import ChoiceLabels
from telka.lib.frozen import FrozenModel

from .decisions import Decision, notice_path

# The shape of the snapshot; `Said.from_snapshot` reads every version ever written.
SNAPSHOT_VERSION = 1


class NoticeOutcome(models.TextChoices):
    FUNDED = "funded", _("Funded list")
    RESERVE = "reserve", _("Reserve list")
    NOT_SELECTED = "not_selected", _("Not selected")
    ADMIN_REJECTED = "admin_rejected", _("Rejected at the formal check")
    PROMOTED = "promoted", _("Promoted from the reserve list")


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class SaidCriterion:
    code: str
    title: str
    is_scored: bool
    points: Decimal | None
    met: bool | None
    max_points: Decimal | None


@dataclass(frozen=True)
class SaidSheet:
    """One assessor's total as the ranking used it (assessors are not named)."""

    number: int
    total: Decimal
    counted: bool


@dataclass(frozen=True)
class Said:
    """What a notice said, read from its snapshot: the only source of its page, its
    e-mail and its PDF."""

    lag: str
    reg_number: str
    title: str
    organisation: str
    legal_code: str
    call_prefix: str
    call_title: str
    measure: str
    decision_kind: str
    decided_on: datetime.date | None
    meeting_number: str
    outcome: str
    rank: int | None
    score: Decimal | None
    criteria: tuple[SaidCriterion, ...]
    sheets: tuple[SaidSheet, ...]
    requested: Decimal | None
    granted: Decimal | None
    reasons: str
    complaint_until: datetime.date | None
    window_days: int
    window_unit: str
    issued_at: datetime.datetime | None
    reconstructed_on: datetime.date | None

    @classmethod
    def from_snapshot(cls, data: dict) -> "Said":
        proposal, call = data.get("proposal", {}), data.get("call", {})
        decision, complaint = data.get("decision", {}), data.get("complaint", {})
        issued = data.get("issued_at")
        return cls(
            lag=data.get("lag", ""),
            reg_number=proposal.get("reg_number", ""),
            title=proposal.get("title", ""),
            organisation=proposal.get("organisation", ""),
            legal_code=proposal.get("legal_code", ""),
            call_prefix=call.get("prefix", ""),
            call_title=call.get("title", ""),
            measure=call.get("measure", ""),
            decision_kind=decision.get("kind", ""),
            decided_on=_date(decision.get("decided_on")),
            meeting_number=decision.get("meeting", ""),
            outcome=data.get("outcome", ""),
            rank=data.get("rank"),
            score=_decimal(data.get("score")),
            criteria=tuple(
                SaidCriterion(
                    code=c["code"],
                    title=c["title"],
                    is_scored=c["scored"],
                    points=_decimal(c.get("points")),
                    met=c.get("met"),
                    max_points=_decimal(c.get("max")),
                )
                for c in data.get("criteria", [])
            ),
            sheets=tuple(
                SaidSheet(number=s["n"], total=_decimal(s["total"]), counted=s["counted"])
                for s in data.get("sheets", [])
            ),
            requested=_decimal(proposal.get("requested")),
            granted=_decimal(data.get("granted")),
            reasons=data.get("reasons", ""),
            complaint_until=_date(complaint.get("until")),
            window_days=complaint.get("days", 0),
            window_unit=complaint.get("unit", ""),
            issued_at=datetime.datetime.fromisoformat(issued) if issued else None,
            reconstructed_on=_date(data.get("reconstructed_on")),
        )

    @property
    def window_label(self) -> str:
        return window_label(self.window_days, self.window_unit)

    @property
    def outcome_label(self) -> str:
        return NoticeOutcome(self.outcome).label if self.outcome in NoticeOutcome else self.outcome

    @property
    def has_scores(self) -> bool:
        return self.score is not None


class Notice(ChoiceLabels, FrozenModel):
    """The decision notice an applicant receives (INV-27), kept as issued: what it said
    (`snapshot`) and its PDF with the PDF's SHA-256. A notice exists only once issued, so
    every row is final, in the model and in the database."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="notices", verbose_name=_("proposal")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="notices", verbose_name=_("decision")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=NoticeOutcome.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    complaint_deadline = models.DateField(_("complaints until"))
    snapshot = models.JSONField(_("what the notice said"), default=dict, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=notice_path, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    frozen_when = models.Q()

    class Meta:
        verbose_name = _("decision notice")
        verbose_name_plural = _("decision notices")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "decision"], name="one_notice_per_decision")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.outcome}"

    @cached_property
    def said(self) -> Said:
        return Said.from_snapshot(self.snapshot)

    @property
    def filename(self) -> str:
        return self.pdf.name.rsplit("/", 1)[-1] if self.pdf else f"sprendimas-{self.pk}.pdf"
