"""State changes of the signatures app: keeping a validated signed document with its
report, validating it again, importing trust anchors. Atomic and audited."""

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from telka.audit.models import AuditEvent

from .models import SignedDocument, TrustAnchor, Validation
from .validation import PdfReport, validate_file


@transaction.atomic
def record_validated(
    *,
    lag: Any,
    title: str,
    filename: str,
    data: bytes,
    report: PdfReport,
    actor: Any,
    subject_url: str = "",
) -> SignedDocument:
    """Store a signed file of `lag` that passed validation, with the report of that
    validation."""
    document = SignedDocument(
        lag=lag, title=title, sha256=hashlib.sha256(data).hexdigest(), subject_url=subject_url
    )
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    _keep_result(document, report, actor, action="signatures.validated")
    return document


@transaction.atomic
def revalidate(*, document: SignedDocument, actor: Any) -> Validation:
    """Validate a stored signed file again with today's trust anchors and revocation
    data; the new result is kept next to the earlier ones."""
    with document.file.open("rb") as stored:
        data = stored.read()
    return _keep_result(document, validate_file(data), actor, action="signatures.revalidated")


def _keep_result(document: SignedDocument, report, actor: Any, *, action: str) -> Validation:
    """Keep one validation's result beside the earlier ones, and audit it."""
    validation = Validation.objects.create(
        document=document,
        validated_by=actor,
        ok=report.ok,
        anchors=TrustAnchor.objects.count(),
        signatures=report.as_json(),
    )
    AuditEvent.objects.record(action=action, obj=document, actor=actor, ok=report.ok)
    return validation


@transaction.atomic
def import_anchors(
    *, certificates: list[bytes], source: str, actor: Any = None, ca_only: bool = True
) -> list[str]:
    """Store the CA certificates (DER) among `certificates` as trust anchors from
    `source` (every certificate when not `ca_only`: a trusted list's services are
    anchors as listed, timestamp units included); ones already stored are left as they
    are. Returns the subjects added."""
    from asn1crypto import x509

    added = []
    for der in certificates:
        cert = x509.Certificate.load(der)
        if ca_only and not cert.ca:
            continue
        fingerprint = TrustAnchor.fingerprint_of(der)
        if TrustAnchor.objects.filter(fingerprint=fingerprint).exists():
            continue
        anchor = TrustAnchor.objects.create(
            subject=cert.subject.human_friendly[:500],
            fingerprint=fingerprint,
            der=der,
            not_after=cert.not_valid_after,
            source=source[:300],
        )
        AuditEvent.objects.record(
            action="signatures.anchor_imported",
            obj=anchor,
            actor=actor,
            fingerprint=fingerprint,
            source=anchor.source,
        )
        added.append(anchor.subject)
    return added


@transaction.atomic
def import_listed_services(*, services: list, source: str, actor: Any = None) -> dict:
    """Store the certificates of a trusted list's services (trusted_list.ListedService)
    as trust anchors from `source`, each with its service's type, status and qualifiers.
    A granted service's certificate not stored yet is added; a stored anchor takes what
    the list says now (a service withdrawn since no longer makes signatures qualified);
    a withdrawn service is not added. Returns the subjects {"added": […], "changed": […]}."""
    from asn1crypto import x509

    result = {"added": [], "changed": []}
    for listed in services:
        fingerprint = TrustAnchor.fingerprint_of(listed.der)
        fields = {
            "service_type": listed.kind[:200],
            "service_status": listed.status[:200],
            "qualifiers": list(listed.qualifiers),
        }
        anchor = TrustAnchor.objects.filter(fingerprint=fingerprint).first()
        if anchor is not None:
            before = {name: getattr(anchor, name) for name in fields}
            if before == fields:
                continue
            TrustAnchor.objects.filter(pk=anchor.pk).update(**fields)
            AuditEvent.objects.record(
                action="signatures.anchor_service_changed",
                obj=anchor,
                actor=actor,
                source=source[:300],
                before=before,
                after=fields,
            )
            result["changed"].append(anchor.subject)
            continue
        if not listed.granted:
            continue
        cert = x509.Certificate.load(listed.der)
        anchor = TrustAnchor.objects.create(
            subject=cert.subject.human_friendly[:500],
            fingerprint=fingerprint,
            der=listed.der,
            not_after=cert.not_valid_after,
            source=source[:300],
            **fields,
        )
        AuditEvent.objects.record(
            action="signatures.anchor_imported",
            obj=anchor,
            actor=actor,
            fingerprint=fingerprint,
            source=anchor.source,
            service_type=listed.kind,
            service_status=listed.status,
        )
        result["added"].append(anchor.subject)
    return result
