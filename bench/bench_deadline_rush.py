"""Deadline rush: N applicants each upload a 1 MB attachment and submit a complete proposal in the last minute before the call closes, on PostgreSQL under gunicorn (2 workers, 4 threads each).

Goal: 1,000 submissions within 60 s, none lost, no duplicate, missing or out-of-order
registration number, every submission after the closing second refused, p99 latency of
a submission < 1 s, peak resident memory < 200 MB per worker (uploads stream to disk).

Arrivals are spread evenly at random over the last 57 seconds (an open-loop load, as
real applicants arrive), plus late applicants in the 3 seconds after closing; 5 % of
applicants double-click "submit". The bench creates and drops its own database
(telka_bench_deadline_rush, or …_2_servers, on BENCH_DATABASE_URL) and stops every process it starts.
Knobs: BENCH_RUSH_CLIENTS (default 1000), BENCH_RUSH_LATE (20), BENCH_RUSH_WINDOW (57).

BENCH_RUSH_SERVERS=2 runs the same rush across two app servers, as deployed on two
machines (docs/deployment.md): two gunicorn instances on two ports (1 worker × 4
threads each, the same total as one server), sharing the PostgreSQL database, a Redis
(cache, throttles, page-cache generation) and one media directory, plus 2 task worker
processes (`db_worker`) sending the receipts. The clients alternate between the two
ports (client-side round robin, no proxy), and a double-click goes to the other server.
Same guarantees: 0 lost, numbers gapless and in order, no task run by two workers.
The task workers get BENCH_RUSH_TASK_WAIT (120) seconds after the rush to drain.

One server runs one task worker (`db_worker`) beside gunicorn during the rush, as
production does, in its own session (as under systemd) and at its production priority
(TELKA_TASK_WORKER_NICE, default 10: it gives way to gunicorn, telka/lib/priority.py).
It renders the receipt PDFs on the same two cores. BENCH_RUSH_SEAL=1 configures a
(test-only) seal, so the worker also seals each receipt: comparing a run with and one
without shows what sealing costs submissions (issue 17: at most 10 % worse). The figures
say how many receipts went out before the call closed, and how long after closing the
last one did (the worker gets BENCH_RUSH_TASK_WAIT seconds after the rush, as above).
"""

import concurrent.futures
import contextlib
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import support  # bench/support.py: the shared database, gunicorn and environment helpers

ROOT = Path(__file__).resolve().parent.parent
NAME = "telka_bench_deadline_rush"
MEGABYTE = 1024 * 1024
DEADLINE_SECONDS = 300  # the whole run is bounded


def _environment(database_url: str, var: str) -> dict:
    env = support.production_env(database_url, var, MEDIA_ROOT=f"{var}/media", TMPDIR=f"{var}/tmp")
    if os.environ.get("BENCH_RUSH_SEAL"):
        seal = Path(var, "seal.p12")
        script = (
            "import django, sys; django.setup(); from telka.signatures import demo_pki; "
            "sys.stdout.buffer.write(demo_pki.pkcs12_for('TELKA BENCH SEAL - TEST ONLY'))"
        )
        seal.write_bytes(
            subprocess.run(
                [sys.executable, "-c", script], cwd=ROOT, env={**env,
                "DJANGO_SETTINGS_MODULE": "telka.settings"}, check=True, capture_output=True,
            ).stdout
        )  # fmt: skip
        env.update(TELKA_SEAL_PKCS12=str(seal), TELKA_SEAL_PASSPHRASE="demo-test-only")
    return env


def _task_workers(env: dict, count: int) -> list:
    """`count` task workers, each in its own session, as systemd starts them."""
    return [
        support.background(
            [
                support.PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.5",
                "--worker-id",
                f"bench-worker-{n}",
            ],
            env,
            f"db_worker-{n}.log",
        )  # fmt: skip
        for n in range(count)
    ]


def _priority(pid: int) -> dict:
    """The nice value a running process has, and its autogroup's (None: no autogroup)."""
    nice = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    try:
        autogroup = int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except (OSError, ValueError, IndexError):  # no autogroup, or a sandbox showing none
        autogroup = None
    return {"nice": nice, "autogroup_nice": autogroup}


