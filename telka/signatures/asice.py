"""Validating ASiC-E containers (ETSI EN 319 162: `.asice`, `.sce`) and their XAdES
signatures, with the same verdicts and report as PAdES (validation.SignatureCheck).

A container is a ZIP whose first member `mimetype` says application/vnd.etsi.asic-e+zip;
its data files are every member outside META-INF/, and each META-INF/*signatures*.xml
holds XAdES signatures whose references name data files by their path. For each
signature:

- the XML signature itself, every reference's digest and the XAdES signing-certificate
  digest are checked by signxml (a maintained XML-DSig/XAdES library; the data files are
  handed to it by name, nothing is fetched);
- every data file of the container must be referenced, or the signature does not cover
  the container;
- the signing time is the signature timestamp's (xades:SignatureTimeStamp, checked with
  pyHanko against the same trust anchors) when there is one, else the claimed
  xades:SigningTime;
- the signer's certificate must chain to a TrustAnchor, be valid at that time and not be
  revoked (pyhanko-certvalidator, as for PAdES);
- the qualification is the certificate's qcStatements confirmed by the anchor's trusted
  list service (validation.qualification).
"""

import asyncio
import base64
import datetime
import hashlib
import io
import zipfile
from urllib.parse import unquote

from django.conf import settings

from .validation import (
    PdfReport,
    SignatureCheck,
    anchor_service,
    fetcher_backend,
    name_of,
    qualification,
    service_fields,
)

MIMETYPE = b"application/vnd.etsi.asic-e+zip"
DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
NS = {"ds": DS, "xades": XADES}
# Bounds on what is read from an uploaded container (its size is bounded by the upload).
MAX_MEMBERS = 200
MAX_SIGNATURE_XML = 2 * 1024 * 1024


def is_asice(data: bytes) -> bool:
    """An ASiC-E container by its bytes: a ZIP whose first member is its mimetype."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            first = archive.infolist()[0]
            return first.filename == "mimetype" and archive.read(first).strip() == MIMETYPE
    except (zipfile.BadZipFile, IndexError, OSError, KeyError, RuntimeError):
        return False


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class _Container:
    """The members of a container: data files by name and signature files' XML."""

    def __init__(self, archive: zipfile.ZipFile):
        from lxml import etree

        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise ValueError("too many members")
        self.files = {
            i.filename: archive.read(i)
            for i in members
            if i.filename != "mimetype" and not i.filename.startswith("META-INF/")
        }
        self.signature_files = {}
        for info in members:
            name = info.filename
            if name.startswith("META-INF/") and "signatures" in name and name.endswith(".xml"):
                if info.file_size > MAX_SIGNATURE_XML:
                    raise ValueError("signature file too large")
                self.signature_files[name] = etree.fromstring(archive.read(info), _parser())

    def resolve(self, uri: str) -> bytes | None:
        return self.files.get(unquote(uri))


