"""The LAG's electronic seal on the PDFs Telka issues: PAdES-B-LT when the seal's
revocation data (OCSP/CRL) can be fetched, with the certificates and revocation answers
embedded so the file can be validated later without the CA's services; PAdES-B-T (with
a timestamp service) or B-B otherwise, with a logged warning. Configured by
TELKA_SEAL_PKCS12, TELKA_SEAL_PASSPHRASE and TELKA_SEAL_TSA_URL, or with the key on a
PKCS#11 token (HSM, smart card) by TELKA_SEAL_PKCS11_MODULE, _TOKEN_LABEL, _KEY_LABEL,
_CERT_LABEL and _PIN (pyhanko.sign.pkcs11, python-pkcs11 imported only then); without
either, `seal_pdf` returns the PDF unchanged."""

import contextlib
import functools
import io
import logging
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SEAL_FIELD = "TelkaSeal"
# One PKCS#11 session per process, used by one thread at a time (threaded workers).
_token_lock = threading.Lock()


class SealError(Exception):
    """The configured seal cannot be used (file missing, wrong passphrase…)."""


def seal_configured() -> bool:
    return bool(settings.TELKA_SEAL_PKCS11_MODULE or settings.TELKA_SEAL_PKCS12)


@functools.cache
def _signer(path: str, passphrase: str):
    from pyhanko.sign import signers

    try:
        return signers.SimpleSigner.load_pkcs12_data(
            Path(path).read_bytes(), other_certs=[], passphrase=passphrase.encode() or None
        )
    except (OSError, ValueError) as error:
        raise SealError(
            f"The seal in {path} cannot be read (TELKA_SEAL_PKCS12/PASSPHRASE): {error}"
        ) from error


@functools.cache
def _token_signer(module: str, token: str, key: str, cert: str, pin: str):
    """A signer whose key stays on the PKCS#11 token; the session is opened once per
    process and kept. The key's label names the certificate too unless
    TELKA_SEAL_PKCS11_CERT_LABEL says otherwise. Every certificate on the token is pulled, so a CA chain stored
    beside the seal's certificate is embedded too."""
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        session = pkcs11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=token or None), user_pin=pin or None
        )
        signer = pkcs11.PKCS11Signer(
            session,
            key_label=key or None,
            cert_label=cert or key or None,
            other_certs_to_pull=None,
            # Hashed here, the token signs the digest: what every token can do (SoftHSM
            # and many smart cards have no combined hash-and-sign for EC keys).
            use_raw_mechanism=True,
        )
        signer.signing_cert  # noqa: B018 - fetch the certificate now: a wrong label fails here
    except Exception as error:  # noqa: BLE001 - python-pkcs11 missing, module, token, PIN, labels
        raise SealError(
            f"The seal on the PKCS#11 token {token!r} cannot be used "
            f"(TELKA_SEAL_PKCS11_MODULE/TOKEN_LABEL/KEY_LABEL/CERT_LABEL/PIN): {error!r}"
        ) from error
    return signer


def seal_signer():
    if settings.TELKA_SEAL_PKCS11_MODULE:
        return _token_signer(
            settings.TELKA_SEAL_PKCS11_MODULE,
            settings.TELKA_SEAL_PKCS11_TOKEN_LABEL,
            settings.TELKA_SEAL_PKCS11_KEY_LABEL,
            settings.TELKA_SEAL_PKCS11_CERT_LABEL,
            settings.TELKA_SEAL_PKCS11_PIN,
        )
    return _signer(settings.TELKA_SEAL_PKCS12, settings.TELKA_SEAL_PASSPHRASE)


def _timestamper():
    if not settings.TELKA_SEAL_TSA_URL:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(settings.TELKA_SEAL_TSA_URL, timeout=10)


def _revocation_context(signer):
    """What B-LT needs to gather the seal's revocation data: the seal's chain (its
    self-signed top as the root: this collects data, it trusts nothing) and the stored
    trust anchors (for the timestamp unit), fetching with revocation required."""
    from django.db import DatabaseError
    from pyhanko_certvalidator import ValidationContext

    from .models import TrustAnchor
    from .validation import fetcher_backend

    chain = list(signer.cert_registry)
    roots = [c for c in chain if c.self_signed != "no"]
    try:
        roots += TrustAnchor.objects.certificates()
    except DatabaseError:  # no database (a bench, a script): the seal's chain only
        pass
    return ValidationContext(
        trust_roots=roots,
        other_certs=chain,
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=fetcher_backend(),
    )


# The space each kind of seal reserves for its signature in the PDF, remembered per
# process: left to itself pyHanko works it out before every signature by building a
# complete dummy one, which is 40 % of a seal's CPU time. The size is the same for every
# seal made with one certificate, level and timestamp service (pyHanko's own estimate
# already keeps a 50 % margin for timestamp and revocation answers of another length).
_reserved: dict[tuple, int] = {}


def _sign(data: bytes, *, long_term: bool) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    signer = seal_signer()
    extra = {}
    if long_term:
        extra = {"embed_validation_info": True, "validation_context": _revocation_context(signer)}
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Telka",
        **extra,
    )
    kind = (signer.signing_cert.sha256, long_term, settings.TELKA_SEAL_TSA_URL)

    def sign(reserve: int | None) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=_timestamper())
        return pdf_signer.sign_pdf(writer, bytes_reserved=reserve).getvalue()

    if kind in _reserved:
        try:
            return sign(_reserved[kind])
        except SigningError:  # an answer larger than ever before: estimate again
            del _reserved[kind]
    sealed = sign(None)
    _reserved[kind] = _reservation(sealed)
    return sealed


def _reservation(sealed: bytes) -> int:
    """The hexadecimal characters reserved for the last signature of `sealed`."""
    start, length, end, _ = _last_byte_range(sealed)
    return end - (start + length) - 2  # the gap between the ranges, less '<' and '>'


def _last_byte_range(data: bytes) -> list[int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[-1]
    return [int(value) for value in signature.byte_range]


def seal_pdf(data: bytes) -> bytes:
    """`data` with the LAG's seal added as an incremental PAdES signature that covers
    the whole document (B-LT when revocation data can be had, else B-T/B-B); `data`
    itself when no seal is configured."""
    if not seal_configured():
        return data
    token = settings.TELKA_SEAL_PKCS11_MODULE
    with _token_lock if token else contextlib.nullcontext():
        return _seal(data)


def _seal(data: bytes) -> bytes:
    cert = seal_signer().signing_cert  # a seal that cannot be read fails loudly
    if not (cert.ocsp_urls or cert.crl_distribution_points):
        return _sign(data, long_term=False)  # nowhere to ask: B-T (or B-B), as configured
    try:
        return _sign(data, long_term=True)
    except Exception as error:  # noqa: BLE001 - OCSP/CRL unreachable or refusing
        logger.warning("Sealed without embedded revocation data (PAdES-B-T, not B-LT): %s", error)
        return _sign(data, long_term=False)


def with_signature_fields(data: bytes, names: list[str]) -> bytes:
    """`data` with empty signature fields `names` added (incremental update): a PDF
    prepared for signing, which signing tools fill in, and whose form later changes
    pyHanko can compare against."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    for name in names:
        fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name))
    # SignaturesExist | AppendOnly, as a signature sets them: signing then changes no flag.
    acroform = writer.root["/AcroForm"]
    acroform["/SigFlags"] = generic.NumberObject(3)
    writer.update_container(acroform)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
