"""An offline test PKI built with certomancer: a root, a qualified-style CA issuing the
board's signers (chair, secretary, an outsider, a revoked and an expired one), the LAG's
seal, a timestamp authority and an OCSP responder. Keys are made afresh per test run
(EC P-256, fast); nothing here is trusted outside the tests."""

import datetime
import functools
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

# The qcStatements extension type must be known to asn1crypto before certomancer
# builds certificates carrying it.
from pyhanko.sign.ades import qualified_asn1  # noqa: F401

URL_PREFIX = "http://pki.telka.test"
CHAIR = "Petras Viešasis"  # the chair seat of the decisions tests' board
SECRETARY = "Jonas Jonaitis"
OUTSIDER = "Petras Outsideris"

KEYS = ["root", "qca", "ocsp", "tsa", "chair", "secretary", "outsider", "revoked",
        "expired", "seal", "rogue-root", "rogue-signer"]  # fmt: skip

ALWAYS = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2099-01-01T00:00:00+0000"}
QUALIFIED_SIGNATURE = {
    "id": "qc_statements",
    "value": [
        {"statement_id": "qc_compliance"},
        {"statement_id": "qc_sscd"},
        {"statement_id": "qc_type", "statement_info": ["qct_esign"]},
    ],
}
SIGNER_USAGE = {
    "id": "key_usage",
    "critical": True,
    "smart-value": {"schema": "key-usage", "params": ["digital_signature", "non_repudiation"]},
}


def _person(name: str, code: str) -> dict:
    given, surname = name.split(" ", 1)
    return {
        "common-name": name.upper(),
        "given-name": given.upper(),
        "surname": surname.upper(),
        "serial-number": f"PNOLT-{code}",
        "country-name": "LT",
    }


def _signer(issuer: str, validity: dict, *, qualified: bool = True, **extra) -> dict:
    return {
        "issuer": issuer,
        "validity": validity,
        "extensions": [SIGNER_USAGE] + ([QUALIFIED_SIGNATURE] if qualified else []),
        **extra,
    }


