"""A large consultation on PostgreSQL: 5,000 suggestions, 50,000 comments, 200,000 supports.

Measures the suggestion list sorted by support and a suggestion page with 500
comments, rendered through the Django test client (DEBUG off, the page cache
bypassed by a logged-in resident): p50/p95 over repeated requests and the number
of queries. Goal: each < 150 ms with a bounded number of queries.

The data is bulk-loaded with COPY into its own database (telka_bench_consultations),
which is dropped afterwards. The kept counters are checked against the rows.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time

from support import PYTHON, ROOT, manage, postgres_database, production_env, temp_dir

SUGGESTIONS, COMMENTS, SUPPORTS = 5_000, 50_000, 200_000
USERS, SUPPORTS_PER_USER = 2_000, 100
BIG_TOP, BIG_REPLIES = 300, 200  # the suggestion with 500 comments
REQUESTS = 60


def run() -> dict:
    with temp_dir() as var, postgres_database("telka_bench_consultations") as database:
        env = production_env(database, var)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        child = subprocess.run(
            [PYTHON, __file__, "--measure"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if child.returncode:
            raise RuntimeError(child.stderr[-3000:])
        return json.loads(child.stdout.strip().splitlines()[-1])


# --- Inside the child process, with Django set up on the benchmark database ---------------


def copy(table: str, columns: list[str], rows) -> None:
    """COPY rows (tuples) into `table` through psycopg 3."""
    from django.db import connection

    with connection.cursor() as cursor, cursor.connection.cursor() as raw:
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as pipe:
            for row in rows:
                pipe.write_row(row)


def load() -> dict:
    """Bulk-load the consultation; returns the ids the measurements need."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from telka.accounts.models import User
    from telka.consultations.models import Consultation, Participation, Suggestion
    from tests.base import make_lag, make_strategy, make_user

    lag = make_lag()
    strategy = make_strategy(lag, measures=5)
    objective = strategy.goals.get().objectives.get()
    now = timezone.now()
    consultation = Consultation.objects.create(
        lag=lag,
        strategy=strategy,
        title="Didelė konsultacija",
        text="Kviečiame teikti pasiūlymus.",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=10),
        status="open",
    )
    password = make_password(None)
    User.objects.bulk_create(
        User(
            email=f"r{n}@bench.test",
            full_name=f"Gyventojas Nr{n}",
            password=password,
            email_verified_at=now,
        )
        for n in range(USERS)
    )
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    resident = make_user("rita@bench.test", "Rita Vaitkutė")
    Participation.objects.create(consultation=consultation, user=resident, link="lives")
    supports = support_pairs(users, resident.pk)
    comments = comment_plan()
    load_suggestions(consultation, objective.pk, users, supports, comments, now)
    ids = list(Suggestion.objects.order_by("pk").values_list("pk", flat=True))
    load_supports(ids, supports, now)
    load_comments(ids, users, comments, now)
    return {"consultation": consultation.pk, "big": ids[0], "resident": resident.pk}


def support_pairs(users: list[int], resident: int) -> list[tuple[int, int]]:
    """(suggestion index, user id): 100 different suggestions per user (37 is coprime
    with 5,000), 200,000 in all; the measuring resident supports 20 of them too."""
    pairs = [
        ((u * 7 + k * 37) % SUGGESTIONS, user)
        for u, user in enumerate(users)
        for k in range(SUPPORTS_PER_USER)
    ]
    return pairs + [(k * 11, resident) for k in range(20)]


def comment_plan() -> list[tuple[int, int]]:
    """(suggestion index, parent slot or -1): 500 on the first suggestion (300 threads,
    200 replies), the other 49,500 spread over the rest."""
    plan = [(0, -1)] * BIG_TOP + [(0, n % BIG_TOP) for n in range(BIG_REPLIES)]
    rest = COMMENTS - len(plan)
    return plan + [(1 + n % (SUGGESTIONS - 1), -1) for n in range(rest)]


