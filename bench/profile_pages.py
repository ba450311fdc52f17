"""Where a signed-in page's time goes: cProfile of the Django test client on the demo.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/profile_pages.py --setup
    DATABASE_URL=... python bench/profile_pages.py [LABEL-SUBSTRING ...] [-n 50] [--top 25]

--setup migrates the database, loads the demo and prepares the pages exactly as
bench_logged_in_pages.py does (the assessor declares on her sheet), writing their list to
<TELKA_VAR_DIR or /tmp>/profile_pages.json. With --time, each page's CPU time per
request (the fastest of five rounds) without the profiler. Otherwise each page whose label contains one
of the substrings is fetched as its persona (forced log-in), warmed up, then fetched `-n`
times under cProfile; the ms per request and the functions with the most own time and
the most cumulative time are printed. Not a benchmark: nothing is recorded.
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-" + "x" * 60)
LIST = Path(os.environ.get("TELKA_VAR_DIR", "/tmp")) / "profile_pages.json"


def setup() -> None:
    import django

    django.setup()
    from bench_logged_in_pages import prepare
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    LIST.write_text(json.dumps(prepare()))


def profile(selected: list[str], times: int, top: int, dump: str = "", timing=False) -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    clients = {}
    for label, persona, path in json.loads(LIST.read_text()):
        if selected and not any(word in label for word in selected):
            continue
        if persona not in clients:
            clients[persona] = _client(persona)
        if timing:
            _timed(clients[persona], label, path, times)
            continue
        stats = _profiled(clients[persona], label, path, times)
        if dump:
            stats.dump_stats(f"{dump}/{''.join(c if c.isalnum() else '_' for c in label)}.prof")
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)


def _client(persona: str):
    from bench_logged_in_pages import PERSONAS
    from django.test import Client

    from telka.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=PERSONAS[persona]))
    return client


def _timed(client, label: str, path: str, times: int) -> None:
    """The fastest of five rounds of `times` requests, without the profiler."""
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(times):
            client.get(path)
        rounds.append((time.process_time() - started) * 1000 / times)
    print(f"{label:40} {min(rounds):6.2f} ms CPU per request (best of 5 rounds of {times})")


def _profiled(client, label: str, path: str, times: int) -> pstats.Stats:
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(times):
        client.get(path)
    profiler.disable()
    elapsed = (time.perf_counter() - started) * 1000 / times
    print(f"\n=== {label} {path}: {elapsed:.2f} ms per request (under cProfile)")
    return pstats.Stats(profiler)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("labels", nargs="*")
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--time", action="store_true", help="CPU time only, no profile")
    parser.add_argument("--dump", default="", help="a folder to write each page's .prof to")
    arguments = parser.parse_args()
    if arguments.setup:
        setup()
    else:
        profile(arguments.labels, arguments.n, arguments.top, arguments.dump, arguments.time)
