"""Demo: two proposals funded from the historical Aleksotas call no. 1 (decided by
decisions/demo.py) go through the agency and their grant agreements, become projects
through the workflow, and report: accepted reports, a returned one, an overdue one,
participants and milestones, so the project pages and the strategy dashboard show real
figures. Budget lines, planned values and participants are invented and flagged
`is_demo` (the people are fictional); Paulius (demo log-in) represents the first
promoter. No e-mail is sent. Safe to run again: once a demo
project exists nothing is added."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from telka.accounts.demo import PASSWORD
from telka.accounts.models import OrganisationMembership, User
from telka.calls.models import BudgetLine, Call, Proposal, ProposalStatus
from telka.decisions import emails as decision_emails
from telka.decisions.workflow import agency

from . import emails
from .models import LabourStatus, MonitoringSettings, Project, Report, ReportStatus
from .workflow import projects as project_flow
from .workflow import reports as report_flow

PROMOTER = ("paulius@aleksotas.test", "Paulius Vykdytojas (demo)")


@dataclass(frozen=True)
class Funding:
    """How a demo LAG's funded proposals become projects: when they were invited, the
    agency's and the agreements' reference prefixes, each project's start, length and
    planned indicator values (by the measure's target order), and their texts."""

    invited_at: datetime.datetime  # local time
    application_prefix: str
    agreement_prefix: str
    starts: list[datetime.date]
    months: int
    summary: str
    milestones: tuple[str, str]
    planned: dict[str, Decimal] = field(default_factory=dict)  # by indicator code

    def planned_value(self, position: int, code: str) -> Decimal:
        """The planned value of an indicator; without one, 40 + 20 per position."""
        return self.planned.get(code, Decimal(40 + 20 * position))


ALEKSOTAS_FUNDING = Funding(
    invited_at=datetime.datetime(2020, 4, 20, 10, 0),
    application_prefix="NMA-2020-",
    agreement_prefix="KAUN-LEADER-6B-2020-",
    starts=[datetime.date(2020, 9, 1), datetime.date(2020, 10, 1)],
    months=18,
    summary=(
        "Užsiėmimai ir mentorystė Aleksoto gyventojams, kad jie įgytų įgūdžių ir "
        "rastų darbą. Demonstraciniai duomenys: skaičiai išgalvoti."
    ),
    milestones=("Užsiėmimų erdvė įrengta", "Baigiamasis renginys"),
)
# Per project: what happened to each report (None: still owed).
OUTCOMES = [
    ["accepted", "accepted", "returned"],
    ["accepted", "returned", None],
]
FIRST_NAMES = ["Aistė", "Mantas", "Rūta", "Darius", "Greta", "Lukas", "Eglė", "Tomas"]
LAST_NAMES = ["Petraitė", "Kazlauskas", "Jonaitė", "Urbonas", "Vaitkutė", "Žukauskas"]


def load(demo) -> None:
    # The commitment milestone of 2014–2020 urban strategies: 90 % of the project
    # allocation on funded lists by 31 March 2020 (DOMAIN.md INV-37).
    MonitoringSettings.objects.get_or_create(
        lag=demo.lag,
        defaults={
            "commitment_milestone_on": datetime.date(2020, 3, 31),
            "commitment_milestone_share": Decimal(90),
        },
    )
    staff = demo.users.get("staff")
    call = Call.objects.filter(lag=demo.lag, number="1", is_demo=True).first()
    if call is None or staff is None:
        return
    if Project.objects.filter(lag=demo.lag, is_demo=True).exists():
        existing = User.objects.filter(email=PROMOTER[0]).first()
        if existing is not None:  # print the log-in again
            demo.logins.append(("Project promoter", PROMOTER[0], PASSWORD))
        return
    funded = [ProposalStatus.SELECTED, ProposalStatus.INVITED]  # invited when adopted
    proposals = list(call.proposals.filter(status__in=funded).order_by("sequence")[:2])
    if not proposals:
        return
    promoter = _promoter(demo, proposals[0])
    projects = run_projects(proposals, staff, promoter, ALEKSOTAS_FUNDING, OUTCOMES)
    with emails.silenced():
        for number, project in enumerate(projects):
            _participants(project, promoter if number == 0 else staff, 14 - 4 * number)


def run_projects(
    proposals: list[Proposal], staff, promoter, funding: Funding, outcomes: list
) -> list[Project]:
    """Funded proposals through the agency and their agreements into projects that
    report: the first project's promoter reports online, the others on paper (staff
    enter them). No e-mail is sent."""
    projects = []
    with emails.silenced(), decision_emails.silenced():
        for number, proposal in enumerate(proposals):
            _contract(proposal, staff, number, funding)
            project = _start(proposal, staff, number, funding)
            _report(project, staff, promoter if number == 0 else staff, outcomes[number])
            projects.append(project)
    return projects


def _promoter(demo, proposal: Proposal) -> User:
    """A person representing the first promoter, to log in to the promoter's area."""
    email, name = PROMOTER
    user = User.objects.filter(email=email).first() or User(email=email, language="lt")
    user.full_name = name
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(PASSWORD)
    user.save()
    OrganisationMembership.objects.get_or_create(organisation=proposal.organisation, user=user)
    demo.users["promoter"] = user
    demo.logins.append(("Project promoter", email, PASSWORD))
    return user


def _contract(proposal: Proposal, staff, number: int, funding: Funding) -> None:
    """(SELECTED →) INVITED → APPLIED → AGENCY_APPROVED (5 % less) → CONTRACTED. The
    board's adoption invited the proposal; older data is invited here."""
    at = timezone.make_aware(funding.invited_at)
    if proposal.status == ProposalStatus.SELECTED:
        agency.invite(proposal=proposal, actor=staff, now=at)
    award = proposal.award
    applied = min(award.apply_by, at.date() + datetime.timedelta(days=20))
    agency.record_application(
        proposal=proposal,
        actor=staff,
        applied_on=applied,
        reference=f"{funding.application_prefix}{number + 1:03d}",
    )
    agency.record_agency_decision(
        proposal=proposal,
        actor=staff,
        approved=True,
        decided_on=applied + datetime.timedelta(days=60),
        amount=(award.fixed_amount * Decimal("0.95")).quantize(Decimal("0.01")),
    )
    agency.record_agreement(
        proposal=proposal,
        actor=staff,
        number=f"{funding.agreement_prefix}{number + 1:02d}",
        signed_on=applied + datetime.timedelta(days=80),
    )


def _budget(proposal: Proposal) -> None:
    """The historical demo proposals carry totals only: two invented budget lines."""
    if proposal.budget_lines.exists():
        return
    staff_part = (proposal.total_cost * Decimal("0.6")).quantize(Decimal("1"))
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        description="Projekto vadovas ir užsiėmimų vadovai (demo)",
        quantity=Decimal(1),
        unit="kompl.",
        unit_price=staff_part,
        position=0,
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="services",
        description="Mokymai ir renginiai (demo)",
        quantity=Decimal(1),
        unit="kompl.",
        unit_price=proposal.total_cost - staff_part,
        position=1,
    )


