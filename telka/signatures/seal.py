"""The LAG's electronic seal on the PDFs Telka issues (PAdES-B-B, or PAdES-B-T with a
timestamp service). Configured by TELKA_SEAL_PKCS12, TELKA_SEAL_PASSPHRASE and
TELKA_SEAL_TSA_URL; without a certificate, `seal_pdf` returns the PDF unchanged."""

import functools
import io
import logging
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SEAL_FIELD = "TelkaSeal"


class SealError(Exception):
    """The configured seal cannot be used (file missing, wrong passphrase…)."""


def seal_configured() -> bool:
    return bool(settings.TELKA_SEAL_PKCS12)


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


def seal_signer():
    return _signer(settings.TELKA_SEAL_PKCS12, settings.TELKA_SEAL_PASSPHRASE)


def _timestamper():
    if not settings.TELKA_SEAL_TSA_URL:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(settings.TELKA_SEAL_TSA_URL, timeout=10)


def seal_pdf(data: bytes) -> bytes:
    """`data` with the LAG's seal added as an incremental PAdES signature that covers
    the whole document; `data` itself when no seal is configured."""
    if not seal_configured():
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Telka",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    pdf_signer = signers.PdfSigner(meta, signer=seal_signer(), timestamper=_timestamper())
    return pdf_signer.sign_pdf(writer).getvalue()


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
