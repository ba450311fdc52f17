import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from telka.accounts.models import LegalForm, OrganisationMembership, OrganisationRole
from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import (
    Activity,
    Call,
    CallStatus,
    ImmutableError,
    Proposal,
    ProposalStatus,
    Submission,
    TerritoryRule,
)
from telka.calls.snapshot import content_hash
from telka.lag.models import Sector
from telka.lib.workflow import Refused
from tests import base

from .helpers import PDF, ago, make_proposal, open_call

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def call(lag, strategy):
    return open_call(lag, strategy)


@pytest.fixture
def proposal(call, organisation, ana):
    return make_proposal(call, organisation, ana)


def submit(proposal, user, capture):
    with capture(execute=True):
        return workflow.submit_proposal(proposal=proposal, actor=user)


def refusal(proposal, user) -> list[str]:
    with pytest.raises(Refused) as refused:
        workflow.submit_proposal(proposal=proposal, actor=user)
    return refused.value.reasons


def test_it_registers_the_proposal_with_number_time_and_audit(
    proposal, ana, django_capture_on_commit_callbacks
):
    before = timezone.now()
    registered = submit(proposal, ana, django_capture_on_commit_callbacks)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reg_number, proposal.sequence) == (
        ProposalStatus.REGISTERED,
        "K4-001",
        1,
    )
    assert before <= proposal.submitted_at <= timezone.now()
    assert registered.reg_number == "K4-001"
    actions = AuditEvent.objects.for_object(proposal).values_list("action", "changes")
    assert list(actions.order_by("pk"))[-2:] == [
        ("proposal.submitted", {"before": "draft", "after": "submitted"}),
        ("proposal.registered", {"before": "submitted", "after": "registered"}),
    ]


def test_it_keeps_an_immutable_snapshot_with_hashed_copies(
    proposal, ana, django_capture_on_commit_callbacks
):
    submit(proposal, ana, django_capture_on_commit_callbacks)
    submission = Submission.objects.get(proposal=proposal)
    assert submission.content["project"]["title"] == "Jaunimo dirbtuvės"
    assert submission.content["budget"]["requested_amount"] == "13000.00"
    assert submission.content_sha256 == content_hash(submission.content)
    copy = submission.files.get()
    assert copy.sha256 == hashlib.sha256(PDF).hexdigest()
    assert default_storage.open(copy.file.name).read() == PDF
    assert copy.file.name != proposal.attachments.get().file.name
    with pytest.raises(ImmutableError):
        submission.save()
    with pytest.raises(ImmutableError):
        Submission.objects.filter(pk=submission.pk).update(content={})
    # The live draft rows cannot change the record any more.
    Proposal.objects.filter(pk=proposal.pk).update(title="Changed later")
    assert Submission.objects.get(pk=submission.pk).content["project"]["title"] == (
        "Jaunimo dirbtuvės"
    )


