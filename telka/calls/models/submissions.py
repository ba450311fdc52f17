"""The immutable record of what an applicant submitted: content as JSON, copies of the
attachments with their SHA-256 hashes. Version 1 is the submission itself; the formal
check may add later versions (corrections), never changing an earlier one."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from telka.lib.frozen import FrozenError, FrozenModel

from .proposals import AttachmentKind, Proposal

# Kept for callers that catch the old name: a submitted version refused a change.
ImmutableError = FrozenError


class Submission(FrozenModel):
    """One submitted version of a proposal. Contact details are kept apart from `content`
    so that erasing a person (GDPR) replaces them without touching what was submitted:
    they are the only fields of this final row that may change."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("proposal")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    registration_number = models.CharField(_("registration number"), max_length=40)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    content = models.JSONField(_("content"), encoder=DjangoJSONEncoder)
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    frozen_when = models.Q()
    mutable_fields = frozenset({"contact_name", "contact_email", "contact_phone", "submitted_by"})

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["proposal", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "version"], name="unique_submission_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} v{self.version}"


def submission_file_path(copy: "SubmissionFile", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"submissions/{copy.submission_id}/{uuid.uuid4().hex}{suffix}"


class SubmissionFile(FrozenModel):
    """A copy of an attachment as it was at submission, with its hash."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="files", verbose_name=_("submission")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=submission_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    frozen_when = models.Q()

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("calls:submission_file", args=[self.pk])
