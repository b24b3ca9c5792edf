"""Benchmark the book and regenerate ``BENCHMARKS.md``: timings, page weights, callbacks.

Not a test: it measures, writes the table and never fails (a measurement that breaks is
reported as such). Machines here are shared and noisy, so compare ratios measured in
one run rather than absolute seconds.

    make benchmark            (or: .venv/bin/python scripts/benchmark.py)
    .venv/bin/python scripts/benchmark.py --models     (the model solves only: seconds)

Measures, in one run (issue 16's floors beside each):
- serial floor: each executed page's own execution time (myst-nb's reading of it,
  executed alone with the static renderer, as the build executes it), summed;
- clean build: ``make clean-book`` then ``make book`` (classroom notebooks, the
  parallel prefill of the execution cache, Sphinx with -W), and its ratio to the floor
  (floor <= 1.2x, aim < 0.75x);
- a one-page prose edit: one sentence of book/intro.md changed, ``make book``, as a
  fraction of the clean build (<= 15 %), and that no page executed;
- each page's weight with the scripts, styles and images it loads, gzipped (heaviest
  <= 1.2 MB, aim: every page < 0.8 MB);
- time to first chart drawn in Debian's Chromium, served on localhost (<= 1 s);
- each live explorer's callback: one control change, the spec patched and serialised
  (<= 50 ms), and the first change that needs a new chart structure;
- the mechanisms chapter's model solves (< 100 ms and < 300 ms).
"""

from __future__ import annotations

import gzip
import json
import os
import re
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


#: Installed in every page before its own scripts run: records (performance.now()) when
#: the first chart mark of any kind is in the DOM, then when the frame holding it has
#: been painted (the next animation frame, then a task after it). Measured in the page,
#: so the time does not include the driver's polling or a busy main thread answering it.
FIRST_CHART_PROBE = """
(() => {
  const MARK = '.vega-embed svg .role-mark > *';
  const done = (t) => { window.__cbFirstChart = t; };
  const seen = () => {
    if (window.__cbFirstChartInDom !== undefined || !document.querySelector(MARK)) { return; }
    window.__cbFirstChartInDom = performance.now();
    requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
    observer.disconnect();
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, {childList: true, subtree: true});
})();
"""


def first_chart_ms(path: str, html_dir: Path | None = None, runs: int = 3) -> float:
    """Median milliseconds from navigation to the first painted chart mark on ``path``.

    Each run is a fresh browser context (nothing cached), served on localhost. Any
    mark counts (bars, rules and text as well as lines and points): the first chart of
    a page need not have a line. The page is left alone while it loads: requests are
    watched, not intercepted (routing each one through the driver delays it), and the
    driver asks for the time only once the page has loaded; a request that leaves
    localhost fails the measure.
    """
    from playwright.sync_api import sync_playwright

    from tests import site_support as site

    with site.serve(html_dir or site.HTML_DIR) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        warm = browser.new_page()  # the browser's own start-up work is not the page's
        warm.goto("about:blank")
        warm.close()
        times: list[float] = []
        external: list[str] = []
        for _ in range(runs):
            page = browser.new_page()
            page.on("request", lambda r: site.is_local(r.url) or external.append(r.url))
            page.add_init_script(FIRST_CHART_PROBE)
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_function("window.__cbFirstChart !== undefined", timeout=30000)
            times.append(page.evaluate("window.__cbFirstChart"))
            page.close()
            if external:
                raise RuntimeError(f"{path} asked for files outside localhost: {external}")
        browser.close()
    return statistics.median(times)


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


