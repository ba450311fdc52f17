"""Signed minutes kept in S3-compatible object storage (a moto bucket, tests/objectstorage.py):
the PDF for signing and the signed upload are stored in the bucket, nothing under
MEDIA_ROOT, and the public download serves the signed bytes from there."""

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from telka.decisions import workflow
from telka.signatures.tests.conftest import pki_services, trusted_root  # noqa: F401
from tests.objectstorage import object_storage  # noqa: F401

from .test_signed_minutes import both_signed, closed  # noqa: F401

pytestmark = pytest.mark.django_db


def test_signed_minutes_are_kept_in_the_bucket_and_served_from_it(
    object_storage,  # noqa: F811
    client,
    closed,  # noqa: F811
    sara,
    settings,
):
    draft = workflow.issue_minutes_for_signing(meeting=closed, actor=sara)
    signed = both_signed(draft.pdf.read())
    minutes = workflow.accept_signed_minutes(meeting=closed, actor=sara, data=signed)

    assert {draft.pdf.name, minutes.pdf.name} <= set(object_storage.keys())
    assert not Path(settings.MEDIA_ROOT).exists()
    response = client.get(reverse("decisions:minutes", args=[closed.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == minutes.sha256
