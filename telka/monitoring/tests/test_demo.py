"""The demo: two funded proposals of the historical call contracted and reporting, once,
without e-mail; the grant is the agency's approved amount."""

from decimal import Decimal

from django.urls import reverse

from telka.calls.models import CallStatus, ProposalStatus
from telka.decisions import demo as decisions_demo
from telka.decisions.models import Award
from telka.decisions.tests.builders import seat_board
from telka.evaluation import demo as evaluation_demo
from telka.evaluation.tests.builders import make_call
from telka.lag.management.commands.load_demo import Demo
from telka.monitoring import demo
from telka.monitoring.models import IndicatorValue, Project


def test_the_demo_makes_reporting_projects_once_without_e_mail(
    strategy, sara, eva, ana, board, client, django_capture_on_commit_callbacks, mailoutbox
):
    seat_board(board)
    make_call(
        strategy, number="1", is_demo=True, amounts=(Decimal("100000"),), status=CallStatus.CLOSED
    )
    context = Demo(
        lag=strategy.lag,
        strategy=strategy,
        users={"staff": sara, "assessor": eva, "applicant": ana},
    )
    evaluation_demo.load(context)
    decisions_demo.load(context)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(context)
        demo.load(context)
    projects = list(Project.objects.order_by("number"))
    assert len(projects) == 2 and all(p.is_demo for p in projects)
    for project in projects:
        award = Award.objects.get(proposal=project.proposal)
        assert project.grant_amount == award.approved_amount
        assert project.number == award.agreement_number
        assert project.proposal.status == ProposalStatus.IN_IMPLEMENTATION
        assert project.participants.exists()
    assert [r.status for r in projects[0].reports.all()] == ["accepted", "accepted", "returned"]
    assert [r.status for r in projects[1].reports.all()] == ["accepted", "returned", "due"]
    assert IndicatorValue.objects.achieved_by_indicator()
    assert mailoutbox == []
    _pages_show_it(client, projects, context, ana)


def _pages_show_it(client, projects, context, ana) -> None:
    page = client.get(reverse("monitoring:project", args=[projects[0].pk])).content.decode()
    assert "demo-badge" in page
    promoter = context.users["promoter"]
    assert ("Project promoter", promoter.email, "aleksotas-demo") in context.logins
    assert not projects[0].promoter.memberships.filter(user=ana).exists()
    client.force_login(promoter)
    assert projects[0].title in client.get(reverse("monitoring:my_projects")).content.decode()
