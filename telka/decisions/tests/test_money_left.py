"""One answer to "how much is left" (issue 12 item 4): the evaluation ranking, the
decision page, the decisions index, the public results and the API show the figure
money.left() computes, after any sequence of lapses, agency amounts, complaints and
promotions (a hypothesis property test), and that figure is the sum of the facts."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from telka.calls.models import Call, Proposal
from telka.decisions import money, workflow
from telka.decisions.models import Award, Complaint, Meeting
from telka.lib.workflow import Refused

from .builders import MEETING_AT, ranked
from .helpers import decide, declare_all, everyone_present, vote_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 4)


def _world(meeting, seats, sara, call, organisation):
    """A 20 000 and B 20 000 funded; Ana's C 15 000 and D 9 000 on the reserve; 10 000
    left of 50 000; the minutes signed, so the results are public."""
    allocation = call.allocations.order_by("pk").first()
    ranked(call, 90, 20000, allocation=allocation)
    ranked(call, 85, 20000, allocation=allocation)
    ranked(call, 80, 15000, allocation=allocation, organisation=organisation)
    ranked(call, 70, 9000, allocation=allocation)
    decision = decide(meeting, seats, sara, allocation)
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="Pirmininkas", signed_on=MEETING_AT.date()
    )
    Call.objects.filter(pk=call.pk).update(published_at=MEETING_AT)
    return allocation, decision


def _shown(client, call, allocation, decision) -> dict[str, Decimal]:
    """The remaining amount each page, export and API shows for the allocation."""
    shown = {}
    ranking = client.get(reverse("evaluation:ranking", args=[call.pk])).context
    shown["ranking"] = next(
        s["lists"].amount for s in ranking["sections"] if s["allocation"].pk == allocation.pk
    )
    shown["decision"] = client.get(reverse("decisions:decision", args=[decision.pk])).context[
        "remaining"
    ]
    index = client.get(reverse("decisions:index")).context
    shown["index"] = dict((a.pk, left) for a, left in index["allocations"]).get(allocation.pk)
    results = client.get(reverse("decisions:results", args=[call.pk])).context
    shown["results"] = next(
        s["remaining"] for s in results["sections"] if s["allocation"].pk == allocation.pk
    )
    rows = csv.DictReader(io.StringIO(client.get("/api/allocations.csv").text))
    shown["api"] = next(Decimal(r["remaining"]) for r in rows if int(r["id"]) == allocation.pk)
    return shown


def _by_the_facts(allocation) -> Decimal:
    """The oracle: the allocation less what funded proposals hold and complaints hold."""
    kept = Decimal(0)
    for award in Award.objects.filter(proposal__allocation=allocation).select_related("proposal"):
        status = award.proposal.status
        if status in ("selected", "invited", "applied"):
            kept += award.fixed_amount
        elif status in ("agency_approved", "contracted"):
            kept += award.approved_amount
    held = sum(
        (
            c.proposal.requested_amount
            for c in Complaint.objects.pending().filter(proposal__allocation=allocation)
        ),
        Decimal(0),
    )
    return max(allocation.amount - kept - held, Decimal(0))


def test_a_rescored_proposal_is_ranked_on_what_is_left(
    client, meeting, seats, sara, call, organisation
):
    """The reproduction: after the decision a re-scored 12 000 proposal showed as funded
    with "Remaining €38,000" on the ranking page while only 10 000 was left."""
    allocation, decision = _world(meeting, seats, sara, call, organisation)
    ranked(call, 95, 12000, allocation=allocation)
    client.force_login(sara)
    page = client.get(reverse("evaluation:ranking", args=[call.pk])).context
    lists = next(s["lists"] for s in page["sections"] if s["allocation"].pk == allocation.pk)
    assert (lists.amount, len(lists.funded), len(lists.reserve)) == (Decimal(10000), 0, 1)
    assert set(_shown(client, call, allocation, decision).values()) == {Decimal(10000)}


def _holding(allocation, *statuses):
    return (
        Award.objects.filter(proposal__allocation=allocation, proposal__status__in=statuses)
        .select_related("proposal")
        .order_by("pk")
        .first()
    )


def _lapse(ctx, _n):
    award = _holding(ctx["allocation"], "invited")
    if award is None:
        return
    Award.objects.filter(pk=award.pk).update(apply_by=TODAY - datetime.timedelta(days=400))
    workflow.lapse_overdue()


def _agency(ctx, n):
    award = _holding(ctx["allocation"], "invited")
    if award is None:
        return
    proposal, today = award.proposal, timezone.localdate()
    workflow.record_application(proposal=proposal, actor=ctx["sara"], applied_on=today)
    approved = n % 3 != 0
    workflow.record_agency_decision(
        proposal=proposal,
        actor=ctx["sara"],
        approved=approved,
        decided_on=today,
        amount=award.fixed_amount - Decimal(500 * n) if approved else None,
        reasons="" if approved else "Netinkamos išlaidos.",
    )


def _complain(ctx, _n):
    proposal = Proposal.objects.filter(
        allocation=ctx["allocation"], organisation=ctx["organisation"], status="reserve"
    ).first()
    if proposal is None or proposal.complaints.exists():
        return
    workflow.file_complaint(
        proposal=proposal,
        actor=ctx["ana"],
        grounds=["procedure"],
        criteria=[],
        text="Netinkama tvarka.",
    )


def _promote(ctx, n):
    sara, seats = ctx["sara"], ctx["seats"]
    meeting = workflow.schedule_meeting(
        lag=ctx["call"].lag,
        actor=sara,
        number=f"P-{n}-{Meeting.objects.count()}",
        mode="in_person",
        starts_at=MEETING_AT + datetime.timedelta(days=1),
    )
    try:
        item = workflow.add_agenda_item(
            meeting=meeting, actor=sara, kind="promotion", allocation=ctx["allocation"]
        )
    except Refused:  # nothing fits what is left
        return
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara)
    vote_for(item.decision, sara)
    workflow.adopt_decision(decision=item.decision, actor=sara)


def _rescored(ctx, n):
    ranked(ctx["call"], 60 + n, 3000 * n, allocation=ctx["allocation"])


STEPS = {
    "lapse": _lapse,
    "agency": _agency,
    "complain": _complain,
    "promote": _promote,
    "rescored": _rescored,
}


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking is too slow here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(STEPS)), st.integers(min_value=1, max_value=5)),
        max_size=6,
    )
)
def test_every_page_shows_what_money_left_computes(
    client, meeting, seats, sara, call, organisation, ana, steps
):
    with transaction.atomic():
        allocation, decision = _world(meeting, seats, sara, call, organisation)
        ctx = {
            "allocation": allocation,
            "call": call,
            "sara": sara,
            "seats": seats,
            "ana": ana,
            "organisation": organisation,
        }
        for name, n in steps:
            STEPS[name](ctx, n)
        client.force_login(sara)
        expected = _by_the_facts(allocation)
        assert money.left(allocation).remaining == expected
        assert _shown(client, call, allocation, decision) == dict.fromkeys(
            ["ranking", "decision", "index", "results", "api"], expected
        )
        transaction.set_rollback(True)