def _data(env: dict, *args: str) -> dict:
    output = subprocess.run(
        [sys.executable, "bench/deadline_rush_data.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # peak resident set size since the worker started
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# --- The clients -----------------------------------------------------------------------


def _request(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {len(body)}\r\n\r\n"
        connection.sendall(head.encode() + body)
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    finally:
        connection.close()
    status_line, _, rest = response.partition(b"\r\n")
    location = next(
        (
            line.split(b":", 1)[1].strip().decode()
            for line in rest.split(b"\r\n")
            if line.lower().startswith(b"location:")
        ),
        "",
    )
    return int(status_line.split()[1]), location


def _multipart(fields: dict, file_bytes: bytes, boundary: str) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="samata.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + file_bytes
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _client(
    ports: tuple[int, int], client: dict, start: float, attachment: bytes, double: bool
) -> dict:
    """One applicant on ports[0]; a double-click lands on ports[1] (another server, if any)."""
    port, other = ports
    time.sleep(max(0.0, start - time.time()))
    cookies = f"sessionid={client['session']}; csrftoken={client['csrf']}"
    pk, boundary = client["proposal"], secrets.token_hex(12)
    began = time.time()
    body = _multipart(
        {"csrfmiddlewaretoken": client["csrf"], "kind": "budget"}, attachment, boundary
    )
    upload = _request(
        port,
        "POST",
        f"/calls/proposals/{pk}/attachments/upload/",
        {"Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        body,
    )
    uploaded = time.time()
    form = f"csrfmiddlewaretoken={client['csrf']}".encode()
    headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
    submit_started = time.time()
    submit = _request(port, "POST", f"/calls/proposals/{pk}/submit/", headers, form)
    done = time.time()
    if double:
        _request(other, "POST", f"/calls/proposals/{pk}/submit/", headers, form)
    return {
        "proposal": pk,
        "start": began,
        "upload_s": uploaded - began,
        "submit_s": done - submit_started,
        "submit_sent": submit_started,
        "done": done,
        "uploaded": upload == (302, f"/calls/proposals/{pk}/edit/attachments/"),
        "accepted": submit == (302, f"/calls/proposals/{pk}/"),
    }


def _rush(ports: list[int], clients: list, late: int, window: float, closes_at: float) -> list:
    attachment = b"%PDF-1.4\n" + os.urandom(MEGABYTE - 9)
    on_time = sorted(closes_at - 60 + random.uniform(0.5, window) for _ in clients[late:])
    late_starts = [closes_at + random.uniform(0.2, 3.0) for _ in clients[:late]]
    starts = late_starts + on_time
    doubles = set(random.sample(range(len(clients)), len(clients) // 20))
    # Enough threads for arrivals to stay on schedule while the server keeps up; more
    # only make the load generator itself take the CPU the server needs.
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(clients), 128)) as pool:
        futures = [
            pool.submit(
                _client,
                (ports[i % len(ports)], ports[(i + 1) % len(ports)]),
                c,
                s,
                attachment,
                i in doubles,
            )
            for i, (c, s) in enumerate(zip(clients, starts, strict=True))
        ]
        return [f.result(timeout=DEADLINE_SECONDS) for f in futures]


# --- Figures ---------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)


def _figures(results: list, closes_at: float, db: dict, peaks: list) -> dict:
    in_time = [r for r in results if r["submit_sent"] < closes_at]
    late = [r for r in results if r["submit_sent"] >= closes_at]
    accepted = [r for r in in_time if r["accepted"]]
    registered = set(db["registered"])
    window = max(r["done"] for r in accepted) - min(r["start"] for r in accepted)
    submit_times = [r["submit_s"] for r in accepted]
    return {
        "clients_on_time": len(in_time),
        "clients_after_closing": len(late),
        "accepted": len(accepted),
        "rush_seconds": round(window, 1),
        "submissions_per_s": round(len(accepted) / window, 1),
        "submit_p50_ms": _percentile(submit_times, 0.50),
        "submit_p99_ms": _percentile(submit_times, 0.99),
        "upload_1mb_p50_ms": _percentile([r["upload_s"] for r in accepted], 0.50),
        "upload_1mb_p99_ms": _percentile([r["upload_s"] for r in accepted], 0.99),
        "refused_or_failed_on_time": len(in_time) - len(accepted),
        "lost": sum(1 for r in accepted if r["proposal"] not in registered),
        "duplicate_numbers": db["duplicate_numbers"],
        "missing_numbers": db["gaps"],
        "out_of_order_numbers": db["out_of_order"],
        "registered_after_closing": db["after_closing"]
        + sum(1 for r in late if r["proposal"] in registered),
        "late_refused": sum(1 for r in late if not r["accepted"]),
        "double_clicks_registered_once": db["submissions"] == len(registered),
        "peak_rss_mb_per_worker": peaks,
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "goal_met": (
            len(accepted) >= 1000
            and window <= 60
            and _percentile(submit_times, 0.99) < 1000
            and db["duplicate_numbers"] == db["gaps"] == db["out_of_order"] == 0
            and all(p < 200 for p in peaks)
        ),
    }


def _measure(env: dict, count: int, late: int, window: float, servers: int) -> dict:
    """Set up, start the server(s), run the rush, verify; stops every process it started.
    One server: gunicorn 2 workers × 4 threads. Two: see the module docstring."""
    support.manage(env, "migrate", "--no-input")
    support.manage(env, "collectstatic", "--no-input")
    clients = _data(env, "setup", str(count + late))["clients"]
    with contextlib.ExitStack() as stack:
        if servers > 1:
            env = {**env, "REDIS_URL": stack.enter_context(support.redis_server(env))}
        started = [
            stack.enter_context(
                support.gunicorn(
                    env,
                    workers=2 if servers == 1 else 1,
                    threads=4,
                    app="telka.wsgi:application",
                    timeout=60,
                    log_name=f"gunicorn-{n}.log",
                )
            )
            for n in range(servers)
        ]
        # One task worker per server (two servers run two), started before the rush.
        tasks = [stack.enter_context(w) for w in _task_workers(env, servers)]
        ports = [int(url.rsplit(":", 1)[1]) for url, _ in started]
        closes_at = time.time() + 64
        _data(env, "deadline", str(closes_at))
        workers = [pid for _, server in started for pid in _workers(server.pid)]
        task_pids = [t.pid for t in tasks]
        before, tasks_before = _costs(workers), _cpu_seconds(task_pids)
        results = _rush(ports, clients, late, window, closes_at)
        costs = _spent(before, _costs(workers))
        tasks_cpu = [_cpu_seconds(task_pids) - tasks_before]
        peaks = [_peak_rss_mb(pid) for pid in workers]
        priority = _priority(task_pids[0])
        queue = _drain(env, closes_at)
        tasks_cpu.append(_cpu_seconds(task_pids) - tasks_before)
    figures = {
        "servers": servers,
        **_figures(results, closes_at, _data(env, "verify"), peaks),
        **_cost_figures(costs, len(results)),
        **_task_worker_figures(priority, tasks_cpu, queue),
    }
    figures["goal_met"] = figures["goal_met"] and queue["tasks_run_by_two_workers"] == 0
    return figures


def _task_worker_figures(priority: dict, cpu: list[float], queue: dict) -> dict:
    """The worker's priority, its CPU during the rush and until the end of the drain
    (per receipt rendered: render, seal if on, e-mail, whatever the load), the queue."""
    rendered = queue["receipts_rendered"]
    return {
        "task_worker_nice": priority["nice"],
        "task_worker_autogroup_nice": priority["autogroup_nice"],
        "task_worker_cpu_s_during_rush": round(cpu[0], 1),
        "task_worker_cpu_ms_per_receipt": round(cpu[1] * 1000 / rendered, 1) if rendered else None,
        **queue,
    }


def _drain(env: dict, closes_at: float) -> dict:
    """Let the task workers finish the receipts (bounded); what the queue says then, and
    when the receipts went out (e-mails sent) relative to the call's closing."""
    wait = float(os.environ.get("BENCH_RUSH_TASK_WAIT", "120"))
    began = time.monotonic()
    while True:
        queue = _data(env, "tasks", str(closes_at))
        waiting = queue["by_status"].get("READY", 0) + queue["by_status"].get("RUNNING", 0)
        if not waiting or time.monotonic() - began > wait:
            break
        time.sleep(2)
    return {
        "tasks_enqueued": queue["tasks"],
        "tasks_done": queue["by_status"].get("SUCCESSFUL", 0),
        "tasks_failed": queue["by_status"].get("FAILED", 0),
        "tasks_still_waiting": waiting,
        "tasks_drained_s_after_rush": round(time.monotonic() - began, 1),
        "tasks_run_by_two_workers": queue["run_by_two_workers"],
        "task_workers_used": len(queue["workers_used"]),
        **queue["receipts"],
    }


def _database_backends() -> list[int]:
    with psycopg.connect(support.SERVER_URL) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname LIKE %s", [NAME + "%"]
        ).fetchall()
    return [pid for (pid,) in rows]


def _costs(workers: list[int]) -> tuple[float, dict, float]:
    """CPU seconds so far of the gunicorn workers, of each of their PostgreSQL backends
    (by pid: a worker may connect during the rush), and of this client."""
    backends = {pid: _cpu_seconds([pid]) for pid in _database_backends()}
    return _cpu_seconds(workers), backends, time.process_time()


def _spent(before: tuple, after: tuple) -> list[float]:
    database = sum(cpu - before[1].get(pid, 0.0) for pid, cpu in after[1].items())
    return [after[0] - before[0], database, after[2] - before[2]]


def _cost_figures(costs: list[float], applicants: int) -> dict:
    """What one applicant costs, whatever else the machine is doing, and so the rate two
    idle cores could sustain."""
    per = [round(c * 1000 / applicants, 1) for c in costs]
    return {
        "worker_cpu_ms_per_applicant": per[0],
        "postgres_cpu_ms_per_applicant": per[1],
        "client_cpu_ms_per_applicant": per[2],
        "idle_two_cores_applicants_per_s": round(2000 / sum(per), 1),
    }


def run(servers: int | None = None) -> dict:
    count = int(os.environ.get("BENCH_RUSH_CLIENTS", "1000"))
    late = int(os.environ.get("BENCH_RUSH_LATE", "20"))
    window = float(os.environ.get("BENCH_RUSH_WINDOW", "57"))
    servers = servers or int(os.environ.get("BENCH_RUSH_SERVERS", "1"))
    # Other work on the machine takes CPU from the server: say how busy it was.
    load_before = round(os.getloadavg()[0], 2)
    name = NAME if servers == 1 else f"{NAME}_{servers}_servers"  # two runs never share one
    with support.temp_dir() as var, support.postgres_database(name) as database_url:
        Path(var, "tmp").mkdir()
        figures = _measure(_environment(database_url, var), count, late, window, servers)
    sealing = "on" if os.environ.get("BENCH_RUSH_SEAL") else "off"
    return {**figures, "load_average_1min_before": load_before, "seal": sealing}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
