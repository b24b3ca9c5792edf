"""Measure what loading the case data costs: import time, load time, venv size.

Not a test: it prints a Markdown table to quote in notes. Machines here are shared and
noisy, so every figure is the median of several runs in fresh interpreters.

    .venv/bin/python scripts/bench_data.py [--runs N]

Rows:
- ``import casebook.data``: wall clock of a fresh interpreter that only imports it;
- ``import casebook.data; load_case()``: the same plus one load (what every page pays);
- ``load_case()`` in process: the median of repeated loads after one warm-up;
- ``import frictionless`` (when installed): alone, and on top of what a page kernel has
  already imported (``-X importtime``'s cumulative figure for the ``frictionless``
  package, so modules the page already has are not counted again);
- in one fresh interpreter that already holds a page's imports: ``load_case()``, then
  ``import frictionless``, then its first ``Package.validate()`` (what adopting the
  library would add to every page);
- the size of the virtual environment.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGE_IMPORTS = "import casebook.notebook, casebook.charts, casebook.clinical"


def wall(code: str, runs: int) -> float:
    """Median wall clock (s) of ``python -c code`` in a fresh interpreter."""
    subprocess.run([PYTHON, "-c", code], check=True, cwd=ROOT)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_cost(before: str, module: str, runs: int) -> float:
    """Median cumulative import time (s) of ``module`` after running ``before``."""
    pattern = re.compile(rf"\|\s*(\d+)\s*\|\s{{1}}{re.escape(module)}$")
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-X", "importtime", "-c", f"{before}\nimport {module}"],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        hits = [int(m.group(1)) for line in done.stderr.splitlines() if (m := pattern.search(line))]
        times.append(hits[-1] / 1e6 if hits else 0.0)
    return statistics.median(times)


_IN_A_PAGE = f"""
import time
{PAGE_IMPORTS}
start = time.perf_counter()
import casebook.data
casebook.data.load_case()
loaded = time.perf_counter()
import frictionless
imported = time.perf_counter()
assert frictionless.Package("data/datapackage.json").validate().valid
validated = time.perf_counter()
print(loaded - start, imported - loaded, validated - imported)
"""


def in_a_page(runs: int) -> tuple[float, float, float]:
    """Medians (s), in a fresh interpreter that already has a page's imports, of: loading
    with casebook.data; then importing frictionless; then its first package validation."""
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-c", _IN_A_PAGE], check=True, cwd=ROOT, capture_output=True, text=True
        )
        samples.append([float(part) for part in done.stdout.split()])
    return tuple(statistics.median(column) for column in zip(*samples, strict=True))  # type: ignore[return-value]


def load_in_process(runs: int) -> float:
    sys.path.insert(0, str(ROOT))
    from casebook.data import load_case

    load_case()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_case()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def venv_size() -> str:
    done = subprocess.run(["du", "-sk", sys.prefix], capture_output=True, text=True, check=True)
    return f"{int(done.stdout.split()[0]) / 1024:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    os.environ.pop("CASEBOOK_DATA_DIR", None)
    rows = [
        (
            "import casebook.data (fresh interpreter, wall)",
            f"{wall('import casebook.data', runs):.3f} s",
        ),
        (
            "import casebook.data; load_case() (fresh interpreter, wall)",
            f"{wall('import casebook.data; casebook.data.load_case()', runs):.3f} s",
        ),
        ("a page's imports (fresh interpreter, wall)", f"{wall(PAGE_IMPORTS, runs):.3f} s"),
        ("load_case() in process (median of 30)", f"{load_in_process(30) * 1000:.1f} ms"),
    ]
    if importlib.util.find_spec("frictionless"):
        rows += [
            (
                "import frictionless alone (-X importtime, cumulative)",
                f"{import_cost('', 'frictionless', runs):.3f} s",
            ),
            (
                "import frictionless after a page's imports (-X importtime, cumulative)",
                f"{import_cost(PAGE_IMPORTS, 'frictionless', runs):.3f} s",
            ),
        ]
        load, imported, validated = in_a_page(runs)
        rows += [
            ("in a page kernel: import casebook.data + load_case() (wall)", f"{load:.3f} s"),
            ("in a page kernel: then import frictionless (wall)", f"{imported:.3f} s"),
            ("in a page kernel: then first Package.validate() (wall)", f"{validated:.3f} s"),
        ]
    rows.append(("virtual environment size (du -sk)", venv_size()))
    print(f"Python {sys.version.split()[0]}, {runs} runs per figure (medians)\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
