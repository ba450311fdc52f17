"""Every change of the strategy: one function per step of an amendment (DOMAIN §7.4).

A version in force is never edited (INV-08). A change starts as a DRAFT copy of the
version in force, is consulted on, proposed, adopted by the general meeting,
optionally approved by the managing authority, and then enters into force as the
new version while the old one is superseded (INV-07).
"""

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.consultations import emails as consultation_emails
from telka.consultations.models import ConsultationStatus, amendment_consultation_problems
from telka.lag.models import LocalActionGroup
from telka.lib.workflow import Refused, check_transition

from .models import (
    AMENDMENT_ALLOWED,
    AmendmentStatus,
    Goal,
    Measure,
    Objective,
    Strategy,
    StrategyAmendment,
    StrategyStatus,
    Target,
)
from .versions import copy_version, next_version_number

S = AmendmentStatus
DRAFT_ITEMS = (Goal, Objective, Measure, Target)
# Strategy-level fields staff may change in a draft.
DRAFT_STRATEGY_FIELDS = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "period_start",
    "period_end",
    "programme",
    "priority",
    "investment_priority",
    "specific_objective",
    "total_budget",
    "running_costs_budget",
]
AMENDMENT_FIELDS = ["title", "title_en", "reasons", "reasons_en", "needs_ma_approval"]


def _locked(amendment: StrategyAmendment) -> StrategyAmendment:
    return (
        StrategyAmendment.objects.select_for_update().select_related("draft").get(pk=amendment.pk)
    )


def _move(amendment: StrategyAmendment, target: str, actor: Any, fields=(), **audit) -> None:
    """Check the table, set the status, save and audit."""
    check_transition(amendment.status, target, AMENDMENT_ALLOWED, dict(S.choices))
    before = amendment.status
    amendment.status = target
    amendment.save(update_fields=["status", *fields])
    AuditEvent.objects.record(
        action=f"strategy.amendment_{target}",
        obj=amendment,
        actor=actor,
        before=before,
        after=target,
        **audit,
    )


def _changed(obj: Model, values: dict[str, Any]) -> dict[str, list]:
    """Apply `values` to `obj`; return {field: [old, new]} for those that differ."""
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name, None) if _is_set(obj, name) else None
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(obj, name, value)
    return changes


def _is_set(obj: Model, name: str) -> bool:
    """False for a foreign key not yet given on a new item (reading it would raise)."""
    field = obj._meta.get_field(name)
    return not field.is_relation or getattr(obj, field.attname) is not None


def _plain(value: Any) -> Any:
    """A value the audit log can store as JSON (model instances by their name)."""
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


