"""Drive a real JupyterLab (the instructors' `make lab`) in Debian's Chromium, offline.

Starts `jupyter lab` from the project's venv on a free local port with the live
renderer and the project's lab settings, opens a chapter (a MyST .md opened as a
notebook by jupytext) and runs all cells. Every non-local request is blocked.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright import sync_api as playwright_sync

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_RUN_ALL_ATTEMPTS = 3
# True once any code cell's prompt shows [*] (queued or running) or [n] (ran).
_CELLS_STARTED = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-InputPrompt'))
    .some(p => /\\[[*0-9]/.test(p.textContent))"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(tmp_path: Path):
    """Yield the base URL of a JupyterLab serving the repository root."""
    settings = BIN.parent / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    # The instructors' settings (scripts/lab-overrides.json), plus no autosave: a test
    # must never rewrite a chapter's MyST source.
    overrides = json.loads((ROOT / "scripts" / "lab-overrides.json").read_text(encoding="utf-8"))
    overrides.setdefault("@jupyterlab/docmanager-extension:plugin", {})["autosave"] = False
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    port = _free_port()
    env = {
        **os.environ,
        "CASEBOOK_RENDERER": "live",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--notebook-dir={ROOT}",
            "--LabApp.news_url=",
            "--ServerApp.disable_check_xsrf=True",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"JupyterLab did not start; see {tmp_path / 'lab.log'}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def open_and_run_all(page, base: str, rel_path: str) -> None:
    """Open ``rel_path`` (e.g. book/intro.md) as a notebook and run every cell.

    A fresh, reset workspace per call, so no notebook restored from an earlier
    test sits hidden in another tab.
    """
    workspace = (
        "t" + "".join(c if c.isalnum() else "-" for c in rel_path) + str(time.monotonic_ns())
    )
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{rel_path}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus", timeout=60000)
    page.wait_for_timeout(1500)
    # On a busy machine the kernel may connect while the palette is open; the focus
    # change closes the palette, and keys meant for it reach the notebook in command
    # mode ("a" inserts a cell), so nothing runs. Type into the palette itself, and
    # try again until a cell is queued or running.
    for _ in range(_RUN_ALL_ATTEMPTS):
        page.keyboard.press("Escape")
        page.click(".jp-Notebook")
        page.keyboard.press("Control+Shift+c")
        palette = page.locator(".lm-CommandPalette-input:visible")
        try:
            palette.fill("Run All Cells", timeout=10000)
            page.locator(
                ".lm-CommandPalette-item.lm-mod-active", has_text="Run All Cells"
            ).wait_for(timeout=10000)
            palette.press("Enter", timeout=5000)
            page.wait_for_function(_CELLS_STARTED, timeout=15000)
            return
        except playwright_sync.TimeoutError:
            continue
    raise AssertionError(f"Run All Cells never started in {rel_path} ({_RUN_ALL_ATTEMPTS} tries)")


# Every code cell has run: none queued or running ("[*]"), none left unrun ("[ ]").
_ALL_CELLS_DONE = """() => {
    const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'));
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def wait_until_every_cell_ran(page, timeout_ms: int = 180000) -> None:
    """Wait until every code cell of the open notebook shows an execution count.

    JupyterLab draws only the cells in view; scrolling to the end makes it draw (and
    count) all of them.
    """
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+End")
    page.wait_for_function(_ALL_CELLS_DONE, timeout=timeout_ms)


def cell_errors(page) -> list[str]:
    """The text of every error or stderr output, and of any output holding a traceback."""
    outputs = page.locator(
        ".jp-Notebook .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
        ".jp-Notebook .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], "
        ".jp-Notebook .jp-OutputArea-output:has-text('Traceback')"
    )
    return [text[-600:] for text in outputs.all_inner_texts()]


def assert_chart_redraws(page, chart, act, what: str, timeout_s: float = 45) -> None:
    """Run ``act()`` and wait until ``chart`` (a .vega-embed locator) looks different.

    Charts in a live kernel may draw on a canvas, so pixels are compared, not marks.
    """
    chart.wait_for(state="visible", timeout=120000)
    page.wait_for_timeout(1500)  # let the first drawing settle
    chart.scroll_into_view_if_needed()
    before = chart.screenshot()
    act()
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if chart.screenshot(timeout=5000) != before:
                return
        except playwright_sync.Error:
            pass  # redrawn (clear_output, then display): the old node is gone; look again
        assert time.monotonic() < deadline, f"the chart did not redraw after {what}"
        page.wait_for_timeout(500)


def typing(box, value: str):
    """An action for :func:`assert_chart_redraws`: type ``value`` into ``box``, press Enter."""

    def act() -> None:
        box.fill(value)
        box.press("Enter")

    return act


def assert_ran_cleanly(page, log) -> None:
    """Every cell ran, none errored, and nothing was requested outside localhost."""
    wait_until_every_cell_ran(page)
    assert cell_errors(page) == []
    assert log.external == [], log.external
