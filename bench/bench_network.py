"""One installation with 100 LAGs (PostgreSQL, gunicorn 2 workers): the network's site
and a LAG's public pages.

Each of the 100 generated LAGs (bench/network_data.py) holds a strategy in force, 3 calls,
300 proposals on funded lists and 50 projects with accepted reports, beside the
Aleksotas demo. Goals: the national dashboard p95 < 300 ms with a bounded number of
queries (measured uncached, each request after a new cache generation, and with the
figures cached for another address of the page); the national list of operations (30,000 rows) streamed as CSV in
< 2 s; a LAG's home and strategy pages >= 0.5 of a bare view's requests per second in
the same run; worker resident memory within 10 % of the one-LAG figure.
"""

import statistics
import subprocess
import time
import urllib.request

from support import (
    PYTHON,
    ROOT,
    gunicorn,
    manage,
    postgres_database,
    production_env,
    temp_dir,
    worker_rss_mb,
    wrk,
)

LAGS = 100
NETWORK = "tinklas.localhost"
LAG_HOST = "lag-050.localhost"
SECONDS = 5
ROUNDS = 3
DASHBOARD_REQUESTS = 40


def best_of(url: str, host: str = "") -> float:
    return max(wrk(url, seconds=SECONDS, host=host) for _ in range(ROUNDS))


def fetch(url: str, host: str, **headers: str) -> tuple[float, bytes, dict]:
    request = urllib.request.Request(url, headers={"Host": host, **headers})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        return time.perf_counter() - started, body, dict(response.headers)


def public_pages(url: str, host: str = "") -> dict:
    for path in ("/__bare__/", "/", "/strategy/"):
        wrk(url + path, seconds=2, host=host)  # warm caches and connections
    bare = best_of(url + "/__bare__/", host)
    return {
        "bare": bare,
        "home": best_of(url + "/", host) / bare,
        "strategy": best_of(url + "/strategy/", host) / bare,
    }


def _dashboard_times(url: str, **headers: str) -> dict:
    """Each request has its own query string, so the page cache never answers it."""
    fetch(url + "/dashboard/?warm=1", NETWORK, **headers)
    times = [
        fetch(f"{url}/dashboard/?r={n}", NETWORK, **headers)[0] for n in range(DASHBOARD_REQUESTS)
    ]
    return {
        "p95 ms": round(statistics.quantiles(times, n=20)[-1] * 1000, 1),
        "median ms": round(statistics.median(times) * 1000, 1),
    }


def dashboard(url: str) -> dict:
    """Uncached: every request starts a new cache generation first (as an edit would), so
    the figures are worked out for each. Figures cached: another address of the page,
    the figures kept from the first request of the generation."""
    fresh = {"X-Bench-Invalidate": "1"}
    queries = fetch(url + "/dashboard/?queries=1", NETWORK, **fresh, **{"X-Bench-Queries": "1"})
    return {
        "uncached": _dashboard_times(url, **fresh),
        "figures cached": _dashboard_times(url),
        "queries": int(queries[2].get("X-Bench-Queries", -1)),
    }


def operations_csv(url: str) -> dict:
    best, rows = None, 0
    for _ in range(ROUNDS):
        seconds, body, _headers = fetch(url + "/api/operations.csv", NETWORK)
        rows = body.count(b"\n") - 1
        best = seconds if best is None else min(best, seconds)
    return {"seconds": round(best, 2), "rows": rows}


def run() -> dict:
    with temp_dir() as var, postgres_database("telka_bench_network") as database:
        env = production_env(database, var, TELKA_NETWORK_HOST=NETWORK)
        env["ALLOWED_HOSTS"] = "127.0.0.1,localhost,.localhost"
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        with gunicorn(env) as (url, master):
            one = public_pages(url)
            one_rss = worker_rss_mb(master.pid)
        started = time.perf_counter()
        subprocess.run([PYTHON, "bench/network_data.py", str(LAGS)], cwd=ROOT, env=env, check=True)
        built = time.perf_counter() - started
        with gunicorn(env) as (url, master):
            many = public_pages(url, LAG_HOST)
            many_rss = worker_rss_mb(master.pid)  # at the same point as the one-LAG figure
            national = dashboard(url)
            csv = operations_csv(url)
            after_rss = worker_rss_mb(master.pid)
    return {
        "LAGs generated": LAGS,
        "generator seconds": round(built, 1),
        "one LAG: bare req/s": round(one["bare"], 1),
        "one LAG: home / bare": round(one["home"], 2),
        "one LAG: strategy / bare": round(one["strategy"], 2),
        "one LAG: worker RSS MB": one_rss,
        "101 LAGs: bare req/s": round(many["bare"], 1),
        "101 LAGs: home / bare (lag-050 host)": round(many["home"], 2),
        "101 LAGs: strategy / bare (lag-050 host)": round(many["strategy"], 2),
        "101 LAGs: worker RSS MB": many_rss,
        "101 LAGs: worker RSS MB after dashboard and CSV": after_rss,
        "national dashboard p95 ms (uncached)": national["uncached"]["p95 ms"],
        "national dashboard median ms (uncached)": national["uncached"]["median ms"],
        "national dashboard p95 ms (figures cached, page not)": national["figures cached"][
            "p95 ms"
        ],
        "national dashboard median ms (figures cached, page not)": national["figures cached"][
            "median ms"
        ],
        "national dashboard queries (uncached)": national["queries"],
        "operations CSV rows": csv["rows"],
        "operations CSV seconds (best of 3)": csv["seconds"],
        "goal": "dashboard p95 < 300 ms; CSV 30,000 rows < 2 s; home, strategy >= 0.5 of "
        "bare; worker RSS within 10 % of one LAG",
    }
