import datetime
from decimal import Decimal

import pytest
from django.core import mail

from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import Allocation, Call, CallStatus, Criterion
from telka.lib.workflow import Refused
from telka.strategy.models import StrategyStatus
from tests import base

from .helpers import ago, ahead, draft_call, make_proposal, open_call

ALLOWED = [(a, b) for a, targets in CallStatus.ALLOWED.items() for b in sorted(targets)]

pytestmark = pytest.mark.usefixtures("english")


def events(call, action):
    return AuditEvent.objects.for_object(call).filter(action=action)


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_it_allows_every_transition_in_the_table(lag, strategy, sara, current, target):
    call = draft_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(status=current)
    moved = workflow.change_call_status(call=call, to=target, actor=sara, action="call.test")
    call.refresh_from_db()
    assert call.status == moved.status == target
    assert events(call, "call.test").get().changes == {"before": current, "after": target}


@pytest.mark.parametrize("current", CallStatus.values)
def test_it_refuses_every_transition_not_in_the_table(lag, strategy, sara, current):
    call = draft_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(status=current)
    let_through = []
    for target in [t for t in CallStatus.values if t not in CallStatus.ALLOWED[current]]:
        try:
            workflow.change_call_status(call=call, to=target, actor=sara, action="call.test")
        except Refused:
            continue
        let_through.append(target)
    assert let_through == []
    assert Call.objects.get(pk=call.pk).status == current
    assert not events(call, "call.test").exists()


def test_it_approves_a_complete_call_and_records_the_decision(lag, strategy, sara):
    call = draft_call(lag, strategy)
    workflow.approve_call(
        call=call, actor=sara, approved_on=datetime.date(2026, 1, 5), reference="Protokolas Nr. 3"
    )
    call.refresh_from_db()
    assert (call.status, call.approval_reference) == (CallStatus.APPROVED, "Protokolas Nr. 3")
    assert events(call, "call.approved").get().actor == sara


def test_it_refuses_to_approve_with_the_list_of_what_is_missing(lag, strategy, sara):
    """INV-09: everything the call must publish is named at once."""
    call = draft_call(lag, strategy, complete=False, eligible_applicants="", closes_at=None)
    with pytest.raises(Refused) as refused:
        workflow.approve_call(
            call=call, actor=sara, approved_on=datetime.date.today(), reference="x"
        )
    assert refused.value.reasons == [
        "Describe who may apply.",
        "Set the closing time.",
        "Add the money available for at least one measure.",
        "Add at least one scored selection criterion.",
        "Set the minimum total score.",
    ]
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_it_refuses_an_allocation_above_the_measures_remaining_budget(lag, strategy, sara):
    """INV-10: Σ allocations of other calls on the measure + this one ≤ the measure budget."""
    first = open_call(lag, strategy, number="1")
    first.allocations.update(amount=Decimal("70000"))
    call = draft_call(lag, strategy, number="2")
    call.allocations.update(amount=Decimal("30001"), max_per_project=Decimal("20000"))
    with pytest.raises(Refused) as refused:
        workflow.approve_call(
            call=call, actor=sara, approved_on=datetime.date.today(), reference="x"
        )
    assert "more than the €30,000.00 left" in refused.value.reasons[0]
    call.allocations.update(amount=Decimal("30000"))
    workflow.approve_call(call=call, actor=sara, approved_on=datetime.date.today(), reference="x")
    assert Call.objects.get(pk=call.pk).status == CallStatus.APPROVED


def test_it_does_not_count_cancelled_or_draft_calls_against_the_budget(lag, strategy, sara):
    for number, status in (("1", CallStatus.CANCELLED), ("2", CallStatus.DRAFT)):
        other = draft_call(lag, strategy, number=number)
        other.allocations.update(amount=Decimal("100000"), max_per_project=Decimal("1"))
        Call.objects.filter(pk=other.pk).update(status=status)
    call = draft_call(lag, strategy, number="3")
    call.allocations.update(amount=Decimal("100000"))
    workflow.approve_call(call=call, actor=sara, approved_on=datetime.date.today(), reference="x")
    assert Call.objects.get(pk=call.pk).status == CallStatus.APPROVED


