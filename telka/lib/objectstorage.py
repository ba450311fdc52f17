"""Uploaded files in an S3-compatible bucket (settings: TELKA_S3_BUCKET and friends).

django-storages' S3Storage, with one change: a failing bucket (unreachable, refused,
throttled) raises OSError, as a full disk does, so every view that already says "the
server cannot store files right now, nothing is lost" says it for object storage too.
Imported only when TELKA_S3_BUCKET is set (django-storages is optional).
"""

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage


class StorageUnavailable(OSError):
    """The bucket did not take or give the file."""


class ObjectStorage(S3Storage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"object storage refused {name}: {error}") from error

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"object storage did not give {name}: {error}") from error
