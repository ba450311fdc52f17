"""A TEST-ONLY PKI for the demo (`make run`): a demo root CA, the LAG's demo seal and,
on request, demo signing certificates for named people, so that sealed receipts and a
signed-minutes upload can be tried on one machine. Keys are made on first use under
var/demo-pki/; nothing here is trusted outside the demo, and every name says so."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

PASSPHRASE = b"demo-test-only"
ROOT_NAME = "TELKA DEMO ROOT CA - TEST ONLY, NOT TRUSTED"
SEAL_NAME = "TELKA DEMO SEAL - TEST ONLY"


def folder() -> Path:
    return Path(settings.VAR_DIR) / "demo-pki"


def _name(common: str, extra: dict | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "LT")]
    attributes += [x509.NameAttribute(oid, value) for oid, value in (extra or {}).items()]
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Telka demo (test only)"))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(attributes)


def _qualified_statements() -> x509.UnrecognizedExtension:
    """qcStatements declaring a qualified signature on a secure device (ETSI EN 319
    412-5), so the demo can show the qualified path. The demo root is the only anchor
    that trusts them, and only in the demo."""
    from pyhanko.sign.ades import qualified_asn1

    statements = qualified_asn1.QcStatements(
        [
            {"statement_id": "qc_compliance"},
            {"statement_id": "qc_sscd"},
            {"statement_id": "qc_type", "statement_info": ["qct_esign"]},
        ]
    )
    oid = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
    return x509.UnrecognizedExtension(oid, statements.dump())


def _issue(
    subject: x509.Name, key, issuer: x509.Name, issuer_key, *, ca: bool, qualified: bool = False
):
    now = datetime.datetime.now(datetime.UTC)
    usage = dict.fromkeys(
        ["content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
         "encipher_only", "decipher_only"], False)  # fmt: skip
    usage["content_commitment"] = not ca
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=ca, crl_sign=ca, **usage),
            critical=True,
        )
    )
    if qualified:
        builder = builder.add_extension(_qualified_statements(), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _root():
    """The demo root certificate and key, made on first use."""
    base = folder()
    cert_path, key_path = base / "root.pem", base / "root.key"
    if not cert_path.exists():
        base.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(ROOT_NAME)
        cert = _issue(name, key, name, key, ca=True)
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_path.chmod(0o600)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), None)
    return cert, key


def root_der() -> bytes:
    return _root()[0].public_bytes(serialization.Encoding.DER)


def pkcs12_for(common: str, extra: dict | None = None, *, qualified: bool = False) -> bytes:
    """A new key and demo certificate for `common`, as a PKCS#12 (PASSPHRASE)."""
    root, root_key = _root()
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _issue(_name(common, extra), key, root.subject, root_key, ca=False, qualified=qualified)
    return pkcs12.serialize_key_and_certificates(
        common.encode(), key, cert, [root], serialization.BestAvailableEncryption(PASSPHRASE)
    )


def person_pkcs12(full_name: str) -> bytes:
    """A demo signing certificate in `full_name`'s name (given name and surname split
    at the first space, as on an ID card), declaring itself qualified as a national ID
    card's does."""
    given, _, surname = full_name.partition(" ")
    names = {NameOID.GIVEN_NAME: given.upper(), NameOID.SURNAME: surname.upper()}
    return pkcs12_for(full_name.upper(), names, qualified=True)


def ensure_seal() -> Path:
    """The demo seal's PKCS#12 file (made on first use)."""
    path = folder() / "seal.p12"
    if not path.exists():
        path.write_bytes(pkcs12_for(SEAL_NAME))
        path.chmod(0o600)
    return path
