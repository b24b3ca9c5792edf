"""Helpers for the browser tests: serve the built site and drive Debian's Chromium.

Playwright is pointed at the system browser (no downloaded browser). Every request
that does not go to the local server is blocked and recorded, so a test can assert
that the site works offline and that nothing tried to leave the machine.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
HTML_DIR = ROOT / "_build" / "html"

# Console messages we know to be harmless, matched by exact text, each with why.
BENIGN_CONSOLE = {
    # sphinx-thebe writes its config snippet twice on every page (a known upstream
    # issue); thebe itself is disabled and never loads.
    "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
    "Uncaught Identifier 'THEBE_JS_URL' has already been declared",
}

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is required: run `make chromium` (apt-get install chromium)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path = HTML_DIR):
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What one browser page did: blocked external requests, console errors, failures."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"external request: {u}" for u in self.external]
        out += [f"console error: {m}" for m in self.console_errors if m not in BENIGN_CONSOLE]
        out += [f"failed request: {u}" for u in self.failed]
        return out


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return parsed.hostname in ("127.0.0.1", "localhost")


def watch(page) -> PageLog:
    """Block every non-local request on ``page`` and record what happens."""
    log = PageLog()

    def route(route_obj):
        url = route_obj.request.url
        if is_local(url):
            route_obj.continue_()
        else:
            log.external.append(url)
            route_obj.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and log.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: log.console_errors.append(f"Uncaught {exc}"))
    page.on(
        "requestfailed",
        lambda req: is_local(req.url) and log.failed.append(f"{req.url} ({req.failure})"),
    )
    return log


def chart_mark_counts(page) -> list[int]:
    """Number of drawn marks in each Vega chart on the page (SVG renderer)."""
    return page.eval_on_selector_all(
        ".vega-embed",
        """els => els.map(el => el.querySelectorAll(
            'svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, '
            + 'svg .mark-rule line, svg .mark-area path, svg .mark-point path, svg .mark-text text'
        ).length)""",
    )


def wait_for_charts(page, timeout_ms: int = 15000) -> None:
    """Wait until every .vega-embed on the page holds an SVG (or there are none)."""
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.vega-embed'))
                 .every(el => el.querySelector('svg'))""",
        timeout=timeout_ms,
    )


def site_pages() -> list[str]:
    """Every content page of the built site, as paths relative to its root."""
    skip = {"genindex.html", "search.html"}
    pages = [
        p.relative_to(HTML_DIR).as_posix()
        for p in HTML_DIR.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "reports" not in p.parts
    ]
    return sorted(pages)
