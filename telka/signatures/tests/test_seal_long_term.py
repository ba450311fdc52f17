"""The LAG's seal as PAdES-B-LT (issue 17 item 1): with the CA's OCSP responder
reachable (certomancer's, in process) the sealed PDF carries its certificates and
revocation answers in a document security store and validates with fetching turned off;
with OCSP and CRL unreachable it is sealed as B-T and a warning is logged."""

import logging
import re

import pytest
import requests
from asn1crypto import x509

from telka.signatures.seal import seal_pdf
from telka.signatures.validation import open_pdf, validate_pdf

from . import pki

pytestmark = pytest.mark.usefixtures("db", "test_seal")


@pytest.fixture
def draft():
    from telka.calls.demo import tiny_pdf

    return tiny_pdf("Kvitas (test)")


def validate_offline(data: bytes):
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature

    reader = open_pdf(data)
    (seal,) = reader.embedded_signatures
    root = x509.Certificate.load(pki.cert_der("root"))
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    return validate_pdf_signature(seal, context, ts_validation_context=context)


def test_with_ocsp_reachable_the_seal_is_long_term(draft, pki_services):
    data = seal_pdf(draft)
    reader = open_pdf(data)
    assert "/DSS" in reader.root
    assert len(reader.root["/DSS"]["/OCSPs"]) >= 1
    pki_services.stop()  # the CA is gone: the embedded answers must suffice
    status = validate_offline(data)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_with_revocation_unreachable_the_seal_falls_back_to_b_t(draft, pki_services, caplog):
    unreachable = re.compile(r".*/telka/(ocsp|crls)/.*")
    pki_services.register_uri(requests_mock_any(), unreachable, exc=requests.ConnectionError)
    with caplog.at_level(logging.WARNING, logger="telka.signatures.seal"):
        data = seal_pdf(draft)
    reader = open_pdf(data)
    assert "/DSS" not in reader.root
    (check,) = validate_pdf(data, [x509.Certificate.load(pki.cert_der("root"))]).signatures
    assert check.timestamped and check.timestamp_trusted
    assert "Sealed without embedded revocation data (PAdES-B-T, not B-LT)" in caplog.text


def requests_mock_any():
    import requests_mock

    return requests_mock.ANY
