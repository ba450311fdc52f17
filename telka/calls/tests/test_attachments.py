"""Uploads: type checked by content, per-file and total limits, streaming to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from telka.calls.models import Attachment
from telka.calls.uploads import MAX_ATTACHMENTS

from .helpers import JPEG, PDF, PNG, attach, make_proposal, office_file, open_call


@pytest.fixture
def proposal(lag, strategy, organisation, ana, client):
    client.force_login(ana)
    return make_proposal(open_call(lag, strategy), organisation, ana, complete=False)


def upload(client, proposal, *files, kind="budget"):
    return client.post(
        reverse("calls:attachment_upload", args=[proposal.pk]),
        {"kind": kind, "file": list(files)},
        follow=True,
    )


def page_of(response) -> str:
    return response.content.decode().replace("\xa0", " ")


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        (
            "b.docx",
            office_file("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "c.xlsx",
            office_file("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("d.odt", office_file("odt"), "application/vnd.oasis.opendocument.text"),
        ("g.asice", office_file("asice"), "application/vnd.etsi.asic-e+zip"),
        ("e.JPG", JPEG, "image/jpeg"),
        ("f.png", PNG, "image/png"),
    ],
)
def test_it_accepts_the_allowed_types_by_content(client, proposal, name, data, content_type):
    response = upload(client, proposal, SimpleUploadedFile(name, data, "application/x-anything"))
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(data),
    )
    assert attachment.file.read() == data
    assert "Failai pridėti." in page_of(response)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.pdf", b"MZ\x90\x00 an executable behind a PDF name"),
        ("notes.docx", b"plain text pretending"),
        ("archive.xlsx", office_file("odt").replace(b"opendocument.text", b"opendocument.xxxx")),
        ("page.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_it_refuses_wrong_content_behind_a_good_extension(client, proposal, name, data):
    response = upload(client, proposal, SimpleUploadedFile(name, data, "application/pdf"))
    assert f"„{name}“ nėra PDF, DOCX, XLSX, ODT, ASiC-E, JPG ar PNG failas." in page_of(response)
    assert not Attachment.objects.exists()


def test_it_refuses_a_pdf_named_as_something_else(client, proposal):
    response = upload(client, proposal, SimpleUploadedFile("scan.docx", PDF))
    assert "„scan.docx“ iš tikrųjų yra PDF failas" in page_of(response)
    assert not Attachment.objects.exists()


def test_it_refuses_an_empty_file(client, proposal):
    response = upload(client, proposal, SimpleUploadedFile("empty.pdf", b""))
    assert "„empty.pdf“ yra tuščias." in page_of(response)
    assert not Attachment.objects.exists()


def test_it_stops_an_oversized_file_while_streaming(client, proposal, settings, tmp_path):
    settings.TELKA_ATTACHMENT_MAX_BYTES = 1000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    small = SimpleUploadedFile("small.pdf", PDF[:900] if len(PDF) > 900 else PDF)
    response = upload(client, proposal, big, small)
    assert "„big.pdf“ didesnis nei 1000" in page_of(response)
    assert not Attachment.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_going_over_the_total_size(client, proposal, settings):
    settings.TELKA_ATTACHMENTS_TOTAL_MAX_BYTES = len(PDF) * 2
    attach(proposal)
    response = upload(
        client, proposal, SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)
    )
    assert "Visi priedai kartu negali viršyti" in page_of(response)
    assert Attachment.objects.count() == 1


def test_it_refuses_too_many_attachments(client, proposal):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(MAX_ATTACHMENTS + 1)]
    response = upload(client, proposal, *files)
    assert (
        f"Projektiniame pasiūlyme gali būti ne daugiau kaip {MAX_ATTACHMENTS} priedų."
        in page_of(response)
    )
    assert not Attachment.objects.exists()


def test_two_hundred_files_at_once_get_a_clear_message(client, proposal):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(200)]
    response = upload(client, proposal, *files)
    assert response.status_code == 200
    assert "Per daug failų vienu kartu" in page_of(response)
    assert not Attachment.objects.exists()


def test_an_attachment_can_be_removed(client, proposal):
    attachment = attach(proposal)
    stored = attachment.file.name
    client.post(reverse("calls:attachment_delete", args=[proposal.pk, attachment.pk]))
    assert not Attachment.objects.exists()
    assert not attachment.file.storage.exists(stored)


def test_it_downloads_the_file_under_its_original_name(client, proposal):
    attachment = attach(proposal, name="sąmata.pdf")
    response = client.get(reverse("calls:attachment", args=[proposal.pk, attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
