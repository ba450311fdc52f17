"""INV-26, the LAG itself as an applicant: its staff work for the applicant, so only the
person the board designated — recorded by someone else, not linked to the LAG's
organisation, after signing a declaration of independence — checks the proposal and
assigns its assessors (issue 12, item 13)."""

import pytest
from django.urls import reverse

from telka.accounts.models import OrganisationMembership
from telka.audit.models import AuditEvent
from telka.evaluation import workflow
from telka.evaluation.models import Designation
from telka.lib.workflow import Refused
from tests import base

from .scenario import pass_check

REFERENCE = "Valdybos 2026-04-02 sprendimas, protokolas Nr. 7"


@pytest.fixture
def own(proposal):
    """The proposal's applicant is marked as the LAG's own organisation."""
    proposal.organisation.is_lag_itself = True
    proposal.organisation.save(update_fields=["is_lag_itself"])
    return proposal


@pytest.fixture
def irena(lag):
    """An independent person the board designates; she gets a staff role to use the pages."""
    user = base.make_user("irena@example.test", "Irena Nepriklausoma")
    base.give_role(user, lag)
    return user


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_no_staff_member_checks_the_lags_own_proposal_without_a_designation(own, sara):
    with pytest.raises(Refused, match="tik valdybos paskirtas asmuo"):
        workflow.start_check(proposal=own, actor=sara)
    own.refresh_from_db()
    assert own.status == "registered"


def test_the_designation_is_refused_with_every_reason(own, sara, ana):
    """Ana represents the LAG's organisation in Telka (the fixture's applicant account)."""
    with pytest.raises(Refused) as refused:
        workflow.designate_handler(proposal=own, user=sara, decision_reference=" ", actor=sara)
    assert len(refused.value.reasons) == 2  # no reference; her own designation
    with pytest.raises(Refused) as refused:
        workflow.designate_handler(proposal=own, user=ana, decision_reference=REFERENCE, actor=sara)
    assert len(refused.value.reasons) == 2  # no staff role; linked by her account
    assert "paskyra priklauso organizacijai" in refused.value.reasons[1]
    assert not Designation.objects.exists()


def test_only_the_designated_person_checks_after_declaring(own, sara, irena, eva):
    designation = workflow.designate_handler(
        proposal=own, user=irena, decision_reference=REFERENCE, actor=sara
    )
    event = AuditEvent.objects.get(action="proposal.handler_designated")
    assert (event.actor, event.changes["after"], event.changes["reference"]) == (
        sara,
        irena.pk,
        REFERENCE,
    )
    with pytest.raises(Refused, match="deklaraciją"):
        workflow.start_check(proposal=own, actor=irena)
    workflow.declare_independence(proposal=own, actor=irena)
    designation.refresh_from_db()
    assert designation.declared_at and "nedalyvavau rengiant" in designation.declaration
    with pytest.raises(Refused, match="tik Irena Nepriklausoma"):
        workflow.start_check(proposal=own, actor=sara)
    pass_check(own, irena)
    with pytest.raises(Refused, match="tik Irena Nepriklausoma"):
        workflow.assign_assessors(proposal=own, assessors=[eva], actor=sara)
    jonas = base.make_user("jonas@example.test", "Jonas Vertintojas")
    base.give_role(jonas, own.call.lag, "assessor")
    assert len(workflow.assign_assessors(proposal=own, assessors=[eva, jonas], actor=irena)) == 2


def test_a_designee_who_becomes_linked_is_refused(own, sara, irena):
    workflow.designate_handler(proposal=own, user=irena, decision_reference=REFERENCE, actor=sara)
    workflow.declare_independence(proposal=own, actor=irena)
    OrganisationMembership.objects.create(organisation=own.organisation, user=irena)
    with pytest.raises(Refused, match="turi tvarkyti kitas darbuotojas"):
        workflow.start_check(proposal=own, actor=irena)


def test_staff_designate_and_the_designee_signs_on_the_check_page(client, own, sara, irena):
    url = reverse("evaluation:check", args=[own.pk])
    client.force_login(sara)
    page = client.get(url)
    assert "VVG pati teikia paraišką (INV-26)" in page.text
    assert "Niekas dar nepaskirtas" in page.text
    response = client.post(
        reverse("evaluation:designate", args=[own.pk]),
        {"user": irena.pk, "decision_reference": REFERENCE},
        follow=True,
    )
    assert _messages(response) == [
        "Paskirtas asmuo – Irena Nepriklausoma; čia jis (ji) pasirašo nepriklausomumo deklaraciją."
    ]
    refused = client.post(reverse("evaluation:start_check", args=[own.pk]), follow=True)
    assert "tik Irena Nepriklausoma" in _messages(refused)[0]
    client.force_login(irena)
    page = client.get(url)
    assert "Pasirašyti deklaraciją" in page.text
    signed = client.post(reverse("evaluation:declare_independence", args=[own.pk]), follow=True)
    assert _messages(signed) == ["Jūsų deklaracija pasirašyta: galite tvarkyti šią paraišką."]
    client.post(reverse("evaluation:start_check", args=[own.pk]))
    own.refresh_from_db()
    assert own.status == "admin_check"


def test_other_proposals_show_no_designation(client, proposal, sara):
    client.force_login(sara)
    page = client.get(reverse("evaluation:check", args=[proposal.pk]))
    assert "INV-26" not in page.text


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita", "otto"])
def test_other_roles_are_refused_the_designation(client, own, irena, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    data = {"user": irena.pk, "decision_reference": REFERENCE}
    assert client.post(reverse("evaluation:designate", args=[own.pk]), data).status_code == 404
    url = reverse("evaluation:declare_independence", args=[own.pk])
    assert client.post(url).status_code == 404
    assert not Designation.objects.exists()
