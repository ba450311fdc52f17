"""Starting, completing and terminating projects; milestones."""

import datetime
from decimal import Decimal

import pytest

from telka.audit.models import AuditEvent
from telka.calls.models import ProposalStatus
from telka.lib.workflow import Refused
from telka.monitoring.models import Project, ProjectStatus, ReportStatus
from telka.monitoring.workflow import projects as flow
from telka.monitoring.workflow.projects import MilestoneInput

START = datetime.date(2026, 1, 1)
END = datetime.date(2027, 6, 30)


def _start(proposal, actor, **overrides):
    arguments = {
        "proposal": proposal,
        "actor": actor,
        "starts_on": START,
        "ends_on": END,
        "report_every_months": 6,
        "summary": "Vieša santrauka",
        "milestones": [MilestoneInput("Mokymai surengti", datetime.date(2026, 9, 30))],
        "due_days": 20,
    }
    return flow.start_project(**{**arguments, **overrides})


def test_it_starts_a_project_from_a_contracted_proposal(
    contracted, sara, ana, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        project = _start(contracted, sara)
    project.refresh_from_db()
    contracted.refresh_from_db()
    assert contracted.status == ProposalStatus.IN_IMPLEMENTATION
    assert project.grant_amount == contracted.requested_amount  # no award: what was requested
    assert project.promoter == contracted.organisation
    assert [(p.indicator.code, p.planned_value) for p in project.indicators.all()] == [
        ("P1", Decimal(40))
    ]
    reports = list(project.reports.order_by("sequence"))
    assert [(r.period_start, r.period_end, r.due_on, r.is_final) for r in reports] == [
        (START, datetime.date(2026, 6, 30), datetime.date(2026, 7, 20), False),
        (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 20), False),
        (datetime.date(2027, 1, 1), END, datetime.date(2027, 7, 20), True),
    ]
    assert [m.title for m in project.milestones.all()] == ["Mokymai surengti"]
    assert AuditEvent.objects.filter(action="project.started", object_id=str(project.pk)).exists()
    assert AuditEvent.objects.filter(action="proposal.in_implementation").exists()
    assert ana.email in {m.to[0] for m in mailoutbox}
    assert any("įgyvendinamas" in m.subject for m in mailoutbox)  # in her language


def test_it_refuses_a_proposal_that_is_not_contracted(contracted, sara):
    contracted.status = ProposalStatus.AGENCY_APPROVED
    contracted.save(update_fields=["status"])
    with pytest.raises(Refused, match="Only a contracted proposal"):
        _start(contracted, sara)
    assert not Project.objects.exists()
    assert not AuditEvent.objects.filter(action="project.started").exists()


def test_it_refuses_a_second_project_from_one_proposal(contracted, sara):
    _start(contracted, sara)
    with pytest.raises(Refused):
        _start(contracted, sara)
    assert Project.objects.count() == 1


def test_it_requires_a_planned_value_for_every_indicator_of_the_measure(contracted, sara):
    contracted.indicator_plans.all().delete()
    with pytest.raises(Refused, match="INV-33"):
        _start(contracted, sara)
    project = _start(
        contracted,
        sara,
        planned={contracted.allocation.measure.targets.get().indicator_id: Decimal(7)},
    )
    assert project.indicators.get().planned_value == Decimal(7)


def test_it_refuses_dates_and_milestones_that_do_not_fit(contracted, sara):
    with pytest.raises(Refused) as refusal:
        _start(
            contracted,
            sara,
            ends_on=START - datetime.timedelta(days=1),
            milestones=[
                MilestoneInput("", START),
                MilestoneInput("Vėliau", datetime.date(2030, 1, 1)),
            ],
        )
    assert "The project cannot end before it starts." in refusal.value.reasons
    assert "Every milestone needs a title." in refusal.value.reasons
    contracted.refresh_from_db()
    assert contracted.status == ProposalStatus.CONTRACTED


def test_the_schedule_ends_with_the_project():
    periods = flow.report_schedule(datetime.date(2026, 1, 31), datetime.date(2026, 4, 15), 1, 10)
    assert [(p.start, p.end) for p in periods] == [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 27)),
        (datetime.date(2026, 2, 28), datetime.date(2026, 3, 27)),
        (datetime.date(2026, 3, 28), datetime.date(2026, 4, 15)),
    ]
    assert [p.is_final for p in periods] == [False, False, True]


def test_it_completes_a_project_only_when_every_report_is_accepted(project, sara):
    with pytest.raises(Refused, match="2 report"):
        flow.complete_project(project=project, actor=sara)
    project.reports.update(status=ReportStatus.ACCEPTED)
    project.proposal.status = ProposalStatus.IN_IMPLEMENTATION
    project.proposal.save(update_fields=["status"])
    flow.complete_project(project=project, actor=sara)
    project.refresh_from_db()
    project.proposal.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert project.proposal.status == ProposalStatus.COMPLETED
    assert AuditEvent.objects.filter(action="project.completed").exists()


def test_it_terminates_a_project_with_a_reason(
    project, sara, django_capture_on_commit_callbacks, mailoutbox
):
    project.proposal.status = ProposalStatus.IN_IMPLEMENTATION
    project.proposal.save(update_fields=["status"])
    with pytest.raises(Refused, match="reason"):
        flow.terminate_project(project=project, actor=sara, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        flow.terminate_project(project=project, actor=sara, reason="Pareiškėjas atsisakė")
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED
    assert project.closing_reason == "Pareiškėjas atsisakė"
    assert AuditEvent.objects.filter(action="project.terminated").exists()
    assert mailoutbox and "Nutrauktas" in mailoutbox[0].subject
    with pytest.raises(Refused):
        flow.terminate_project(project=project, actor=sara, reason="Dar kartą")


def test_it_records_a_milestone_reached_but_not_in_the_future(project, ana):
    milestone = project.milestones.create(title="Įranga nupirkta", due_on=datetime.date(2026, 3, 1))
    with pytest.raises(Refused, match="future"):
        flow.reach_milestone(milestone=milestone, actor=ana, done_on=datetime.date(2999, 1, 1))
    flow.reach_milestone(milestone=milestone, actor=ana, done_on=datetime.date(2026, 3, 5))
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 3, 5)
    assert AuditEvent.objects.filter(action="milestone.reached").exists()
