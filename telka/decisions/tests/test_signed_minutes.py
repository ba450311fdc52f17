"""Electronically signed minutes (issue 17): staff download the minutes for signing, the
chair and the secretary sign that PDF with their own tools, and the upload is accepted
only when every check passes; otherwise it is refused with its reason and nothing
changes. The signers, CAs, OCSP responder and TSA come from the offline test PKI."""

import hashlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from telka.audit.models import AuditEvent
from telka.decisions import workflow
from telka.decisions.models import Minutes, MinutesDraft
from telka.lib.workflow import Refused
from telka.signatures import demo
from telka.signatures.models import SignedDocument, Validation
from telka.signatures.seal import seal_pdf
from telka.signatures.tests import pki
from telka.signatures.tests.conftest import pki_services, trusted_root  # noqa: F401

from .builders import ranked
from .helpers import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(meeting, seats, sara, call, pki_services, trusted_root):  # noqa: F811
    ranked(call, 90, 20000)
    workflow.record_attendance(
        meeting=meeting,
        actor=sara,
        present={s.pk for s in seats},
        chair=seats[0],
        secretary=pki.SECRETARY,
    )
    decide(meeting, seats, sara, call.allocations.first())
    workflow.close_meeting(meeting=meeting, actor=sara)
    return meeting


@pytest.fixture
def draft(closed, sara) -> bytes:
    issued = workflow.issue_minutes_for_signing(meeting=closed, actor=sara)
    return issued.pdf.read()


def both_signed(data: bytes, chair="chair", secretary="secretary") -> bytes:
    return pki.sign(pki.sign(data, chair, "Chair", timestamp=True), secretary, "Secretary")


def refused(closed, sara, data: bytes, match: str) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(Refused, match=match):
        workflow.accept_signed_minutes(meeting=closed, actor=sara, data=data)
    assert not Minutes.objects.filter(meeting=closed).exists()
    assert not SignedDocument.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_pdf_for_signing_is_issued_once_and_kept_byte_for_byte(closed, sara, draft):
    again = workflow.issue_minutes_for_signing(meeting=closed, actor=sara)
    assert again.pdf.read() == draft
    assert MinutesDraft.objects.get(meeting=closed).sha256 == hashlib.sha256(draft).hexdigest()
    assert AuditEvent.objects.filter(action="minutes.issued_for_signing").count() == 1


def test_minutes_signed_by_the_chair_and_the_secretary_are_accepted(closed, sara, draft):
    signed = both_signed(draft)
    minutes = workflow.accept_signed_minutes(meeting=closed, actor=sara, data=signed)
    assert minutes.signed_at and minutes.pdf.read() == signed
    assert minutes.sha256 == hashlib.sha256(signed).hexdigest()
    assert minutes.signatories == "PETRAS VIEŠASIS, JONAS JONAITIS"
    validation = Validation.objects.get(document=minutes.signed_document)
    assert validation.ok
    chair, secretary = validation.checks
    assert chair.subject_serial == "PNOLT-38001010001"
    assert chair.timestamped and chair.timestamp_trusted
    assert chair.qualification == "qes" and "TEST ONLY Telka Root CA" in chair.anchor
    assert secretary.coverage == "ENTIRE_FILE" and secretary.intact and secretary.trusted
    assert AuditEvent.objects.filter(action="minutes.signed", changes__electronic=True).exists()


def test_a_signature_by_someone_else_is_refused(closed, sara, draft):
    signed = both_signed(draft, secretary="outsider")
    refused(closed, sara, signed, "PETRAS OUTSIDERIS is neither the chair")


def test_only_one_of_the_two_signing_is_refused(closed, sara, draft):
    refused(closed, sara, pki.sign(draft, "chair", "Chair"), "secretary of the meeting, Jonas")


def test_minutes_changed_after_signing_are_refused(closed, sara, draft):
    signed = bytearray(both_signed(draft))
    at = signed.index(b"/MediaBox")  # inside the first revision, covered by both signatures
    signed[at + 1 : at + 2] = b"X"
    refused(closed, sara, bytes(signed), "does not match the signed content")


def test_signatures_over_another_document_are_refused(closed, sara, draft):
    import weasyprint

    other = weasyprint.HTML(string="<h1>Kitas protokolas</h1>").write_pdf()
    refused(closed, sara, both_signed(other), "not on the minutes Telka issued")


def test_an_expired_signer_is_refused(closed, sara, draft):
    refused(closed, sara, both_signed(draft, chair="expired"), "not valid at the time of signing")