def config(keydir: Path) -> dict:
    ca = {"id": "simple-ca", "params": {"ocsp-service": "qca-ocsp", "crl-repo": "qca"}}
    return {
        "external-url-prefix": URL_PREFIX,
        "keysets": {
            "telka": {"path-prefix": str(keydir), "keys": {k: {"path": f"{k}.pem"} for k in KEYS}}
        },
        "pki-architectures": {
            "telka": {
                "keyset": "telka",
                "entity-defaults": {"country-name": "LT", "organization-name": "Telka Test PKI"},
                "entities": {
                    "root": {"common-name": "TEST ONLY Telka Root CA"},
                    "qca": {"common-name": "TEST ONLY Telka Qualified CA"},
                    "ocsp": {"common-name": "TEST ONLY Telka OCSP"},
                    "tsa": {"common-name": "TEST ONLY Telka Timestamps"},
                    "chair": _person(CHAIR, "38001010001"),
                    "secretary": _person(SECRETARY, "38001010002"),
                    "outsider": _person(OUTSIDER, "38001010003"),
                    "revoked": _person(CHAIR, "38001010004"),
                    "expired": _person(CHAIR, "38001010005"),
                    "seal": {"common-name": "TEST ONLY LAG seal", "organization-name": "Aleksotas VVG"},
                    "rogue-root": {"common-name": "Rogue Root CA"},
                    "rogue-signer": _person(CHAIR, "38001010006"),
                },
                "certs": {
                    "root": {"issuer": "root", "validity": ALWAYS, "profiles": ["simple-ca"]},
                    "qca": {"issuer": "root", "validity": ALWAYS, "profiles": [ca]},
                    "ocsp": {"issuer": "qca", "validity": ALWAYS, "profiles": ["ocsp-responder"]},
                    "tsa": {
                        "issuer": "root",
                        "validity": ALWAYS,
                        "extensions": [
                            {"id": "key_usage", "critical": True, "smart-value": {"schema": "key-usage", "params": ["digital_signature"]}},
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                        ],
                    },
                    "chair": _signer("qca", ALWAYS),
                    "secretary": _signer("qca", ALWAYS),
                    "outsider": _signer("qca", ALWAYS),
                    "revoked": _signer(
                        "qca",
                        ALWAYS,
                        revocation={"revoked-since": "2021-06-01T00:00:00+0000", "reason": "key_compromise"},
                    ),
                    "expired": _signer(
                        "qca",
                        {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2021-01-01T00:00:00+0000"},
                    ),
                    "seal": _signer("qca", ALWAYS),
                    "rogue-root": {"issuer": "rogue-root", "validity": ALWAYS, "profiles": ["simple-ca"]},
                    "rogue-signer": _signer("rogue-root", ALWAYS),
                },
                "services": {
                    "ocsp": {
                        "qca-ocsp": {"for-issuer": "qca", "responder-cert": "ocsp", "signing-key": "ocsp"}
                    },
                    "crl-repo": {
                        "qca": {"for-issuer": "qca", "signing-key": "qca", "simulated-update-schedule": "P30D"}
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }  # fmt: skip


@functools.cache
def test_pki():
    """The PKI architecture (certomancer), built once per test run."""
    from certomancer.registry import CertomancerConfig

    keydir = Path(tempfile.mkdtemp(prefix="telka-pki-"))
    for label in KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        (keydir / f"{label}.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return CertomancerConfig(config(keydir), key_search_dir=str(keydir)).get_pki_arch("telka")


def cert_der(label: str) -> bytes:
    return test_pki().get_cert(label).dump()


def signer(label: str):
    """A pyHanko signer holding `label`'s key and certificate, with its chain."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    arch = test_pki()
    chain = [arch.get_cert("qca"), arch.get_cert("root")]
    if label.startswith("rogue"):
        chain = [arch.get_cert("rogue-root")]
    return signers.SimpleSigner(
        signing_cert=arch.get_cert(label),
        signing_key=arch.key_set.get_private_key(label),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def pkcs12_bytes(label: str, passphrase: bytes) -> bytes:
    """`label`'s key and certificate chain as a PKCS#12 file, as a LAG would configure."""
    from cryptography import x509

    arch = test_pki()
    key = serialization.load_der_private_key(arch.key_set.get_private_key(label).dump(), None)
    cert = x509.load_der_x509_certificate(arch.get_cert(label).dump())
    cas = [x509.load_der_x509_certificate(arch.get_cert(c).dump()) for c in ("qca", "root")]
    return pkcs12.serialize_key_and_certificates(
        label.encode(), key, cert, cas, serialization.BestAvailableEncryption(passphrase)
    )


def services(at: datetime.datetime | None = None):
    """A context manager in which the PKI's OCSP, CRL and timestamp URLs answer, in
    process (requests-mock; no network)."""
    import requests_mock
    from certomancer.integrations.illusionist import Illusionist

    mocker = requests_mock.Mocker(real_http=False)
    Illusionist(test_pki(), at_time=at).register(mocker)
    return mocker


TSA_URL = f"{URL_PREFIX}/telka/tsa/tsa"


def sign(data: bytes, label: str, field: str, *, timestamp: bool = False) -> bytes:
    """`data` signed by `label` as an incremental update (what a signing tool does);
    with a timestamp from the test TSA when asked (needs `services()`)."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    stamper = RequestsHTTPTimeStamper(TSA_URL) if timestamp else None
    return signers.PdfSigner(meta, signer(label), timestamper=stamper).sign_pdf(writer).getvalue()


def asice(
    files: dict[str, bytes],
    label: str,
    *,
    timestamp: bool = False,
    signing_time: datetime.datetime | None = None,
    signed_files: list[str] | None = None,
) -> bytes:
    """An ASiC-E container of `files` with a XAdES signature by `label` (what an ID card
    or mobile signature tool makes); timestamped by the test TSA when asked (needs
    `services()`)."""
    from cryptography import x509
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    from telka.signatures.asice_make import make_asice

    arch = test_pki()
    key = serialization.load_der_private_key(arch.key_set.get_private_key(label).dump(), None)
    issuer = "rogue-root" if label.startswith("rogue") else "qca"
    chain = [x509.load_der_x509_certificate(arch.get_cert(c).dump()) for c in (label, issuer)]
    return make_asice(
        files,
        key=key,
        chain=chain,
        signing_time=signing_time,
        timestamper=RequestsHTTPTimeStamper(TSA_URL) if timestamp else None,
        signed_files=signed_files,
    )
