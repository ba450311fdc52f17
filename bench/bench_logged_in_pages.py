"""Logged-in pages under gunicorn (2 sync workers, PostgreSQL) against a bare Django view.

Goal (issue 16): every page a user works on, fetched as its demo persona, costs at most
15x the bare view's server CPU per request and takes at most 10 queries; the arbiter and
its 2 workers hold at most 150 MiB resident after the run.

One run: the demo is loaded into a throw-away database (telka_bench_logged_in_pages on
BENCH_DATABASE_URL, or BENCH_LOGGED_IN_DATABASE), the assessor declares on K4-001 so her
scoring sheet opens, each persona logs in through the server, then wrk (16 connections)
loads the bare view and each page for BENCH_LOGGED_IN_SECONDS (default 3) after a 1 s
warm-up; the bare view again after every four pages, and each page is compared with the
bare view measured around it. Server CPU is the user + system time of the gunicorn
processes (/proc) over the run divided by the requests served; queries are counted by
the server itself on one request per page after the warm-up (bench_wsgi.py, header
X-Bench-Queries). Everything targets 127.0.0.1.
"""

import http.client
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from support import (
    PYTHON,
    ROOT,
    gunicorn,
    manage,
    postgres_database,
    production_env,
    temp_dir,
)

SECONDS = int(os.environ.get("BENCH_LOGGED_IN_SECONDS", "3"))
BARE_EVERY = 4  # pages between two measurements of the bare view
CONNECTIONS = 16
DATABASE = os.environ.get("BENCH_LOGGED_IN_DATABASE", "telka_bench_logged_in_pages")
PASSWORD = "aleksotas-demo"
LAG = "aleksotas"  # the demo's first LAG, served on 127.0.0.1 (the applicant has a draft in both)
PERSONAS = {
    "staff": "sara@aleksotas.test",
    "assessor": "eva@aleksotas.test",
    "board": "bruno@aleksotas.test",
    "applicant": "ana@aleksotas.test",
    "resident": "rita@aleksotas.test",
    "promoter": "paulius@aleksotas.test",
}
GOAL_RATIO = 15
GOAL_QUERIES = 10
GOAL_RSS_MIB = 150


# --- In a child process with Django on the bench database: the pages to fetch ----------


def prepare() -> list[tuple[str, str, str]]:
    """(label, persona, path) of every page; the assessor declares on K4-001 first."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
    import django

    django.setup()
    from django.urls import reverse

    from telka.calls.sections import ORDER

    found = _objects()
    draft = found["draft"].pk
    pages = []
    for persona in PERSONAS:
        pages.append((f"home / ({persona})", persona, "/"))
        pages.append((f"my area /accounts/ ({persona})", persona, reverse("accounts:dashboard")))
    pages.append(("call page", "applicant", reverse("calls:detail", args=[found["draft"].call_id])))
    for section in ORDER:
        if section == "attachments":
            path = reverse("calls:attachments", args=[draft])
        else:
            path = reverse("calls:proposal_section", args=[draft, section])
        pages.append((f"proposal section {section}", "applicant", path))
    return [
        *pages,
        ("completeness check", "applicant", reverse("calls:proposal_check", args=[draft])),
        ("scoring sheet", "assessor", reverse("evaluation:assessment", args=[found["sheet"].pk])),
        ("board meeting", "board", reverse("decisions:member_meeting", args=[found["meeting"].pk])),
        (
            "staff proposal list",
            "staff",
            reverse("calls:manage_proposals", args=[found["call"].pk]),
        ),
        ("formal check", "staff", reverse("evaluation:check", args=[found["in_check"].pk])),
        ("promoter's report", "promoter", reverse("monitoring:report", args=[found["report"].pk])),
    ]


def _objects() -> dict:
    """The demo's objects behind the pages: the applicant's draft, the assessor's sheet
    (declared here so that it opens), the call being checked, all in the first LAG, the board member's next
    meeting and the promoter's next report."""
    from telka.accounts.models import User
    from telka.calls.models import Proposal, ProposalStatus
    from telka.decisions.models import Meeting
    from telka.evaluation import workflow
    from telka.evaluation.models import Assessment, AssessmentStatus
    from telka.monitoring.models import Project, Report, ReportStatus

    users = {key: User.objects.get(email=email) for key, email in PERSONAS.items()}
    sheet = (
        Assessment.objects.filter(
            assessor=users["assessor"],
            status=AssessmentStatus.ASSIGNED,
            proposal__call__lag__slug=LAG,
        )
        .select_related("proposal__call")
        .order_by("proposal__sequence")
        .first()
    )
    call = sheet.proposal.call
    workflow.sign_call_declaration(call=call, assessor=users["assessor"], text="bench")
    workflow.declare_no_conflict(assessment=sheet, actor=users["assessor"])
    promoted = Project.objects.of_promoter(users["promoter"])
    return {
        "draft": Proposal.objects.for_user(users["applicant"]).get(
            status=ProposalStatus.DRAFT, call__lag__slug=LAG
        ),
        "sheet": sheet,
        "call": call,
        "in_check": Proposal.objects.filter(call=call, status=ProposalStatus.ADMIN_CHECK).first(),
        "meeting": Meeting.objects.for_member(users["board"]).upcoming().order_by("starts_at")[0],
        "report": Report.objects.filter(project__in=promoted, status__in=ReportStatus.OPEN)
        .order_by("due_on")
        .first(),
    }


# --- Talking to the server ----------------------------------------------------------------


