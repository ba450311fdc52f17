"""Trust anchors Telka checks signatures against, and the validation reports of signed
documents it keeps (issue 17)."""

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from telka.lib.frozen import FrozenModel

if TYPE_CHECKING:
    from .validation import SignatureCheck


class TrustAnchorQuerySet(models.QuerySet):
    def certificates(self) -> list:
        """The anchors as asn1crypto certificates, for pyHanko's validation context."""
        from asn1crypto import x509

        return [x509.Certificate.load(bytes(der)) for der in self.values_list("der", flat=True)]

    def services(self) -> dict:
        """What the trusted lists say of each anchor, by SHA-256 fingerprint (anchors from
        a folder have nothing to say and are left out)."""
        from .validation import TrustService

        rows = self.exclude(service_type="").values_list(
            "fingerprint", "service_type", "service_status", "qualifiers"
        )
        return {f: TrustService(kind, status, list(q or [])) for f, kind, status, q in rows}


class TrustAnchor(models.Model):
    """A CA certificate that signers' certificates must chain to, imported from a folder
    of certificates or an EU trusted list (management command import_trust_anchors).
    From a trusted list, the service it belongs to is kept with it: its type, its
    current status and qualifiers; only a granted qualified CA service (CA/QC) lets a
    signature be qualified (validation.qualification)."""

    subject = models.CharField(_("subject"), max_length=500)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    der = models.BinaryField(_("certificate (DER)"))
    not_after = models.DateTimeField(_("valid until"))
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Where the certificate was imported from.")
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    service_type = models.CharField(
        _("trust service type"),
        max_length=200,
        blank=True,
        help_text=_("From the trusted list, e.g. http://uri.etsi.org/TrstSvc/Svctype/CA/QC."),
    )
    service_status = models.CharField(
        _("trust service status"),
        max_length=200,
        blank=True,
        help_text=_("The service's current status on the trusted list (granted, withdrawn…)."),
    )
    qualifiers = models.JSONField(
        _("service qualifiers"),
        default=list,
        blank=True,
        help_text=_("What the trusted list adds, e.g. ForeSignatures, QCForESig, QCForESeal."),
    )

    objects = TrustAnchorQuerySet.as_manager()

    class Meta:
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")
        ordering = ["subject", "pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def service(self):
        from .validation import TrustService

        if not self.service_type:
            return None
        return TrustService(self.service_type, self.service_status, list(self.qualifiers or []))

    @property
    def service_text(self) -> str:
        from .validation import service_text

        return service_text(self.service_type, self.service_status, list(self.qualifiers or []))

    @staticmethod
    def fingerprint_of(der: bytes) -> str:
        return hashlib.sha256(der).hexdigest()


def document_path(document: "SignedDocument", filename: str) -> str:
    return f"signatures/{document.sha256[:2]}/{document.sha256}/{filename}"


class SignedDocument(models.Model):
    """A signed file Telka accepted after validating it, e.g. the signed minutes."""

    lag = models.ForeignKey(
        "lag.LocalActionGroup",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("local action group"),
    )
    title = models.CharField(_("document"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    subject_url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signatures:report", args=[self.pk])


class Validation(FrozenModel):
    """One validation of a signed document: what every signature said at that time.
    Revocation may change, so staff can validate again; every run is kept."""

    document = models.ForeignKey(
        SignedDocument,
        on_delete=models.PROTECT,
        related_name="validations",
        verbose_name=_("document"),
    )
    validated_at = models.DateTimeField(_("validated"), default=timezone.now)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    ok = models.BooleanField(_("valid"))
    anchors = models.PositiveIntegerField(_("trust anchors used"))
    signatures = models.JSONField(_("signatures"), default=list)

    frozen_when = models.Q()
    mutable_fields = frozenset({"validated_by"})

    class Meta:
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        ordering = ["-validated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} — {self.validated_at:%Y-%m-%d %H:%M}"

    @property
    def checks(self) -> list["SignatureCheck"]:
        # Imported here: pyHanko (and aiohttp, cryptography) would otherwise be loaded by
        # every worker at start, for the few pages that show a signature.
        from .validation import signatures_from_json

        return signatures_from_json(self.signatures)