def timed_make(target: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(
        ["make", target], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - t0, done.stdout + done.stderr


def own_execution_times() -> dict[str, float]:
    """Each executed page's own execution time, each page alone (as the build runs it)."""
    from casebook import buildcache

    times = {}
    for md in buildcache.notebook_pages(ROOT):
        _, nb, seconds, err = buildcache._execute(md, ROOT)
        times[md.name] = float("nan") if err else seconds
    return times


PROSE_PAGE = ROOT / "book" / "intro.md"
PROSE_OLD = "Why, and what it meant for her care, is where this book begins."
PROSE_NEW = "Why, and what it meant for her care, is where this book now begins."


def prose_edit() -> tuple[float, int]:
    """Seconds of `make book` after one sentence of one page changed; pages executed."""
    text = PROSE_PAGE.read_text(encoding="utf-8")
    if PROSE_OLD not in text:
        raise RuntimeError(f"{PROSE_PAGE.name} no longer holds the sentence the benchmark edits")
    try:
        PROSE_PAGE.write_text(text.replace(PROSE_OLD, PROSE_NEW), encoding="utf-8")
        seconds, log = timed_make("book")
    finally:
        PROSE_PAGE.write_text(text, encoding="utf-8")
    timed_make("book")  # back to the committed page
    return seconds, len(re.findall(r"^  \S+\.md: executed in", log, re.MULTILINE))


def explorer_callbacks() -> list[tuple[str, float]]:
    """Median milliseconds of one control change of each live explorer.

    A change runs the explorer's observer (rules, model, the chart's parts patched into
    the spec it drew first) and serialises the spec, as a kernel's display would. The
    first change to a new chart structure (LabExplorer's analyte and log scale) builds
    that chart once; it is reported on its own row.
    """
    from casebook import widgets
    from casebook.data import load_case

    case = load_case()
    # explorer, control attribute, two values to alternate
    cases = [
        ("LabExplorer", lambda: widgets.LabExplorer(case), "threshold", (20.0, 10.0)),
        (
            "LabExplorer",
            lambda: widgets.LabExplorer(case),
            "analyte",
            ("ca125_relative", "platelets"),
        ),
        ("PlateletExplorer", lambda: widgets.PlateletExplorer(case), "threshold", (30.0, 10.0)),
        ("ResponseExplorer", lambda: widgets.ResponseExplorer(case), "current", (48.0, 30.0)),
        (
            "ResponseExplorer",
            lambda: widgets.ResponseExplorer(case),
            "criterion",
            ("who", "recist"),
        ),
        (
            "RefeedingPlanner",
            lambda: widgets.RefeedingPlanner(case),
            "days_little_or_no_intake",
            (20.0, 5.0),
        ),
        ("RemodelingExplorer", lambda: widgets.RemodelingExplorer(), "inhibition_text", (0.9, 0.5)),
        ("TumourBoneExplorer", lambda: widgets.TumourBoneExplorer(), "growth", (0.0075, 0.005)),
        ("TumourBoneExplorer", lambda: widgets.TumourBoneExplorer(), "start", (300, 600)),
    ]
    out = []
    for name, make, attribute, values in cases:
        try:
            explorer = make()
            control = getattr(explorer, attribute)
            samples = []
            for i in range(12):
                t0 = time.perf_counter()
                control.value = values[i % 2]  # the observer recomputes and patches the spec
                json.dumps(explorer.spec)  # what display() sends to the front end
                samples.append((time.perf_counter() - t0) * 1000)
            if explorer.message:
                raise RuntimeError(explorer.message)
            out.append(
                (f"{name}: one {attribute} change, median of 10", statistics.median(samples[2:]))
            )
            if attribute == "analyte":
                out.append((f"{name}: first {attribute} change (builds its chart)", samples[0]))
        except Exception as err:  # noqa: BLE001 - reported in the table, never fatal
            out.append((f"{name}: failed ({type(err).__name__}: {err})", float("nan")))
    return out


def _fmt(value: float, unit: str, digits: int = 1) -> str:
    return "failed" if value != value else f"{value:.{digits}f} {unit}"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def measure() -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """(floor rows: measure, value, floor, verdict), (detail rows: measure, value)."""
    floors: list[tuple[str, str, str, str]] = []
    details: list[tuple[str, str]] = []

    def attempt(what: str, fn, default=float("nan")):
        try:
            return fn()
        except Exception as err:  # noqa: BLE001 - the benchmark reports, never fails
            details.append((f"{what}: failed", f"{type(err).__name__}: {str(err)[-300:]}"))
            return default

    subprocess.run(["make", "book"], cwd=ROOT, env=ENV, check=False, capture_output=True)  # venv
    own = attempt("own execution times", own_execution_times, {})
    floor = sum(v for v in own.values() if v == v)
    for name, sec in own.items():
        details.append((f"execute {name} alone", _fmt(sec, "s")))
    details.append((f"serial floor: sum over {len(own)} executed pages", _fmt(floor, "s")))

    def clean_build() -> float:
        timed_make("clean-book")
        return timed_make("book")[0]

    clean = attempt("clean build", clean_build)
    ratio = clean / floor if floor else float("nan")
    floors.append(
        (
            "clean build (make clean-book; make book) / serial floor",
            f"{_fmt(clean, 's')} / {_fmt(floor, 's')} = {ratio:.2f}×",
            "≤ 1.2× (aim < 0.75×)",
            _verdict(ratio <= 1.2 if ratio == ratio else None),
        ),
    )
    edit, executed = attempt("prose edit", prose_edit, (float("nan"), -1))
    share = edit / clean if clean == clean and clean else float("nan")
    floors.append(
        (
            "one-page prose edit (make book) / clean build",
            f"{_fmt(edit, 's')} = {share * 100:.0f} % ({executed} pages executed)",
            "≤ 15 %",
            _verdict(share <= 0.15 and executed == 0 if share == share else None),
        ),
    )

    weights = []
    for page in sorted(HTML.rglob("*.html")):
        if "_static" in page.parts or "notebooks" in page.parts:
            continue
        raw, gz, n = page_weight(page)
        weights.append((gz, page.relative_to(HTML).as_posix()))
        details.append(
            (
                f"weight {page.relative_to(HTML)} ({n} files)",
                f"{raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip",
            )
        )
    if weights:
        gz, name = max(weights)
        floors.append(
            (
                f"heaviest page with its scripts and styles, gzipped ({name})",
                f"{gz / 1e6:.2f} MB",
                "≤ 1.2 MB (aim: every page < 0.8 MB)",
                _verdict(gz <= 1.2e6),
            ),
        )
        floors.append(
            (
                "pages under 0.8 MB gzipped (the aim)",
                f"{sum(g < 0.8e6 for g, _ in weights)} of {len(weights)}",
                "all",
                _verdict(all(g < 0.8e6 for g, _ in weights)),
            ),
        )

    firsts = []
    chart_pages = sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.glob("book/*.html")
        if "vegaEmbed(" in p.read_text(encoding="utf-8")
    )
    for path in chart_pages:
        ms = attempt(f"first chart {path}", lambda path=path: first_chart_ms(path))
        firsts.append(ms)
        details.append((f"first chart drawn, {path} (median of 3)", _fmt(ms, "ms", 0)))
    worst = max((m for m in firsts if m == m), default=float("nan"))
    floors.append(
        (
            f"time to first chart on localhost (worst of {len(chart_pages)} chart pages)",
            _fmt(worst, "ms", 0),
            "≤ 1,000 ms",
            _verdict(worst <= 1000 if worst == worst else None),
        ),
    )

    callbacks = attempt("explorer callbacks", explorer_callbacks, [])
    for name, ms in callbacks:
        details.append((name, _fmt(ms, "ms")))
    medians = [ms for name, ms in callbacks if "median" in name and ms == ms]
    firsts = [ms for name, ms in callbacks if "first" in name and ms == ms]
    slowest = max(medians, default=float("nan"))
    floors.append(
        (
            "slowest widget callback (median of one control change; the spec is patched)",
            _fmt(slowest, "ms"),
            "≤ 50 ms",
            _verdict(slowest <= 50 if slowest == slowest else None),
        ),
    )
    first = max(firsts, default=float("nan"))
    floors.append(
        (
            "first change to a new chart structure (LabExplorer's analyte: built once)",
            _fmt(first, "ms"),
            "≤ 50 ms",
            _verdict(first <= 50 if first == first else None),
        ),
    )
    for name, ms in attempt("model solves", model_solves, []):
        details.append((name, _fmt(ms, "ms")))
    return floors, details


def write_report(floors, details) -> str:
    load = os.getloadavg()
    lines = [
        "# Benchmarks",
        "",
        "Regenerated by `make benchmark` (`scripts/benchmark.py`): it measures and reports, and",
        "never fails. Measured on "
        f"{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {load[0]:.1f} at the end, `JOBS={ENV.get('JOBS', 'nproc')}`.",
        "Shared machines are noisy: the ratios, measured in one run, are what to compare.",
        "",
        "## Floors (issue 16)",
        "",
        "| measure | value | floor | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {m} | {v} | {f} | {ok} |" for m, v, f, ok in floors]
    lines += ["", "## Details", "", "| measure | value |", "|---|---|"]
    lines += [f"| {m} | {v} |" for m, v in details]
    return "\n".join(lines) + "\n"


def main() -> None:
    if "--models" in sys.argv[1:]:
        print_table([(name, f"{ms:.1f} ms") for name, ms in model_solves()])
        return
    floors, details = measure()
    report = write_report(floors, details)
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
