"""Validating PAdES signatures with pyHanko: integrity, coverage, the chain to a trust
anchor Telka was given (telka.signatures.models.TrustAnchor), revocation (OCSP/CRL,
embedded or fetched) and the qualification the certificate declares.

`validate_pdf` describes every signature of a file; it judges nothing about who should
have signed. The rules of a particular document (the minutes: the chair and the
secretary, over the draft Telka produced) live with that document."""

import datetime
import hashlib
import io
import unicodedata
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# pyHanko (with aiohttp and cryptography, about 35 MiB) is imported by the functions that
# validate, not with this module: the models and the views that import it are loaded by
# every worker at start, and few requests validate a signature.

# The problems a signature can have, worst first; each has a message for the user.
PROBLEMS = {
    "broken": _("the signature does not match the signed content (the file was changed)"),
    "coverage": _("the signature does not cover the whole document"),
    "files": _("the signature does not cover every file in the container"),
    "modified": _("the document was changed after it was signed"),
    "revoked": _("the signer's certificate was revoked"),
    "expired": _("the signer's certificate was not valid at the time of signing"),
    "untrusted": _("the signer's certificate does not chain to a trusted certification authority"),
    "unchecked": _("the signature could not be checked"),
}

CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"

SERVICE_TYPES = {
    CA_QC: _("qualified certificate service (CA/QC)"),
    "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST": _("qualified timestamp service (TSA/QTST)"),
}
SERVICE_STATUSES = {
    GRANTED: _("granted"),
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn": _("withdrawn"),
}
QUALIFIERS = {
    "ForeSignatures": _("for electronic signatures"),
    "ForeSeals": _("for electronic seals"),
    "QCForESig": _("qualified certificates for electronic signatures"),
    "QCForESeal": _("qualified certificates for electronic seals"),
}


