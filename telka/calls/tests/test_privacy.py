import pytest

from telka.calls import workflow
from telka.calls.models import Proposal, Submission
from telka.calls.privacy import anonymise_personal_data, export_personal_data

from .helpers import make_proposal, open_call

pytestmark = pytest.mark.usefixtures("english")


def test_the_export_lists_the_persons_proposals(lag, strategy, organisation, ana, rita):
    proposal = make_proposal(open_call(lag, strategy), organisation, ana)
    workflow.submit_proposal(proposal=proposal, actor=ana)
    data = export_personal_data(ana)
    assert [(p["registration_number"], p["contact_email"]) for p in data["proposals"]] == [
        ("K4-001", "ana@example.test")
    ]
    assert export_personal_data(rita) == {"proposals": []}


def test_erasure_keeps_the_proposal_and_replaces_the_person(lag, strategy, organisation, ana):
    proposal = make_proposal(open_call(lag, strategy), organisation, ana)
    Proposal.objects.filter(pk=proposal.pk).update(contact_email=ana.email)
    proposal.refresh_from_db()
    workflow.submit_proposal(proposal=proposal, actor=ana)
    anonymise_personal_data(ana)
    proposal.refresh_from_db()
    submission = Submission.objects.get()
    assert proposal.reg_number == "K4-001" and proposal.title == "Jaunimo dirbtuvės"
    for record in (proposal, submission):
        assert (record.contact_name, record.contact_email, record.contact_phone) == (
            "(person removed)",
            "",
            "",
        )
    assert submission.content["project"]["title"] == "Jaunimo dirbtuvės"
    assert "ana@example.test" not in str(submission.content)