def test_it_refuses_a_strategy_version_that_is_not_in_force(lag, sara):
    draft_strategy = base.make_strategy(lag, status=StrategyStatus.DRAFT, version=2)
    call = draft_call(lag, draft_strategy)
    with pytest.raises(Refused) as refused:
        workflow.approve_call(
            call=call, actor=sara, approved_on=datetime.date.today(), reference="x"
        )
    assert refused.value.reasons == ["The strategy version of the call is not the one in force."]


def test_publishing_opens_a_call_whose_time_has_come(lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ago(minutes=5))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED)
    workflow.publish_call(call=call, actor=sara)
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN and call.published_at is not None
    assert events(call, "call.published").exists() and events(call, "call.opened").exists()


def test_publishing_a_future_call_announces_it_without_opening(lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ahead(days=2))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED)
    workflow.publish_call(call=call, actor=sara)
    call.refresh_from_db()
    assert call.status == CallStatus.APPROVED and call.is_upcoming()
    assert not call.is_editable


def test_publishing_is_refused_with_everything_missing(lag, strategy, sara):
    call = draft_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED)
    call.criteria.all().delete()
    Call.objects.filter(pk=call.pk).update(closes_at=ago(minutes=1), opens_at=ago(days=2))
    with pytest.raises(Refused) as refused:
        workflow.publish_call(call=call, actor=sara)
    assert refused.value.reasons == [
        "The closing time has already passed.",
        "Add at least one scored selection criterion.",
    ]
    assert Call.objects.get(pk=call.pk).published_at is None


def test_publishing_twice_is_refused(lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ahead(days=1))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED)
    workflow.publish_call(call=call, actor=sara)
    with pytest.raises(Refused):
        workflow.publish_call(call=call, actor=sara)
    assert events(call, "call.published").count() == 1


def test_an_upcoming_call_can_be_taken_off_the_site_and_corrected(lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ahead(days=1))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED)
    workflow.publish_call(call=call, actor=sara)
    workflow.unpublish_call(call=call, actor=sara)
    call.refresh_from_db()
    assert call.published_at is None and call.is_editable
    assert events(call, "call.unpublished").exists()


def test_an_open_call_cannot_be_taken_off_the_site(lag, strategy, sara):
    call = open_call(lag, strategy)
    with pytest.raises(Refused):
        workflow.unpublish_call(call=call, actor=sara)
    assert Call.objects.get(pk=call.pk).published_at is not None


def test_criteria_and_money_are_frozen_once_published(lag, strategy, sara):
    """INV-11."""
    call = open_call(lag, strategy)
    with pytest.raises(Refused):
        workflow.edit_call(
            call=call,
            actor=sara,
            part="criteria",
            apply=lambda: Criterion.objects.filter(call=call).update(max_points=99),
        )
    assert not Criterion.objects.filter(call=call, max_points=99).exists()
    assert not events(call, "call.criteria_changed").exists()


def test_a_draft_call_can_be_edited_and_the_edit_is_audited(lag, strategy, sara):
    call = draft_call(lag, strategy)
    workflow.edit_call(
        call=call,
        actor=sara,
        part="allocations",
        apply=lambda: Allocation.objects.filter(call=call).update(amount=Decimal(40000)),
    )
    assert Allocation.objects.get(call=call).amount == Decimal(40000)
    assert events(call, "call.allocations_changed").get().actor == sara


