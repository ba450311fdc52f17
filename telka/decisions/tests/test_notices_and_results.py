"""Decision notices (INV-27) and published results with the list of operations (INV-28)."""

import csv
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from telka.accounts.models import OrganisationMembership
from telka.decisions import workflow
from telka.decisions.models import Notice

from .builders import ranked
from .helpers import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(meeting, seats, sara, call, ana, organisation, django_capture_on_commit_callbacks):
    proposals = [
        ranked(call, 90, 20000, organisation=organisation),
        ranked(call, 80, 40000),
        ranked(call, 40, 5000, status="below_threshold"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(
            meeting,
            seats,
            sara,
            call.allocations.first(),
            {seats[2].pk: {proposals[1].pk: "Pusbrolis"}},
        )
    return decision, proposals


def plain(text: str) -> str:
    """Amounts group thousands with a no-break space; compare with plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def pdf_text(data: bytes) -> str:
    return plain(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def test_every_applicant_gets_a_notice_with_scores_rank_reasons_and_the_complaint_route(
    decided, mailoutbox
):
    decision, (funded, reserve, below) = decided
    notices = {n.proposal_id: n for n in Notice.objects.all()}
    assert {n.outcome for n in notices.values()} == {"funded", "reserve", "not_selected"}
    text = pdf_text(notices[below.pk].pdf.read())
    assert "Surinkta per mažai balų." in text and "Balai pagal kriterijus" in text
    assert (
        "Kaip pateikti skundą" in text and notices[below.pk].complaint_deadline.isoformat() in text
    )
    funded_text = pdf_text(notices[funded.pk].pdf.read())
    assert "Vieta lėšų paskirstyme: 1" in funded_text and "20 000,00" in funded_text
    to_ana = [m for m in mailoutbox if "ana@example.test" in m.to and m.attachments]
    assert to_ana and to_ana[0].attachments[0][0].startswith("sprendimas-K4-001")


def test_the_applicant_sees_their_notice_and_nobody_elses(client, decided, ana, rita, lithuanian):
    decision, (funded, reserve, below) = decided
    mine, other = Notice.objects.get(proposal=funded), Notice.objects.get(proposal=reserve)
    client.force_login(ana)
    page = client.get(reverse("decisions:notice", args=[mine.pk]))
    assert page.status_code == 200 and "Balai pagal kriterijus" in page.text
    assert client.get(reverse("decisions:notice", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("decisions:notice_pdf", args=[mine.pk]))["Content-Type"]
        == "application/pdf"
    )
    client.force_login(rita)
    assert client.get(reverse("decisions:notice", args=[mine.pk])).status_code == 404


def test_results_are_public_only_once_the_minutes_are_signed(
    client, decided, sara, meeting, call, lithuanian
):
    url = reverse("decisions:results", args=[call.pk])
    assert client.get(url).status_code == 404
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting,
        actor=sara,
        signatories="Petras Viešasis, Sara Jonaitienė",
        signed_on=meeting.held_on,
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "Tomas Verslas" in page.text and "Pusbrolis" in page.text  # declarations and recusals
    assert "Bendruomenė 2" in page.text and "20 000,00" in plain(page.text)
    assert (
        client.get(reverse("decisions:minutes", args=[meeting.pk]))["Content-Type"]
        == "application/pdf"
    )


def test_the_list_of_operations_has_the_eu_fields_and_no_personal_data(
    client, decided, sara, meeting, call
):
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    text = client.get(reverse("decisions:operations_csv", args=[call.pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["beneficiary_code"] for r in rows] == ["300000001"]
    assert rows[0]["union_support"] == "20000.00" and rows[0]["beneficiary_status"] == "private"
    assert "contact" not in text and "@" not in text and "Kontaktinis" not in text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("decisions:operations_xlsx", args=[call.pk])).content)
    )
    sheet = workbook.active
    assert sheet.max_row == 2 and sheet["B2"].value == "300000001"


def test_the_results_page_runs_a_bounded_number_of_queries(
    client, meeting, seats, sara, call, django_assert_max_num_queries
):
    def page_queries(count: int) -> int:
        from tests.base import count_queries

        return count_queries(client, reverse("decisions:results", args=[call.pk]))

    allocation = call.allocations.first()
    ranked(call, 90, 1000)
    decide(meeting, seats, sara, allocation)
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    one = page_queries(1)
    other = workflow.schedule_meeting(
        lag=meeting.lag, actor=sara, number="2", mode="in_person", starts_at=meeting.starts_at
    )
    for _ in range(19):
        ranked(call, 80, 1000)
    decide(other, seats, sara, allocation)
    workflow.close_meeting(meeting=other, actor=sara)
    workflow.sign_minutes(meeting=other, actor=sara, signatories="P. V.", signed_on=other.held_on)
    from django.core.cache import caches

    caches["pages"].clear()
    assert page_queries(20) == one


def test_the_results_page_is_in_english_too(client, decided, sara, meeting, call):
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    with translation.override("en"):
        url = reverse("decisions:results", args=[call.pk])
    page = client.get(url)
    assert url.startswith("/en/") and "Funded list" in page.text and "€20,000.00" in page.text


def test_a_board_member_linked_to_an_applicant_is_prompted(
    client, meeting, seats, sara, call, organisation, lithuanian
):
    OrganisationMembership.objects.create(organisation=organisation, user=seats[3].user)
    ranked(call, 90, 20000, organisation=organisation)
    item = workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="selection", allocation=call.allocations.first()
    )
    client.force_login(seats[3].user)
    page = client.get(reverse("decisions:member_meeting", args=[meeting.pk]))
    assert "susieta su šio lėšų paskirstymo pareiškėjo organizacija" in page.text
    client.force_login(sara)
    assert (
        "susijęs su pareiškėju"
        in client.get(reverse("decisions:decision", args=[item.decision.pk])).text
    )