def _start(proposal: Proposal, staff, number: int, funding: Funding) -> Project:
    _budget(proposal)
    starts_on = funding.starts[number]
    ends_on = project_flow.add_months(starts_on, funding.months) - datetime.timedelta(days=1)
    indicators = proposal.allocation.measure.targets.values_list("indicator_id", "indicator__code")
    first, last = funding.milestones
    return project_flow.start_project(
        proposal=Proposal.objects.get(pk=proposal.pk),
        actor=staff,
        starts_on=starts_on,
        ends_on=ends_on,
        report_every_months=6,
        due_days=30,
        summary=funding.summary,
        milestones=[
            project_flow.MilestoneInput(first, starts_on + datetime.timedelta(days=60)),
            project_flow.MilestoneInput(last, ends_on - datetime.timedelta(days=14)),
        ],
        planned={
            pk: funding.planned_value(position, code)
            for position, (pk, code) in enumerate(indicators)
        },
    )


def _report(project: Project, staff, promoter, outcomes: list) -> None:
    milestone = project.milestones.order_by("due_on").first()
    project_flow.reach_milestone(
        milestone=milestone, actor=promoter, done_on=milestone.due_on + datetime.timedelta(days=3)
    )
    lines = list(project.proposal.budget_lines.all())
    plans = list(project.indicators.all())
    reports = list(project.reports.order_by("sequence"))
    for report, outcome in zip(reports, outcomes, strict=False):
        if outcome is None:
            continue
        share = Decimal("0.3")  # of the plan and of each budget line, per period
        data = report_flow.ReportInput(
            activities=(
                f"Per {report.sequence}-ąjį laikotarpį surengta {4 + report.sequence} "
                "užsiėmimų ir 2 mentorystės susitikimai (demo)."
            ),
            participants_count=6 + report.sequence,
            values={p.indicator_id: (p.planned_value * share).quantize(Decimal(1)) for p in plans},
            spent={line.pk: (line.amount * share / 2).quantize(Decimal("0.01")) for line in lines},
        )
        report_flow.submit_report(report=report, actor=promoter, data=data)
        _backdate(report)
        if outcome == ReportStatus.ACCEPTED:
            paid = sum(data.spent.values(), Decimal(0)) * Decimal("0.9")
            report_flow.accept_report(
                report=report,
                actor=staff,
                paid_amount=paid.quantize(Decimal("0.01")),
                now=_due(report) + datetime.timedelta(days=9),
            )
        else:
            report_flow.return_report(
                report=report,
                actor=staff,
                comment="Pridėkite dalyvių sąrašų kopijas ir patikslinkite išlaidas (demo).",
            )
            Report.objects.filter(pk=report.pk).update(
                reviewed_at=_due(report) + datetime.timedelta(days=9)
            )