def test_cancelling_needs_reasons_and_tells_every_applicant(
    lag, strategy, sara, ana, organisation, django_capture_on_commit_callbacks
):
    call = open_call(lag, strategy)
    make_proposal(call, organisation, ana)
    with pytest.raises(Refused):
        workflow.cancel_call(call=call, actor=sara, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.cancel_call(call=call, actor=sara, reason="Pasikeitė finansavimo sąlygos.")
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert call.cancellation_reason == "Pasikeitė finansavimo sąlygos."
    assert [m.to for m in mail.outbox] == [["ana@example.test"]]
    assert "Pasikeitė finansavimo sąlygos." in mail.outbox[0].body


def test_starting_the_assessment_needs_a_closed_call(lag, strategy, sara):
    call = open_call(lag, strategy)
    with pytest.raises(Refused):
        workflow.start_assessment(call=call, actor=sara)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.CLOSED)
    workflow.start_assessment(call=call, actor=sara)
    assert Call.objects.get(pk=call.pk).status == CallStatus.ASSESSMENT


def test_publishing_is_refused_with_no_days_to_apply_to_the_agency(lag, strategy, sara):
    """Issue 12 item 7: with an agency window of 0 days a selected proposal never lapses."""
    call = draft_call(lag, strategy, opens_at=ahead(days=2))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED, agency_application_days=0)
    with pytest.raises(Refused) as refused:
        workflow.publish_call(call=call, actor=sara)
    assert refused.value.reasons == ["Set the number of days to apply to the agency (INV-30)."]
    assert Call.objects.get(pk=call.pk).published_at is None


def test_taking_an_approved_call_off_the_site_needs_a_new_approval(client, lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ahead(days=2))
    workflow.approve_call(
        call=call, actor=sara, approved_on=datetime.date(2026, 1, 5), reference="Protokolas 1"
    )
    workflow.publish_call(call=call, actor=sara)
    workflow.unpublish_call(call=call, actor=sara)
    call.refresh_from_db()
    assert (call.status, call.approved_on, call.approval_reference) == ("draft", None, "")
    assert call.unpublished_at is not None
    assert events(call, "call.approval_cleared").get().changes["previous"]["reference"] == (
        "Protokolas 1"
    )
    with pytest.raises(Refused):
        workflow.publish_call(call=call, actor=sara)
    workflow.approve_call(
        call=call, actor=sara, approved_on=datetime.date(2026, 1, 9), reference="Protokolas 2"
    )
    workflow.publish_call(call=call, actor=sara)
    page = client.get(Call.objects.get(pk=call.pk).get_absolute_url()).content.decode()
    assert 'id="change-notice"' in page and "Protokolas 2" in page


def test_an_approved_call_is_frozen_until_it_goes_back_to_draft(lag, strategy, sara):
    call = draft_call(lag, strategy, opens_at=ahead(days=2))
    workflow.approve_call(
        call=call, actor=sara, approved_on=datetime.date(2026, 1, 5), reference="Protokolas 1"
    )
    with pytest.raises(Refused):
        workflow.edit_call(call=call, actor=sara, part="criteria", apply=lambda: None)


def test_commitments_count_per_action_across_strategy_versions(lag, strategy, sara):
    """INV-10: an amendment in force does not free the action's budget again."""
    from telka.strategy.models import Measure, Strategy

    old = strategy.measures().order_by("code").first()
    earlier = draft_call(lag, strategy, number="1", opens_at=ahead(days=1))
    earlier.allocations.update(amount=Decimal(80000))
    Call.objects.filter(pk=earlier.pk).update(status=CallStatus.APPROVED)
    Strategy.objects.filter(pk=strategy.pk).update(status=StrategyStatus.SUPERSEDED)
    amended = base.make_strategy(lag, version=2)
    new = amended.measures().order_by("code").first()
    Measure.objects.filter(pk=new.pk).update(lineage=old.lineage)
    call = draft_call(lag, amended, number="2", opens_at=ahead(days=1))
    call.allocations.update(amount=Decimal(50000), max_per_project=Decimal(20000))
    with pytest.raises(Refused) as refused:
        workflow.approve_call(
            call=call, actor=sara, approved_on=datetime.date(2026, 1, 5), reference="P 2"
        )
    assert "€20,000.00 left" in str(refused.value)
    assert Call.objects.get(pk=call.pk).status == CallStatus.DRAFT
