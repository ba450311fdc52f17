"""After the selection: invitations at adoption, applications, lapses by the clock or on
the spot (INV-30), promotions from the reserve as new decisions (INV-31), agency amounts
(INV-32), and the remaining amount."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.calls.models import DayUnit, Proposal
from telka.decisions import money, workflow
from telka.decisions.models import Award, DecisionStatus
from telka.evaluation.workdays import add_working_days
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import decide, declare_all, everyone_present, vote_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocation(call):
    return call.allocations.first()


@pytest.fixture
def decided(meeting, seats, sara, call, allocation):
    """A 20 000 and B 20 000 funded; C 15 000 and D 9 000 on the reserve; 10 000 left."""
    proposals = [
        ranked(call, 90, 20000),
        ranked(call, 85, 20000),
        ranked(call, 80, 15000),
        ranked(call, 70, 9000),
    ]
    decide(meeting, seats, sara, allocation)
    return proposals


def status(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).status


def after_deadline(proposal) -> datetime.datetime:
    """The morning after the proposal's last day to apply to the agency."""
    day = Award.objects.get(proposal=proposal).apply_by + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)))


def test_adopting_the_lists_invites_the_funded_proposals_with_their_deadline(
    meeting, seats, sara, call, allocation, django_capture_on_commit_callbacks, mailoutbox
):
    """Issue 12 item 7: the agency deadline starts when the board adopts the lists, not
    when someone remembers to press "invite"; the call counts it in working days here."""
    call.agency_application_days, call.agency_application_unit = 10, DayUnit.WORKING
    call.save(update_fields=["agency_application_days", "agency_application_unit"])
    funded, reserve = ranked(call, 90, 20000), ranked(call, 80, 40000)
    adopted_at = timezone.make_aware(datetime.datetime(2026, 12, 18, 15))  # a Friday
    with django_capture_on_commit_callbacks(execute=True):
        decide(meeting, seats, sara, allocation, now=adopted_at)
    award = Award.objects.get(proposal=funded)
    # Ten working days from Friday 18 December: the 24th-26th and weekends do not count.
    assert award.apply_by == add_working_days(datetime.date(2026, 12, 18), 10)
    assert award.apply_by == datetime.date(2027, 1, 6)
    assert (status(funded), status(reserve), award.invited_at) == ("invited", "reserve", adopted_at)
    details = AuditEvent.objects.get(action="proposal.invited.details", object_id=str(funded.pk))
    assert details.changes["apply_by"] == "2027-01-06"
    invitations = [m for m in mailoutbox if "2027-01-06" in m.body]
    assert [m.to for m in invitations] == [[funded.contact_email]]
    assert funded.reg_number in invitations[0].subject


def test_past_the_deadline_the_scheduled_job_lapses_the_proposal_and_frees_its_money(
    meeting, seats, sara, call, allocation, django_capture_on_commit_callbacks, mailoutbox
):
    """Issue 12 item 7: the clock alone lapses an invited proposal that did not apply."""
    funded, applied = ranked(call, 90, 20000), ranked(call, 85, 15000)
    long_ago = timezone.now() - datetime.timedelta(days=45)
    decide(meeting, seats, sara, allocation, now=long_ago)
    workflow.record_application(
        proposal=applied, actor=sara, applied_on=timezone.localdate(long_ago), reference="A-1"
    )
    before = money.left(allocation)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lapse_overdue", stdout=open("/dev/null", "w"))
    assert (status(funded), status(applied)) == ("lapsed", "applied")
    after = money.left(allocation)
    assert after.remaining == before.remaining + Decimal(20000)
    assert after.lapsed == Decimal(20000)
    assert AuditEvent.objects.filter(action="proposal.lapsed", object_id=str(funded.pk)).exists()
    assert AuditEvent.objects.filter(action="award.lapsed").count() == 1
    assert any("deadline to apply" in m.subject or "praleistas" in m.subject for m in mailoutbox)


