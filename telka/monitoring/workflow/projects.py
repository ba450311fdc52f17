"""Projects: started from a contracted proposal (grant, planned indicator values, report
schedule, milestones), milestones reached, completed or terminated; and the promoter's
participant records. Every function locks what it changes, audits and e-mails."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal, ProposalStatus
from telka.calls.workflow import change_proposal_status
from telka.lib.workflow import Refused, check_transition

from .. import emails
from ..models import (
    Milestone,
    Participant,
    Project,
    ProjectIndicator,
    ProjectStatus,
    Report,
    ReportStatus,
)

# A project in implementation ends one way or the other.
PROJECT_TRANSITIONS = {
    ProjectStatus.IN_IMPLEMENTATION: {ProjectStatus.COMPLETED, ProjectStatus.TERMINATED},
    ProjectStatus.COMPLETED: set(),
    ProjectStatus.TERMINATED: set(),
}
PROJECT_LABELS = dict(ProjectStatus.choices)
DEFAULT_DUE_DAYS = 30


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: datetime.date


@dataclass(frozen=True)
class Period:
    sequence: int
    start: datetime.date
    end: datetime.date
    due_on: datetime.date
    is_final: bool


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def report_schedule(
    starts_on: datetime.date, ends_on: datetime.date, every_months: int, due_days: int
) -> list[Period]:
    """Consecutive periods of `every_months` from the start; the last one ends with the
    project and is the final report. Each is due `due_days` after its period ends."""
    periods, start, sequence = [], starts_on, 1
    while start <= ends_on:
        end = min(add_months(start, every_months) - datetime.timedelta(days=1), ends_on)
        periods.append(
            Period(sequence, start, end, end + datetime.timedelta(days=due_days), end == ends_on)
        )
        start, sequence = end + datetime.timedelta(days=1), sequence + 1
    return periods


def grant_of(proposal: Proposal) -> tuple[Decimal, str]:
    """(grant, number): the agency's approved amount, else the board's fixed amount, else
    the amount requested; the grant agreement number, else the registration number."""
    from telka.decisions.models import Award

    award = Award.objects.filter(proposal=proposal).first()
    if award is None:
        return proposal.requested_amount, proposal.reg_number or ""
    grant = award.approved_amount if award.approved_amount is not None else award.fixed_amount
    return grant, award.agreement_number or proposal.reg_number or ""


def planned_from_proposal(proposal: Proposal) -> dict[int, Decimal | None]:
    """{indicator id: planned value or None}: every indicator the measure targets and
    every one the proposal planned (INV-33)."""
    planned: dict[int, Decimal | None] = dict.fromkeys(
        proposal.allocation.measure.targets.values_list("indicator_id", flat=True)
    )
    for plan in proposal.indicator_plans.all():
        planned[plan.indicator_id] = plan.planned_value
    return planned


def _milestone_problems(
    milestones: Iterable[MilestoneInput], starts_on: datetime.date, ends_on: datetime.date
) -> list[str]:
    reasons = []
    for milestone in milestones:
        if not milestone.title.strip():
            reasons.append(_("Every milestone needs a title."))
        elif not starts_on <= milestone.due_on <= ends_on:
            reasons.append(
                _("Milestone “%(title)s” is not within the project's period.")
                % {"title": milestone.title}
            )
    return reasons


def _check_start(
    proposal: Proposal,
    starts_on: datetime.date,
    ends_on: datetime.date,
    report_every_months: int,
    planned: Mapping[int, Decimal | None],
    milestones: Iterable[MilestoneInput],
) -> None:
    reasons = []
    if proposal.status != ProposalStatus.CONTRACTED:
        reasons.append(_("Only a contracted proposal can become a project."))
    if Project.objects.filter(proposal=proposal).exists():
        reasons.append(_("This proposal is already a project."))
    if ends_on < starts_on:
        reasons.append(_("The project cannot end before it starts."))
    if report_every_months < 1:
        reasons.append(_("Reports are due at least every month."))
    if not planned:
        reasons.append(_("The project must plan a value for the indicators of its measure."))
    if any(value is None or value < 0 for value in planned.values()):
        reasons.append(_("Enter a planned value of zero or more for every indicator (INV-33)."))
    reasons += _milestone_problems(milestones, starts_on, ends_on)
    if reasons:
        raise Refused(*reasons)


@transaction.atomic
def start_project(
    *,
    proposal: Proposal,
    actor: Any,
    starts_on: datetime.date,
    ends_on: datetime.date,
    report_every_months: int,
    summary: str,
    milestones: Iterable[MilestoneInput] = (),
    planned: Mapping[int, Decimal | None] | None = None,
    due_days: int = DEFAULT_DUE_DAYS,
) -> Project:
    """CONTRACTED proposal → a project in implementation.

    Steps: lock the proposal; take the grant from its award; copy the planned indicator
    values from the proposal (or `planned`, the staff's corrections); create the
    milestones and the report schedule (the last report is the final one); move the
    proposal to IN_IMPLEMENTATION; audit `project.started`; e-mail the promoter."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("allocation__measure", "call", "organisation")
        .get(pk=proposal.pk)
    )
    values = planned_from_proposal(locked)
    if planned is not None:
        values = {**values, **planned}
    milestones = list(milestones)
    _check_start(locked, starts_on, ends_on, report_every_months, values, milestones)
    grant, number = grant_of(locked)
    project = Project.objects.create(
        lag=locked.call.lag,
        proposal=locked,
        strategy_id=locked.call.strategy_id,
        measure=locked.allocation.measure,
        promoter=locked.organisation,
        number=number,
        title=locked.title,
        summary=summary.strip() or locked.summary,
        starts_on=starts_on,
        ends_on=ends_on,
        total_cost=locked.total_cost,
        grant_amount=grant,
        report_every_months=report_every_months,
        is_demo=locked.is_demo,
    )
    ProjectIndicator.objects.bulk_create(
        ProjectIndicator(project=project, indicator_id=pk, planned_value=value)
        for pk, value in values.items()
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=m.title.strip(), due_on=m.due_on) for m in milestones
    )
    schedule = report_schedule(starts_on, ends_on, report_every_months, due_days)
    Report.objects.bulk_create(
        Report(
            project=project,
            sequence=p.sequence,
            period_start=p.start,
            period_end=p.end,
            due_on=p.due_on,
            is_final=p.is_final,
        )
        for p in schedule
    )
    change_proposal_status(
        proposal=locked,
        to=ProposalStatus.IN_IMPLEMENTATION,
        actor=actor,
        action="proposal.in_implementation",
    )
    AuditEvent.objects.record(
        action="project.started",
        obj=project,
        actor=actor,
        grant=str(grant),
        reports=len(schedule),
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    emails.project_started(project)
    return project


def lock_project(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("proposal", "lag", "promoter")
        .get(pk=project.pk)
    )


def _refuse_unless_running(project: Project) -> None:
    if project.status != ProjectStatus.IN_IMPLEMENTATION:
        raise Refused(
            _("The project is %(status)s: nothing can be changed.")
            % {"status": project.get_status_display().lower()}
        )


@transaction.atomic
def reach_milestone(*, milestone: Milestone, actor: Any, done_on: datetime.date) -> Milestone:
    """Record the day a milestone was reached (not in the future); audited."""
    locked = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    _refuse_unless_running(locked.project)
    if done_on > timezone.localdate():
        raise Refused(_("The date cannot be in the future."))
    if done_on < locked.project.starts_on:
        raise Refused(_("The date cannot be before the project started."))
    before = locked.done_on.isoformat() if locked.done_on else None
    locked.done_on = done_on
    locked.save(update_fields=["done_on"])
    AuditEvent.objects.record(
        action="milestone.reached",
        obj=locked,
        actor=actor,
        before=before,
        after=done_on.isoformat(),
    )
    return locked


def _close(project: Project, to: str, actor: Any, closed_on: datetime.date, **fields) -> Project:
    check_transition(project.status, to, PROJECT_TRANSITIONS, PROJECT_LABELS)
    before = project.status
    project.status, project.closed_on = to, closed_on
    for name, value in fields.items():
        setattr(project, name, value)
    project.save(update_fields=["status", "closed_on", *fields])
    change_proposal_status(proposal=project.proposal, to=to, actor=actor, action=f"proposal.{to}")
    AuditEvent.objects.record(
        action=f"project.{to}", obj=project, actor=actor, before=before, after=to, **fields
    )
    return project


@transaction.atomic
def complete_project(
    *, project: Project, actor: Any, closed_on: datetime.date | None = None
) -> Project:
    """IN_IMPLEMENTATION → COMPLETED once every report (the final one too) is accepted;
    the proposal follows. The promoter is told."""
    locked = lock_project(project)
    check_transition(locked.status, ProjectStatus.COMPLETED, PROJECT_TRANSITIONS, PROJECT_LABELS)
    waiting = locked.reports.exclude(status=ReportStatus.ACCEPTED).count()
    if waiting:
        raise Refused(
            _("%(count)s report(s) of this project are not accepted yet.") % {"count": waiting}
        )
    done = _close(locked, ProjectStatus.COMPLETED, actor, closed_on or timezone.localdate())
    emails.project_closed(done)
    return done


@transaction.atomic
def terminate_project(
    *, project: Project, actor: Any, reason: str, closed_on: datetime.date | None = None
) -> Project:
    """IN_IMPLEMENTATION → TERMINATED with the reason (required); the proposal follows and
    open reports are no longer owed. The promoter is told."""
    if not reason.strip():
        raise Refused(_("Give the reason for terminating the project."))
    locked = lock_project(project)
    done = _close(
        locked,
        ProjectStatus.TERMINATED,
        actor,
        closed_on or timezone.localdate(),
        closing_reason=reason.strip(),
    )
    emails.project_closed(done)
    return done


# --- Participants (personal data, INV-34) -------------------------------------------

PARTICIPANT_FIELDS = [
    "full_name",
    "birth_year",
    "gender",
    "contact",
    "socially_excluded",
    "entered_on",
    "status_at_entry",
    "exited_on",
    "status_at_exit",
    "status_after_six_months",
    "volunteering_after_six_months",
]


def _check_participant(project: Project, data: Mapping[str, Any]) -> None:
    reasons = []
    entered, exited = data.get("entered_on"), data.get("exited_on")
    if entered and entered > timezone.localdate():
        reasons.append(_("The entry date cannot be in the future."))
    if entered and exited and exited < entered:
        reasons.append(_("A participant cannot leave before entering."))
    if data.get("status_at_exit") and not exited:
        reasons.append(_("Enter the date the participant left before the situation at exit."))
    if data.get("status_after_six_months") and not exited:
        reasons.append(_("The situation six months after exit needs the exit date."))
    if reasons:
        raise Refused(*reasons)


@transaction.atomic
def save_participant(
    *, project: Project, actor: Any, data: Mapping[str, Any], participant: Participant | None = None
) -> Participant:
    """Add a participant to a project or change one. Which fields changed is audited,
    never their values (personal data stays out of the audit log)."""
    locked = lock_project(project)  # records change after the end too: the 6-month follow-up
    _check_participant(locked, data)
    if participant is None:
        participant = Participant(project=locked)
        changed = list(PARTICIPANT_FIELDS)
    else:
        participant = Participant.objects.select_for_update().get(pk=participant.pk, project=locked)
        changed = [f for f in PARTICIPANT_FIELDS if getattr(participant, f) != data.get(f)]
    for name in PARTICIPANT_FIELDS:
        if name in data:
            setattr(participant, name, data[name])
    created = participant.pk is None
    participant.save()
    AuditEvent.objects.record(
        action="participant.added" if created else "participant.changed",
        obj=participant,
        actor=actor,
        fields=changed,
    )
    return participant


def record_participant_export(*, project: Project, actor: Any, file_format: str) -> None:
    """Who downloaded the participant records (personal data) and when (accountability)."""
    AuditEvent.objects.record(
        action="participants.exported",
        obj=project,
        actor=actor,
        format=file_format,
        count=project.participants.count(),
    )
