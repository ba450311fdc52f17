"""Fixtures of the signature tests: the offline test PKI, its services, its root as the
only trust anchor, and the LAG's test seal."""

import pytest
from django.utils import translation

from . import pki


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def pki_services():
    """The test PKI's OCSP, CRL and timestamp URLs answer (in process)."""
    with pki.services() as mocker:
        yield mocker


CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"


@pytest.fixture
def trusted_root(db):
    """The test root as a granted qualified CA service of a trusted list, so signatures
    with qualified certificates under it are qualified."""
    from telka.signatures.models import TrustAnchor

    der = pki.cert_der("root")
    return TrustAnchor.objects.create(
        subject="TEST ONLY Telka Root CA",
        fingerprint=TrustAnchor.fingerprint_of(der),
        der=der,
        not_after="2099-01-01T00:00:00Z",
        source="tests",
        service_type=CA_QC,
        service_status=GRANTED,
        qualifiers=["QCForESig"],
    )


@pytest.fixture
def test_seal(settings, tmp_path, pki_services):
    path = tmp_path / "seal.p12"
    path.write_bytes(pki.pkcs12_bytes("seal", b"test-only"))
    settings.TELKA_SEAL_PKCS12 = str(path)
    settings.TELKA_SEAL_PASSPHRASE = "test-only"
    settings.TELKA_SEAL_TSA_URL = pki.TSA_URL
    return path
