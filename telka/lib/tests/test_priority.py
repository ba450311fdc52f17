"""The task worker gives way to the web servers: `manage.py db_worker` runs at the nice
value TELKA_TASK_WORKER_NICE sets, and lowers its session's autogroup when it leads its
own session (as under systemd). Each case runs the command in a child process, so the
test process keeps its own priority."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
AUTOGROUP = Path("/proc/self/autogroup")

# The real command, with the worker's loop replaced by a report of the priorities it
# runs at (the queue itself is not needed to see them).
SCRIPT = """
import json, os, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

def report(worker):
    try:
        group = int(Path("/proc/self/autogroup").read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        group = None
    print(json.dumps({"nice": os.getpriority(os.PRIO_PROCESS, 0), "autogroup": group}))

db_worker.Worker.run = report
call_command("db_worker", "--no-reload", "--no-startup-delay")
"""


def _worker_priorities(nice: str | None, *, own_session: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "telka.settings"}
    env.pop("TELKA_TASK_WORKER_NICE", None)
    if nice is not None:
        env["TELKA_TASK_WORKER_NICE"] = nice
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        start_new_session=own_session,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip(), result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _own_autogroup() -> int | None:
    """This session's autogroup nice value; None where the kernel has none or shows none
    (some sandboxes list /proc/self/autogroup but leave it empty)."""
    try:
        return int(AUTOGROUP.read_text().split()[-1])  # "/autogroup-42 nice 0"
    except (OSError, ValueError, IndexError):
        return None


def test_the_worker_runs_at_nice_10_by_default_and_at_the_value_set():
    assert os.getpriority(os.PRIO_PROCESS, 0) < 10, "the test process must not run niced"
    assert _worker_priorities(None, own_session=False)["nice"] == 10
    assert _worker_priorities("15", own_session=False)["nice"] == 15
    assert _worker_priorities("40", own_session=False)["nice"] == 19  # the lowest there is


def test_nice_0_leaves_the_worker_at_the_priority_it_was_started_with():
    assert _worker_priorities("0", own_session=False)["nice"] == os.getpriority(os.PRIO_PROCESS, 0)


@pytest.mark.skipif(_own_autogroup() is None, reason="no readable sched_autogroup here")
def test_a_worker_in_its_own_session_lowers_its_autogroup_and_never_a_shared_one():
    before = _own_autogroup()
    alone = _worker_priorities("12", own_session=True)
    assert alone == {"nice": 12, "autogroup": 12}
    # Sharing its session (a script that also starts the web server): the group, and so
    # the web server beside it, keeps its priority.
    shared = _worker_priorities("12", own_session=False)
    assert shared["nice"] == 12 and shared["autogroup"] == before
    assert _own_autogroup() == before
