"""The open-data API's list endpoints under gunicorn (2 workers, PostgreSQL).

In its own database telka_bench_api (created and dropped): a strategy with 5 measures
and 20 indicators, 50 published calls (2 allocations, 4 criteria each), 5,000 published
results (per call 50 funded and 50 on the reserve list, one signed board meeting),
1,000 projects (2 planned indicators, 4 reports each, 2 of them accepted), 500 news and
200 events. For each JSON list (first page of 50) wrk reports requests/s and latency
twice: as deployed (8 connections; responses kept in the shared cache until data
changes or 60 s pass) and uncached (2 connections, one per worker;
TELKA_PAGE_CACHE_SECONDS=0: every request queries and serialises).
Also: queries and time of one request per endpoint, and the whole results CSV.

Goal: every uncached list page answers in < 100 ms at the median with a handful of
queries that does not grow with rows (tests compare 1 and 7 rows); cached lists reach
the bare view's order of magnitude.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import gunicorn, manage, postgres_database, production_env, temp_dir

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5
LISTS = ["/api/calls", "/api/results", "/api/projects", "/api/indicators", "/api/news"]
LISTS += ["/api/events", "/api/strategy"]


def wrk(url: str, seconds: int = SECONDS, connections: int = 8) -> dict:
    """Requests/s and latency (median, 99th percentile, ms) that wrk measures."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 1)

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"req/s": round(rps, 1), "p50 ms": ms("50%"), "p99 ms": ms("99%")}


