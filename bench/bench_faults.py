"""Faults during a deadline rush: kill -9 a gunicorn worker, terminate the app's PostgreSQL connections, fill the media disk.

For each fault a fresh wave of applicants (BENCH_FAULT_CLIENTS, default 100) each
uploads an attachment (BENCH_FAULT_KB, 256 KB) and submits, arriving at random over
BENCH_FAULT_WINDOW seconds (20) against gunicorn (2 workers × 4 threads) on
PostgreSQL; FAULT_AT seconds into the wave the fault strikes:

- worker: `kill -9` of one gunicorn worker (the master starts a new one);
- database: `pg_terminate_backend` of every connection to the bench database;
- disk: MEDIA_ROOT is a small tmpfs (mounted by the bench, so it needs root);
  it is filled to the last byte for DISK_FULL_SECONDS, then freed.

Every applicant whose upload or submission did not succeed tries once more after
the wave, as a real one would. Reported per fault: requests refused with a clear
message (a page saying what happened), other failures (server error page, reset
connection), submissions completed first time and after the retry, lost (told
"registered" but not in the database: must be 0), duplicate or missing
registration numbers (0), drafts intact (every unregistered proposal still a
complete draft), and time to recover (fault, or end of the fault, to the next
successful submission; /health back to 200).

Goal: lost = duplicates = missing = 0, every draft intact, recovery < 5 s.
Targets 127.0.0.1 only; creates and drops telka_bench_faults; unmounts the tmpfs
and stops every process it started; bounded to a few minutes.
"""

import concurrent.futures
import contextlib
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import bench_deadline_rush as rush
import psycopg
import support

NAME = "telka_bench_faults"
FAULT_AT = 6.0
DISK_FULL_SECONDS = 6.0
FULL_MESSAGE = "Serveris šiuo metu negali išsaugoti failų"


# --- One applicant ------------------------------------------------------------------


