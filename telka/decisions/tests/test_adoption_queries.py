"""Adopting a long list takes a number of queries that does not grow with the list
(bench_decisions measured 2,013 for 200 proposals when every status change, award,
notice and audit row was written one by one), and still checks and audits every
proposal."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal, ProposalStatus
from telka.calls.workflow import change_proposal_statuses
from telka.decisions import workflow
from telka.decisions.models import Award, Notice
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import declare_all, everyone_present, reasons_for_not_selected, selection, vote_for

pytestmark = pytest.mark.django_db


def adopted(meeting, seats, sara, call, count):
    """`count` ranked proposals of 1 000 EUR (the last one below the threshold) adopted
    in one decision: (decision, number of queries the adoption ran)."""
    for n in range(count - 1):
        ranked(call, 90 - n, 1000)
    ranked(call, 30, 1000, status=ProposalStatus.BELOW_THRESHOLD)
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara)
    reasons_for_not_selected(item.decision, sara)
    vote_for(item.decision, sara)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        decision = workflow.adopt_decision(decision=item.decision, actor=sara)
    return decision, len(captured)


@pytest.fixture
def few(strategy, lag, seats, sara):
    """The query count of adopting 2 proposals, in a call of its own."""
    from .builders import MEETING_AT, decision_call

    call = decision_call(strategy, number="9")
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/9", mode="in_person", starts_at=MEETING_AT
    )
    return adopted(meeting, seats, sara, call, 2)[1]


def test_adopting_20_proposals_runs_as_many_queries_as_adopting_2(few, meeting, seats, sara, call):
    decision, many = adopted(meeting, seats, sara, call, 20)
    assert many == few
    # Selected, then invited to apply to the agency in the same adoption (INV-30).
    assert Proposal.objects.filter(call=call, status="invited").count() == 19
    assert Award.objects.filter(decision=decision, apply_by__isnull=False).count() == 19
    assert Notice.objects.filter(decision=decision).count() == 20
    ours = AuditEvent.objects.filter(
        object_id__in=[str(pk) for pk in call.proposals.values_list("pk", flat=True)]
    )
    counts = {
        action: ours.filter(action=action).count()
        for action in [
            "proposal.selected",
            "proposal.selected.details",
            "proposal.invited",
            "proposal.invited.details",
            "proposal.not_selected",
            "notice.issued",
        ]
    }
    assert list(counts.values()) == [19, 19, 19, 19, 1, 20]
    event = ours.get(action="proposal.not_selected")
    assert (event.changes, event.actor) == (
        {"before": "below_threshold", "after": "not_selected"},
        sara,
    )


def test_moving_many_proposals_refuses_all_when_one_move_is_not_allowed(call, sara):
    good, bad = ranked(call, 90, 1000), ranked(call, 80, 1000, status=ProposalStatus.SELECTED)
    with pytest.raises(Refused):
        change_proposal_statuses(
            changes={
                good.pk: (ProposalStatus.SELECTED, "proposal.selected"),
                bad.pk: (ProposalStatus.RANKED, "proposal.ranked"),
            },
            actor=sara,
        )
    assert Proposal.objects.get(pk=good.pk).status == "ranked"
    assert not AuditEvent.objects.filter(action__startswith="proposal.").exists()
