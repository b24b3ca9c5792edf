"""Benchmark the book: build and test timings, page weights, time to first chart.

Not a test: it prints a Markdown table to quote in notes. Machines here are shared
and noisy, so compare ratios measured in one run rather than absolute seconds.

    make benchmark            (or: .venv/bin/python scripts/benchmark.py)
    .venv/bin/python scripts/benchmark.py --models     (the model solves only: seconds)

Measures, in one run:
- cold build: clean + force-executed `jupyter-book build . -W -n --keep-going`;
- no-change rebuild: the same command again with nothing changed;
- per-page execution: each MyST notebook executed alone with nbclient;
- nbval: `pytest --nbval-lax` over the converted notebooks;
- serial floor: one kernel start + `import pandas, altair, ipywidgets` per executed
  page, summed, and the ratio cold build / floor;
- page weight: each page with the scripts, styles and images it loads, raw and gzipped;
- time to first chart drawn in Debian's Chromium (offline, served on localhost);
- live explorer callbacks, where the chapter explorers exist;
- the mechanisms chapter's model solves (casebook.model; targets < 100 ms and
  < 300 ms, reported, not asserted). `--models` measures only these.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
HTML = ROOT / "_build" / "html"
ENV = {**os.environ, "CASEBOOK_RENDERER": "static"}


def timed(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **kw,
    )
    return time.perf_counter() - t0


def build_cmd() -> list[str]:
    return [
        str(BIN / "jupyter-book"),
        "build",
        ".",
        "-W",
        "-n",
        "--keep-going",
        "--builder",
        "html",
    ]


def notebook_pages() -> list[Path]:
    import jupytext

    return [
        p for p in sorted((ROOT / "book").glob("*.md")) if "kernelspec" in jupytext.read(p).metadata
    ]


def execute_page(page: Path) -> float:
    import jupytext
    import nbclient

    nb = jupytext.read(page)
    t0 = time.perf_counter()
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(page.parent)}}
    ).execute()
    return time.perf_counter() - t0


def kernel_floor_once() -> float:
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import pandas, altair, ipywidgets")]
    )
    t0 = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return time.perf_counter() - t0


def page_weight(page: Path) -> tuple[int, int, int]:
    """(raw bytes, gzipped bytes, number of files) for a page and what it loads."""
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', html)
    refs += re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html)
    files = {page}
    base = page.relative_to(HTML).as_posix()
    for ref in refs:
        if urlparse(ref).scheme:
            continue
        target = HTML / urlparse(urljoin(base, ref)).path.lstrip("/")
        if target.is_file():
            files.add(target)
    raw = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, gz, len(files)


def first_chart_ms(path: str) -> float:
    from playwright.sync_api import sync_playwright

    from tests import site_support as site

    with site.serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        times = []
        for _ in range(3):
            page = browser.new_page()
            site.watch(page)
            page.goto(f"{base}/{path}", wait_until="commit")
            page.wait_for_selector(
                ".vega-embed svg .mark-symbol path, .vega-embed svg .mark-line path", timeout=30000
            )
            times.append(page.evaluate("performance.now()"))
            page.close()
        browser.close()
    return statistics.median(times)


def explorer_callbacks() -> list[tuple[str, float]]:
    """Median milliseconds per callback of each live explorer that exists."""
    out = []
    try:
        from casebook import widgets
        from casebook.data import load_case

        case = load_case()
        ex = widgets.LabExplorer(case)
        samples = []
        for i in range(20):
            t0 = time.perf_counter()
            # What one change costs in a kernel: the observer rebuilds the chart, then
            # the live view is sent the new (unvalidated) spec.
            ex.analyte.value = "ca125_relative" if i % 2 else "platelets"
            ex.chart.to_dict(validate=False)
            samples.append((time.perf_counter() - t0) * 1000)
        out.append(
            (
                "LabExplorer: one analyte change (rebuild + spec), median of 20",
                statistics.median(samples),
            )
        )
    except (ImportError, AttributeError) as err:
        out.append((f"LabExplorer unavailable: {err}", float("nan")))
    return out


def model_solves(n_komarova: int = 20, n_ayati: int = 10) -> list[tuple[str, float]]:
    """Median milliseconds of one solve of each bone-remodelling model (casebook.model)."""
    from casebook.model import simulate_remodeling, simulate_tumour_bone

    def median_ms(solve, n: int) -> float:
        solve()  # warm-up: imports and first-call costs are not the solve
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            solve()
            samples.append((time.perf_counter() - t0) * 1000)
        return statistics.median(samples)

    return [
        (
            f"Komarova solve (100 days), median of {n_komarova} (target < 100 ms)",
            median_ms(lambda: simulate_remodeling(100), n_komarova),
        ),
        (
            f"Ayati solve (1,200 days), median of {n_ayati} (target < 300 ms)",
            median_ms(lambda: simulate_tumour_bone(1200), n_ayati),
        ),
        (
            f"Ayati solve (1,200 days, treated from day 600), median of {n_ayati}",
            median_ms(lambda: simulate_tumour_bone(1200, treatment_start_day=600), n_ayati),
        ),
    ]


def print_table(rows: list[tuple[str, str]]) -> None:
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


def main() -> None:
    rows: list[tuple[str, str]] = []
    if "--models" in sys.argv[1:]:
        print_table([(name, f"{ms:.1f} ms") for name, ms in model_solves()])
        return
    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    shutil.rmtree(ROOT / "_build" / "jupyter_execute", ignore_errors=True)
    shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    cold = timed(build_cmd())
    rows.append(("cold build (clean, force-executed, -W)", f"{cold:.1f} s"))
    rows.append(("no-change rebuild", f"{timed(build_cmd()):.1f} s"))

    pages = notebook_pages()
    per_page = {p.name: execute_page(p) for p in pages}
    for name, sec in per_page.items():
        rows.append((f"execute {name} alone", f"{sec:.1f} s"))

    floors = [kernel_floor_once() for _ in pages]
    floor = sum(floors)
    rows.append(
        (
            f"serial floor: {len(pages)} × (kernel start + imports), median {statistics.median(floors):.1f} s",
            f"{floor:.1f} s",
        )
    )
    rows.append(("cold build / serial floor", f"{cold / floor:.2f}"))

    nbdir = ROOT / "_build" / "nbbench"
    shutil.rmtree(nbdir, ignore_errors=True)
    subprocess.run(
        [sys.executable, "scripts/md_to_ipynb.py", "book", str(nbdir)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    nbval = timed(
        [sys.executable, "-m", "pytest", str(nbdir), "--nbval-lax", "-q", "-p", "no:cacheprovider"]
    )
    rows.append(("nbval (lax) over every page notebook", f"{nbval:.1f} s"))

    for page in sorted(HTML.rglob("*.html")):
        if "_static" in page.parts:
            continue
        raw, gz, n = page_weight(page)
        rows.append(
            (
                f"weight {page.relative_to(HTML)} ({n} files)",
                f"{raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip",
            )
        )

    rows.append(
        (
            "first chart drawn, book/intro.html (median of 3)",
            f"{first_chart_ms('book/intro.html'):.0f} ms",
        )
    )
    for name, ms in explorer_callbacks():
        rows.append((name, f"{ms:.1f} ms"))
    for name, ms in model_solves():
        rows.append((name, f"{ms:.1f} ms"))

    print_table(rows)


if __name__ == "__main__":
    main()