def seconds_for(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return round(time.perf_counter() - started, 3)


def run() -> dict:
    figures: dict = {"load average before": round(os.getloadavg()[0], 1)}
    with temp_dir() as var, postgres_database("telka_bench_api") as database:
        env = production_env(database, var)
        manage(env, "migrate", "--no-input")
        out = subprocess.run(
            [sys.executable, __file__, "--seed"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=1200,
        ).stdout
        figures["one request (queries, ms)"] = json.loads(out.strip().splitlines()[-1])
        # Uncached with one connection per worker: latency is the work, not the queue.
        modes = (("cached", {}, 8), ("uncached", {"TELKA_PAGE_CACHE_SECONDS": "0"}, 2))
        for mode, extra, connections in modes:
            with gunicorn({**env, **extra}) as (url, _master):
                wrk(url + "/__bare__/", seconds=1)
                if mode == "cached":
                    figures["bare view"] = wrk(url + "/__bare__/")
                for path in LISTS:
                    wrk(url + path, seconds=1)  # warm-up
                    figures[f"{path} {mode}"] = wrk(url + path, connections=connections)
                if mode == "uncached":
                    figures["/api/results.csv (5,000 rows) s"] = seconds_for(
                        url + "/api/results.csv"
                    )
                    figures["/api/projects.csv (1,000 rows) s"] = seconds_for(
                        url + "/api/projects.csv"
                    )
    figures["goal"] = "uncached list pages p50 < 100 ms, constant queries"
    return figures


# --- in the seeding process, with Django set up on the bench database ----------------


def seed() -> None:
    from django.db import connection
    from django.utils import timezone

    from tests import base

    now = timezone.now()
    lag = base.make_lag()
    strategy = base.make_strategy(lag, measures=5)
    targets = _indicators(lag, strategy)
    contracted = _calls_and_results(lag, strategy, now)
    _projects(lag, strategy, contracted, targets)
    _news_and_events(lag, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    print(json.dumps(_one_request_each()))


def _indicators(lag, strategy) -> dict[int, list[int]]:
    """20 indicators, one target each spread over the 5 measures: {measure: [indicator]}."""
    from decimal import Decimal

    from telka.strategy.models import Indicator, Measure, Target

    measures = list(Measure.objects.filter(objective__goal__strategy=strategy))
    indicators = Indicator.objects.bulk_create(
        Indicator(
            lag=lag,
            code=f"R{n:02d}",
            name=f"Rodiklis {n}",
            unit="vnt.",
            kind="output",
            achievement_moment="project_end",
        )
        for n in range(20)
    )
    Target.objects.bulk_create(
        Target(measure=measures[n % 5], indicator=indicators[n], value=Decimal(100 + n))
        for n in range(20)
    )
    targets: dict[int, list[int]] = {}
    for t in Target.objects.filter(measure__in=measures).order_by("pk"):
        targets.setdefault(t.measure_id, []).append(t.indicator_id)
    return targets


def _calls_and_results(lag, strategy, now) -> list:
    """50 decided calls at one signed meeting; per call 50 funded (20 contracted) and
    50 reserve proposals. Returns the contracted proposals."""
    import datetime
    from decimal import Decimal

    from telka.calls.models import Allocation, Call, Criterion, Proposal
    from telka.decisions.models import AgendaItem, Award, Decision, Meeting, Minutes
    from telka.evaluation.models import Result
    from telka.strategy.models import Measure
    from tests import base

    measures = list(Measure.objects.filter(objective__goal__strategy=strategy))
    organisations = [
        base.make_organisation(name=f"Bendruomenė {n}", legal_code=f"3{n:08d}") for n in range(500)
    ]
    meeting = Meeting.objects.create(
        lag=lag,
        board=base.make_board(lag),
        number="1",
        mode="in_person",
        status="closed",
        starts_at=now,
        held_on=now.date(),
    )
    Minutes.objects.create(
        meeting=meeting, signatories="P. V.", signed_on=now.date(), signed_at=now
    )
    calls = Call.objects.bulk_create(
        Call(
            lag=lag,
            strategy=strategy,
            number=str(n),
            title=f"Kvietimas Nr. {n}",
            summary="Kvietimo santrauka " * 10,
            status="decided",
            opens_at=now - datetime.timedelta(days=400 - n),
            closes_at=now - datetime.timedelta(days=370 - n),
            published_at=now - datetime.timedelta(days=405 - n),
            min_score=Decimal(50),
        )
        for n in range(1, 51)
    )
    allocations = Allocation.objects.bulk_create(
        Allocation(
            call=call,
            measure=measures[(i + k) % 5],
            amount=Decimal(500_000),
            max_per_project=Decimal(20_000),
            max_rate_percent=Decimal(90),
            position=k,
        )
        for i, call in enumerate(calls)
        for k in range(2)
    )
    Criterion.objects.bulk_create(
        Criterion(call=call, code=f"K{k}", title=f"Kriterijus {k}", kind="scored", max_points=25)
        for call in calls
        for k in range(4)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, kind="selection", allocation=allocations[2 * i], position=i)
        for i in range(len(calls))
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            item=item,
            meeting=meeting,
            allocation=item.allocation,
            kind="selection",
            status="adopted",
            decided_on=now.date(),
        )
        for item in items
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            allocation=allocations[2 * i],
            organisation=organisations[(i * 100 + n) % 500],
            status=("contracted" if n < 20 else "selected") if n < 50 else "reserve",
            sequence=n + 1,
            reg_number=f"K{call.number}-{n + 1:03d}",
            title=f"Projektas {call.number}-{n + 1}",
            requested_amount=Decimal(10_000),
            total_cost=Decimal(11_000),
            submitted_at=now - datetime.timedelta(days=380, seconds=n),
        )
        for i, call in enumerate(calls)
        for n in range(100)
    )
    Result.objects.bulk_create(
        Result(proposal=p, outcome="ranked", final_score=Decimal(100 - p.sequence % 50))
        for p in proposals
    )
    Award.objects.bulk_create(
        Award(proposal=p, decision=decisions[i // 100], fixed_amount=Decimal(10_000))
        for i, p in enumerate(proposals)
        if p.status != "reserve"
    )
    return [p for p in proposals if p.status == "contracted"]


def _projects(lag, strategy, contracted, targets) -> None:
    """A project per contracted proposal: 2 planned indicators, 4 reports (2 accepted)."""
    import datetime
    from decimal import Decimal

    from telka.monitoring.models import IndicatorValue, Project, ProjectIndicator, Report

    projects = Project.objects.bulk_create(
        Project(
            lag=lag,
            proposal=p,
            strategy=strategy,
            measure=p.allocation.measure,
            promoter=p.organisation,
            number=f"{p.reg_number}-S",
            title=p.title,
            summary="Projekto santrauka " * 5,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            total_cost=p.total_cost,
            grant_amount=Decimal(10_000),
        )
        for p in contracted
    )
    ProjectIndicator.objects.bulk_create(
        ProjectIndicator(project=project, indicator_id=indicator, planned_value=20)
        for project in projects
        for indicator in targets[project.measure_id][:2]
    )
    reports = Report.objects.bulk_create(
        Report(
            project=project,
            sequence=k + 1,
            period_start=datetime.date(2025, 1 + 3 * k, 1),
            period_end=datetime.date(2025, 3 + 3 * k, 28),
            due_on=datetime.date(2025, 4 + 2 * k, 15),
            status="accepted" if k < 2 else "due",
        )
        for project in projects
        for k in range(4)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator_id=indicator, value=3)
        for report in reports
        if report.status == "accepted"
        for indicator in targets[report.project.measure_id][:2]
    )


def _news_and_events(lag, now) -> None:
    import datetime

    from telka.content.models import Event, News

    News.objects.bulk_create(
        News(
            lag=lag,
            title=f"Naujiena {n}",
            slug=f"naujiena-{n}",
            summary="Trumpai apie naujieną.",
            body="<p>" + "Naujienos tekstas. " * 60 + "</p>",
            published_at=now - datetime.timedelta(days=n),
        )
        for n in range(500)
    )
    Event.objects.bulk_create(
        Event(
            lag=lag,
            title=f"Renginys {n}",
            slug=f"renginys-{n}",
            starts_at=now - datetime.timedelta(days=n),
            ends_at=now - datetime.timedelta(days=n, hours=-2),
            place="Aleksoto g. 1, Kaunas",
        )
        for n in range(200)
    )


def _one_request_each() -> dict:
    """Queries and milliseconds (best of 3) of one uncached request per endpoint, in-process."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, found = Client(), {}
    for path in [*LISTS, "/api/results.csv", "/api/projects.csv"]:
        best = None
        for _ in range(3):
            caches["pages"].clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            best = min(best or elapsed, elapsed)
        found[path] = [len(captured.captured_queries), round(best, 1)]
    return found


if __name__ == "__main__" and "--seed" in sys.argv:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    seed()
