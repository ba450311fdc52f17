"""The demo: the historical Aleksotas call decided at a board meeting, once."""

from decimal import Decimal

from django.urls import reverse

from telka.calls.models import CallStatus, Proposal
from telka.decisions import demo, money
from telka.decisions.models import Meeting
from telka.evaluation import demo as evaluation_demo
from telka.evaluation.tests.builders import make_call
from telka.lag.management.commands.load_demo import Demo


def test_the_demo_decides_the_historical_call_once_without_e_mail(
    strategy, sara, eva, seats, client, django_capture_on_commit_callbacks, mailoutbox
):
    call = make_call(
        strategy, number="1", is_demo=True, amounts=(Decimal("100000"),), status=CallStatus.CLOSED
    )
    context = Demo(lag=strategy.lag, strategy=strategy, users={"staff": sara, "assessor": eva})
    evaluation_demo.load(context)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(context)
        demo.load(context)
    meeting = Meeting.objects.get()
    assert meeting.is_demo and meeting.minutes.signed_at is not None
    decision = meeting.decisions.get()
    assert decision.status == "adopted" and len(decision.figures["recused"]) == 1
    statuses = dict(Proposal.objects.filter(call=call).values_list("reg_number", "status"))
    assert statuses == {
        "K1-001": "invited", "K1-002": "invited", "K1-003": "invited",
        "K1-004": "reserve", "K1-005": "not_selected", "K1-006": "admin_rejected",
    }  # fmt: skip
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    assert money.remaining(call.allocations.get()) == Decimal("15000")
    assert mailoutbox == []
    assert client.get(reverse("decisions:results", args=[call.pk])).status_code == 200
