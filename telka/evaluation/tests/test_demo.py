from decimal import Decimal

from telka.calls.models import Proposal
from telka.evaluation import demo
from telka.evaluation.lists import call_lists
from telka.lag.management.commands.load_demo import Demo

from .builders import make_call


def test_the_demo_assesses_the_historical_call_once(strategy, sara, eva):
    call = make_call(strategy, number="1", is_demo=True, amounts=(Decimal("100000"),))
    context = Demo(lag=strategy.lag, strategy=strategy, users={"staff": sara, "assessor": eva})
    demo.load(context)
    demo.load(context)
    statuses = list(
        Proposal.objects.filter(call=call).order_by("sequence").values_list("status", flat=True)
    )
    assert statuses == ["ranked", "ranked", "ranked", "ranked", "below_threshold", "admin_rejected"]
    assert all(p.is_demo and "(demo)" in p.title for p in call.proposals.all())
    (lists,) = call_lists(call)
    assert [line.candidate.label for line in lists.funded] == ["K1-001", "K1-002", "K1-003"]
    assert [line.candidate.label for line in lists.reserve] == ["K1-004"]
    assert lists.remaining == Decimal("15000")
    assert call.proposals.get(sequence=2).submissions.count() == 2


def test_the_demo_sends_no_e_mail(strategy, sara, eva, django_capture_on_commit_callbacks):
    from django.core import mail

    make_call(strategy, number="1", is_demo=True, amounts=(Decimal("100000"),))
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(Demo(lag=strategy.lag, strategy=strategy, users={"staff": sara, "assessor": eva}))
    assert Proposal.objects.count() == 6 and mail.outbox == []


def test_without_the_historical_call_the_demo_adds_nothing(strategy, sara, eva):
    demo.load(Demo(lag=strategy.lag, strategy=strategy, users={"staff": sara, "assessor": eva}))
    assert not Proposal.objects.exists()
