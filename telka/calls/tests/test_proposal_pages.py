"""The applicant's pages: start a draft, save each section, see the completeness check,
submit, download the receipt. Pages are Lithuanian (no /en/ prefix)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from telka.calls.models import (
    Activity,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Call,
    Partner,
    Proposal,
    ProposalStatus,
    Submission,
)
from tests import base

from .helpers import ago, attach, make_proposal, open_call


@pytest.fixture
def call(lag, strategy):
    return open_call(lag, strategy)


@pytest.fixture
def client_ana(client, ana, organisation):
    client.force_login(ana)
    return client


def section(proposal, slug):
    return reverse("calls:proposal_section", args=[proposal.pk, slug])


def test_it_starts_a_draft_for_the_applicants_organisation(client_ana, call, organisation, ana):
    response = client_ana.post(
        reverse("calls:apply", args=[call.pk]),
        {"organisation": organisation.pk, "allocation": call.allocations.get().pk},
    )
    proposal = Proposal.objects.get()
    assert response.url == section(proposal, "applicant")
    assert (proposal.organisation, proposal.created_by, proposal.contact_email) == (
        organisation,
        ana,
        "ana@example.test",
    )
    assert proposal.indicator_plans.count() == 1


def test_it_refuses_to_start_a_draft_for_someone_elses_organisation(client_ana, call):
    stranger = base.make_organisation(legal_code="300000077")
    response = client_ana.post(
        reverse("calls:apply", args=[call.pk]),
        {"organisation": stranger.pk, "allocation": call.allocations.get().pk},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_a_person_without_an_organisation_is_told_how_to_get_one(client, rita, call):
    client.force_login(rita)
    response = client.get(reverse("calls:apply", args=[call.pk]))
    assert "Jūsų paskyra dar nepriklauso jokiai organizacijai" in response.content.decode()


def test_the_project_section_saves_and_moves_on(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    response = client_ana.post(
        section(proposal, "project"),
        {
            "title": "Senjorų klubas",
            "summary": "Susitikimai",
            "planned_participants": "25",
            "starts_on": "2030-01-01",
            "ends_on": "2030-06-30",
            "continue": "1",
        },
    )
    assert response.url == section(proposal, "activities")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.planned_participants) == ("Senjorų klubas", 25)
    assert str(proposal.ends_on) == "2030-06-30"


def test_bad_input_changes_nothing_and_keeps_what_was_typed(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    response = client_ana.post(
        section(proposal, "project"),
        {"title": "Mano projektas", "starts_on": "2030-06-30", "ends_on": "2030-01-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pabaigos data negali būti ankstesnė už pradžios datą." in page
    assert 'value="Mano projektas"' in page
    assert Proposal.objects.get(pk=proposal.pk).title == ""


def test_rows_are_added_and_removed(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    data = {
        "contact_name": "Ana",
        "contact_email": "ana@example.test",
        "contact_phone": "+37060000000",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-name": "Bendruomenė",
        "partners-0-legal_code": "300000555",
    }
    client_ana.post(section(proposal, "applicant"), data)
    partner = Partner.objects.get(proposal=proposal)
    data.update(
        {
            "partners-TOTAL_FORMS": "2",
            "partners-INITIAL_FORMS": "1",
            "partners-0-id": str(partner.pk),
            "partners-0-DELETE": "on",
            "partners-1-name": "Mokykla",
        }
    )
    client_ana.post(section(proposal, "applicant"), data)
    assert list(Partner.objects.values_list("name", flat=True)) == ["Mokykla"]


def test_a_wrong_legal_code_of_a_partner_is_refused(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    response = client_ana.post(
        section(proposal, "applicant"),
        {
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "0",
            "partners-0-name": "Bendruomenė",
            "partners-0-legal_code": "12345",
        },
    )
    assert "Lietuvos juridinio asmens kodą sudaro lygiai 9 skaitmenys." in response.content.decode()
    assert not Partner.objects.exists()


def test_the_budget_section_computes_totals(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    client_ana.post(
        section(proposal, "budget"),
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-category": "services",
            "lines-0-description": "Salės nuoma",
            "lines-0-quantity": "3",
            "lines-0-unit_price": "333.33",
            "own_contribution": "100",
        },
    )
    proposal.refresh_from_db()
    assert BudgetLine.objects.get().amount == Decimal("999.99")
    assert (proposal.total_cost, proposal.requested_amount) == (
        Decimal("999.99"),
        Decimal("899.99"),
    )


def test_an_absurd_unit_price_is_a_form_error_not_an_error_page(
    client_ana, call, organisation, ana
):
    proposal = make_proposal(call, organisation, ana, complete=False)
    rows = {
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "services",
        "lines-0-description": "Salė",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "99999999999",
        "lines-1-category": "staff",
        "lines-1-description": "Vadovas",
        "lines-1-quantity": "1000000",
        "lines-1-unit_price": "5000",
        "own_contribution": "0",
    }
    response = client_ana.post(section(proposal, "budget"), rows)
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "Įsitikinkite, kad reikšmė yra mažesnė arba lygi 100000000." in page
    assert "Eilutės suma – 5 000 000 000,00 €, daugiau nei 100 000 000,00 €" in page
    assert not BudgetLine.objects.exists()
    totals = client_ana.post(
        reverse("calls:budget_totals", args=[proposal.pk]), rows, headers={"HX-Request": "true"}
    )
    assert totals.status_code == 200


def test_live_budget_totals_show_what_is_typed_without_saving(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    response = client_ana.post(
        reverse("calls:budget_totals", args=[proposal.pk]),
        {
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-category": "services",
            "lines-0-description": "Salė",
            "lines-0-quantity": "2",
            "lines-0-unit_price": "15000",
            "lines-1-category": "staff",
            "lines-1-description": "Vadovas",
            "lines-1-quantity": "1",
            "lines-1-unit_price": "5000",
            "own_contribution": "1000",
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode().replace("\xa0", " ")
    assert "35 000,00 €" in page and "34 000,00 €" in page
    assert "Prašoma suma viršija didžiausią sumą projektui." in page
    assert not BudgetLine.objects.exists()


def test_the_indicator_values_are_saved(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    plan = proposal.indicator_plans.get()
    client_ana.post(
        section(proposal, "strategy"),
        {"contribution": "Mažina atskirtį", f"indicator_{plan.indicator_id}": "12.5"},
    )
    plan.refresh_from_db()
    assert plan.planned_value == Decimal("12.5")


def test_the_check_page_links_each_problem_to_its_field(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana, complete=False)
    page = client_ana.get(reverse("calls:proposal_check", args=[proposal.pk])).content.decode()
    assert f'href="{section(proposal, "project")}#id_title"' in page
    assert "Įrašykite projekto pavadinimą." in page
    assert reverse("calls:proposal_submit", args=[proposal.pk]) not in page


def test_submitting_shows_the_number_and_the_receipt(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    response = client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]), follow=True)
    assert "K4-001" in response.content.decode()
    receipt = client_ana.get(reverse("calls:receipt", args=[proposal.pk]))
    assert receipt["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(receipt.content)).pages[0].extract_text()
    assert "K4-001" in text and "Projektinio pasiūlymo pateikimo kvitas" in text


def test_the_receipt_gives_each_file_its_document_type(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    second = attach(proposal, name="biudzetas.pdf")
    Attachment.objects.filter(pk=second.pk).update(kind=AttachmentKind.SUPPORT)
    client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    receipt = client_ana.get(reverse("calls:receipt", args=[proposal.pk]))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages
    ).replace("\n", " ")
    assert "Dokumento rūšis" in text
    assert "Biudžeto pagrindimas" in text and "Paramos raštai" in text


def test_a_refused_submission_names_each_problem_once(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    Proposal.objects.filter(pk=proposal.pk).update(problem="", target_groups="")
    response = client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]), follow=True)
    page = response.content.decode()
    assert page.count("Aprašykite problemą, kurią sprendžia projektas.") == 1
    assert page.count("Aprašykite tikslines grupes.") == 1
    assert "Pasiūlymas nepateiktas" in page
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_a_double_post_registers_once(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    url = reverse("calls:proposal_submit", args=[proposal.pk])
    client_ana.post(url)
    client_ana.post(url)
    assert Submission.objects.count() == 1
    assert Call.objects.get(pk=call.pk).last_sequence == 1


def test_a_late_submission_is_refused_and_nothing_is_lost(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    Call.objects.filter(pk=call.pk).update(closes_at=ago(seconds=1))
    response = client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]), follow=True)
    assert "Kvietimas baigėsi" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.title == "Jaunimo dirbtuvės"
    assert Activity.objects.filter(proposal=proposal).count() == 1


def test_a_submitted_proposal_can_no_longer_be_edited(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    response = client_ana.post(section(proposal, "project"), {"title": "Kitas"})
    assert response.url == proposal.get_absolute_url()
    assert Proposal.objects.get(pk=proposal.pk).title == "Jaunimo dirbtuvės"


def test_withdrawing_needs_a_confirmation(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    url = reverse("calls:proposal_withdraw", args=[proposal.pk])
    client_ana.post(url, {"reason": "Klaida"})
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.REGISTERED
    client_ana.post(url, {"reason": "Klaida", "confirm": "on"})
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN


def test_the_withdraw_button_goes_away_when_the_call_closes(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    withdraw = reverse("calls:proposal_withdraw", args=[proposal.pk])
    assert withdraw in client_ana.get(proposal.get_absolute_url()).content.decode()
    Call.objects.filter(pk=call.pk).update(closes_at=ago(seconds=1))
    assert withdraw not in client_ana.get(proposal.get_absolute_url()).content.decode()


def test_a_registered_proposal_links_to_its_evaluation_status(client_ana, call, organisation, ana):
    proposal = make_proposal(call, organisation, ana)
    status = reverse("evaluation:status", args=[proposal.pk])
    assert status not in client_ana.get(proposal.get_absolute_url()).text
    client_ana.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    page = client_ana.get(proposal.get_absolute_url()).text
    assert f'href="{status}"' in page and "Sekti vertinimą" in page
    assert client_ana.get(status).status_code == 200
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.WITHDRAWN)
    assert status not in client_ana.get(proposal.get_absolute_url()).text
