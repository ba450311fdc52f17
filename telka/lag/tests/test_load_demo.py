import datetime
import io
from collections import Counter

from django.core.management import call_command

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.calls.models import BudgetLine, Call, CallStatus, CostKind, ProposalStatus
from telka.decisions.models import Decision
from telka.lag.models import BoardMembership, LagTask, LocalActionGroup, Member, Role
from telka.monitoring.models import IndicatorValue, Project, Report, ReportStatus
from telka.periods.rules import rules_for, rules_on
from telka.strategy.models import Measure, Objective, Strategy
from tests import demo_db


def test_it_loads_the_aleksotas_texts_and_is_idempotent(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    lag = LocalActionGroup.objects.get(slug="aleksotas")
    assert lag.vision.startswith("Aleksotas – atvira, aktyvi")
    assert lag.host == "aleksotas.localhost"
    assert LagTask.objects.count() == 9
    # The demo also holds a draft amendment (version 2) that residents are consulted on.
    in_force = Strategy.objects.in_force().get(lag=lag)
    assert Strategy.objects.filter(lag=lag).count() == 2
    assert Objective.objects.filter(goal__strategy=in_force).count() == 3
    assert Objective.objects.filter(title__startswith="Mažinti Kauno miesto Aleksoto VVG").exists()
    assert Measure.objects.filter(objective__goal__strategy=in_force, is_demo=False).count() == 0
    assert Member.objects.filter(lag=lag).count() == 9
    assert BoardMembership.objects.filter(board__lag=lag).count() == 9
    assert User.objects.filter(email="sara@aleksotas.test").count() == 1
    out = capsys.readouterr().out
    for email in ["sara@", "eva@", "bruno@", "ana@", "rita@", "admin@"]:
        assert email in out
    for line in ["http://pamarys.localhost", "vaida@pamarys.test", "kestas@pamarys.test"]:
        assert line in out


def test_the_second_demo_lag_runs_a_2021_2027_strategy_and_an_open_call(transactional_db):
    demo_db.load_demo()  # the real command once per test process, then its copy
    lag = LocalActionGroup.objects.get(slug="pamarys")
    assert lag.is_demo and lag.host == "pamarys.localhost" and "(demonstracinė)" in lag.name
    strategy = Strategy.objects.in_force().get(lag=lag)
    assert (strategy.period_start, strategy.period_end) == (2023, 2029)
    assert rules_for(strategy).fund == "EAFRD"
    assert rules_on(lag, datetime.date(2024, 1, 1)).period == "2021-2027"
    assert strategy.measures().count() == 2 and not strategy.problems()
    composition = lag.board.composition()
    assert composition.violations(lag.board.max_group_share) == []
    assert Call.objects.filter(lag=lag, status=CallStatus.OPEN).count() == 1
    assert AuditEvent.objects.filter(
        action="strategy.in_force", object_id=str(strategy.pk)
    ).exists()
    assert Role.objects.active().filter(lag=lag, user__email="vaida@pamarys.test").exists()


def test_demo_users_can_log_in(client, transactional_db):
    demo_db.load_demo()
    assert client.login(username="ana@aleksotas.test", password="aleksotas-demo")


def test_the_second_demo_lag_has_a_decided_call_funded_projects_and_accepted_reports(
    client, db, settings
):
    settings.TELKA_NETWORK_HOST = "tinklas.localhost"
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # adds nothing the second time
    lag = LocalActionGroup.objects.get(slug="pamarys")
    call = Call.objects.get(lag=lag, status=CallStatus.DECIDED)
    assert Counter(call.proposals.values_list("status", flat=True)) == {
        ProposalStatus.IN_IMPLEMENTATION: 3,
        ProposalStatus.RESERVE: 2,
        ProposalStatus.NOT_SELECTED: 1,
    }
    # Through the workflow: every proposal checked and scored, the lists adopted.
    proposal_ids = [str(pk) for pk in call.proposals.values_list("pk", flat=True)]
    checked = AuditEvent.objects.filter(action="proposal.eligible", object_id__in=proposal_ids)
    assert checked.count() == 6
    decisions = [
        str(pk)
        for pk in Decision.objects.filter(allocation__call=call).values_list("pk", flat=True)
    ]
    adopted = AuditEvent.objects.filter(action="decision.adopted", object_id__in=decisions)
    assert len(decisions) == 2 and adopted.count() == 2
    projects = Project.objects.filter(lag=lag)
    accepted = Report.objects.filter(project__lag=lag, status=ReportStatus.ACCEPTED)
    assert projects.count() == 3 and accepted.count() == 4  # 2 + 1 + 1
    kinds = set(BudgetLine.objects.filter(proposal__call=call).values_list("kind", flat=True))
    assert {CostKind.UNIT_COST, CostKind.LUMP_SUM, CostKind.FLAT_RATE} <= kinds
    shows_the_results(client, lag, call, projects)


def shows_the_results(client, lag, call, projects) -> None:
    """On Pamarys's host: the funded and reserve lists, a project's accepted reports and
    the strategy dashboard's achieved values; on the network's: its operations."""
    results = client.get(f"/en/decisions/results/{call.pk}/", HTTP_HOST="pamarys.localhost").text
    assert "Funded list" in results and "Reserve list" in results
    assert "Dviračių nuoma ir pažintiniai maršrutai (demo)" in results
    first = projects.get(number="PAMA-LEADER-2024-01")
    page = client.get(first.get_absolute_url(), HTTP_HOST="pamarys.localhost").text
    assert "Reports accepted" in page and "2 / 2" in page
    achieved = sum(
        IndicatorValue.objects.accepted()
        .filter(report__project__lag=lag, indicator__code="P-R1")
        .values_list("value", flat=True)
    )
    assert achieved > 0
    dashboard = client.get("/en/monitoring/dashboard/", HTTP_HOST="pamarys.localhost").text
    assert f"{achieved:.0f} of 25" in dashboard

    national = client.get("/api/operations?lag=pamarys", HTTP_HOST="tinklas.localhost").json()
    rows = {row["operation_name"]: row for row in national["items"]}
    assert len(rows) == 3
    options = rows["Dviračių nuoma ir pažintiniai maršrutai (demo)"]["cost_options"].split()
    assert sorted(options) == ["flat_rate", "lump_sum", "unit_cost"]
