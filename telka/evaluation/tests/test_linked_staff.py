"""INV-26: LAG staff linked to the applicant organisation do not check its proposal or
assign its assessors (issue 12, item 13, the staff part)."""

import pytest

from telka.accounts.models import OrganisationMembership
from telka.evaluation import workflow
from telka.lib.workflow import Refused
from tests import base

from .scenario import pass_check


def test_linked_staff_cannot_check_the_proposal(proposal, sara):
    OrganisationMembership.objects.create(user=sara, organisation=proposal.organisation)
    with pytest.raises(Refused, match="INV-26"):
        workflow.start_check(proposal=proposal, actor=sara)
    proposal.refresh_from_db()
    assert proposal.status == "registered"


def test_linked_staff_cannot_assign_its_assessors(lag, proposal, sara, eva):
    pass_check(proposal, sara)
    colleague = base.make_user("tomas@example.test", "Tomas Darbuotojas")
    base.give_role(colleague, lag)
    OrganisationMembership.objects.create(user=colleague, organisation=proposal.organisation)
    with pytest.raises(Refused, match="INV-26"):
        workflow.assign_assessors(proposal=proposal, assessors=[eva], actor=colleague)
    assert not proposal.assessments.exists()
