"""Public pages under gunicorn (2 workers, PostgreSQL) against a bare Django view.

Goal: the home and strategy pages reach at least 0.5 of the bare view's
requests per second; one worker's resident memory after the run < 150 MB.
"""

from support import (
    gunicorn,
    manage,
    postgres_database,
    production_env,
    temp_dir,
    worker_rss_mb,
    wrk,
)

SECONDS = 5
ROUNDS = 3


def best_of(url: str) -> float:
    """The best of a few short runs: wrk shares the two cores with the server."""
    return max(wrk(url, seconds=SECONDS) for _ in range(ROUNDS))


def run() -> dict:
    with temp_dir() as var, postgres_database("telka_bench_public_pages") as database:
        env = production_env(database, var)
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        with gunicorn(env) as (url, master):
            for path in ("/__bare__/", "/", "/strategy/"):
                wrk(url + path, seconds=2)  # warm caches and connections
            bare = best_of(url + "/__bare__/")
            home = best_of(url + "/")
            strategy = best_of(url + "/strategy/")
            home_en = best_of(url + "/en/")
            rss = worker_rss_mb(master.pid)
    return {
        "bare view req/s": round(bare, 1),
        "home req/s": round(home, 1),
        "home (en) req/s": round(home_en, 1),
        "strategy req/s": round(strategy, 1),
        "home / bare": round(home / bare, 2),
        "strategy / bare": round(strategy / bare, 2),
        "worker RSS MB (each)": rss,
        "goal": "home and strategy >= 0.5 of bare; worker < 150 MB",
    }
