import contextlib
import subprocess
import sys
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from telka.consultations.models import Consultation, ConsultationStatus
from telka.consultations.tests.builders import make_consultation
from telka.management.commands.tick import lock_key


def test_tick_runs_every_scheduled_job_and_survives_a_failing_one(lag, strategy, settings):
    settings.TELKA_SCHEDULED_COMMANDS = ["no_such_command", "update_consultations"]
    due = make_consultation(lag, status=ConsultationStatus.SCHEDULED)
    err = StringIO()
    call_command("tick", stdout=StringIO(), stderr=err)
    assert "no_such_command failed" in err.getvalue()
    assert Consultation.objects.get(pk=due.pk).status == ConsultationStatus.OPEN


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the advisory lock is PostgreSQL's; SQLite serves one machine and needs none",
)
def test_a_job_another_server_is_running_is_skipped_not_run_twice(lag, strategy, settings):
    """A second process (another app server's tick) holds update_consultations' lock:
    this tick skips that job and says so; once the other is done, the job runs here."""
    settings.TELKA_SCHEDULED_COMMANDS = ["update_consultations"]
    due = make_consultation(lag, status=ConsultationStatus.SCHEDULED)
    with other_server_running("update_consultations"):
        out = StringIO()
        call_command("tick", stdout=out, stderr=StringIO())
        assert "update_consultations: skipped, another server is running it" in out.getvalue()
        assert Consultation.objects.get(pk=due.pk).status == ConsultationStatus.SCHEDULED
    call_command("tick", stdout=StringIO(), stderr=StringIO())
    assert Consultation.objects.get(pk=due.pk).status == ConsultationStatus.OPEN


@contextlib.contextmanager
def other_server_running(job: str):
    """A separate process holding `job`'s advisory lock until the block ends."""
    conf = connection.settings_dict
    dsn = psycopg.conninfo.make_conninfo(
        dbname=conf["NAME"],
        host=conf["HOST"],
        port=conf["PORT"] or 5432,
        user=conf["USER"],
        password=conf["PASSWORD"] or None,
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, dsn, str(lock_key(job))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


HOLD = """
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as db:
    db.execute("SELECT pg_advisory_lock(%s)", [int(sys.argv[2])])
    print("held", flush=True)
    sys.stdin.read()
"""
