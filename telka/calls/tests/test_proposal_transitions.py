import pytest

from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import Proposal, ProposalStatus
from telka.lib.workflow import Refused

from .helpers import make_proposal, open_call

ALLOWED = [(a, b) for a, targets in ProposalStatus.ALLOWED.items() for b in sorted(targets)]


def test_the_table_names_every_status():
    assert set(ProposalStatus.ALLOWED) == set(ProposalStatus.values)
    assert all(set(t) <= set(ProposalStatus.values) for t in ProposalStatus.ALLOWED.values())
    assert ProposalStatus.TERMINAL_STATES <= set(ProposalStatus.values)


@pytest.fixture
def proposal(lag, strategy, organisation, ana):
    return make_proposal(open_call(lag, strategy), organisation, ana, complete=False)


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_it_allows_every_transition_in_the_table(proposal, sara, current, target):
    Proposal.objects.filter(pk=proposal.pk).update(status=current)
    workflow.change_proposal_status(proposal=proposal, to=target, actor=sara, action="p.test")
    assert Proposal.objects.get(pk=proposal.pk).status == target
    assert AuditEvent.objects.get(action="p.test").changes == {"before": current, "after": target}


@pytest.mark.parametrize("current", ProposalStatus.values)
def test_it_refuses_every_transition_not_in_the_table(proposal, sara, current):
    forbidden = [t for t in ProposalStatus.values if t not in ProposalStatus.ALLOWED[current]]
    Proposal.objects.filter(pk=proposal.pk).update(status=current)
    let_through = []
    for target in forbidden:
        try:
            workflow.change_proposal_status(
                proposal=proposal, to=target, actor=sara, action="p.test"
            )
        except Refused:
            continue
        let_through.append(target)
    assert let_through == []
    assert Proposal.objects.get(pk=proposal.pk).status == current
    assert not AuditEvent.objects.filter(action="p.test").exists()
