"""Project monitoring pages with a LAG-sized portfolio, on PostgreSQL.

In its own database telka_bench_projects (created and dropped): 300 projects, each with
3 planned indicators and 6 reports (4 accepted with indicator values and expenditure on
2 budget lines, 1 returned, 1 due and overdue), and one project with 2,000 participants.
Measured, best of three after a warm-up, with the number of queries: the public project
list (page 1 and a search), the public project page of the big project (indicator
progress from accepted reports, participant counts), the staff's project list (all, and
only those with overdue reports), the participant list (page 1 of 40), the XLSX export
of the 2,000 participants, and one run of the reminders (300 overdue reports, e-mails
queued) followed by a second run the same day (nothing to do).

Goal: every page < 300 ms with a number of queries that does not grow with the rows (the
tests compare 1 and 20); the export < 3 s; the second reminder run sends nothing.
"""

import json
import sys
import time

NAME = "telka_bench_projects"
PROJECTS = 300
PARTICIPANTS = 2000


def run() -> dict:
    from support import run_worker

    return run_worker(__file__, NAME)


# --- inside the worker process, with Django set up on the bench database -------------


def _setup():
    from support import setup_django

    setup_django(locmem_email=True)


def _portfolio(strategy):
    """300 projects with their reports, rows made in bulk."""
    import datetime
    from decimal import Decimal

    from telka.monitoring.models import ProjectIndicator
    from telka.monitoring.tests.builders import make_project
    from telka.strategy.models import Indicator

    indicators = [
        Indicator.objects.create(lag=strategy.lag, code=f"B{n}", name=f"Rodiklis {n}", unit="vnt.")
        for n in range(3)
    ]
    from telka.evaluation.tests.builders import make_call

    call = make_call(strategy)
    projects = []
    for n in range(PROJECTS):
        project = make_project(
            strategy,
            call=call,
            starts_on=datetime.date(2023, 1 + n % 12, 1),
            months=36,
            report_every_months=6,
        )
        ProjectIndicator.objects.bulk_create(
            ProjectIndicator(project=project, indicator=i, planned_value=Decimal(100))
            for i in indicators
        )
        projects.append(project)
    _reports(indicators)
    return projects


def _reports(indicators):
    """Reports 1-4 accepted with values and expenditure, 5 returned, 6 overdue."""
    import datetime
    from decimal import Decimal

    from telka.monitoring.models import Expenditure, IndicatorValue, Report

    reports = list(Report.objects.order_by("project", "sequence"))
    for report in reports:
        report.status = {1: "accepted", 2: "accepted", 3: "accepted", 4: "accepted"}.get(
            report.sequence, "returned" if report.sequence == 5 else "due"
        )
        if report.sequence == 6:
            report.due_on = datetime.date(2025, 1, 1)
        report.paid_amount = Decimal(500) if report.status == "accepted" else Decimal(0)
    Report.objects.bulk_update(reports, ["status", "due_on", "paid_amount"], batch_size=1000)
    values, spent = [], []
    lines = {}
    for report in reports:
        if report.status != "accepted":
            continue
        values += [IndicatorValue(report=report, indicator=i, value=Decimal(7)) for i in indicators]
        if report.project_id not in lines:
            lines[report.project_id] = list(
                report.project.proposal.budget_lines.values_list("pk", flat=True)
            )
        spent += [
            Expenditure(report=report, budget_line_id=pk, amount=Decimal(250))
            for pk in lines[report.project_id]
        ]
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    Expenditure.objects.bulk_create(spent, batch_size=2000)


def _participants(project):
    import datetime

    from telka.monitoring.models import LabourStatus, Participant

    statuses = [s for s, _label in LabourStatus.choices]
    Participant.objects.bulk_create(
        (
            Participant(
                project=project,
                full_name=f"Dalyvis {n}",
                birth_year=1960 + n % 40,
                contact=f"dalyvis{n}@bench.test",
                entered_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=n % 700),
                status_at_entry=statuses[n % 5],
                exited_on=datetime.date(2024, 6, 1) if n % 2 else None,
                status_at_exit=statuses[(n + 1) % 5] if n % 2 else "",
                status_after_six_months=statuses[4] if n % 4 == 1 else "",
            )
            for n in range(PARTICIPANTS)
        ),
        batch_size=1000,
    )


def _measure(function, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function(*args)
    best, queries = None, 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function(*args)
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured.captured_queries)
    return f"{round(best * 1000, 1)} / {queries}"


def _once(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    return f"{round(elapsed * 1000, 1)} / {len(captured.captured_queries)}", result


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def worker() -> dict:
    _setup()
    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    from telka.lag.models import RoleKind
    from telka.monitoring.workflow.reports import remind_reports
    from tests import base

    caches["pages"].clear()
    lag = base.make_lag()
    strategy = base.make_strategy(lag)
    staff = base.make_user("staff@bench.test")
    base.give_role(staff, lag, RoleKind.STAFF)
    started = time.perf_counter()
    projects = _portfolio(strategy)
    big = projects[0]
    _participants(big)
    setup_seconds = round(time.perf_counter() - started, 1)

    public = Client()
    public.cookies["messages"] = "x"  # bypass the anonymous page cache: measure the view
    client = Client()
    client.force_login(staff)
    list_url = reverse("monitoring:project_list")
    manage = reverse("monitoring:manage")
    first, again = (_once(remind_reports) for _ in range(2))
    return {
        f"set-up s ({PROJECTS} projects, 1,800 reports, {PARTICIPANTS} participants)": (
            setup_seconds
        ),
        "public project list ms / queries": _measure(_get, public, list_url),
        "public project list, search ms / queries": _measure(_get, public, list_url + "?q=12"),
        "public project page (2,000 participants) ms / queries": _measure(
            _get, public, reverse("monitoring:project", args=[big.pk])
        ),
        "staff project list ms / queries": _measure(_get, client, manage),
        "staff list, overdue only ms / queries": _measure(_get, client, manage + "?overdue=on"),
        "participant list page 1 ms / queries": _measure(
            _get, client, reverse("monitoring:participants", args=[big.pk])
        ),
        "participants XLSX (2,000 rows) ms / queries": _measure(
            _get, client, reverse("monitoring:participants_xlsx", args=[big.pk])
        ),
        "reminders, first run ms / queries (reports reminded)": f"{first[0]} ({len(first[1])})",
        "reminders, second run ms / queries (reports reminded)": f"{again[0]} ({len(again[1])})",
        "goal": "pages < 300 ms with constant queries, export < 3 s, second run sends nothing",
    }


if __name__ == "__main__" and "--worker" in sys.argv:
    print(json.dumps(worker()))
