"""Time from a fresh clone to a served home page with `make run` (goal < 3 min).

Clones this repository into a temporary directory, runs `make run` there with
pip's cache disabled (as on a new machine), waits for the home page to answer,
then stops the server and the task worker it started.
"""

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from support import ROOT, free_port, wait_for


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="telka-fresh-") as tmp:
        clone = Path(tmp) / "telka"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port = free_port()
        env = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
        log = (Path(tmp) / "make-run.log").open("w")
        started = time.monotonic()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/", seconds=600)
            seconds = time.monotonic() - started
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
        printed = (Path(tmp) / "make-run.log").read_text()
    return {
        "fresh clone to served page (s)": round(seconds, 1),
        "printed demo log-ins": "sara@aleksotas.test" in printed,
        "printed install progress": "Installing Python packages" in printed,
        "goal": "< 180 s",
    }
