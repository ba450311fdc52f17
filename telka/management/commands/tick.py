"""Run every scheduled job once (or every N seconds with --every).

Deadlines in Telka are rows with times; each job is an idempotent management
command that claims due rows with a conditional update, so running `tick` twice,
or from two machines at once, does the work once. Production runs it from cron
or a systemd timer every minute; `make run` runs it in the background.

With several app servers each may run `tick`. On PostgreSQL a job also takes an
advisory lock named after it for as long as it runs: while one server runs
`lapse_overdue`, another server's tick skips it (and says so) instead of doing the
same scan at the same moment. SQLite serves one machine only and needs no lock.
"""

import contextlib
import hashlib
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection


def lock_key(job: str) -> int:
    """The 64-bit advisory lock key of a scheduled job (the same on every server)."""
    digest = hashlib.sha256(f"telka.tick.{job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def only_here(job: str) -> Iterator[bool]:
    """True while this process holds `job`'s lock; False if another process runs it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(job)])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(job)])


class Command(BaseCommand):
    help = "Run the scheduled jobs listed in settings.TELKA_SCHEDULED_COMMANDS."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every: int = 0, **options):
        while True:
            for name in settings.TELKA_SCHEDULED_COMMANDS:
                self.run_job(name)
            if not every:
                return
            time.sleep(every)

    def run_job(self, name: str) -> None:
        try:
            with only_here(name) as mine:
                if not mine:
                    self.stdout.write(f"{name}: skipped, another server is running it")
                    return
                call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception as error:  # one failing job must not stop the others
            self.stderr.write(f"{name} failed: {error!r}")
