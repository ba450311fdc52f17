"""Shared plumbing for benchmarks: a throw-away PostgreSQL database, a gunicorn
server on 127.0.0.1, load generation with wrk, worker memory."""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    """A free 127.0.0.1 port: any, or the first free one of BENCH_PORTS ("8140-8149")
    on a shared machine where each person has a range."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"No free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def postgres_database(name: str):
    """Create database `name` on the benchmark server, yield its URL, drop it afterwards."""
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str, var_dir: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TELKA_VAR_DIR=var_dir,
        LOG_LEVEL="ERROR",
        PYTHONPATH=f"{ROOT / 'bench'}:{ROOT}",
        **extra,
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


@contextlib.contextmanager
def gunicorn(
    env: dict,
    *,
    workers: int = 2,
    threads: int = 1,
    app: str = "bench_wsgi:application",
    timeout: int = 30,
    log_name: str = "gunicorn.log",
):
    """Start gunicorn on a free 127.0.0.1 port; yield (base URL, master process); stop it.
    `threads` > 1 runs the threaded worker (gthread), as for uploads in production."""
    port = free_port()
    log_path = Path(env["TELKA_VAR_DIR"]) / log_name
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(url + "/__bare__/" if "bench_wsgi" in app else url + "/", seconds=30)
        except RuntimeError as error:
            tail = log_path.read_text()[-2000:]
            raise RuntimeError(f"{error}; server log ends with:\n{tail}") from None
        yield url, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def background(command: list[str], env: dict, log_name: str):
    """Run `command` in its own process group (output to TELKA_VAR_DIR/log_name); yield
    the process; stop the whole group afterwards, whatever happened."""
    log = (Path(env["TELKA_VAR_DIR"]) / log_name).open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        log.close()


@contextlib.contextmanager
def redis_server(env: dict):
    """A throw-away Redis on a free 127.0.0.1 port, nothing saved to disk; yields its URL."""
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not installed: apt-get install redis-server")
    port = free_port()
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port)]
    command += ["--save", "", "--appendonly", "no", "--dir", env["TELKA_VAR_DIR"]]
    with background(command, env, "redis.log"):
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start within 10 s") from None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory (MB) of each child process of the gunicorn master."""
    children = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True
    ).stdout.split()
    return [round(int(kb) / 1024, 1) for kb in children]


def wrk(
    url: str, *, seconds: int = 10, connections: int = 8, threads: int = 2, host: str = ""
) -> float:
    """Requests per second that wrk sustains against `url` (non-2xx responses fail the run);
    `host`: the Host header to send (a LAG's or the network's host name)."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    headers = ["-H", f"Host: {host}"] if host else []
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def temp_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="telka-bench-")


def run_worker(script: str, database: str, *, timeout: int = 1800) -> dict:
    """Run `python script --worker` against a new PostgreSQL database `database` (dropped
    afterwards) and return the figures the worker prints as JSON on its last line. The
    data is loaded and measured in that second process so that Django is set up on the
    throw-away database, never on the developer's own."""
    import json

    with postgres_database(database) as url:
        env = dict(os.environ, DATABASE_URL=url, DEBUG="false")
        env.setdefault("SECRET_KEY", "bench-" + "x" * 60)
        out = subprocess.run(
            [PYTHON, script, "--worker"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])


def setup_django(*, locmem_email: bool = False) -> None:
    """In a worker process: Django on the bench database, migrated, answering any host,
    with plain static file storage (no manifest needed to render pages)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    if locmem_email:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