def test_a_revoked_signer_is_refused(closed, sara, draft):
    refused(closed, sara, both_signed(draft, chair="revoked"), "was revoked")


def test_a_signer_from_an_unknown_ca_is_refused(closed, sara, draft):
    signed = both_signed(draft, chair="rogue-signer")
    refused(closed, sara, signed, "does not chain to a trusted certification authority")


def test_an_unsigned_file_is_refused(closed, sara, draft):
    refused(closed, sara, draft, "carries no electronic signature")
    refused(closed, sara, b"not a pdf", "not a PDF that can be read")


def test_signed_minutes_cannot_be_uploaded_before_the_pdf_for_signing(closed, sara):
    refused(closed, sara, b"%PDF-1.7", "Download the minutes for signing first")


def test_minutes_edited_after_signing_in_an_update_are_refused(closed, sara, draft):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(both_signed(draft)), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)  # a visible change to the signed page
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    refused(closed, sara, out.getvalue(), "changed after it was signed")


def test_the_demo_seal_and_demo_signatures_work_together(closed, sara, draft, settings, tmp_path):
    """`make run`: load_demo makes the test-only demo PKI and trusts its root; minutes
    signed with `manage.py demo_sign_pdf` by the chair and the secretary are accepted."""
    settings.VAR_DIR = tmp_path
    demo.load(SimpleNamespace(logins=[]))
    settings.TELKA_SEAL_PKCS12 = str(tmp_path / "demo-pki" / "seal.p12")
    settings.TELKA_SEAL_PASSPHRASE = "demo-test-only"
    (tmp_path / "draft.pdf").write_bytes(draft)
    call_command("demo_sign_pdf", tmp_path / "draft.pdf", tmp_path / "one.pdf", name=pki.CHAIR)
    call_command("demo_sign_pdf", tmp_path / "one.pdf", tmp_path / "two.pdf", name=pki.SECRETARY)
    minutes = workflow.accept_signed_minutes(
        meeting=closed, actor=sara, data=(tmp_path / "two.pdf").read_bytes()
    )
    checks = Validation.objects.get(document=minutes.signed_document).checks
    assert [c.field for c in checks] == ["Chair", "Secretary"]
    # Demo person certificates declare themselves qualified, as an ID card's do; only the
    # demo's test-only root trusts them.
    assert all("TEST ONLY" in c.anchor and c.qualification == "qes" for c in checks)

    sealed = PdfFileReader(io.BytesIO(seal_pdf(draft))).embedded_signatures
    assert [s.signer_cert.subject.native["common_name"] for s in sealed] == [
        "TELKA DEMO SEAL - TEST ONLY"
    ]


def test_decision_notices_carry_the_lags_seal(closed, settings, tmp_path):
    """Issue 17 item 1: with a seal configured, the notice PDF an applicant gets is
    sealed with a trusted timestamp and validates."""
    from telka.decisions.models import Notice
    from telka.decisions.notices import attach_pdf
    from telka.signatures.validation import validate_pdf

    (tmp_path / "seal.p12").write_bytes(pki.pkcs12_bytes("seal", b"test-only"))
    settings.TELKA_SEAL_PKCS12 = str(tmp_path / "seal.p12")
    settings.TELKA_SEAL_PASSPHRASE = "test-only"
    settings.TELKA_SEAL_TSA_URL = pki.TSA_URL
    issued = Notice.objects.filter(decision__meeting=closed).first()
    notice = Notice(proposal=issued.proposal, decision=issued.decision, snapshot=issued.snapshot)
    attach_pdf(notice)
    report = validate_pdf(notice.pdf.read())
    assert report.ok
    (check,) = report.signatures
    assert check.signer == "TEST ONLY LAG seal" and check.timestamp_trusted


@pytest.mark.parametrize(
    ("model", "assignment"),
    [
        (MinutesDraft, "sha256 = 'forged'"),
        (Validation, "ok = FALSE"),
        (Minutes, "signed_document_id = NULL"),
    ],
    ids=["MinutesDraft", "Validation", "Minutes"],
)
def test_the_database_refuses_to_rewrite_what_was_signed_or_validated(
    closed, sara, draft, model, assignment
):
    """INV-35 below the models: the PDF issued for signing, each validation and the
    electronically signed minutes' link to their report refuse raw UPDATE and DELETE."""
    from django.db import IntegrityError, connection, transaction

    workflow.accept_signed_minutes(meeting=closed, actor=sara, data=both_signed(draft))
    table = model._meta.db_table
    for sql in (f"UPDATE {table} SET {assignment}", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert model.objects.count() == 1