def load_suggestions(consultation, objective_id, users, supports, comments, now) -> None:
    support_count = [0] * SUGGESTIONS
    for index, _user in supports:
        support_count[index] += 1
    comment_count = [0] * SUGGESTIONS
    for index, _parent in comments:
        comment_count[index] += 1
    text = "Siūlau pagerinti vaikų užimtumą Aleksote.\nAntra pastraipa su daugiau žodžių. " * 4
    columns = [
        "consultation_id",
        "author_id",
        "author_name",
        "title",
        "text",
        "objective_id",
        "attachment",
        "attachment_type",
        "support_count",
        "comment_count",
        "created_at",
        "hidden_reason",
    ]
    copy(
        "consultations_suggestion",
        columns,
        (
            (
                consultation.pk,
                users[n % len(users)],
                f"Gyventojas {n % 97}.",
                f"Pasiūlymas {n}",
                text,
                objective_id if n % 3 == 0 else None,
                "",
                "",
                support_count[n],
                comment_count[n],
                now - datetime.timedelta(minutes=SUGGESTIONS - n),
                "",
            )
            for n in range(SUGGESTIONS)
        ),
    )


def load_supports(ids, supports, now) -> None:
    copy(
        "consultations_support",
        ["suggestion_id", "user_id", "created_at"],
        ((ids[index], user, now) for index, user in supports),
    )


def load_comments(ids, users, comments, now) -> None:
    from telka.consultations.models import Comment

    columns = [
        "suggestion_id",
        "parent_id",
        "author_id",
        "author_name",
        "text",
        "created_at",
        "hidden_reason",
    ]
    body = "Pritariu šiam pasiūlymui, ypač dėl vakarinių užsiėmimų."
    tops = [(n, c) for n, c in enumerate(comments) if c[1] == -1]
    copy(
        "consultations_comment",
        columns,
        (
            (
                ids[index],
                None,
                users[n % len(users)],
                "Komentatorius K.",
                body,
                now - datetime.timedelta(seconds=COMMENTS - n),
                "",
            )
            for n, (index, _p) in tops
        ),
    )
    threads = list(
        Comment.objects.filter(suggestion_id=ids[0], parent=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    replies = [(n, c) for n, c in enumerate(comments) if c[1] != -1]
    copy(
        "consultations_comment",
        columns,
        (
            (ids[index], threads[parent], users[n % len(users)], "Atsakantis A.", body, now, "")
            for n, (index, parent) in replies
        ),
    )


def counters_match() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM consultations_suggestion s
               WHERE s.support_count <> (SELECT count(*) FROM consultations_support
                                         WHERE suggestion_id = s.id)
                  OR s.comment_count <> (SELECT count(*) FROM consultations_comment
                                         WHERE suggestion_id = s.id)"""
        )
        return cursor.fetchone()[0] == 0


def timed(client, url: str) -> dict:
    """p50/p95 in ms over REQUESTS requests after a warm-up, and one request's queries."""
    from django.db import connection

    for _ in range(5):
        assert client.get(url).status_code == 200, url
    queries = []
    # An execute wrapper counts even with DEBUG off (and across request_started resets).
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50 ms": round(statistics.median(times), 1),
        "p95 ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(queries),
    }


def measure() -> dict:
    import django
    from django.db import connection
    from django.test import Client

    django.setup()
    started = time.perf_counter()
    ids = load()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    from telka.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=ids["resident"]))
    base = f"/consultations/{ids['consultation']}/"
    suggestion = f"/consultations/suggestions/{ids['big']}/"
    figures = {"load (s)": round(loaded, 1), "counters match rows": counters_match()}
    pages = {
        "list by support": base + "?sort=supported",
        "list by support, page 100": base + "?sort=supported&page=100",
        "list most commented": base + "?sort=commented",
        "list search": base + "?q=Pasi%C5%ABlymas+4999",
        "suggestion, 500 comments": suggestion,
        "suggestion, 500 comments, last page": suggestion + "?page=6",
    }
    for name, url in pages.items():
        for key, value in timed(client, url).items():
            figures[f"{name}: {key}"] = value
    anonymous = Client(HTTP_HOST="localhost")
    figures["list by support, anonymous (page cache): p50 ms"] = timed(
        anonymous, base + "?sort=supported"
    )["p50 ms"]
    figures["goal"] = "list and suggestion page < 150 ms (p95), queries bounded"
    return figures


if __name__ == "__main__" and "--measure" in sys.argv:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
    result = measure()
    print(json.dumps(result, ensure_ascii=False))
