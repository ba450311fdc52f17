"""Uploads with dangerous insides are refused and the applicant is told why:
office zip bombs (by unpacked size, parts count, lying sizes) and PDFs with
active content (scripts, launch actions, embedded files)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from telka.calls.active_content import content_problem
from telka.calls.models import Attachment

from . import hostile_files
from .helpers import PDF, make_proposal, open_call


@pytest.fixture
def proposal(lag, strategy, organisation, ana, client):
    client.force_login(ana)
    return make_proposal(open_call(lag, strategy), organisation, ana, complete=False)


def upload(client, proposal, name, data):
    response = client.post(
        reverse("calls:attachment_upload", args=[proposal.pk]),
        {"kind": "budget", "file": [SimpleUploadedFile(name, data)]},
        follow=True,
    )
    return response.content.decode().replace("\xa0", " ")


def test_a_docx_zip_bomb_is_refused_with_the_reason(client, proposal):
    bomb = hostile_files.docx_bomb(1024)
    assert len(bomb) < 1.1 * 2**20  # 1 MiB that unpacks to 1 GiB
    page = upload(client, proposal, "planas.docx", bomb)
    assert "„planas.docx“ atmestas: išskleistas jis užimtų 1,0 GB" in page
    assert not Attachment.objects.exists()


def test_an_office_file_with_too_many_parts_is_refused(client, proposal, settings):
    settings.TELKA_OFFICE_MAX_ENTRIES = 100
    page = upload(client, proposal, "lentele.xlsx", hostile_files.xlsx_with_parts(150))
    assert (
        "„lentele.xlsx“ atmestas: jame yra per daug dalių: 152 (leidžiama ne daugiau kaip 100)"
        in page
    )
    assert not Attachment.objects.exists()


def test_an_office_file_lying_about_its_sizes_is_refused(client, proposal):
    page = upload(client, proposal, "melas.docx", hostile_files.docx_lying_about_sizes())
    assert "„melas.docx“ atmestas: jis sugadintas ir negali būti išskleistas" in page
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("builder", "names"),
    [
        (hostile_files.pdf_with_javascript, "JS, JavaScript"),
        (hostile_files.pdf_with_open_action_script, "JS, JavaScript"),
        (hostile_files.pdf_with_launch, "Launch"),
        (hostile_files.pdf_with_embedded_file, "EmbeddedFile, EmbeddedFiles"),
    ],
)
def test_a_pdf_with_active_content_is_refused_with_the_reason(client, proposal, builder, names):
    page = upload(client, proposal, "paraiska.pdf", builder())
    assert f"„paraiska.pdf“ turi aktyvaus turinio ({names})" in page
    assert "Išsaugokite ar atspausdinkite jį iš naujo kaip paprastą PDF" in page
    assert not Attachment.objects.exists()


def test_the_reason_is_in_english_for_an_english_page(client, proposal):
    with translation.override("en"):
        url = reverse("calls:attachment_upload", args=[proposal.pk])
    response = client.post(
        url,
        {"kind": "budget", "file": [SimpleUploadedFile("a.pdf", hostile_files.pdf_with_launch())]},
        follow=True,
    )
    assert "“a.pdf” contains active content (Launch)" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [PDF, hostile_files.pdf_opening_at_page_one()],
    ids=["plain", "open-at-page-one"],
)
def test_plain_pdfs_are_still_accepted(client, proposal, data):
    page = upload(client, proposal, "ok.pdf", data)
    assert "Failai pridėti." in page
    assert Attachment.objects.count() == 1


def test_the_same_check_guards_every_other_upload_form():
    """Consultations, complaints, call documents, clarifications and strategy minutes
    call content_problem too; it decides by bytes, whatever the name."""
    from io import BytesIO

    assert content_problem("x.png", BytesIO(hostile_files.pdf_with_javascript()))
    assert content_problem("x.odt", BytesIO(hostile_files.docx_bomb(200)))
    assert content_problem("x.pdf", BytesIO(PDF)) is None
