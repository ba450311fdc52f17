"""Uploaded files in S3-compatible object storage (TELKA_S3_BUCKET): an applicant's
upload, submission and downloads, a storage outage, /health, and backup and restore,
all against a moto bucket on 127.0.0.1 (tests/objectstorage.py), no network. Nothing
is written under MEDIA_ROOT, and the storage has no `.path`, so code that still reads
files from the local disk fails here."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from telka.calls.models import Attachment, Proposal, ProposalStatus, SubmissionFile
from telka.calls.tests.helpers import PDF, fill, make_proposal, open_call

from .objectstorage import BUCKET, KEYS, bucket_client, object_storage, stored_keys  # noqa: F401
from .test_backup import _drop_restored_database, empty_instance, manage, source  # noqa: F401

FAILED = "Serveris šiuo metu negali išsaugoti failų. Niekas neprarasta"


@pytest.fixture
def proposal(object_storage, lag, strategy, organisation, ana, client):  # noqa: F811
    client.force_login(ana)
    return make_proposal(open_call(lag, strategy), organisation, ana, complete=False)


def upload(client, proposal, name="samata.pdf", data=PDF):
    return client.post(
        reverse("calls:attachment_upload", args=[proposal.pk]),
        {"kind": "budget", "file": [SimpleUploadedFile(name, data)]},
        follow=True,
    )


@pytest.mark.django_db
def test_an_upload_is_stored_in_the_bucket_submitted_and_downloaded(
    client,
    proposal,
    object_storage,  # noqa: F811
    settings,
):
    with pytest.raises(NotImplementedError):
        default_storage.path("anything")  # no local file behind a stored name
    upload(client, proposal)
    attachment = Attachment.objects.get(proposal=proposal)
    assert object_storage.keys() == [attachment.file.name]

    response = client.get(reverse("calls:attachment", args=[proposal.pk, attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "samata.pdf" in response["Content-Disposition"]

    fill(Proposal.objects.get(pk=proposal.pk), with_attachment=False)
    client.post(reverse("calls:proposal_submit", args=[proposal.pk]))
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.REGISTERED
    copy = SubmissionFile.objects.get(submission__proposal=proposal)
    assert copy.file.name in object_storage.keys() and copy.file.name != attachment.file.name
    response = client.get(reverse("calls:submission_file", args=[copy.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert not Path(settings.MEDIA_ROOT).exists()


@pytest.mark.django_db
def test_a_second_file_of_the_same_name_does_not_replace_the_first(client, proposal):
    upload(client, proposal, data=PDF)
    upload(client, proposal, data=PDF + b"% second\n")
    first, second = Attachment.objects.filter(proposal=proposal).order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.open("rb").read() == PDF


@pytest.mark.django_db
def test_an_unreachable_bucket_refuses_the_upload_with_a_clear_message(
    client,
    proposal,
    object_storage,  # noqa: F811
    settings,
):
    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "bucket_name": "telka-no-such-bucket"},
        },
    }
    response = upload(client, proposal)
    assert FAILED in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_health_asks_the_bucket(client, object_storage, settings):  # noqa: F811
    assert client.get("/health").json()["checks"]["media"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": "http://127.0.0.1:9",  # nothing listens there
            },
        },
    }
    assert client.get("/health").json()["checks"]["media"] == "fail"


def bucket_environment(env: dict, endpoint: str, bucket: str, secrets: Path) -> dict:
    """The TELKA_S3_* variables, the keys as *_FILE secrets."""
    secrets.mkdir(parents=True, exist_ok=True)
    (secrets / "access").write_text(KEYS["aws_access_key_id"] + "\n")
    (secrets / "secret").write_text(KEYS["aws_secret_access_key"] + "\n")
    return {
        **env,
        "TELKA_S3_BUCKET": bucket,
        "TELKA_S3_ENDPOINT_URL": endpoint,
        "TELKA_S3_REGION": "us-east-1",
        "TELKA_S3_ACCESS_KEY_FILE": str(secrets / "access"),
        "TELKA_S3_SECRET_KEY_FILE": str(secrets / "secret"),
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_bucket_restores_into_an_empty_bucket(
    object_storage,  # noqa: F811
    source,  # noqa: F811
    tmp_path,
):
    from .backup_fingerprint import fingerprint

    before = fingerprint(source, "sara@example.test")
    assert len(before["files"]) >= 4 and set(before["files"]) == set(object_storage.keys())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    bucket_client(object_storage.endpoint).create_bucket(Bucket="telka-restored")
    env = bucket_environment(
        empty_instance(tmp_path / "restored"),
        object_storage.endpoint,
        "telka-restored",
        tmp_path / "secrets",
    )
    restored = manage(env, "manage.py", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert stored_keys(object_storage.endpoint, "telka-restored") == object_storage.keys()
    after = manage(env, "tests/backup_fingerprint.py", "sara@example.test", *source)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(json.dumps(before))

    again = manage(env, "manage.py", "restore", str(archive))
    assert "restore only into an empty database" in again.stderr


def test_the_bucket_is_configured_by_environment_variables_only(tmp_path):
    env = bucket_environment(
        {"PATH": "/usr/bin:/bin", "TELKA_S3_PREFIX": "vvg-aleksotas"},
        "http://127.0.0.1:9000",
        "telka-media",
        tmp_path,
    )
    shown = manage(
        env,
        "manage.py",
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))",
    )
    assert shown.returncode == 0, shown.stderr
    storage = json.loads(shown.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "telka.lib.objectstorage.ObjectStorage"
    assert storage["OPTIONS"] | {"querystring_expire": 0} == {
        "bucket_name": "telka-media",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "us-east-1",
        "access_key": KEYS["aws_access_key_id"],
        "secret_key": KEYS["aws_secret_access_key"],
        "location": "vvg-aleksotas",
        "default_acl": "private",
        "custom_domain": None,
        "querystring_auth": True,
        "querystring_expire": 0,
        "file_overwrite": False,
    }
