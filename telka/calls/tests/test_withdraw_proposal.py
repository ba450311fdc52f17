import pytest
from django.core import mail

from telka.accounts.models import OrganisationMembership, OrganisationRole
from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import Call, Proposal, ProposalStatus
from telka.lib.workflow import Refused
from tests import base

from .helpers import ago, make_proposal, open_call

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def registered(lag, strategy, organisation, ana):
    proposal = make_proposal(open_call(lag, strategy), organisation, ana)
    return workflow.submit_proposal(proposal=proposal, actor=ana)


def test_it_withdraws_before_the_deadline_and_confirms_by_email(
    registered, ana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_proposal(proposal=registered, actor=ana, reason="Pasikeitė planai")
    registered.refresh_from_db()
    assert registered.status == ProposalStatus.WITHDRAWN
    assert registered.reg_number == "K4-001" and registered.withdrawal_reason == "Pasikeitė planai"
    event = AuditEvent.objects.for_object(registered).get(action="proposal.withdrawn")
    assert event.actor == ana and event.changes == {"before": "registered", "after": "withdrawn"}
    assert [m.to for m in mail.outbox] == [["ana@example.test"]]
    assert "K4-001" in mail.outbox[0].subject


def test_it_refuses_after_the_deadline(registered, ana):
    Call.objects.filter(pk=registered.call_id).update(closes_at=ago(seconds=1))
    with pytest.raises(Refused) as refused:
        workflow.withdraw_proposal(proposal=registered, actor=ana)
    assert refused.value.reasons == [
        "The call has closed: to withdraw the proposal now, write to the LAG."
    ]
    assert Proposal.objects.get(pk=registered.pk).status == ProposalStatus.REGISTERED


def test_a_draft_can_be_discarded_without_an_email(lag, strategy, organisation, ana):
    draft = make_proposal(open_call(lag, strategy), organisation, ana, complete=False)
    workflow.withdraw_proposal(proposal=draft, actor=ana)
    assert Proposal.objects.get(pk=draft.pk).status == ProposalStatus.WITHDRAWN
    assert mail.outbox == []


def test_only_a_representative_may_withdraw(registered):
    colleague = base.make_user("kolega@example.test")
    OrganisationMembership.objects.create(
        organisation=registered.organisation, user=colleague, role=OrganisationRole.MEMBER
    )
    with pytest.raises(Refused):
        workflow.withdraw_proposal(proposal=registered, actor=colleague)
    assert Proposal.objects.get(pk=registered.pk).status == ProposalStatus.REGISTERED


def test_a_withdrawn_proposal_cannot_be_withdrawn_or_submitted_again(registered, ana):
    workflow.withdraw_proposal(proposal=registered, actor=ana)
    with pytest.raises(Refused):
        workflow.withdraw_proposal(proposal=registered, actor=ana)
    again = workflow.submit_proposal(proposal=registered, actor=ana)
    assert again.status == ProposalStatus.WITHDRAWN
