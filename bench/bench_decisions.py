"""The decision page and the minutes PDF of an allocation with 200 proposals and a
15-member board, on PostgreSQL.

In its own database telka_bench_decisions (created and dropped): one call, one
allocation of 1,000,000 EUR with 200 ranked proposals (requests 1,000–10,000 EUR), a
board of 15 (five per sector, the public sector's as public authorities), one meeting
with that allocation on the agenda, everyone present, 3,000 declarations (one member
with an interest, so recused) and 14 votes. Measured, best of three after a warm-up:
the staff decision page (lists form, declarations, votes), the minutes PDF (WeasyPrint,
Lithuanian), the board member's meeting page, and the adoption itself (checks, 200
status changes, awards, and 200 notices issued: each one's snapshot and PDF, the
e-mails queued), each with its number of queries.

Goal: decision page < 1 s and minutes PDF < 5 s, with a number of queries that does
not grow with the proposals (the tests compare 1 and 20).
"""

import json
import sys
import time

NAME = "telka_bench_decisions"
PROPOSALS = 200
BOARD = 15


def run() -> dict:
    from support import run_worker

    return run_worker(__file__, NAME)


# --- inside the worker process, with Django set up on the bench database -------------


def _setup():
    from support import setup_django

    setup_django()


def _board(lag):
    from telka.lag.models import Sector
    from tests import base

    board = base.make_board(lag)
    groups = [Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL]
    seats = []
    for n in range(BOARD):
        group = groups[n % 3]
        user = base.make_user(f"member{n}@bench.test", f"Narys {n}")
        seats.append(
            base.seat(board, f"Narys {n}", group, public=group == Sector.PUBLIC, user=user)
        )
    return seats


def _call(strategy):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from telka.calls.models import Allocation, Call, Criterion, CriterionKind, Proposal
    from telka.evaluation.models import Result
    from tests import base

    now = timezone.now()
    call = Call.objects.create(
        lag=strategy.lag,
        strategy=strategy,
        number="1",
        title="Kvietimas 1",
        status="decision_pending",
        min_score=Decimal(50),
    )
    measure = strategy.goals.first().objectives.first().measures.first()
    allocation = Allocation.objects.create(
        call=call,
        measure=measure,
        amount=Decimal(1_000_000),
        max_per_project=Decimal(20000),
        max_rate_percent=Decimal(90),
    )
    for n in range(1, 6):
        Criterion.objects.create(
            call=call,
            code=f"K{n}",
            title=f"Kriterijus {n}",
            kind=CriterionKind.SCORED,
            max_points=Decimal(20),
            position=n,
        )
    organisations = [
        base.make_organisation(name=f"Organizacija {n}", legal_code=f"3{n:08d}")
        for n in range(PROPOSALS)
    ]
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            allocation=allocation,
            organisation=organisations[n - 1],
            status="ranked",
            sequence=n,
            reg_number=f"K1-{n:03d}",
            title=f"Projektas {n}",
            requested_amount=Decimal(1000 + (n * 7919) % 9000),
            submitted_at=now - datetime.timedelta(seconds=n),
        )
        for n in range(1, PROPOSALS + 1)
    )
    Result.objects.bulk_create(
        Result(
            proposal=p,
            outcome="ranked",
            final_score=Decimal(50 + (p.pk * 37) % 50),
            criterion_points={},
            counted=[],
        )
        for p in proposals
    )
    return call, allocation, proposals


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
    return round(best * 1000, 1), queries


def _get(client, name, pk):
    from django.urls import reverse

    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.status_code


def _once(function, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        function(*args)
        elapsed = time.perf_counter() - started
    return round(elapsed * 1000, 1), len(captured.captured_queries)


def _meeting(lag, staff, seats, allocation, proposals):
    """Everyone present, everyone declared (one interest), the 14 others' votes."""
    import datetime

    from django.utils import timezone

    from telka.decisions import facts, workflow

    meeting = workflow.schedule_meeting(
        lag=lag,
        actor=staff,
        number="1",
        mode="in_person",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        allocations=[allocation],
    )
    item = meeting.items.get()
    workflow.record_attendance(meeting=meeting, actor=staff, present={s.pk for s in seats})
    for seat in seats:
        interests = {proposals[7].pk: "Giminaitis"} if seat == seats[1] else {}
        workflow.declare(item=item, membership=seat, actor=staff, interests=interests)
    figures = facts.item_figures(item)
    workflow.record_votes(
        decision=item.decision, actor=staff, choices={pk: "for" for pk in figures.eligible}
    )
    return meeting, item


def worker() -> dict:
    _setup()
    from django.test import Client

    from telka.decisions import workflow
    from telka.lag.models import RoleKind
    from tests import base

    lag = base.make_lag()
    strategy = base.make_strategy(lag)
    staff = base.make_user("staff@bench.test")
    base.give_role(staff, lag, RoleKind.STAFF)
    seats = _board(lag)
    started = time.perf_counter()
    call, allocation, proposals = _call(strategy)
    meeting, item = _meeting(lag, staff, seats, allocation, proposals)
    setup_seconds = round(time.perf_counter() - started, 1)
    client = Client()
    client.force_login(staff)
    member = Client()
    member.force_login(seats[0].user)
    page_ms, page_q = _measure(_get, client, "decisions:decision", item.decision.pk)
    member_ms, member_q = _measure(_get, member, "decisions:member_meeting", meeting.pk)
    pdf_ms, pdf_q = _measure(_get, client, "decisions:minutes_draft", meeting.pk)
    adopt_ms, adopt_q = _once(lambda: workflow.adopt_decision(decision=item.decision, actor=staff))
    adopted_ms, adopted_q = _measure(_get, client, "decisions:decision", item.decision.pk)
    return {
        "set-up s (200 proposals, 15 members, 3,000 declarations, 14 votes)": setup_seconds,
        "decision page ms / queries": f"{page_ms} / {page_q}",
        "decision page after adoption ms / queries": f"{adopted_ms} / {adopted_q}",
        "member's meeting page ms / queries": f"{member_ms} / {member_q}",
        "minutes PDF ms / queries": f"{pdf_ms} / {pdf_q}",
        "adoption (200 proposals moved, 200 notices issued with their PDFs) ms / queries": f"{adopt_ms} / {adopt_q}",
        "goal": "decision page < 1000 ms, minutes PDF < 5000 ms, queries constant",
    }


if __name__ == "__main__" and "--worker" in sys.argv:
    print(json.dumps(worker()))
