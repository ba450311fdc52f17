"""Findings 1 and 7 of issue 15: `make run` serves with DEBUG off, on the port asked
for, builds links with that address, and prints e-mails in its own terminal."""

import os
import stat
import subprocess
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
# The stub prints how it was called; "runserver" (the foreground) waits until the
# background worker has printed, so the script does not stop the worker first.
STUB = """#!/bin/sh
echo "python $* DEBUG=$DEBUG SITE_URL=$SITE_URL SECURE=$SESSION_COOKIE_SECURE"
case "$2" in
  db_worker) touch var/worker-said ;;
  runserver) n=0; while [ ! -e var/worker-said ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done ;;
esac
"""


def test_make_run_turns_debug_off_and_make_dev_keeps_it():
    def commands(target: str) -> str:
        result = subprocess.run(
            ["make", "-n", target, "PORT=8101"], cwd=ROOT, capture_output=True, text=True
        )
        return result.stdout

    run, dev = commands("run"), commands("dev")
    assert "DEBUG=false TELKA_STATIC_FROM_SOURCE=true sh scripts/serve.sh" in run
    assert "DEBUG=true sh scripts/serve.sh" in dev and "8101" in run


def test_serve_uses_the_port_for_links_and_prints_e_mails_in_its_terminal(tmp_path):
    python = tmp_path / "python"
    python.write_text(STUB)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "var").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG"}}
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "serve.sh"), str(python), "127.0.0.1", "8101"],
        cwd=tmp_path,
        env={**env, "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = result.stdout
    assert "Serving on http://127.0.0.1:8101/" in out
    assert "log in: http://127.0.0.1:8101/accounts/login/" in out
    assert "runserver 127.0.0.1:8101 DEBUG=false SITE_URL=http://127.0.0.1:8101 SECURE=false" in out
    # The worker's standard output, where the console backend prints e-mails, is this
    # terminal, not a log file.
    assert "db_worker --interval 1 DEBUG=false SITE_URL=http://127.0.0.1:8101" in out


@override_settings(SITE_URL="http://127.0.0.1:8101")
def test_the_demo_prints_the_log_in_address_of_the_site(db, capsys):
    from telka.lag.management.commands.load_demo import Command, Demo

    demo = Demo(logins=[("Assessor", "eva@aleksotas.test", "aleksotas-demo")])
    Command().print_logins(demo)
    assert "http://127.0.0.1:8101/accounts/login/" in capsys.readouterr().out


def test_serve_prints_each_lags_address_and_the_networks(tmp_path):
    python = tmp_path / "python"
    python.write_text(STUB)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "var").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG"}}
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "serve.sh"), str(python), "127.0.0.1", "8101"],
        cwd=tmp_path,
        env={**env, "TELKA_NETWORK_HOST": "tinklas.localhost"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    for address in ["aleksotas.localhost:8101", "pamarys.localhost:8101", "tinklas.localhost:8101"]:
        assert f"http://{address}/" in result.stdout


def test_the_makefile_serves_the_network_site_on_a_localhost_name():
    makefile = (ROOT / "Makefile").read_text()
    assert "demo run dev: export TELKA_NETWORK_HOST ?= tinklas.localhost" in makefile