def test_the_remaining_amount_follows_every_step(decided, sara, allocation):
    a, b, c, d = decided
    assert money.remaining(allocation) == Decimal(10000)
    workflow.record_application(proposal=a, actor=sara, applied_on=timezone.localdate())
    assert money.remaining(allocation) == Decimal(10000)
    workflow.record_agency_decision(
        proposal=a,
        actor=sara,
        approved=True,
        decided_on=timezone.localdate(),
        amount=Decimal("18750.50"),
    )
    assert money.remaining(allocation) == Decimal("11249.50")  # 1 249.50 returned (INV-32)
    workflow.record_agreement(proposal=a, actor=sara, number="S-1", signed_on=timezone.localdate())
    assert (status(a), money.remaining(allocation)) == ("contracted", Decimal("11249.50"))
    workflow.record_application(proposal=b, actor=sara, applied_on=timezone.localdate())
    workflow.record_agency_decision(
        proposal=b,
        actor=sara,
        approved=False,
        decided_on=timezone.localdate(),
        reasons="Netinkamos išlaidos.",
    )
    assert (status(b), money.remaining(allocation)) == ("agency_rejected", Decimal("31249.50"))


def test_the_agency_cannot_approve_more_than_fixed(decided, sara):
    a, *_ = decided
    workflow.record_application(proposal=a, actor=sara, applied_on=timezone.localdate())
    with pytest.raises(Refused, match="cannot approve more than"):
        workflow.record_agency_decision(
            proposal=a,
            actor=sara,
            approved=True,
            decided_on=timezone.localdate(),
            amount=Decimal("20000.01"),
        )
    assert status(a) == "applied" and Award.objects.get(proposal=a).approved_amount is None


def test_an_application_after_the_deadline_is_refused_and_the_proposal_lapses_once(
    decided, sara, allocation, django_capture_on_commit_callbacks, mailoutbox
):
    a, b, *_ = decided
    award = Award.objects.get(proposal=a)
    with pytest.raises(Refused, match="deadline to apply was"):
        workflow.record_application(
            proposal=a, actor=sara, applied_on=award.apply_by + datetime.timedelta(days=1)
        )
    workflow.record_application(proposal=b, actor=sara, applied_on=timezone.localdate())
    assert workflow.lapse_overdue(timezone.now()) == []  # not before the deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert [p.pk for p in workflow.lapse_overdue(after_deadline(a))] == [a.pk]
    assert status(a) == "lapsed" and money.remaining(allocation) == Decimal(30000)
    assert any(
        "praleistas terminas" in m.subject or "deadline to apply" in m.subject for m in mailoutbox
    )
    assert workflow.lapse_overdue(after_deadline(a)) == []
    assert Award.objects.get(proposal=a).lapsed_at is not None


def test_a_promotion_is_a_new_decision_in_reserve_order_with_fresh_declarations(
    decided, sara, lag, seats, allocation, meeting
):
    a, b, c, d = decided
    workflow.record_application(proposal=b, actor=sara, applied_on=timezone.localdate())
    workflow.lapse_overdue(after_deadline(a))
    later = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="P-1",
        mode="in_person",
        starts_at=meeting.starts_at + datetime.timedelta(days=50),
    )
    item = workflow.add_agenda_item(
        meeting=later, actor=sara, kind="promotion", allocation=allocation
    )
    assert [
        (x.proposal_id, x.outcome, x.fixed_amount) for x in item.decision.lines.order_by("position")
    ] == [
        (c.pk, "funded", Decimal(15000)),
        (d.pk, "funded", Decimal(9000)),
    ]
    everyone_present(later, seats, sara)
    with pytest.raises(Refused, match="declared on every proposal"):
        workflow.adopt_decision(decision=item.decision, actor=sara)
    declare_all(item, seats, sara, {seats[0].pk: {d.pk: "Giminaitis"}})
    vote_for(item.decision, sara)
    decision = workflow.adopt_decision(decision=item.decision, actor=sara)
    assert decision.status == DecisionStatus.ADOPTED and decision.figures["recused"] == {
        str(seats[0].pk): [d.pk]
    }
    # Promoted by a decision, they are invited at once like the first lists (INV-30).
    assert (status(c), status(d), money.remaining(allocation)) == (
        "invited",
        "invited",
        Decimal(6000),
    )
    assert Award.objects.get(proposal=c).apply_by == call_deadline(allocation)


def test_a_promotion_needs_money_that_fits_the_first_reserve(decided, sara, meeting, allocation):
    with pytest.raises(Refused, match="No reserve proposal fits"):
        workflow.add_agenda_item(
            meeting=meeting, actor=sara, kind="promotion", allocation=allocation
        )


def call_deadline(allocation) -> datetime.date:
    return allocation.call.agency_deadline(timezone.localdate())


