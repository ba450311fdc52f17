from django.core.management import call_command

from telka.accounts.models import User
from telka.lag.models import BoardMembership, LagTask, LocalActionGroup, Member
from telka.strategy.models import Measure, Objective, Strategy


def test_it_loads_the_aleksotas_texts_and_is_idempotent(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    lag = LocalActionGroup.objects.get()
    assert lag.vision.startswith("Aleksotas – atvira, aktyvi")
    assert LagTask.objects.count() == 9
    # The demo also holds a draft amendment (version 2) that residents are consulted on.
    in_force = Strategy.objects.in_force().get()
    assert Strategy.objects.count() == 2
    assert Objective.objects.filter(goal__strategy=in_force).count() == 3
    assert Objective.objects.filter(title__startswith="Mažinti Kauno miesto Aleksoto VVG").exists()
    assert Measure.objects.filter(objective__goal__strategy=in_force, is_demo=False).count() == 0
    assert Member.objects.count() == 9
    assert BoardMembership.objects.count() == 9
    assert User.objects.filter(email="sara@aleksotas.test").count() == 1
    out = capsys.readouterr().out
    for email in ["sara@", "eva@", "bruno@", "ana@", "rita@", "admin@"]:
        assert email in out


def test_demo_users_can_log_in(client, db):
    call_command("load_demo")
    assert client.login(username="ana@aleksotas.test", password="aleksotas-demo")