def test_it_emails_the_receipt_with_the_pdf(proposal, ana, django_capture_on_commit_callbacks):
    submit(proposal, ana, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.test"]
    assert "K4-001" in message.subject
    name, data, mimetype = message.attachments[0]
    assert (name, mimetype) == ("kvitas-K4-001.pdf", "application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "K4-001" in text and hashlib.sha256(PDF).hexdigest() in text.replace("\n", "")


def test_a_second_click_submits_once(proposal, ana, django_capture_on_commit_callbacks):
    submit(proposal, ana, django_capture_on_commit_callbacks)
    again = submit(proposal, ana, django_capture_on_commit_callbacks)
    assert again.reg_number == "K4-001"
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="proposal.registered").count() == 1


def test_numbers_are_consecutive_per_call(call, lag, strategy, organisation, ana):
    first, second = (make_proposal(call, organisation, ana) for _ in range(2))
    other_call = open_call(lag, strategy, number="5")
    third = make_proposal(other_call, organisation, ana)
    for proposal in (first, second, third):
        workflow.submit_proposal(proposal=proposal, actor=ana)
    numbers = sorted(Proposal.objects.values_list("reg_number", flat=True))
    assert numbers == ["K4-001", "K4-002", "K5-001"]


def stored_files(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    directories, files = default_storage.listdir(folder)
    return files + [f for d in directories for f in stored_files(f"{folder}/{d}")]


def assert_unchanged(proposal):
    fresh = Proposal.objects.get(pk=proposal.pk)
    assert fresh.status == ProposalStatus.DRAFT and fresh.reg_number is None
    assert fresh.title == "Jaunimo dirbtuvės"
    assert not Submission.objects.exists()
    assert stored_files("submissions") == []
    assert Call.objects.get(pk=proposal.call_id).last_sequence == 0


def test_it_refuses_after_the_closing_time_by_the_server_clock(proposal, ana):
    """INV-12: the status still says OPEN (the closing job has not run); the clock decides."""
    Call.objects.filter(pk=proposal.call_id).update(closes_at=ago(seconds=1))
    reasons = refusal(proposal, ana)
    assert reasons[0].startswith("The call closed on ")
    assert Call.objects.get(pk=proposal.call_id).status == CallStatus.OPEN
    assert_unchanged(proposal)


def test_it_refuses_before_the_opening_time(proposal, ana):
    Call.objects.filter(pk=proposal.call_id).update(
        opens_at=timezone.now() + datetime.timedelta(hours=1), status=CallStatus.APPROVED
    )
    assert refusal(proposal, ana)[0].startswith("The call opens on ")
    assert_unchanged(proposal)


def test_it_refuses_when_the_call_was_cancelled(proposal, ana):
    Call.objects.filter(pk=proposal.call_id).update(status=CallStatus.CANCELLED)
    assert refusal(proposal, ana) == ["The call is not accepting proposals."]
    assert_unchanged(proposal)


def test_it_refuses_an_amount_above_the_maximum_per_project(proposal, ana):
    """INV-13: requested ≤ max per project (20 000)."""
    proposal.budget_lines.update(quantity=Decimal(30), unit_price=Decimal(1000), amount=30000)
    proposal.own_contribution = Decimal(9000)
    proposal.recalculate_budget()
    proposal.save()
    assert refusal(proposal, ana) == [
        "The requested amount €21,000.00 is more than the €20,000.00 allowed."
    ]
    proposal.own_contribution = Decimal(10000)
    proposal.recalculate_budget()
    proposal.save()
    workflow.submit_proposal(proposal=proposal, actor=ana)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.REGISTERED


def test_it_refuses_a_co_financing_rate_above_the_maximum(proposal, ana):
    """INV-13: requested / total ≤ 90 %."""
    proposal.own_contribution = Decimal(1499)
    proposal.recalculate_budget()
    proposal.save()
    assert refusal(proposal, ana) == [
        "The grant would cover 90.01 % of the cost; at most 90.00 % is allowed. "
        "Increase the own contribution."
    ]
    proposal.own_contribution = Decimal(1500)
    proposal.recalculate_budget()
    proposal.save()
    workflow.submit_proposal(proposal=proposal, actor=ana)


def test_it_refuses_a_legal_form_or_sector_the_call_does_not_admit(proposal, ana):
    Call.objects.filter(pk=proposal.call_id).update(
        eligible_legal_forms=[LegalForm.PUBLIC_INSTITUTION], eligible_sectors=[Sector.BUSINESS]
    )
    assert refusal(proposal, ana) == [
        "Organisations with the legal form “Association” may not apply to this call.",
        "Organisations of the sector “Civil society” may not apply to this call.",
    ]
    Call.objects.filter(pk=proposal.call_id).update(
        eligible_legal_forms=[LegalForm.ASSOCIATION], eligible_sectors=[]
    )
    workflow.submit_proposal(proposal=proposal, actor=ana)


@pytest.mark.parametrize(
    ("rule", "operates", "activities", "allowed"),
    [
        (TerritoryRule.APPLICANT, False, True, False),
        (TerritoryRule.APPLICANT, True, False, True),
        (TerritoryRule.ACTIVITIES, True, False, False),
        (TerritoryRule.ACTIVITIES, False, True, True),
        (TerritoryRule.BOTH, True, False, False),
        (TerritoryRule.BOTH, True, True, True),
        (TerritoryRule.NONE, False, False, True),
    ],
)
def test_it_applies_the_territorial_condition(proposal, ana, rule, operates, activities, allowed):
    Call.objects.filter(pk=proposal.call_id).update(territory_rule=rule)
    proposal.organisation.operates_in_territory = operates
    proposal.organisation.save()
    Proposal.objects.filter(pk=proposal.pk).update(activities_in_territory=activities)
    if allowed:
        workflow.submit_proposal(proposal=proposal, actor=ana)
        assert Proposal.objects.get(pk=proposal.pk).reg_number == "K4-001"
    else:
        assert "LAG territory" in refusal(proposal, ana)[0]
        assert_unchanged(proposal)


def test_it_refuses_a_project_declared_or_dated_as_completed(proposal, ana):
    """INV-14: an operation completed before submission cannot be selected."""
    Proposal.objects.filter(pk=proposal.pk).update(declares_not_completed=False)
    assert refusal(proposal, ana) == [
        "Declare that the project has not been completed or fully implemented."
    ]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Proposal.objects.filter(pk=proposal.pk).update(
        declares_not_completed=True,
        starts_on=yesterday - datetime.timedelta(days=30),
        ends_on=yesterday,
    )
    proposal.activities.update(starts_on=yesterday - datetime.timedelta(days=30), ends_on=yesterday)
    assert refusal(proposal, ana) == [
        "The project ends before today: a completed project cannot be funded."
    ]
    assert_unchanged(proposal)


def test_it_refuses_an_activity_outside_the_project_period(proposal, ana):
    activity = proposal.activities.get()
    Activity.objects.filter(pk=activity.pk).update(
        ends_on=proposal.ends_on + datetime.timedelta(days=1)
    )
    reasons = refusal(proposal, ana)
    assert len(reasons) == 1
    assert f"Activity “{activity.title}”" in reasons[0]
    assert "must take place within the project's period" in reasons[0]
    assert_unchanged(proposal)


def test_it_lists_every_missing_part(call, organisation, ana):
    empty = make_proposal(call, organisation, ana, complete=False)
    reasons = refusal(empty, ana)
    assert "Enter the project title." in reasons
    assert "Add at least one budget line." in reasons
    assert "Enter the planned value of indicator P1." in reasons
    assert "Attach: Budget justification (price offers, estimates)." not in reasons
    Call.objects.filter(pk=call.pk).update(required_attachments=["budget"])
    assert "Attach: Budget justification (price offers, estimates)." in refusal(empty, ana)
    assert len(reasons) == 16


def test_only_a_representative_may_submit(proposal, ana):
    colleague = base.make_user("kolega@example.test", "Kolegė")
    OrganisationMembership.objects.create(
        organisation=proposal.organisation, user=colleague, role=OrganisationRole.MEMBER
    )
    assert refusal(proposal, colleague) == [
        "Only a representative of the organisation may submit the proposal."
    ]
    assert_unchanged(proposal)


def test_a_call_closing_while_registering_rolls_everything_back(proposal, ana):
    """The checks ran a moment before the deadline; the number is taken after it."""
    Call.objects.filter(pk=proposal.call_id).update(closes_at=ago(microseconds=1))
    with pytest.raises(Refused) as refused:
        workflow.submit_proposal(proposal=proposal, actor=ana, now=ago(seconds=1))
    assert refused.value.reasons == ["The call closed before your proposal could be registered."]
    assert_unchanged(proposal)
