"""The public strategy dashboard with 50 LAG-sized strategies on PostgreSQL.

In its own database telka_bench_dashboard (created and dropped): 50 LAGs, each with one
strategy in force (2 goals, 4 objectives, 8 measures, 20 indicators, 40 targets), 4
decided calls with 8 allocations each, 1,250 funded proposals with awards (1,000
contracted into 1,000 projects, 250 more only selected or lapsed), each with 5 planned
indicators and 12 reports (80 % accepted, the rest submitted or returned)
declaring 5 indicator values: 50,000 projects, 600,000 reports and 3,000,000 values in
all. Big tables are loaded with COPY. Measured: the dashboard page of one strategy as an
anonymous visitor with the page cache emptied before each request (the uncached
render), 30 requests after a warm-up, p50/p95 and its number of queries; also a cached
hit and the indicators CSV.

Goal: dashboard < 200 ms (p95) and ≤ 10 queries whatever the data size.
"""

import datetime
import json
import os
import statistics
import sys
import time
from decimal import Decimal

NAME = "telka_bench_dashboard"
STRATEGIES = int(os.environ.get("BENCH_DASHBOARD_STRATEGIES", 50))
INDICATORS = 20
PROJECTS = 1000
REPORTS = 12
MEASURES = 8
CALLS = 4
VALUES_PER_REPORT = 5
REQUESTS = 30


def run() -> dict:
    from support import run_worker

    return run_worker(__file__, NAME)


# --- inside the worker process, with Django set up on the bench database -------------


def _setup():
    from support import setup_django

    setup_django()


class Ids:
    """Explicit primary keys for rows loaded with COPY."""

    def __init__(self):
        self.next = {}

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


def _copy(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _reset_sequences(tables: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )


def _strategy(lag, n: int):
    from telka.strategy.models import Goal, Indicator, Measure, Objective, Strategy, Target

    strategy = Strategy.objects.create(
        lag=lag,
        title=f"VVG {n} vietos plėtros strategija",
        version=1,
        status="in_force",
        period_start=2023,
        period_end=2029,
        total_budget=Decimal(2_500_000),
        in_force_from=datetime.date(2023, 1, 1),
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            lag=lag,
            code=f"R{i:02d}",
            name=f"Rodiklis {i}",
            unit="vnt.",
            kind="output",
            achievement_moment="during",
        )
        for i in range(1, INDICATORS + 1)
    )
    measures = []
    for g in range(1, 3):
        goal = Goal.objects.create(strategy=strategy, code=str(g), title=f"Tikslas {g}", position=g)
        for o in range(1, 3):
            objective = Objective.objects.create(
                goal=goal, code=f"{g}.{o}", title=f"Uždavinys {g}.{o}", position=o
            )
            for m in range(1, 3):
                measures.append(
                    Measure.objects.create(
                        objective=objective,
                        code=f"{g}.{o}.{m}",
                        title=f"Veiksmas {g}.{o}.{m}",
                        budget=Decimal(250_000),
                        position=m,
                    )
                )
    targets = {}
    rows = []
    for index, measure in enumerate(measures):
        chosen = [indicators[(index * 5 + k) % INDICATORS] for k in range(VALUES_PER_REPORT)]
        targets[measure.pk] = chosen
        rows += [Target(measure=measure, indicator=i, value=Decimal(500)) for i in chosen]
    Target.objects.bulk_create(rows)
    return strategy, measures, targets


