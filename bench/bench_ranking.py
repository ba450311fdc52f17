"""Ranking and draft lists of one call with 10,000 proposals on PostgreSQL.

One call, 2 allocations, 7 criteria, 10,000 ranked proposals with 2 submitted
assessments each (20,000 assessments, 140,000 scores), in its own database
telka_bench_ranking (created and dropped). Measured: evaluation.lists.call_lists
(load + rank + funded/reserve lists), and the staff ranking page, each for a call
of 100 and of 10,000 proposals, with the number of queries. Each allocation holds
1,000 EUR per proposal in the call, so about a third of the proposals (requests of
1,000–10,000 EUR) fit on the funded lists; the page shows the
first 200 rows of each list (all of them on request).

Goal: ranking and draft lists < 1 s for 10,000 proposals, with the same number of
queries for 100 and for 10,000.
"""

import json
import sys
import time


def run() -> dict:
    from support import run_worker

    return run_worker(__file__, "telka_bench_ranking")


# --- inside the worker process, with Django set up on the bench database -------------


def _setup():
    from support import setup_django

    setup_django()


def _make_call(strategy, number: str, proposals: int, organisation, assessors):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from telka.calls.models import Allocation, Call, Criterion, CriterionKind, Proposal
    from telka.evaluation.models import Assessment, Result, Score

    now = timezone.now()
    call = Call.objects.create(
        lag=strategy.lag,
        strategy=strategy,
        number=number,
        title=f"Kvietimas {number}",
        status="assessment",
        min_score=Decimal(50),
    )
    measures = list(strategy.goals.first().objectives.first().measures.all())
    allocations = [
        Allocation.objects.create(
            call=call,
            measure=m,
            amount=Decimal(proposals * 4000),
            max_per_project=Decimal(proposals * 4000),
            max_rate_percent=Decimal(90),
        )
        for m in measures[:2]
    ]
    criteria = [
        Criterion.objects.create(
            call=call,
            code=f"K{n}",
            title=f"Kriterijus {n}",
            kind=CriterionKind.SCORED,
            max_points=Decimal(15),
            position=n,
        )
        for n in range(1, 8)
    ]
    call.tie_break_criterion = criteria[0]
    call.save(update_fields=["tie_break_criterion"])
    rows = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            allocation=allocations[n % 2],
            organisation=organisation,
            status="ranked",
            sequence=n,
            reg_number=f"K{number}-{n:05d}",
            title=f"Projektas {n}",
            requested_amount=Decimal(1000 + (n * 7919) % 9000),
            submitted_at=now - datetime.timedelta(seconds=n),
        )
        for n in range(1, proposals + 1)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            proposal=p,
            assessor=a,
            status="submitted",
            assigned_at=now,
            submitted_at=now,
            total=Decimal(0),
        )
        for p in rows
        for a in assessors
    )
    Score.objects.bulk_create(
        Score(
            assessment=a,
            criterion=c,
            points=Decimal((a.pk * 31 + c.pk * 17) % 16),
            justification="Pagrįsta.",
        )
        for a in assessments
        for c in criteria
    )
    Result.objects.bulk_create(
        Result(
            proposal=p,
            outcome="ranked",
            final_score=Decimal(50 + (p.pk * 37) % 50),
            tie_break_points=Decimal((p.pk * 13) % 16),
            counted=[],
        )
        for p in rows
    )
    return call


def _measure(function, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function(*args)  # warm caches and connections
    best, queries = None, 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function(*args)
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured.captured_queries)
    return round(best * 1000, 1), queries


def _page(client, call):
    from django.urls import reverse

    response = client.get(reverse("evaluation:ranking", args=[call.pk]))
    assert response.status_code == 200


def worker() -> dict:
    _setup()
    from django.conf import settings
    from django.test import Client

    from telka.evaluation.lists import call_lists
    from telka.lag.models import RoleKind
    from tests import base

    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic here: serve static URLs without the production manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    lag = base.make_lag()
    strategy = base.make_strategy(lag)
    organisation = base.make_organisation()
    assessors = [base.make_user(f"a{n}@bench.test") for n in range(2)]
    staff = base.make_user("staff@bench.test")
    base.give_role(staff, lag, RoleKind.STAFF)
    started = time.perf_counter()
    small = _make_call(strategy, "1", 100, organisation, assessors)
    large = _make_call(strategy, "2", 10_000, organisation, assessors)
    load_seconds = round(time.perf_counter() - started, 1)
    client = Client()
    client.force_login(staff)
    small_ms, small_q = _measure(call_lists, small)
    large_ms, large_q = _measure(call_lists, large)
    page_small_ms, page_small_q = _measure(_page, client, small)
    page_large_ms, page_large_q = _measure(_page, client, large)
    return {
        "data load s (10,100 proposals, 20,200 assessments, 141,400 scores)": load_seconds,
        "lists 100 proposals ms": small_ms,
        "lists 10,000 proposals ms": large_ms,
        "lists queries 100 / 10,000": f"{small_q} / {large_q}",
        "ranking page 100 proposals ms": page_small_ms,
        "ranking page 10,000 proposals ms": page_large_ms,
        "ranking page queries 100 / 10,000": f"{page_small_q} / {page_large_q}",
        "goal": "lists < 1000 ms for 10,000; queries constant",
    }


if __name__ == "__main__" and "--worker" in sys.argv:
    print(json.dumps(worker()))
