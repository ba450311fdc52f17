"""Two app servers on one PostgreSQL database (docs/deployment.md, "Two app servers"):
two gunicorn instances on free ports sharing the database and one media directory,
and two task workers (`db_worker`). Applicants upload on one server and submit on the
other (the file the first stored is the one the second copies); a double-click lands
on the first again. Every proposal is registered once, the numbers are 1…N without a
gap, each copy downloads from either server, and every receipt task ran exactly once.

PostgreSQL only: SQLite is one file on one machine, so two servers cannot share it
(CI runs the suite on both; this test runs in the PostgreSQL pass)."""

import contextlib
import http.client
import secrets
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_tasks_db.models import DBTaskResult

from bench.support import background, free_port
from telka.calls import workflow
from telka.calls.models import AttachmentKind, Proposal, ProposalStatus, SubmissionFile
from telka.calls.tests.helpers import PDF, fill, open_call

from . import base

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two servers share a PostgreSQL database; SQLite is one file on one machine",
    ),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parent.parent
APPLICANTS = 6
BUDGET = PDF + b"% budget\n"


def _environment(tmp_path: Path) -> dict:
    conf = connection.settings_dict
    auth = f"{conf['USER']}:{conf['PASSWORD']}@" if conf["PASSWORD"] else f"{conf['USER']}@"
    return {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"postgres://{auth}{conf['HOST']}:{conf['PORT'] or 5432}/{conf['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TELKA_STATIC_FROM_SOURCE": "true",
        "TELKA_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "shared-media"),  # the directory both servers mount
        "LOG_LEVEL": "ERROR",
    }


@contextlib.contextmanager
def two_servers_and_two_workers(tmp_path: Path):
    """Yield the two servers' ports once both answer; stop all four processes after."""
    env = _environment(tmp_path)
    Path(env["TELKA_VAR_DIR"]).mkdir(parents=True)
    ports = [free_port(), free_port()]
    gunicorn = [sys.executable, "-m", "gunicorn", "telka.wsgi:application", "--threads", "2"]
    with contextlib.ExitStack() as stack:
        for n, port in enumerate(ports):
            stack.enter_context(
                background(
                    [*gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}"],
                    env,
                    f"server-{n}.log",
                )
            )
        # The workers run at the web servers' priority here: niced (as in production) on
        # a machine busy with other work they could wait longer than the test does.
        worker_env = {**env, "TELKA_TASK_WORKER_NICE": "0"}
        for n in range(2):
            worker = ["manage.py", "db_worker", "--interval", "0.2", "--worker-id", f"w{n}"]
            stack.enter_context(
                background([sys.executable, *worker], worker_env, f"worker-{n}.log")
            )
        for n, port in enumerate(ports):
            _wait_until_answering(port, Path(env["TELKA_VAR_DIR"]) / f"server-{n}.log")
        yield ports


def _wait_until_answering(port: int, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if _request(port, "GET", "/health")[0] in (200, 503):
                return
        time.sleep(0.2)
    raise AssertionError(f"server on {port} did not start:\n{log.read_text()[-2000:]}")


def _request(port: int, method: str, path: str, headers=None, body: bytes = b""):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection_.request(method, path, body=body, headers=headers or {})
        response = connection_.getresponse()
        return response.status, response.getheader("Location", ""), response.read()
    finally:
        connection_.close()


def _applicant(call, number: int) -> dict:
    user = base.make_user(f"applicant{number}@example.test", f"Applicant {number}")
    organisation = base.make_organisation(user, legal_code=f"30000{number:04d}")
    proposal = workflow.create_proposal(
        call=call, allocation=call.allocations.get(), organisation=organisation, actor=user
    )
    fill(proposal, with_attachment=False)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = secrets.token_hex(16)
    return {
        "proposal": proposal.pk,
        "csrf": csrf,
        "cookie": f"sessionid={session.session_key}; csrftoken={csrf}",
    }


def _upload(port: int, applicant: dict) -> tuple:
    boundary = secrets.token_hex(12)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{applicant['csrf']}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbudget\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="samata.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n"
        ).encode()
        + BUDGET
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Cookie": applicant["cookie"],
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    path = f"/calls/proposals/{applicant['proposal']}/attachments/upload/"
    return _request(port, "POST", path, headers, body)[:2]


def _submit(port: int, applicant: dict) -> tuple:
    headers = {
        "Cookie": applicant["cookie"],
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = f"csrfmiddlewaretoken={applicant['csrf']}".encode()
    path = f"/calls/proposals/{applicant['proposal']}/submit/"
    return _request(port, "POST", path, headers, body)[:2]


def test_two_servers_register_every_proposal_once_with_gapless_numbers(lag, strategy, tmp_path):
    call = open_call(lag, strategy, required_attachments=[AttachmentKind.BUDGET])
    applicants = [_applicant(call, n) for n in range(APPLICANTS)]

    with two_servers_and_two_workers(tmp_path) as ports:
        for n, applicant in enumerate(applicants):
            here, there = ports[n % 2], ports[(n + 1) % 2]
            pk = applicant["proposal"]
            assert _upload(here, applicant) == (302, f"/calls/proposals/{pk}/edit/attachments/")
            assert _submit(there, applicant) == (302, f"/calls/proposals/{pk}/")
            assert _submit(here, applicant)[0] == 302  # the double-click, refused politely

        registered = Proposal.objects.filter(call=call).order_by("sequence")
        assert [p.status for p in registered] == [ProposalStatus.REGISTERED] * APPLICANTS
        assert [p.sequence for p in registered] == list(range(1, APPLICANTS + 1))
        copies = SubmissionFile.objects.filter(submission__proposal__call=call)
        assert copies.count() == APPLICANTS
        for copy in copies.select_related("submission__proposal"):
            owner = next(a for a in applicants if a["proposal"] == copy.submission.proposal_id)
            for port in ports:
                status, _, body = _request(
                    port, "GET", f"/calls/files/{copy.pk}/", {"Cookie": owner["cookie"]}
                )
                assert (status, body) == (200, BUDGET)

        deadline = time.monotonic() + 20
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
            assert time.monotonic() < deadline, list(DBTaskResult.objects.values("status"))
            time.sleep(0.3)
    tasks = list(DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert len(tasks) >= APPLICANTS and all(len(workers) == 1 for workers in tasks)
