"""INV-26: LAG staff linked to the applicant organisation — by their account or by a
recorded link — do not check its proposal or assign or remove its assessors (issue 12,
item 13, the staff part)."""

import pytest
from django.urls import reverse

from telka.accounts.models import OrganisationMembership
from telka.audit.models import AuditEvent
from telka.evaluation import workflow
from telka.lag import links
from telka.lag.models import LinkKind
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


def test_staff_with_a_recorded_link_cannot_check_and_the_page_says_why(client, lag, proposal, sara):
    """No account in the organisation: the link is recorded in the register."""
    links.record_link(
        lag=lag,
        actor=sara,
        user=sara,
        legal_code=proposal.organisation.legal_code,
        kind=LinkKind.EMPLOYMENT,
    )
    client.force_login(sara)
    response = client.post(reverse("evaluation:start_check", args=[proposal.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Jūs susiję su pareiškėjo organizacija (įrašytas ryšys: Dirba joje (darbo ar kita "
        "sutartis)): šią paraišką turi tvarkyti kitas darbuotojas (INV-26)."
    ]
    proposal.refresh_from_db()
    assert proposal.status == "registered"
    assert not AuditEvent.objects.filter(action="proposal.check_started").exists()


def test_a_colleague_without_a_link_does_the_check(lag, proposal, sara):
    links.record_link(
        lag=lag,
        actor=sara,
        user=sara,
        legal_code=proposal.organisation.legal_code,
        kind="other",
        note="Sutuoktinis – valdybos narys",
    )
    colleague = base.make_user("tomas@example.test", "Tomas Darbuotojas")
    base.give_role(colleague, lag)
    assert pass_check(proposal, colleague).status == "eligible"


def test_linked_staff_cannot_remove_its_assessor(lag, proposal, sara, eva):
    pass_check(proposal, sara)
    jonas = base.make_user("jonas@example.test", "Jonas Vertintojas")
    base.give_role(jonas, lag, "assessor")
    assessment = workflow.assign_assessors(proposal=proposal, assessors=[eva, jonas], actor=sara)[0]
    links.record_link(
        lag=lag,
        actor=sara,
        user=sara,
        legal_code=proposal.organisation.legal_code,
        kind=LinkKind.MEMBERSHIP,
    )
    with pytest.raises(Refused, match="turi tvarkyti kitas darbuotojas"):
        workflow.remove_assessor(assessment=assessment, actor=sara, reason="Serga")
    assessment.refresh_from_db()
    assert assessment.status == "assigned"