def test_staff_invite_by_hand_only_a_proposal_selected_before_adoption_invited(
    client, decided, sara
):
    """Older data: a proposal selected before adoption sent the invitations stays
    SELECTED without a deadline; staff invite it, and only it, on the agency page."""
    a, b, *_ = decided
    Proposal.objects.filter(pk=a.pk).update(status="selected")
    Award.objects.filter(proposal=a).update(invited_at=None, apply_by=None)
    award_a, award_b = Award.objects.get(proposal=a), Award.objects.get(proposal=b)
    client.force_login(sara)
    page = client.get(reverse("decisions:agency")).text
    assert page.count("Invite to apply to the agency") == 1
    client.post(reverse("decisions:invite", args=[award_a.pk]))
    assert status(a) == "invited"
    assert Award.objects.get(pk=award_a.pk).apply_by == call_deadline(a.allocation)
    before = Award.objects.get(pk=award_b.pk).apply_by
    response = client.post(reverse("decisions:invite", args=[award_b.pk]), follow=True)
    assert "not yet invited" in response.text
    assert Award.objects.get(pk=award_b.pk).apply_by == before


def test_staff_record_the_agency_steps_on_the_page(client, decided, sara, bruno):
    a, *_ = decided
    award = Award.objects.get(proposal=a)
    client.force_login(sara)
    assert status(a) == "invited"
    client.post(
        reverse("decisions:applied", args=[award.pk]),
        {
            f"a{award.pk}-applied_on": timezone.localdate().isoformat(),
            f"a{award.pk}-reference": "A-1",
        },
    )
    assert status(a) == "applied"
    response = client.post(
        reverse("decisions:agency_decision", args=[award.pk]),
        {
            f"a{award.pk}-approved": "yes",
            f"a{award.pk}-decided_on": timezone.localdate().isoformat(),
            f"a{award.pk}-amount": "25000",
        },
        follow=True,
    )
    assert status(a) == "applied" and "INV-32" in response.text
    client.force_login(bruno)
    assert client.post(reverse("decisions:agreement", args=[award.pk])).status_code == 404


def test_a_decided_call_commits_only_its_fixed_amounts_on_the_measure(
    decided, call, allocation, sara
):
    """INV-10: before the decision the whole 50 000 allocation counts against the measure;
    once decided, the 40 000 fixed; after a lapse, 20 000."""
    from telka.calls import budget

    call.refresh_from_db()
    allocation.refresh_from_db()
    assert budget.allocation_commitment(allocation) == Decimal(40000)
    assert budget.remaining_budget(allocation.measure) == allocation.measure.budget - Decimal(40000)
    a, b, *_ = decided
    workflow.record_application(proposal=b, actor=sara, applied_on=timezone.localdate())
    workflow.lapse_overdue(after_deadline(a))
    assert budget.allocation_commitment(allocation) == Decimal(20000)
    other = call.allocations.last()
    assert budget.allocation_commitment(other) == Decimal(0)


def test_the_agency_page_renders_the_fields_of_each_next_step(client, decided, sara):
    """Issue 12 item 1: every agency form shows its inputs, named as its view reads them."""
    a, b, c, _d = decided
    workflow.record_application(proposal=b, actor=sara, applied_on=timezone.localdate())
    award_a, award_b = Award.objects.get(proposal=a), Award.objects.get(proposal=b)
    client.force_login(sara)
    page = client.get(reverse("decisions:agency")).text
    assert f'name="a{award_a.pk}-applied_on"' in page
    assert f'name="a{award_a.pk}-reference"' in page
    assert f'name="a{award_b.pk}-approved"' in page
    assert f'name="a{award_b.pk}-decided_on"' in page
    assert f'name="a{award_b.pk}-amount"' in page
    workflow.record_agency_decision(
        proposal=b, actor=sara, approved=True, decided_on=timezone.localdate(), amount=Decimal(1)
    )
    page = client.get(reverse("decisions:agency")).text
    assert f'name="a{award_b.pk}-number"' in page
    assert f'name="a{award_b.pk}-signed_on"' in page


def test_staff_record_that_an_invited_applicant_did_not_apply(client, decided, sara, allocation):
    """Issue 12 item 7: the lapse need not wait for the clock."""
    a, *_ = decided
    award = Award.objects.get(proposal=a)
    client.force_login(sara)
    response = client.post(reverse("decisions:did_not_apply", args=[award.pk]), follow=True)
    assert "did not apply" in response.text
    assert (status(a), money.remaining(allocation)) == ("lapsed", Decimal(30000))
    assert client.post(reverse("decisions:did_not_apply", args=[award.pk])).status_code == 302
    assert status(a) == "lapsed"
