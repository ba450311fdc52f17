"""The Aleksotas demo for tests, loaded once per test process.

`load_demo` builds the demo through its workflow functions (about half a minute on a
2-core machine); dozens of browser and page tests each start from it. The first
call in a process runs the real command and keeps a copy of the database and the
uploaded files; every later call puts that copy back (milliseconds), so each test
still starts from a freshly loaded demo and can change it freely.

Only for tests that commit (transactional_db, live_server): a test inside a
transaction gets the real command."""

import io
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

_copy = None


def load_demo() -> None:
    global _copy
    if connection.in_atomic_block:
        call_command("load_demo", stdout=io.StringIO())
        return
    if _copy is None or _copy.vendor != connection.vendor:
        call_command("load_demo", stdout=io.StringIO())
        _copy = _Copy.take()
    else:
        _copy.put_back()
    ContentType.objects.clear_cache()


class _Copy:
    def __init__(self, vendor: str, data, media: Path):
        self.vendor, self.data, self.media = vendor, data, media

    @classmethod
    def take(cls) -> "_Copy":
        media = Path(tempfile.mkdtemp(prefix="telka-demo-media-"))
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            data = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(data)
        else:
            data = _copy_tables_out()
        return cls(connection.vendor, data, media)

    def put_back(self) -> None:
        connection.ensure_connection()
        if self.vendor == "sqlite":
            self.data.backup(connection.connection)
        else:
            _copy_tables_in(self.data)
        shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy_tables_out() -> dict[str, bytes]:
    data = {}
    with connection.cursor() as cursor:
        for table in _tables():
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                data[table] = b"".join(bytes(block) for block in copy)
    return data


def _copy_tables_in(data: dict[str, bytes]) -> None:
    """Empty every table and copy the demo back in, with triggers and foreign-key
    checks off for this transaction only (the copy is consistent as a whole). The
    sequences are left alone: they only grow, so new rows never meet a copied id."""
    names = ", ".join(f'"{table}"' for table in data)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"TRUNCATE {names}")
        for table, rows in data.items():
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                copy.write(rows)
