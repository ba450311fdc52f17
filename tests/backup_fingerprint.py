"""What a restored instance must reproduce: the pages (public and staff), every
media file's SHA-256, and the hashes and registration numbers in the database.

Run in the test process for the source and, as `python tests/backup_fingerprint.py
URL…`, in a fresh process against the restored instance."""

import hashlib
import json
import re
import sys
from pathlib import Path

VOLATILE = re.compile(rb'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"')


def page_hash(content: bytes) -> str:
    """SHA-256 of a page without its per-request tokens (CSP nonce, CSRF)."""
    return hashlib.sha256(VOLATILE.sub(rb'\1=""', content)).hexdigest()


def fingerprint(urls: list[str], staff_email: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.test import Client

    from telka.calls.models import Attachment, Submission
    from telka.lib.backup import stored_files

    client = Client()
    pages = {}
    for url in urls:
        if url.startswith("staff:"):
            client.force_login(get_user_model().objects.get(email=staff_email))
            url = url.removeprefix("staff:")
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        pages[url] = [response.status_code, page_hash(body)]
    files = {}
    for name in stored_files(default_storage):  # MEDIA_ROOT or the bucket
        with default_storage.open(name, "rb") as stored:
            files[name] = hashlib.sha256(stored.read()).hexdigest()
    return {
        "pages": pages,
        "files": files,
        "attachments": sorted(Attachment.objects.values_list("file", "sha256")),
        "registrations": sorted(Submission.objects.values_list("registration_number", flat=True)),
    }


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    print(json.dumps(fingerprint(sys.argv[2:], sys.argv[1])))
