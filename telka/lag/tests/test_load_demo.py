import datetime
import io

from django.core.management import call_command

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus
from telka.lag.models import BoardMembership, LagTask, LocalActionGroup, Member, Role
from telka.periods.rules import rules_for, rules_on
from telka.strategy.models import Measure, Objective, Strategy


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


def test_the_second_demo_lag_runs_a_2021_2027_strategy_and_an_open_call(db):
    call_command("load_demo", stdout=io.StringIO())
    lag = LocalActionGroup.objects.get(slug="pamarys")
    assert lag.is_demo and lag.host == "pamarys.localhost" and "(demonstracinė)" in lag.name
    strategy = Strategy.objects.in_force().get(lag=lag)
    assert (strategy.period_start, strategy.period_end) == (2023, 2029)
    assert rules_for(strategy).fund == "EAFRD"
    assert rules_on(lag, datetime.date(2024, 1, 1)).period == "2021-2027"
    assert strategy.measures().count() == 2 and not strategy.problems()
    composition = lag.board.composition()
    assert composition.violations(lag.board.max_group_share) == []
    assert Call.objects.get(lag=lag).status == CallStatus.OPEN
    assert AuditEvent.objects.filter(
        action="strategy.in_force", object_id=str(strategy.pk)
    ).exists()
    assert Role.objects.active().filter(lag=lag, user__email="vaida@pamarys.test").exists()


def test_demo_users_can_log_in(client, db):
    call_command("load_demo")
    assert client.login(username="ana@aleksotas.test", password="aleksotas-demo")