def _calls(lag, strategy, measures, board):
    from django.utils import timezone

    from telka.calls.models import Allocation, Call
    from telka.decisions.models import AgendaItem, Decision, Meeting

    allocations = []
    for c in range(1, CALLS + 1):
        call = Call.objects.create(
            lag=lag, strategy=strategy, number=str(c), title=f"Kvietimas {c}", status="decided"
        )
        allocations += Allocation.objects.bulk_create(
            Allocation(
                call=call,
                measure=measure,
                amount=Decimal(60_000),
                max_per_project=Decimal(20_000),
                max_rate_percent=Decimal(90),
                position=p,
            )
            for p, measure in enumerate(measures)
        )
    meeting = Meeting.objects.create(
        lag=lag,
        board=board,
        number="1",
        mode="in_person",
        starts_at=timezone.now(),
        held_on=datetime.date(2024, 1, 10),
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, kind="selection", allocation=a, position=p)
        for p, a in enumerate(allocations, start=1)
    )
    decisions = Decision.objects.bulk_create(
        Decision(item=item, meeting=meeting, allocation=item.allocation, kind="selection")
        for item in items
    )
    return allocations, {d.allocation_id: d for d in decisions}


def _funded(lag, n, allocations, decisions, organisations):
    from django.utils import timezone

    from telka.calls.models import Proposal
    from telka.decisions.models import Award
    from telka.monitoring.models import Project

    now = timezone.now()
    sequences: dict[int, int] = {}
    proposals = []
    # Every project's proposal is contracted; a quarter as many again are only selected or
    # lapsed (they count, or not, on the funded lists but have no project).
    for p in range(PROJECTS + PROJECTS // 4):
        allocation = allocations[(p * 7) % len(allocations)]
        sequence = sequences[allocation.call_id] = sequences.get(allocation.call_id, 0) + 1
        status = "contracted" if p < PROJECTS else ("selected" if p % 2 else "lapsed")
        proposals.append(
            Proposal(
                call_id=allocation.call_id,
                allocation=allocation,
                organisation=organisations[p % len(organisations)],
                status=status,
                sequence=sequence,
                reg_number=f"{n}-{allocation.call_id}-{sequence:04d}",
                title=f"Projektas {p}",
                requested_amount=Decimal(10_000),
                total_cost=Decimal(11_000),
                submitted_at=now,
            )
        )
    proposals = Proposal.objects.bulk_create(proposals, batch_size=1000)
    Award.objects.bulk_create(
        (
            Award(
                proposal=proposal,
                decision=decisions[proposal.allocation_id],
                fixed_amount=Decimal(10_000),
                approved_amount=Decimal(9_500) if proposal.status == "contracted" else None,
                agreement_signed_on=datetime.date(2024, 3, 1)
                if proposal.status == "contracted"
                else None,
            )
            for proposal in proposals
        ),
        batch_size=1000,
    )
    contracted = [p for p in proposals if p.status == "contracted"]
    measure_of = {a.pk: a.measure_id for a in allocations}
    projects = Project.objects.bulk_create(
        (
            Project(
                lag=lag,
                proposal=proposal,
                strategy_id=allocations[0].call.strategy_id,
                measure_id=measure_of[proposal.allocation_id],
                promoter_id=proposal.organisation_id,
                number=proposal.reg_number,
                title=proposal.title,
                starts_on=datetime.date(2024, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
                total_cost=Decimal(11_000),
                grant_amount=Decimal(9_500),
                report_every_months=3,
            )
            for proposal in contracted
        ),
        batch_size=1000,
    )
    return projects


def _quarter(q: int) -> tuple[datetime.date, datetime.date]:
    """The q-th quarter from 2024: its first and last day."""
    year, quarter = 2024 + q // 4, q % 4
    start = datetime.date(year, quarter * 3 + 1, 1)
    following = datetime.date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


REPORT_COLUMNS = [
    "id",
    "project_id",
    "sequence",
    "period_start",
    "period_end",
    "due_on",
    "is_final",
    "status",
    "activities",
    "participants_count",
    "staff_comment",
    "paid_amount",
]


def _reports(ids: Ids, projects, targets, statuses):
    """Rows for COPY: 12 quarterly reports per project, and their 5 values each."""
    reports, values, plans = [], [], []
    for project in projects:
        indicators = targets[project.measure_id]
        for indicator in indicators:
            plans.append((ids.take("pi"), project.pk, indicator.pk, Decimal(50)))
        for seq in range(1, REPORTS + 1):
            start, end = _quarter(seq - 1)
            status = statuses[(project.pk * 13 + seq) % len(statuses)]
            report_id = ids.take("report")
            reports.append(
                (
                    report_id,
                    project.pk,
                    seq,
                    start,
                    end,
                    end + datetime.timedelta(days=15),
                    seq == REPORTS,
                    status,
                    "",
                    0,
                    "",
                    Decimal(700),
                )
            )
            for k, indicator in enumerate(indicators):
                values.append((ids.take("value"), report_id, indicator.pk, Decimal(1 + k)))
    return reports, values, plans


def _load() -> float:
    from django.db import connection, transaction

    from telka.accounts.models import Organisation
    from tests import base

    started = time.perf_counter()
    ids = Ids()
    statuses = ["accepted"] * 8 + ["submitted", "returned"]
    for n in range(STRATEGIES):
        with transaction.atomic():
            lag = base.make_lag(slug=f"vvg-{n}", name=f"VVG {n}", short_name=f"VVG {n}")
            board = base.make_board(lag)
            strategy, measures, targets = _strategy(lag, n)
            allocations, decisions = _calls(lag, strategy, measures, board)
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Organizacija {n}-{o}",
                    legal_form="association",
                    legal_code=f"{n:04d}{o:05d}",
                    sector="civil",
                    address="Kaunas",
                )
                for o in range(50)
            )
            projects = _funded(lag, n, allocations, decisions, organisations)
            reports, values, plans = _reports(ids, projects, targets, statuses)
            _copy(
                "monitoring_projectindicator",
                ["id", "project_id", "indicator_id", "planned_value"],
                plans,
            )
            _copy("monitoring_report", REPORT_COLUMNS, reports)
            _copy("monitoring_indicatorvalue", ["id", "report_id", "indicator_id", "value"], values)
    _reset_sequences(
        ["monitoring_projectindicator", "monitoring_report", "monitoring_indicatorvalue"]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return round(time.perf_counter() - started, 1)


def _timed(client, url: str, *, clear: bool) -> tuple[float, int]:
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if clear:
        caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000, len(captured.captured_queries)


def _series(client, url: str, *, clear: bool = True) -> dict:
    for _ in range(3):
        _timed(client, url, clear=clear)
    times, queries = [], 0
    for _ in range(REQUESTS):
        ms, queries = _timed(client, url, clear=clear)
        times.append(ms)
    times.sort()
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": queries,
    }


