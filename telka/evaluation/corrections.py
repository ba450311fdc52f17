"""A corrected version of a submitted proposal (INV-15): the proposal as it stands after
the correction, in the calls app's snapshot format, with the applicant's explanations,
stored as a new immutable Submission. Earlier versions are never touched."""

from typing import Any

from django.utils import timezone

from telka.calls.models import Attachment, Proposal, Submission, SubmissionFile
from telka.calls.snapshot import content_hash, proposal_content

PUBLIC_FILE_FIELDS = ("kind", "original_name", "content_type", "size", "sha256")


def corrected_content(
    proposal: Proposal, files: list, corrections: list[dict], previous: dict
) -> dict:
    """The whole proposal as it now stands, with every correction and explanation so far."""
    public = [{name: getattr(f, name) for name in PUBLIC_FILE_FIELDS} for f in files]
    content = proposal_content(proposal, public)
    content["corrections"] = [*previous.get("corrections", []), *corrections]
    return content


def create_version(
    *, proposal: Proposal, actor: Any, corrections: list[dict], new_files: list[Attachment]
) -> Submission:
    """Store the next version; its files are the previous version's plus `new_files`."""
    previous = proposal.submissions.order_by("-version").first()
    files = [*previous.files.all(), *new_files]
    content = corrected_content(proposal, files, corrections, previous.content)
    submission = Submission.objects.create(
        proposal=proposal,
        version=previous.version + 1,
        registration_number=previous.registration_number,
        submitted_at=timezone.now(),
        submitted_by=actor,
        content=content,
        content_sha256=content_hash(content),
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
        contact_phone=proposal.contact_phone,
    )
    SubmissionFile.objects.bulk_create(
        SubmissionFile(submission=submission, **_file_fields(f)) for f in files
    )
    return submission


def _file_fields(source) -> dict:
    return {
        "kind": source.kind,
        "file": source.file.name,
        "original_name": source.original_name,
        "content_type": source.content_type,
        "size": source.size,
        "sha256": source.sha256,
    }