def _request(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def _cookie(headers, name: str) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    raise RuntimeError(f"no {name} cookie in {headers}")


def log_in(port: int, email: str) -> str:
    """Log in through the form as a browser does; the Cookie header for later requests."""
    status, headers = _request(port, "GET", "/accounts/login/", {})
    csrf = _cookie(headers, "csrftoken")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": email, "password": PASSWORD}
    ).encode()
    status, headers = _request(
        port,
        "POST",
        "/accounts/login/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        body,
    )
    if status != 302:
        raise RuntimeError(f"log-in of {email} answered {status}")
    return f"csrftoken={csrf}; sessionid={_cookie(headers, 'sessionid')}"


def queries(port: int, path: str, cookie: str) -> int:
    status, headers = _request(port, "GET", path, {"Cookie": cookie, "X-Bench-Queries": "1"})
    if status != 200:
        raise RuntimeError(f"{path} answered {status} {headers.get('Location', '')}")
    return int(headers["X-Bench-Queries"])


def _server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _memory_mib(pids: list[int], field: str = "Rss") -> float:
    """Resident memory of the processes (Rss), or their proportional share of it (Pss:
    pages the arbiter and workers share are counted once)."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(f"{field}:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def _served(counters: Path) -> int:
    """Requests the workers have served so far (bench_wsgi.py counts them)."""
    return sum(struct.unpack("Q", path.read_bytes()[:8])[0] for path in counters.iterdir())


def _settled(counters: Path, pids: list[int]) -> tuple[int, float]:
    """(served, CPU seconds) once the server is idle: when wrk stops, the connections it
    leaves in the listen queue are still served, and their CPU belongs to the run."""
    last = None
    for _ in range(120):
        now = (_served(counters), _cpu_seconds(pids))
        if now == last:
            break
        last = now
        time.sleep(0.5)
    return now


def load(url: str, cookie: str, master: int, counters: Path, seconds: int) -> tuple[float, float]:
    """(requests per second as wrk saw them, server CPU ms per request served)."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    pids = _server_pids(master)
    served, cpu = _settled(counters, pids)
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    served_after, cpu_after = _settled(counters, pids)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, (cpu_after - cpu) * 1000 / max(served_after - served, 1)


def run() -> dict:
    with temp_dir() as var, postgres_database(DATABASE) as database:
        counters = Path(var) / "counters"
        counters.mkdir()
        env = production_env(database, var, BENCH_REQUEST_COUNTERS=str(counters))
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        listed = subprocess.run(
            [PYTHON, __file__, "--prepare"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        pages = json.loads(listed.stdout.splitlines()[-1])
        with gunicorn(env) as (url, master):
            return _measure(url, master.pid, counters, pages)


def _measure(url: str, master: int, counters: Path, pages: list) -> dict:
    port = int(url.rsplit(":", 1)[1])
    cookies = {persona: log_in(port, email) for persona, email in PERSONAS.items()}
    load(url + "/__bare__/", "", master, counters, 1)  # warm-up
    # The bare view is measured again after every few pages: on a shared machine the
    # cost of a request drifts with the load, and each page is compared with the bare
    # view measured around it.
    bare = [load(url + "/__bare__/", "", master, counters, SECONDS)]
    # What the loaded application holds before any Telka page: the floor under the goal.
    loaded = _memory_mib(_server_pids(master)), _memory_mib(_server_pids(master), "Pss")
    rows = []
    for number, (label, persona, path) in enumerate(pages, start=1):
        load(url + path, cookies[persona], master, counters, 1)  # warm-up
        count = queries(port, path, cookies[persona])
        rate, cpu = load(url + path, cookies[persona], master, counters, SECONDS)
        rows.append((label, path, rate, cpu, count, len(bare) - 1))
        if number % BARE_EVERY == 0 or number == len(pages):
            bare.append(load(url + "/__bare__/", "", master, counters, SECONDS))
    rss = _memory_mib(_server_pids(master))
    pss = _memory_mib(_server_pids(master), "Pss")
    bare_cpu = [cpu for _rate, cpu in bare]
    figures = {
        "bare view": {
            "req/s": round(statistics.median(rate for rate, _cpu in bare), 1),
            "CPU ms": round(statistics.median(bare_cpu), 3),
            "CPU ms range": [round(min(bare_cpu), 3), round(max(bare_cpu), 3)],
        }
    }
    for label, path, rate, cpu, count, before in rows:
        around = (bare_cpu[before] + bare_cpu[before + 1]) / 2
        figures[label] = {
            "req/s": round(rate, 1),
            "CPU ms": round(cpu, 2),
            "x bare": round(cpu / around, 1),
            "queries": count,
            "path": path,
        }
    pages_only = [value for key, value in figures.items() if key != "bare view"]
    worst = max(r["x bare"] for r in pages_only)
    most = max(r["queries"] for r in pages_only)
    return {
        **figures,
        "worst CPU ratio to bare": worst,
        "most queries": most,
        "arbiter + 2 workers RSS MiB before any page (bare view only)": loaded[0],
        "arbiter + 2 workers PSS MiB before any page (bare view only)": loaded[1],
        "arbiter + 2 workers RSS MiB": rss,
        "arbiter + 2 workers PSS MiB (shared pages counted once)": pss,
        "machine load (1 min) at the end": round(os.getloadavg()[0], 1),
        "goal": f"each page <= {GOAL_RATIO}x bare CPU and <= {GOAL_QUERIES} queries; "
        f"RSS <= {GOAL_RSS_MIB} MiB",
        "goal met": worst <= GOAL_RATIO and most <= GOAL_QUERIES and rss <= GOAL_RSS_MIB,
    }


if __name__ == "__main__" and sys.argv[1:] == ["--prepare"]:
    print(json.dumps(prepare()))