def _due(report) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(report.due_on, datetime.time(10)))


def _backdate(report) -> None:
    """The history happened around the due dates, not while the demo loads (before the
    report is accepted: an accepted report is final, INV-35)."""
    Report.objects.filter(pk=report.pk).update(
        submitted_at=_due(report) - datetime.timedelta(days=5)
    )


def _participants(project: Project, actor, count: int) -> None:
    statuses = [
        LabourStatus.UNEMPLOYED,
        LabourStatus.LONG_TERM_UNEMPLOYED,
        LabourStatus.INACTIVE,
        LabourStatus.EMPLOYED,
    ]
    for n in range(count):
        entered = project.starts_on + datetime.timedelta(days=20 + 9 * n)
        exited = entered + datetime.timedelta(days=120) if n % 3 != 2 else None
        after = (
            [LabourStatus.EMPLOYED, LabourStatus.IN_EDUCATION, LabourStatus.UNEMPLOYED][n % 3]
            if exited
            else ""
        )
        project_flow.save_participant(
            project=project,
            actor=actor,
            data={
                "full_name": f"{FIRST_NAMES[n % 8]} {LAST_NAMES[n % 6]} (demo)",
                "birth_year": 1970 + (n * 3) % 35,
                "gender": "f" if n % 2 == 0 else "m",
                "contact": f"dalyvis{project.pk}-{n}@example.test",
                "socially_excluded": n % 4 == 0,
                "entered_on": entered,
                "status_at_entry": statuses[n % 4],
                "exited_on": exited,
                "status_at_exit": LabourStatus.IN_EDUCATION if exited else "",
                "status_after_six_months": after,
                "volunteering_after_six_months": n % 5 == 0,
            },
        )
