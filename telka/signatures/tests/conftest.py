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


@pytest.fixture(scope="session")
def softhsm_module():
    """The module of a SoftHSM2 token holding the test seal (made once per run)."""
    from . import softhsm

    if softhsm.module() is None:
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2; CI installs it)")
    return softhsm.make_token()


@pytest.fixture
def token_seal(settings, pki_services, softhsm_module):
    """The LAG's seal configured on the PKCS#11 token instead of a PKCS#12 file."""
    from . import softhsm

    settings.TELKA_SEAL_PKCS12 = ""
    settings.TELKA_SEAL_PKCS11_MODULE = softhsm_module
    settings.TELKA_SEAL_PKCS11_TOKEN_LABEL = softhsm.TOKEN
    settings.TELKA_SEAL_PKCS11_KEY_LABEL = softhsm.KEY_LABEL
    settings.TELKA_SEAL_PKCS11_CERT_LABEL = ""
    settings.TELKA_SEAL_PKCS11_PIN = softhsm.PIN
    settings.TELKA_SEAL_TSA_URL = pki.TSA_URL
    return softhsm_module