def worker() -> dict:
    _setup()
    from django.test import Client

    from telka.monitoring.models import IndicatorValue, Project, Report

    load_seconds = _load()
    counts = {
        "projects": Project.objects.count(),
        "reports": Report.objects.count(),
        "values": IndicatorValue.objects.count(),
    }
    client = Client()
    page = _series(client, "/monitoring/dashboard/")
    english = _series(client, "/en/monitoring/dashboard/")
    cached = _series(client, "/monitoring/dashboard/", clear=False)
    csv = _series(client, "/monitoring/dashboard/1/indicators.csv")
    return {
        "data": f"{STRATEGIES} strategies × {INDICATORS} indicators × {PROJECTS} projects "
        f"× {REPORTS} reports: {counts['projects']:,} projects, "
        f"{counts['reports']:,} reports, {counts['values']:,} indicator values",
        "data generation s": load_seconds,
        "dashboard (uncached) p50 / p95 ms": f"{page['p50']} / {page['p95']}",
        "dashboard queries": page["queries"],
        "dashboard EN (uncached) p50 / p95 ms": f"{english['p50']} / {english['p95']}",
        "dashboard cached hit p50 ms": cached["p50"],
        "indicators CSV p50 ms / queries": f"{csv['p50']} / {csv['queries']}",
        "goal": "dashboard p95 < 200 ms, ≤ 10 queries",
    }


if __name__ == "__main__" and "--worker" in sys.argv:
    print(json.dumps(worker()))
