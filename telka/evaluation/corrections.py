"""A corrected version of a submitted proposal (INV-15): the previous version's content
with the corrected parts replaced and the applicant's explanations added, stored as a
new immutable Submission. Earlier versions are never touched."""

import copy
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from telka.calls.models import Attachment, Proposal, Submission, SubmissionFile

# Proposal fields an applicant may correct, by part of the form. Parts not listed here
# (activities, other…) are corrected by explanation and documents.
EDITABLE_FIELDS = {
    "applicant": ["contact_name", "contact_email", "contact_phone"],
    "project": [
        "title",
        "summary",
        "problem",
        "target_groups",
        "planned_participants",
        "starts_on",
        "ends_on",
        "location",
        "activities_in_territory",
    ],
    "strategy": ["contribution"],
    "budget": ["own_contribution"],
    "declarations": ["declares_not_completed", "declares_accurate", "consents"],
}
# Where the calls app's snapshot keeps these fields.
CONTENT_KEYS = {"project": "project", "strategy": "project", "budget": "budget"}


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _hash(content: dict) -> str:
    canonical = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def corrected_content(previous: dict, proposal: Proposal, corrections: list[dict]) -> dict:
    content = copy.deepcopy(previous)
    for entry in corrections:
        section = entry["section"]
        key = CONTENT_KEYS.get(section, section)
        target = content.setdefault(key, {})
        if isinstance(target, dict):
            for name in EDITABLE_FIELDS.get(section, []):
                target[name] = _plain(getattr(proposal, name))
    if "budget" in {e["section"] for e in corrections}:
        content["budget"]["requested_amount"] = _plain(proposal.requested_amount)
    content["corrections"] = [*previous.get("corrections", []), *corrections]
    return content


def create_version(
    *, proposal: Proposal, actor: Any, corrections: list[dict], new_files: list[Attachment]
) -> Submission:
    """Store the next version; its files are the previous version's plus `new_files`."""
    previous = proposal.submissions.order_by("-version").first()
    content = corrected_content(previous.content, proposal, corrections)
    submission = Submission.objects.create(
        proposal=proposal,
        version=previous.version + 1,
        registration_number=previous.registration_number,
        submitted_at=timezone.now(),
        submitted_by=actor,
        content=content,
        content_sha256=_hash(content),
        contact_name=proposal.contact_name,
        contact_email=proposal.contact_email,
        contact_phone=proposal.contact_phone,
    )
    kept = [SubmissionFile(submission=submission, **_file_fields(f)) for f in previous.files.all()]
    added = [SubmissionFile(submission=submission, **_file_fields(a)) for a in new_files]
    SubmissionFile.objects.bulk_create(kept + added)
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
