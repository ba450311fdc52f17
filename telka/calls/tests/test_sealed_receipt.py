"""The LAG's seal on the receipt (issue 17): with a seal configured, the receipt e-mailed
on submission is a PAdES document that an independent validator (pyHanko's own API,
not Telka's validation module) finds intact, trusted and timestamped by the TSA; without
a seal the receipt is issued unsealed, as before."""

import io

import pytest
from django.core import mail

from telka.calls import workflow
from telka.signatures.tests import pki
from telka.signatures.tests.conftest import (  # noqa: F401
    pki_services,
    softhsm_module,
    test_seal,
    token_seal,
)

from .helpers import make_proposal, open_call

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def receipt(lag, strategy, organisation, ana, django_capture_on_commit_callbacks):
    def emailed() -> bytes:
        proposal = make_proposal(open_call(lag, strategy), organisation, ana)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit_proposal(proposal=proposal, actor=ana)
        return mail.outbox[-1].attachments[0][1]

    return emailed


def test_a_sealed_receipt_validates_independently_with_its_timestamp(receipt, test_seal):  # noqa: F811
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = receipt()
    (seal,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    root = x509.Certificate.load(pki.cert_der("root"))
    context = ValidationContext(trust_roots=[root], allow_fetching=True)
    status = validate_pdf_signature(seal, context, ts_validation_context=context)
    assert status.bottom_line, status.pretty_print_details()
    # PAdES-B-LT: the revocation data is added after the seal, nothing else.
    assert status.coverage.name == "ENTIRE_REVISION"
    assert status.modification_level.name == "LTA_UPDATES"
    assert "LAG seal" in status.signing_cert.subject.human_friendly
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert "Timestamps" in status.timestamp_validity.signing_cert.subject.human_friendly


def test_a_receipt_sealed_with_the_key_on_a_pkcs11_token_validates(receipt, token_seal):  # noqa: F811
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    (seal,) = PdfFileReader(io.BytesIO(receipt())).embedded_signatures
    root = x509.Certificate.load(pki.cert_der("root"))
    context = ValidationContext(trust_roots=[root], allow_fetching=True)
    status = validate_pdf_signature(seal, context, ts_validation_context=context)
    assert status.bottom_line, status.pretty_print_details()
    assert "LAG seal" in status.signing_cert.subject.human_friendly
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_without_a_seal_the_receipt_is_not_signed(receipt, settings):
    from pyhanko.pdf_utils.reader import PdfFileReader

    settings.TELKA_SEAL_PKCS12 = ""
    data = receipt()
    assert data.startswith(b"%PDF")
    assert list(PdfFileReader(io.BytesIO(data)).embedded_signatures) == []