@transaction.atomic
def start_amendment(
    *,
    lag: LocalActionGroup,
    actor: Any,
    title: str,
    reasons: str,
    title_en: str = "",
    reasons_en: str = "",
    needs_ma_approval: bool | None = None,
) -> StrategyAmendment:
    """Start a change of the version in force.

    Copies the whole version (goals, objectives, measures with budgets, targets,
    keeping their lineage) as a new DRAFT version, creates the DRAFT amendment and
    audits it. Refused when no version is in force or another amendment is under way.
    """
    base = Strategy.objects.select_for_update().filter(lag=lag).in_force().first()
    if base is None:
        raise Refused(_("No strategy version is in force, so there is nothing to amend."))
    active = StrategyAmendment.objects.filter(lag=lag).active().first()
    if active is not None:
        raise Refused(
            _("The amendment “%(title)s” is still under way: finish or withdraw it first.")
            % {"title": active.title}
        )
    draft = copy_version(base, version=next_version_number(base))
    amendment = StrategyAmendment.objects.create(
        lag=lag,
        base=base,
        draft=draft,
        title=title,
        title_en=title_en,
        reasons=reasons,
        reasons_en=reasons_en,
        needs_ma_approval=base.ma_approval_required
        if needs_ma_approval is None
        else needs_ma_approval,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    AuditEvent.objects.record(
        action="strategy.amendment_started",
        obj=amendment,
        actor=actor,
        base_version=base.version,
        draft_version=draft.version,
    )
    return amendment


def _ensure_editable(amendment: StrategyAmendment) -> StrategyAmendment:
    amendment = _locked(amendment)
    if not amendment.is_editable:
        raise Refused(
            _(
                "The draft cannot be changed while it is “%(status)s”. A version in force is "
                "never edited, and a draft is frozen during the consultation and after it is "
                "proposed (INV-08)."
            )
            % {"status": amendment.get_status_display()}
        )
    return amendment


@transaction.atomic
def update_amendment(*, amendment: StrategyAmendment, actor: Any, values: dict) -> None:
    """Change the amendment's title, reasons or MA setting while the draft is editable. Audited."""
    amendment = _ensure_editable(amendment)
    changes = _changed(amendment, {k: values[k] for k in AMENDMENT_FIELDS if k in values})
    if changes:
        amendment.save(update_fields=list(changes))
        AuditEvent.objects.record(
            action="strategy.amendment_edited", obj=amendment, actor=actor, changes=changes
        )


@transaction.atomic
def update_draft_strategy(*, amendment: StrategyAmendment, actor: Any, values: dict) -> None:
    """Change the draft version's own texts and budget totals. Audited with before/after."""
    amendment = _ensure_editable(amendment)
    draft = amendment.draft
    changes = _changed(draft, {k: values[k] for k in DRAFT_STRATEGY_FIELDS if k in values})
    if changes:
        draft.save(update_fields=list(changes))
        AuditEvent.objects.record(
            action="strategy.draft_edited", obj=draft, actor=actor, changes=changes
        )


def owning_strategy_id(item: Model) -> int:
    if isinstance(item, Target):
        return item.measure.objective.goal.strategy_id
    if isinstance(item, Measure):
        return item.objective.goal.strategy_id
    if isinstance(item, Objective):
        return item.goal.strategy_id
    return item.strategy_id


def _ensure_in_draft(amendment: StrategyAmendment, item: Model) -> None:
    if not isinstance(item, DRAFT_ITEMS) or owning_strategy_id(item) != amendment.draft_id:
        raise Refused(_("This item is not part of the draft being amended."))


@transaction.atomic
def save_draft_item(
    *, amendment: StrategyAmendment, actor: Any, item: Model, values: dict
) -> Model:
    """Add or change a goal, objective, measure or target of the draft. Audited."""
    amendment = _ensure_editable(amendment)
    is_new = item.pk is None
    changes = _changed(item, values)
    _ensure_in_draft(amendment, item)
    if is_new or changes:
        item.save()
        AuditEvent.objects.record(
            action=f"strategy.draft_{item._meta.model_name}_{'added' if is_new else 'edited'}",
            obj=amendment.draft,
            actor=actor,
            item=str(item),
            changes=changes,
        )
    return item


@transaction.atomic
def remove_draft_item(*, amendment: StrategyAmendment, actor: Any, item: Model) -> None:
    """Remove a goal, objective, measure or target (and what is under it) from the draft.
    The comparison with the version in force will list it as removed. Audited."""
    amendment = _ensure_editable(amendment)
    _ensure_in_draft(amendment, item)
    label = str(item)
    item.delete()
    AuditEvent.objects.record(
        action=f"strategy.draft_{item._meta.model_name}_removed",
        obj=amendment.draft,
        actor=actor,
        item=label,
    )


@transaction.atomic
def mark_consultation_open(*, amendment: StrategyAmendment, actor: Any = None) -> None:
    """Called when a consultation on the draft opens: the draft becomes public and frozen."""
    amendment = _locked(amendment)
    fields = []
    if amendment.published_at is None:
        amendment.published_at = timezone.now()
        fields.append("published_at")
    _move(amendment, S.CONSULTATION_OPEN, actor, fields)


@transaction.atomic
def mark_consultation_closed(*, amendment: StrategyAmendment, actor: Any = None) -> None:
    """Called when the consultation on the draft closes; the draft may be revised again."""
    _move(_locked(amendment), S.CONSULTATION_CLOSED, actor)


@transaction.atomic
def propose_amendment(
    *, amendment: StrategyAmendment, actor: Any, proposed_on: datetime.date
) -> None:
    """The board proposes the draft to the general meeting.

    Refused unless the consultation is closed with every suggestion answered (INV-07)
    and the draft is a valid strategy (INV-05, INV-06, budget). Freezes the draft."""
    amendment = _locked(amendment)
    check_transition(amendment.status, S.PROPOSED, AMENDMENT_ALLOWED, dict(S.choices))
    problems = amendment_consultation_problems(amendment) + amendment.draft.problems()
    if problems:
        raise Refused(*problems)
    amendment.proposed_on = proposed_on
    _move(amendment, S.PROPOSED, actor, ["proposed_on"])


@transaction.atomic
def adopt_amendment(
    *,
    amendment: StrategyAmendment,
    actor: Any,
    adopted_on: datetime.date,
    minutes_number: str,
    minutes_document: UploadedFile | None,
) -> None:
    """Record the general meeting's adoption: date, minutes number and document.

    Checks INV-07 again (a consultation could have been reopened meanwhile).
    E-mails everyone who followed or made a suggestion in its consultations."""
    amendment = _locked(amendment)
    check_transition(amendment.status, S.ADOPTED, AMENDMENT_ALLOWED, dict(S.choices))
    problems = amendment_consultation_problems(amendment)
    if problems:
        raise Refused(*problems)
    if amendment.proposed_on and adopted_on < amendment.proposed_on:
        raise Refused(_("The general meeting cannot adopt the change before it was proposed."))
    amendment.adopted_on = adopted_on
    amendment.minutes_number = minutes_number
    fields = ["adopted_on", "minutes_number"]
    if minutes_document:
        amendment.minutes_document = minutes_document
        fields.append("minutes_document")
    _move(amendment, S.ADOPTED, actor, fields, minutes=minutes_number, adopted_on=adopted_on)
    consultation_emails.change_adopted(amendment)


@transaction.atomic
def submit_to_managing_authority(
    *, amendment: StrategyAmendment, actor: Any, submitted_on: datetime.date, reference: str
) -> None:
    """Record that the adopted change was sent to the managing authority for approval."""
    amendment = _locked(amendment)
    amendment.ma_submitted_on = submitted_on
    amendment.ma_reference = reference
    _move(amendment, S.SUBMITTED_TO_MA, actor, ["ma_submitted_on", "ma_reference"])


@transaction.atomic
def record_ma_decision(
    *,
    amendment: StrategyAmendment,
    actor: Any,
    approved: bool,
    decided_on: datetime.date,
    reference: str,
) -> None:
    """Record the managing authority's approval or rejection. A rejection ends the amendment."""
    amendment = _locked(amendment)
    amendment.ma_decided_on = decided_on
    amendment.ma_decision_reference = reference
    target = S.MA_APPROVED if approved else S.MA_REJECTED
    _move(amendment, target, actor, ["ma_decided_on", "ma_decision_reference"])


def adoption_text(amendment: StrategyAmendment) -> str:
    """The decision as the version history shows it (content, so in Lithuanian)."""
    day = f"{amendment.adopted_on:%Y-%m-%d} " if amendment.adopted_on else ""
    text = f"Visuotinio narių susirinkimo {day}sprendimas"
    if amendment.minutes_number:
        text += f", protokolas Nr. {amendment.minutes_number}"
    if amendment.ma_decision_reference:
        text += f"; vadovaujančiosios institucijos pritarimas {amendment.ma_decision_reference}"
    return text[:300]


@transaction.atomic
def enter_into_force(
    *, amendment: StrategyAmendment, actor: Any, in_force_from: datetime.date
) -> Strategy:
    """The draft becomes the version in force and the old version is superseded, together.

    Steps: check the table (and MA approval when the amendment needs it); lock both
    versions; refuse if the amended version is no longer the one in force; mark the old
    version SUPERSEDED (in force until the day before); mark the draft IN_FORCE with the
    adoption decision; audit. Rows of the old version are not touched otherwise, so calls
    keep pointing at the version that was in force when they opened (INV-08)."""
    amendment = _locked(amendment)
    if amendment.needs_ma_approval and amendment.status != S.MA_APPROVED:
        raise Refused(_("This change needs the managing authority's approval first."))
    check_transition(amendment.status, S.IN_FORCE, AMENDMENT_ALLOWED, dict(S.choices))
    old = Strategy.objects.select_for_update().get(pk=amendment.base_id)
    new = Strategy.objects.select_for_update().get(pk=amendment.draft_id)
    _check_dates(amendment, old, in_force_from)
    old.status = StrategyStatus.SUPERSEDED
    old.in_force_to = in_force_from - datetime.timedelta(days=1)
    old.save(update_fields=["status", "in_force_to"])  # first: one version in force per LAG
    new.status = StrategyStatus.IN_FORCE
    new.previous = old
    new.in_force_from = in_force_from
    new.adopted_on = amendment.adopted_on
    new.adopted_by = adoption_text(amendment)
    new.save(update_fields=["status", "previous", "in_force_from", "adopted_on", "adopted_by"])
    amendment.in_force_from = in_force_from
    _move(amendment, S.IN_FORCE, actor, ["in_force_from"], version=new.version, old=old.version)
    return new


def _check_dates(amendment: StrategyAmendment, old: Strategy, in_force_from: datetime.date) -> None:
    if old.status != StrategyStatus.IN_FORCE:
        raise Refused(_("The version this change amends is no longer in force."))
    if amendment.adopted_on and in_force_from < amendment.adopted_on:
        raise Refused(_("A change cannot enter into force before the general meeting adopted it."))
    if old.in_force_from and in_force_from <= old.in_force_from:
        raise Refused(_("The new version must enter into force after the current one did."))


@transaction.atomic
def withdraw_amendment(*, amendment: StrategyAmendment, actor: Any, reason: str) -> None:
    """Abandon the amendment; its draft stays on record but never enters into force."""
    amendment = _locked(amendment)
    running = amendment.consultations.filter(
        status__in=[ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN]
    )
    if running.exists():
        raise Refused(
            _("A consultation on this draft is scheduled or open: cancel or close it first.")
        )
    amendment.withdrawn_reason = reason
    _move(amendment, S.WITHDRAWN, actor, ["withdrawn_reason"], reason=reason)


def _first_version_problems(strategy: Strategy, in_force_from, adopted_on, adopted_by) -> list:
    reasons = []
    if strategy.status != StrategyStatus.DRAFT:
        reasons.append(_("Only a draft version can be put into force."))
    elif StrategyAmendment.objects.filter(draft=strategy).exists():
        reasons.append(_("This draft belongs to an amendment: it enters into force as its step."))
    if (
        Strategy.objects.filter(lag_id=strategy.lag_id)
        .exclude(status=StrategyStatus.DRAFT)
        .exists()
    ):
        reasons.append(
            _("The LAG already has a strategy in force: change it through an amendment (INV-07).")
        )
    if not strategy.measures().exists():
        reasons.append(_("The strategy has no measures yet: import its workbook first."))
    if not adopted_by.strip():
        reasons.append(_("Enter the decision that adopted this strategy."))
    if adopted_on and in_force_from < adopted_on:
        reasons.append(_("A strategy cannot enter into force before it was adopted."))
    return reasons + strategy.problems()


@transaction.atomic
def put_first_version_in_force(
    *,
    strategy: Strategy,
    actor: Any,
    in_force_from: datetime.date,
    adopted_by: str,
    adopted_on: datetime.date | None = None,
) -> Strategy:
    """The LAG's first strategy version (no version in force or superseded yet) enters
    into force: DRAFT → IN_FORCE.

    Steps: lock the version; refuse a version that is not a first draft, a missing
    adoption decision, dates out of order, and every problem an amendment would be
    refused for (`Strategy.problems()`: INV-05 targets, INV-06 running costs, budget);
    set the dates and the adopting decision; audit `strategy.in_force`. From then on the
    version and the indicators it targets are frozen (INV-08). No e-mail."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    reasons = _first_version_problems(strategy, in_force_from, adopted_on, adopted_by)
    if reasons:
        raise Refused(*reasons)
    before = strategy.status
    strategy.status = StrategyStatus.IN_FORCE
    strategy.in_force_from, strategy.adopted_on = in_force_from, adopted_on
    strategy.adopted_by = adopted_by.strip()
    strategy.save(update_fields=["status", "in_force_from", "adopted_on", "adopted_by"])
    AuditEvent.objects.record(
        action="strategy.in_force",
        obj=strategy,
        actor=actor,
        before=before,
        after=strategy.status,
        version=strategy.version,
        in_force_from=in_force_from.isoformat(),
        adopted_by=strategy.adopted_by,
    )
    return strategy