def _tail(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class TrustService:
    """What an EU trusted list says of the service an anchor belongs to: its type and
    current status (URIs, ETSI TS 119 612) and its qualifiers (short names, e.g.
    QCForESig)."""

    kind: str
    status: str
    qualifiers: list[str] = field(default_factory=list)

    @property
    def qualified_ca(self) -> bool:
        """A granted qualified CA service: what a qualified signature must chain to."""
        return self.kind == CA_QC and self.status == GRANTED


def service_text(kind: str, status: str, qualifiers: list[str]) -> str:
    """The service of a trusted list in words, e.g. "qualified certificate service
    (CA/QC), granted; qualified certificates for electronic signatures"; "" for an anchor
    not from a trusted list."""
    if not kind:
        return ""
    text = f"{SERVICE_TYPES.get(kind, _tail(kind))}, {SERVICE_STATUSES.get(status, _tail(status))}"
    if qualifiers:
        text += "; " + ", ".join(str(QUALIFIERS.get(q, q)) for q in qualifiers)
    return text


QUALIFICATION = {
    "qes": _("Qualified electronic signature (qualified certificate on a secure device)"),
    "qseal": _("Qualified electronic seal"),
    "adesqc": _("Advanced signature with a qualified certificate"),
    "ades": _("Advanced electronic signature (not qualified)"),
}


@dataclass
class SignatureCheck:
    """What one signature says and how it fared."""

    field: str
    signer: str
    given_name: str
    surname: str
    subject_serial: str  # the subject's serialNumber: in Lithuania PNOLT-<personal code>
    certificate_serial: str
    issuer: str
    signed_at: str  # ISO 8601; the timestamp's time when there is one
    timestamped: bool
    timestamp_trusted: bool
    intact: bool
    coverage: str
    trusted: bool
    revoked: bool
    anchor: str
    qualification: str
    problem: str = ""
    # The anchor's service on an EU trusted list, when it came from one (TrustService).
    service_type: str = ""
    service_status: str = ""
    service_qualifiers: list[str] = field(default_factory=list)

    @property
    def service_text(self) -> str:
        return service_text(self.service_type, self.service_status, self.service_qualifiers)

    @property
    def problem_text(self) -> str:
        return str(PROBLEMS.get(self.problem, ""))

    @property
    def qualification_text(self) -> str:
        return str(QUALIFICATION.get(self.qualification, ""))

    @property
    def signed_at_time(self) -> datetime.datetime | None:
        return datetime.datetime.fromisoformat(self.signed_at) if self.signed_at else None


@dataclass
class PdfReport:
    """Every signature of one file, in signing order."""

    signatures: list[SignatureCheck] = field(default_factory=list)
    readable: bool = True

    @property
    def ok(self) -> bool:
        return (
            self.readable and bool(self.signatures) and not any(s.problem for s in self.signatures)
        )

    def as_json(self) -> list[dict]:
        return [asdict(s) for s in self.signatures]


def signatures_from_json(rows: list[dict]) -> list[SignatureCheck]:
    return [SignatureCheck(**row) for row in rows]


def fetcher_backend():
    """How revocation data and missing certificates are fetched (OCSP, CRL, AIA): over
    HTTP with requests, bounded by pyHanko's fetch limits. Tests serve the test PKI's
    answers to these requests in process."""
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return RequestsFetcherBackend(per_request_timeout=settings.TELKA_SIGNATURE_FETCH_TIMEOUT)


def _context(anchors: list, reader) -> "object":
    from pyhanko.sign.validation import DocumentSecurityStore

    kwargs = {
        "trust_roots": anchors,
        "allow_fetching": settings.TELKA_SIGNATURE_FETCH_REVOCATION,
        "revocation_mode": settings.TELKA_SIGNATURE_REVOCATION_MODE,
        "fetcher_backend": fetcher_backend(),
    }
    dss = DocumentSecurityStore.read_dss(reader) if "/DSS" in reader.root else None
    if dss is not None:
        return dss.as_validation_context(kwargs)
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(**kwargs)


def name_of(cert) -> dict:
    subject = cert.subject.native
    return {
        "signer": subject.get("common_name", "") or cert.subject.human_friendly,
        "given_name": subject.get("given_name", ""),
        "surname": subject.get("surname", ""),
        "subject_serial": subject.get("serial_number", ""),
    }


def anchor_service(path_certs: list, services: dict) -> "TrustService | None":
    """The trusted list's service of the anchor a chain ends in: the nearest certificate
    above the signer's (`path_certs`, root first) that is an anchor from a trusted list."""
    for cert in reversed(path_certs[:-1]):
        found = services.get(hashlib.sha256(cert.dump()).hexdigest())
        if found is not None:
            return found
    return None


def service_fields(service: "TrustService | None") -> dict:
    if service is None:
        return {}
    return {
        "service_type": service.kind,
        "service_status": service.status,
        "service_qualifiers": list(service.qualifiers),
    }


def qualification(cert, service: "TrustService | None" = None) -> str:
    """The level of a signature by `cert`: qualified (QES, QESeal) or advanced with a
    qualified certificate only when the chain's anchor is a granted qualified CA service
    of an EU trusted list (`service`) AND the certificate declares it in its qcStatements
    (ETSI EN 319 412-5); any other anchor (a folder, a withdrawn service) gives at most
    an advanced signature."""
    # Also registers the qcStatements extension with asn1crypto (imported here: workers
    # start without pyHanko).
    from pyhanko.sign.ades import qualified_asn1

    statements = {s["statement_id"].native: s for s in qualified_asn1.get_qc_statements(cert)}
    if "qc_compliance" not in statements or service is None or not service.qualified_ca:
        return "ades"
    types = set()
    if "qc_type" in statements:
        types = set(statements["qc_type"]["statement_info"].native or [])
    if "qct_eseal" in types:
        return "qseal"
    return "qes" if "qc_sscd" in statements else "adesqc"


def _problem(status) -> str:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return "broken"
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return "coverage"
    if (
        status.modification_level is None
        or status.modification_level > ModificationLevel.FORM_FILLING
    ):
        return "modified"
    if not status.docmdp_ok:
        return "modified"
    if status.revoked:
        return "revoked"
    indic = status.trust_problem_indic
    if indic in (
        AdESFailure.REVOKED,
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    ):
        return "revoked"
    if indic in (
        AdESIndeterminate.EXPIRED,
        AdESIndeterminate.NOT_YET_VALID,
        AdESFailure.NOT_YET_VALID,
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    ):
        return "expired"
    if not status.trusted:
        return "untrusted"
    return ""


def _check(embedded, context, services: dict) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature

    cert = embedded.signer_cert
    base = name_of(cert) | {
        "field": embedded.field_name or "",
        "certificate_serial": format(cert.serial_number, "X"),
        "issuer": cert.issuer.human_friendly,
        "qualification": qualification(cert),
    }
    try:
        status = validate_pdf_signature(
            embedded, signer_validation_context=context, ts_validation_context=context
        )
    except Exception:  # noqa: BLE001 - any malformed signature is reported, not raised
        return SignatureCheck(
            **base, signed_at="", timestamped=False, timestamp_trusted=False, intact=False,
            coverage="", trusted=False, revoked=False, anchor="", problem="unchecked",
        )  # fmt: skip
    timestamp = status.timestamp_validity
    when = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    path = status.validation_path
    service = None
    if path is not None and status.trusted:
        service = anchor_service(list(path.iter_certs(include_root=True)), services)
    base["qualification"] = qualification(cert, service)
    return SignatureCheck(
        **base,
        **service_fields(service),
        signed_at=when.isoformat() if when else "",
        timestamped=timestamp is not None,
        timestamp_trusted=bool(timestamp is not None and timestamp.trusted),
        intact=bool(status.intact and status.valid),
        coverage=status.coverage.name if status.coverage is not None else "",
        trusted=status.trusted,
        revoked=status.revoked,
        anchor=path[0].subject.human_friendly if path is not None else "",
        problem=_problem(status),
    )


def open_pdf(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def stored_anchors() -> tuple[list, dict]:
    """Every stored TrustAnchor: the certificates, and their trusted lists' services."""
    from .models import TrustAnchor

    return TrustAnchor.objects.certificates(), TrustAnchor.objects.services()


def validate_pdf(
    data: bytes, anchors: list | None = None, services: dict | None = None
) -> PdfReport:
    """Check every signature of the PDF `data` against `anchors` (asn1crypto
    certificates) and their trusted lists' `services` (by SHA-256 fingerprint); by
    default every stored TrustAnchor."""
    if anchors is None:
        anchors, services = stored_anchors()
    try:
        reader = open_pdf(data)
        embedded = list(reader.embedded_regular_signatures)
        context = _context(anchors, reader)
    except Exception:  # noqa: BLE001 - not a PDF pyHanko can read
        return PdfReport(readable=False)
    return PdfReport(signatures=[_check(sig, context, services or {}) for sig in embedded])


def validate_file(
    data: bytes, anchors: list | None = None, services: dict | None = None
) -> PdfReport:
    """Every signature of a signed file Telka accepts: a PAdES PDF or an ASiC-E
    container (asice.py), told apart by their bytes."""
    from .asice import is_asice, validate_asice

    if is_asice(data):
        return validate_asice(data, anchors, services)
    return validate_pdf(data, anchors, services)


def original_revision(data: bytes) -> tuple[bytes | None, int]:
    """The file as it was before its first signature was added by an incremental update,
    with that revision's number; (None, 0) when it cannot be told."""
    try:
        reader = open_pdf(data)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001
        return None, 0
    if not signatures:
        return data, reader.xrefs.total_revisions - 1
    revision = min(s.signed_revision for s in signatures) - 1
    if revision < 0:
        return None, 0
    end = _revision_end(data, reader, revision)
    return (data[:end] if end else None), revision


def _revision_end(data: bytes, reader, revision: int) -> int | None:
    """Where revision `revision` of the file ends: just after its %%EOF marker."""
    start = reader.xrefs.get_startxref_for_revision(revision)
    marker = data.find(b"%%EOF", start)
    if marker < 0:
        return None
    end = marker + len(b"%%EOF")
    while end < len(data) and data[end : end + 1] in (b"\r", b"\n"):
        end += 1
    return end


def normalised_name(name: str) -> tuple[str, ...]:
    """A person's name for comparison: case, accents and word order ignored
    ("PETRAITIENĖ ONA" is "Ona Petraitienė")."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return tuple(sorted(w for w in plain.replace(",", " ").split() if w))


def same_person(check: SignatureCheck, recorded_name: str) -> bool:
    names = {normalised_name(check.signer)}
    if check.given_name or check.surname:
        names.add(normalised_name(f"{check.given_name} {check.surname}"))
    wanted = normalised_name(recorded_name)
    return bool(wanted) and wanted in names
