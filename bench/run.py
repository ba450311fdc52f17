"""Run the benchmarks in bench/ and record their figures.

    python bench/run.py                 # every bench/bench_*.py
    python bench/run.py home_pages      # just bench/bench_home_pages.py

Each bench module has `run() -> dict` returning named figures (numbers or
strings) and a module docstring saying what it measures and the goal. Results
are printed and written to bench/results/<name>.json (latest) and appended
to bench/results/history.jsonl.
"""

import datetime
import importlib.util
import json
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record(name: str, figures: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    entry = {
        "benchmark": name,
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} python {platform.python_version()}",
        "figures": figures,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n")
    with (RESULTS / "history.jsonl").open("a") as history:
        history.write(json.dumps(entry, ensure_ascii=False) + "\n")


def main(selected: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    paths = sorted(HERE.glob("bench_*.py"))
    if selected:
        paths = [p for p in paths if p.stem.removeprefix("bench_") in selected]
    failed = 0
    for path in paths:
        name = path.stem.removeprefix("bench_")
        print(f"==> {name}: {(load(path).__doc__ or '').strip().splitlines()[0]}", flush=True)
        try:
            figures = load(path).run()
        except Exception as error:  # a broken benchmark must not hide the others' figures
            print(f"    FAILED: {error!r}")
            failed += 1
            continue
        for key, value in figures.items():
            print(f"    {key:<40} {value}")
        record(name, figures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