def _http(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    """(status, {lower-case header: [values]}, body) of one HTTP/1.1 exchange."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        connection.sendall(head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    finally:
        connection.close()
    top, _, content = response.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    fields: dict[str, list[str]] = {}
    for line in lines:
        name, _, value = line.partition(":")
        fields.setdefault(name.strip().lower(), []).append(value.strip())
    return int(status_line.split()[1]), fields, content.decode(errors="replace")


def _says_why(page: str) -> bool:
    """An error message on a Telka page, or the server-error page that explains itself."""
    return 'class="message message-error"' in page or 'server-error"' in page


def _outcome(port: int, path: str, headers: dict, body: bytes, success: str, cookies: str):
    """'ok', 'message' (refused, the page says why), 'server_error' or 'connection'.
    A redirect is followed (with the cookies it sets: messages may travel in one) to
    see whether the page it leads to reports an error."""
    try:
        status, fields, content = _http(port, "POST", path, headers, body)
        if status != 302:
            return "message" if _says_why(content) else "server_error"
        location = fields["location"][0]
        jar = "; ".join([cookies] + [c.split(";", 1)[0] for c in fields.get("set-cookie", [])])
        page = _http(port, "GET", location, {"Cookie": jar})[2]
    except (OSError, IndexError, ValueError, KeyError):  # reset, or closed before any answer
        return "connection"
    if _says_why(page):
        return "message"
    return "ok" if location == success else "server_error"


def _steps(port: int, client: dict, attachment: bytes, upload_needed: bool) -> dict:
    cookies = f"sessionid={client['session']}; csrftoken={client['csrf']}"
    pk = client["proposal"]
    result = {"proposal": pk, "upload": "skipped", "submit": "not_tried"}
    if upload_needed:
        boundary = secrets.token_hex(12)
        body = rush._multipart(
            {"csrfmiddlewaretoken": client["csrf"], "kind": "budget"}, attachment, boundary
        )
        headers = {"Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        result["upload"] = _outcome(
            port,
            f"/calls/proposals/{pk}/attachments/upload/",
            headers,
            body,
            f"/calls/proposals/{pk}/edit/attachments/",
            cookies,
        )
        if result["upload"] != "ok":
            return result
    form = f"csrfmiddlewaretoken={client['csrf']}".encode()
    headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
    started = time.time()
    result["submit"] = _outcome(
        port, f"/calls/proposals/{pk}/submit/", headers, form, f"/calls/proposals/{pk}/", cookies
    )
    result["submit_started"], result["done"] = started, time.time()
    return result


def _applicant(port: int, client: dict, start: float, attachment: bytes) -> dict:
    time.sleep(max(0.0, start - time.time()))
    return _steps(port, client, attachment, upload_needed=True)


# --- Faults -------------------------------------------------------------------------


def _kill_worker(server, _media: Path) -> dict:
    workers = rush._workers(server.pid)
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    struck = time.time()
    deadline = struck + 30
    while time.time() < deadline:
        now = [pid for pid in rush._workers(server.pid) if pid != victim]
        if len(now) >= len(workers):
            break
        time.sleep(0.05)
    return {"struck": struck, "ended": struck, "worker_respawn_s": round(time.time() - struck, 2)}


def _terminate_connections(_server, _media: Path) -> dict:
    with psycopg.connect(support.SERVER_URL, autocommit=True) as connection:
        killed = connection.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [NAME],
        ).fetchone()[0]
    struck = time.time()
    return {"struck": struck, "ended": struck, "connections_terminated": killed}


def _fill_disk(_server, media: Path) -> dict:
    filler = media / "filler.bin"
    struck = time.time()
    with filler.open("wb") as stream:
        block = b"\0" * (1024 * 1024)
        with contextlib.suppress(OSError):
            while True:
                stream.write(block)
                stream.flush()
        with contextlib.suppress(OSError):
            while True:  # the last bytes, one page at a time
                stream.write(b"\0" * 4096)
                stream.flush()
    time.sleep(max(0.0, struck + DISK_FULL_SECONDS - time.time()))
    filler.unlink()
    return {"struck": struck, "ended": time.time(), "disk_full_s": round(time.time() - struck, 1)}


FAULTS = {"worker": _kill_worker, "database": _terminate_connections, "disk": _fill_disk}


# --- Health probe -------------------------------------------------------------------


def _probe(url: str, stop: threading.Event, timeline: list) -> None:
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        timeline.append((time.time(), status))
        stop.wait(0.2)


# --- A wave -------------------------------------------------------------------------


def _wave(url: str, server, clients: list, fault: str, media: Path, window: float, kb: int):
    port = int(url.rsplit(":", 1)[1])
    attachment = b"%PDF-1.4\n" + os.urandom(kb * 1024 - 9)
    begin = time.time() + 0.5
    starts = sorted(begin + random.uniform(0, window) for _ in clients)
    stop, timeline, fault_info = threading.Event(), [], {}
    probe = threading.Thread(target=_probe, args=(url, stop, timeline), daemon=True)
    probe.start()

    def strike():
        time.sleep(max(0.0, begin + FAULT_AT - time.time()))
        fault_info.update(FAULTS[fault](server, media))

    striker = threading.Thread(target=strike, daemon=True)
    striker.start()
    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        first = list(
            pool.map(
                lambda pair: _applicant(port, pair[0], pair[1], attachment),
                zip(clients, starts, strict=True),
            )
        )
    striker.join(timeout=60)
    retried = []
    for client, result in zip(clients, first, strict=True):
        if result["submit"] != "ok":
            retried.append(_steps(port, client, attachment, upload_needed=result["upload"] != "ok"))
    time.sleep(0.5)
    stop.set()
    probe.join(timeout=5)
    return first, retried, fault_info, timeline


def _recovery(first: list, retried: list, fault_info: dict, timeline: list) -> dict:
    ended = fault_info["ended"]
    after = [
        r["done"] for r in first + retried if r["submit"] == "ok" and r["submit_started"] >= ended
    ]
    unhealthy = [t for t, status in timeline if t >= fault_info["struck"] and status != 200]
    healthy_again = [
        t for t, status in timeline if unhealthy and t > unhealthy[-1] and status == 200
    ]
    return {
        "recovery_s": round(min(after) - ended, 2) if after else None,
        "health_unhealthy_probes": len(unhealthy),
        "health_back_s": round(healthy_again[0] - ended, 2) if healthy_again else 0.0,
    }


def _count(results: list, step: str, outcome: str) -> int:
    return sum(1 for r in results if r[step] == outcome)


def _wave_figures(first: list, retried: list, db: dict) -> dict:
    registered = set(db["registered"])
    told_ok = [r["proposal"] for r in first + retried if r["submit"] == "ok"]
    failures = {
        outcome: _count(first, "upload", outcome) + _count(first, "submit", outcome)
        for outcome in ("message", "server_error", "connection")
    }
    mine = {r["proposal"] for r in first}
    return {
        "applicants": len(first),
        "refused_with_clear_message": failures["message"],
        "server_error_page": failures["server_error"],
        "connection_reset": failures["connection"],
        "completed_first_time": _count(first, "submit", "ok"),
        "completed_after_one_retry": _count(retried, "submit", "ok"),
        "not_completed": len(mine - registered),
        "lost": sum(1 for pk in told_ok if pk not in registered),
        "drafts_intact": all(pk in db["intact_drafts"] for pk in mine - registered),
    }


def _data(env: dict, *args: str) -> dict:
    return rush._data(env, *args)


@contextlib.contextmanager
def _small_disk(path: Path, megabytes: int):
    """A tmpfs of `megabytes` MB at `path` (root only); unmounted afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)], check=True
    )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _measure(var: str, database_url: str) -> dict:
    count = int(os.environ.get("BENCH_FAULT_CLIENTS", "100"))
    window = float(os.environ.get("BENCH_FAULT_WINDOW", "20"))
    kb = int(os.environ.get("BENCH_FAULT_KB", "256"))
    disk_mb = max(64, 3 * count * kb * 3 // 1024)
    media = Path(var) / "media"
    figures = {}
    with _small_disk(media, disk_mb):
        env = support.production_env(
            database_url,
            var,
            MEDIA_ROOT=str(media),
            TMPDIR=f"{var}/tmp",
            TELKA_HEALTH_MIN_FREE_MEDIA_BYTES=str(2 * 1024 * 1024),
            TELKA_HEALTH_MAX_TASK_LAG_SECONDS="3600",
        )
        support.manage(env, "migrate", "--no-input")
        support.manage(env, "collectstatic", "--no-input")
        clients = _data(env, "setup", str(3 * count))["clients"]
        waves = {}
        with support.gunicorn(
            env, workers=2, threads=4, app="telka.wsgi:application", timeout=60
        ) as (
            url,
            server,
        ):
            for number, fault in enumerate(FAULTS):
                waves[fault] = _wave(
                    url,
                    server,
                    clients[number * count : (number + 1) * count],
                    fault,
                    media,
                    window,
                    kb,
                )
        db = _data(env, "verify")
        db.update(_data(env, "drafts"))
    for fault, (first, retried, fault_info, timeline) in waves.items():
        wave = _wave_figures(first, retried, db)
        wave.update(_recovery(first, retried, fault_info, timeline))
        wave.update({k: v for k, v in fault_info.items() if k not in {"struck", "ended"}})
        figures.update({f"{fault}.{key}": value for key, value in wave.items()})
    figures["duplicate_numbers"] = db["duplicate_numbers"]
    figures["missing_numbers"] = db["gaps"]
    figures["registered"] = len(db["registered"])
    figures["submissions_equal_registered"] = db["submissions"] == len(db["registered"])
    figures["media_disk_mb"] = disk_mb
    return figures


def run() -> dict:
    if os.geteuid() != 0:
        raise RuntimeError("the disk fault mounts a small tmpfs as MEDIA_ROOT: run as root")
    load_before = round(os.getloadavg()[0], 2)
    started = time.time()
    with support.temp_dir() as var, support.postgres_database(NAME) as database_url:
        Path(var, "tmp").mkdir()
        figures = _measure(var, database_url)
    figures["goal_met"] = (
        all(v == 0 for k, v in figures.items() if k.endswith(".lost"))
        and figures["duplicate_numbers"] == figures["missing_numbers"] == 0
        and all(v for k, v in figures.items() if k.endswith(".drafts_intact"))
        and all(v is not None and v < 5 for k, v in figures.items() if k.endswith(".recovery_s"))
    )
    figures["bench_seconds"] = round(time.time() - started, 1)
    figures["load_average_1min_before"] = load_before
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
