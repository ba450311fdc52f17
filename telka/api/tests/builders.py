"""Data for the API tests: public rows the API must show, rows it must hide, and
personal data with distinctive strings (PERSONAL) that no response may contain."""

import datetime

from django.utils import timezone

from telka.calls.models import CallStatus
from telka.content.models import Event, EventRegistration, News
from telka.decisions import workflow
from telka.decisions.tests.builders import MEETING_AT, decision_call, ranked, seat_board
from telka.decisions.tests.helpers import decide
from telka.evaluation.tests.builders import make_call
from telka.monitoring.models import IndicatorValue, Participant, ReportStatus
from telka.monitoring.tests.builders import make_project

PERSONAL = [
    "Žygimantas Slaptažodis",  # participant
    "+37060011122",  # participant contact, registrant phone
    "1987",  # participant's birth year (no other figure in the data is 1987)
    "Kontaktinis asmuo",  # contact person of every proposal
    "Ana Stankevičienė",  # applicant's account
    "Petras Viešasis",  # board member
    "Registruota Dalyvė",  # event registration
    "@",  # any e-mail address
]


def published_results(lag, strategy, board, sara, organisation):
    """Call K4 decided at a signed meeting: one funded proposal of `organisation`
    (score 90, 20 000), one on the reserve list (80, 40 000), one below the threshold."""
    call = decision_call(strategy)
    seats = seat_board(board)
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/5", mode="in_person", starts_at=MEETING_AT
    )
    proposals = [
        ranked(call, 90, 20000, organisation=organisation, title="Jaunimo erdvė"),
        ranked(call, 80, 40000, title="Bendruomenės sodas"),
        ranked(call, 40, 5000, status="below_threshold", title="Per silpnas"),
    ]
    decide(meeting, seats, sara, call.allocations.first())
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    return call, proposals


def project_with_reports(strategy, call, **fields):
    """A project planning 20 per indicator; report 1 accepted with 7, report 2 submitted
    with 5 (not counted); a participant with personal data."""
    project = make_project(strategy, call=call, **fields)
    accepted, submitted = project.reports.order_by("sequence")[:2]
    accepted.status = ReportStatus.ACCEPTED
    accepted.save(update_fields=["status"])
    submitted.status = ReportStatus.SUBMITTED
    submitted.save(update_fields=["status"])
    for plan in project.indicators.all():
        IndicatorValue.objects.create(report=accepted, indicator=plan.indicator, value=7)
        IndicatorValue.objects.create(report=submitted, indicator=plan.indicator, value=5)
    Participant.objects.create(
        project=project,
        full_name="Žygimantas Slaptažodis",
        birth_year=1987,
        contact="+37060011122",
        entered_on=datetime.date(2026, 2, 1),
        status_at_entry="unemployed",
    )
    return project


def news_and_events(lag):
    now = timezone.now()
    News.objects.create(lag=lag, title="Vieša naujiena", slug="viesa", summary="Santrauka")
    News.objects.create(
        lag=lag, title="Juodraštis", slug="juodrastis", summary="S", is_published=False
    )
    News.objects.create(
        lag=lag,
        title="Suplanuota",
        slug="suplanuota",
        summary="S",
        published_at=now + datetime.timedelta(days=3),
    )
    event = Event.objects.create(
        lag=lag,
        title="Mokymai",
        slug="mokymai",
        kind="training",
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=2),
        place="Aleksoto g. 1",
        capacity=30,
    )
    Event.objects.create(
        lag=lag,
        title="Paslėptas renginys",
        slug="pasleptas",
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=1),
        place="Kaunas",
        is_published=False,
    )
    EventRegistration.objects.create(
        event=event, name="Registruota Dalyvė", email="dalyve@example.test", phone="+37060011122"
    )


def unpublished_call(strategy):
    return make_call(
        strategy,
        number="9",
        title="Nepaskelbtas kvietimas",
        status=CallStatus.DRAFT,
        published_at=None,
        opens_at=None,
        closes_at=None,
    )


def world(lag, strategy, board, sara, organisation):
    """Everything above; returns the rows the tests look up."""
    call, proposals = published_results(lag, strategy, board, sara, organisation)
    project = project_with_reports(strategy, call, organisation=organisation)
    news_and_events(lag)
    hidden = unpublished_call(strategy)
    return {"call": call, "proposals": proposals, "project": project, "hidden_call": hidden}


def more_of_everything(world, strategy, lag, n: int) -> None:
    """`n` more calls, funded and reserve results, projects, indicators, news and events."""
    from telka.calls.models import ProposalStatus
    from telka.decisions.models import Award
    from telka.decisions.tests.builders import ranked
    from telka.strategy.models import Indicator, Target

    call = world["call"]
    decision = world["proposals"][0].award.decision
    measure = call.allocations.first().measure
    for i in range(n):
        make_call(strategy, number=str(20 + i), title=f"Kvietimas {20 + i}")
        ranked(call, 70 - i, 1000, status=ProposalStatus.RESERVE)
        funded = ranked(call, 95 - i, 1000, status=ProposalStatus.SELECTED)
        Award.objects.create(proposal=funded, decision=decision, fixed_amount=1000)
        project_with_reports(strategy, call)
        indicator = Indicator.objects.create(
            lag=lag,
            code=f"R{i}",
            name=f"Rodiklis {i}",
            unit="vnt.",
            kind="result",
            achievement_moment="project_end",
        )
        Target.objects.create(measure=measure, indicator=indicator, value=10)
        News.objects.create(lag=lag, title=f"Naujiena {i}", slug=f"naujiena-{i}", summary="S")
        now = timezone.now()
        Event.objects.create(
            lag=lag,
            title=f"Renginys {i}",
            slug=f"renginys-{i}",
            starts_at=now,
            ends_at=now + datetime.timedelta(hours=1),
            place="Kaunas",
        )