def validate_asice(
    data: bytes, anchors: list | None = None, services: dict | None = None
) -> PdfReport:
    """Check every XAdES signature of the ASiC-E container `data` against `anchors`
    (asn1crypto certificates) and their trusted lists' `services`; by default every
    stored TrustAnchor."""
    if anchors is None:
        from .validation import stored_anchors

        anchors, services = stored_anchors()
    if not is_asice(data):
        return PdfReport(readable=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            container = _Container(archive)
    except Exception:  # noqa: BLE001 - a damaged container or malformed XML
        return PdfReport(readable=False)
    if not container.files:
        return PdfReport(readable=False)
    checks = []
    for name, root in sorted(container.signature_files.items()):
        for index, signature in enumerate(root.iter(f"{{{DS}}}Signature")):
            label = name if index == 0 else f"{name}#{index + 1}"
            checks.append(_check(container, root, signature, label, anchors, services or {}))
    return PdfReport(signatures=checks)


def _certificates(signature) -> list:
    from asn1crypto import x509

    return [
        x509.Certificate.load(base64.b64decode("".join((node.text or "").split())))
        for node in signature.iterfind("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    ]


def _claimed_time(signature) -> datetime.datetime | None:
    node = signature.find(".//xades:SignedSignatureProperties/xades:SigningTime", NS)
    if node is None or not (node.text or "").strip():
        return None
    when = datetime.datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def _context(anchors: list, others: list, moment: datetime.datetime):
    """Certificates checked as at `moment`; revocation data fetched today counts for
    that moment too (a certificate revoked after it signed is not refused for it)."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=anchors,
        other_certs=others,
        moment=moment,
        retroactive_revinfo=True,
        allow_fetching=settings.TELKA_SIGNATURE_FETCH_REVOCATION,
        revocation_mode=settings.TELKA_SIGNATURE_REVOCATION_MODE,
        fetcher_backend=fetcher_backend(),
    )


def _timestamp(signature, anchors: list) -> tuple[datetime.datetime, str] | None:
    """(time, problem code or "") of the signature's XAdES SignatureTimeStamp, None without one. The
    token's imprint must be the digest of the canonicalised ds:SignatureValue."""
    from asn1crypto import cms
    from lxml import etree
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data

    stamp = signature.find(".//xades:SignatureTimeStamp", NS)
    if stamp is None:
        return None
    token = stamp.find("xades:EncapsulatedTimeStamp", NS)
    method = stamp.find("ds:CanonicalizationMethod", NS)
    algorithm = method.get("Algorithm", "") if method is not None else ""
    value = signature.find("ds:SignatureValue", NS)
    canonical = etree.tostring(value, method="c14n", exclusive="xml-exc-c14n" in algorithm)
    signed_data = cms.ContentInfo.load(base64.b64decode("".join(token.text.split())))["content"]
    status = asyncio.run(
        validate_tst_signed_data(
            signed_data,
            _context(anchors, [], datetime.datetime.now(datetime.UTC)),
            lambda algo: hashlib.new(algo, canonical).digest(),
        )
    )
    if not (status.get("intact") and status.get("valid")):
        return status["timestamp"], "broken"
    trusted = status.get("validation_path") is not None and not status.get("trust_problem_indic")
    return status["timestamp"], "" if trusted else "untrusted"


def _verify_xml(root, signature, container: _Container, cert) -> tuple[str, set[str]]:
    """("" or a problem code, the data files the signature references)."""
    from cryptography import x509 as cx509
    from lxml import etree
    from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidSignature
    from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

    # One signature per document for the verifier: its siblings are left out, which
    # changes nothing it signed (a signature covers its own SignedInfo and references).
    copy = etree.fromstring(etree.tostring(root), _parser())
    position = list(root.iter(f"{{{DS}}}Signature")).index(signature)
    for other, node in enumerate(list(copy.iter(f"{{{DS}}}Signature"))):
        if other != position:
            node.getparent().remove(node)
    # signxml checks the integrity only: the certificate's validity at the signing time,
    # its chain and revocation are pyhanko-certvalidator's (_chain_problem).
    valid_time = cert.not_valid_before + (cert.not_valid_after - cert.not_valid_before) / 2
    config = XAdESSignatureConfiguration(expect_references=True, verification_time=valid_time)
    try:
        XAdESVerifier().verify(
            etree.tostring(copy),
            x509_cert=cx509.load_der_x509_certificate(cert.dump()),
            uri_resolver=container.resolve,
            expect_config=config,
            parser=_parser(),
        )
    except InvalidCertificate:
        return "expired", set()
    except (InvalidDigest, InvalidSignature):
        return "broken", set()
    except Exception:  # noqa: BLE001 - malformed or unsupported signature
        return "unchecked", set()
    referenced = {
        unquote(ref.get("URI", ""))
        for ref in signature.iterfind("ds:SignedInfo/ds:Reference", NS)
        if ref.get("URI") and not ref.get("URI").startswith("#")
    }
    return "", referenced


def _chain_problem(cert, others: list, anchors: list, when) -> tuple[str, object]:
    """(problem code or "", the validation path or None) of the signer's certificate at
    the signing time."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator import errors as cv

    validator = CertificateValidator(cert, validation_context=_context(anchors, others, when))
    try:
        path = asyncio.run(validator.async_validate_usage({"non_repudiation"}))
    except cv.RevokedError:
        return "revoked", None
    except (cv.ExpiredError, cv.NotYetValidError):
        return "expired", None
    except (cv.PathBuildingError, cv.PathValidationError, cv.InvalidCertificateError):
        return "untrusted", None
    except Exception:  # noqa: BLE001 - revocation data that cannot be had, and the like
        return "unchecked", None
    return "", path


def _revoked_since(cert, others: list, anchors: list) -> str:
    """ "revoked" when the certificate is revoked today. Without a timestamp the claimed
    signing time proves nothing, so a revocation after it still refuses the signature."""
    problem, _anchor = _chain_problem(cert, others, anchors, datetime.datetime.now(datetime.UTC))
    return "revoked" if problem == "revoked" else ""


def _check(
    container: _Container, root, signature, label: str, anchors: list, services: dict
) -> SignatureCheck:
    certs = _certificates(signature)
    if not certs:
        return _unreadable(label)
    cert = certs[0]
    base = name_of(cert) | {
        "field": label,
        "certificate_serial": format(cert.serial_number, "X"),
        "issuer": cert.issuer.human_friendly,
        "qualification": qualification(cert),
    }
    try:
        stamp = _timestamp(signature, anchors)
        claimed = _claimed_time(signature)
    except Exception:  # noqa: BLE001 - a timestamp or time that cannot be read
        return _unreadable(label, base)
    when = stamp[0] if stamp else claimed or datetime.datetime.now(datetime.UTC)
    problem, referenced = _verify_xml(root, signature, container, cert)
    anchor, service = "", None
    if not problem and referenced != set(container.files):
        problem = "files"
    if not problem and stamp and stamp[1]:
        problem = stamp[1]
    if not problem:
        problem, path = _chain_problem(cert, certs[1:], anchors, when)
        if path is not None:
            anchor = path.first.subject.human_friendly
            service = anchor_service(list(path.iter_certs(include_root=True)), services)
    base["qualification"] = qualification(cert, service)
    if not problem and stamp is None:
        problem = _revoked_since(cert, certs[1:], anchors)
    return SignatureCheck(
        **base,
        **service_fields(service),
        signed_at=when.isoformat(),
        timestamped=stamp is not None,
        timestamp_trusted=bool(stamp and not stamp[1]),
        intact=problem not in ("broken", "unchecked"),
        coverage="ENTIRE_FILE" if referenced == set(container.files) else "",
        trusted=bool(anchor),
        revoked=problem == "revoked",
        anchor=anchor,
        problem=problem,
    )


def _unreadable(label: str, base: dict | None = None) -> SignatureCheck:
    base = base or {
        "signer": "", "given_name": "", "surname": "", "subject_serial": "",
        "certificate_serial": "", "issuer": "", "qualification": "", "field": label,
    }  # fmt: skip
    return SignatureCheck(
        **base, signed_at="", timestamped=False, timestamp_trusted=False, intact=False,
        coverage="", trusted=False, revoked=False, anchor="", problem="unchecked",
    )  # fmt: skip
