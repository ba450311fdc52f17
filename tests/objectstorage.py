"""An S3-compatible bucket for tests, without network: moto's server on 127.0.0.1 (a
free port) in a thread of the test process, started by the fixture and stopped after.
Uploaded files go there through telka.lib.objectstorage, exactly as in production
with TELKA_S3_BUCKET; MEDIA_ROOT stays empty. The storage refuses `.path` (no local
file exists), so any code that still reads files by path fails these tests."""

import contextlib
import logging
from types import SimpleNamespace

import pytest

BUCKET = "telka-test-media"
KEYS = {"aws_access_key_id": "telka-test", "aws_secret_access_key": "telka-test-secret"}


@contextlib.contextmanager
def s3_server():
    """Yield the endpoint URL of a fresh moto S3 server; stop it afterwards."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def bucket_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)


def stored_keys(endpoint: str, bucket: str = BUCKET) -> list[str]:
    listing = bucket_client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def storage_options(endpoint: str, bucket: str = BUCKET) -> dict:
    """The options settings.py builds from the TELKA_S3_* variables."""
    return {
        "BACKEND": "telka.lib.objectstorage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": KEYS["aws_access_key_id"],
            "secret_key": KEYS["aws_secret_access_key"],
            "default_acl": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def empty_bucket(endpoint: str, bucket: str = BUCKET) -> None:
    """A new, empty bucket: moto keeps its buckets in the process, whichever server an
    earlier test started, so one test's files must not show in the next one's."""
    client = bucket_client(endpoint)
    if bucket in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        for key in stored_keys(endpoint, bucket):
            client.delete_object(Bucket=bucket, Key=key)
        client.delete_bucket(Bucket=bucket)
    client.create_bucket(Bucket=bucket)


@pytest.fixture
def object_storage(settings):
    """Uploaded files in a moto bucket for this test; .endpoint, .keys() list what is stored."""
    with s3_server() as endpoint:
        empty_bucket(endpoint)
        settings.STORAGES = {**settings.STORAGES, "default": storage_options(endpoint)}
        yield SimpleNamespace(endpoint=endpoint, keys=lambda: stored_keys(endpoint))
