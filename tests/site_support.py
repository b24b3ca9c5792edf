"""Helpers for the browser tests: serve the built site and drive Debian's Chromium.

Playwright is pointed at the system browser (no downloaded browser). Every request
that does not go to the local server is blocked and recorded, so a test can assert
that the site works offline and that nothing tried to leave the machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from casebook import localsite

ROOT = Path(__file__).resolve().parent.parent
# The built site; CASEBOOK_SITE_DIR points the tests at another build (or a broken copy).
HTML_DIR = Path(os.environ.get("CASEBOOK_SITE_DIR") or ROOT / "_build" / "html")

# Console messages we know to be harmless, matched by exact text, each with why.
BENIGN_CONSOLE = {
    # sphinx-thebe writes its config snippet twice on every page (a known upstream
    # issue); thebe itself is disabled and never loads.
    "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
    "Uncaught Identifier 'THEBE_JS_URL' has already been declared",
}

# The system Chromium and the local server live in the package (make pdf uses them too).
CHROMIUM_ARGS = localsite.CHROMIUM_ARGS
chromium_path = localsite.chromium_path


def serve(directory: Path = HTML_DIR):
    """Serve ``directory`` (the built site by default) on 127.0.0.1; yield the base URL."""
    return localsite.serve(directory)


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


@dataclass
class Visit:
    """A built page loaded once (:func:`open_static_page`) for several checks to read."""

    path: str
    page: object  # playwright's Page
    log: PageLog
    load_problems: list[str]  # ["a chart never drew an SVG"] or []
    missing: list[str]  # local responses of status 400 or more, for the failure message


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


WIDGET_SELECTOR = (
    ".jupyter-widgets, .widget-area, script[type='application/vnd.jupyter.widget-view+json'], "
    "script[type='application/vnd.jupyter.widget-state+json']"
)


def open_static_page(page, url: str, lands_on: str = "") -> tuple[PageLog, list[str]]:
    """Load ``url`` offline (every non-local request blocked and recorded) and wait for
    its charts; return the page's log and ["a chart never drew an SVG"] if one did not.

    ``lands_on``: the URL (glob) a redirect page leads to; the charts waited for are there.
    """
    log = watch(page)
    page.goto(url, wait_until="load")
    if lands_on:
        page.wait_for_url(lands_on, wait_until="load")
    problems: list[str] = []
    try:
        wait_for_charts(page)
    except Exception:  # noqa: BLE001 - reported as a problem
        problems.append("a chart never drew an SVG")
    page.wait_for_timeout(300)  # let late scripts report errors
    return log, problems


def drawn_page_problems(page, log: PageLog) -> list[str]:
    """Everything wrong with a page :func:`open_static_page` loaded, as a static page.

    Wrong: a request leaving localhost, a console error (bar the allowlist), a failed
    local request, a chart that drew no marks, a chart without a text description or a
    data table, an ipywidget, require.js.
    """
    problems = log.problems()
    counts = chart_mark_counts(page)
    if not all(n > 0 for n in counts):
        problems.append(f"a chart drew no marks: {counts}")
    # Accessibility: every chart is described for screen readers, and its data is
    # on the page as a table.
    described = page.eval_on_selector_all(
        ".vega-embed",
        "els => els.map(e => (e.querySelector('[aria-label]')?.getAttribute('aria-label') || '').length)",
    )
    if any(n < 20 for n in described):
        problems.append(f"a chart has no text description: {described}")
    tables = page.locator("details.cb-chart-data table").count()
    if tables < len(counts):
        problems.append(f"{len(counts)} charts but only {tables} data tables")
    widgets = page.eval_on_selector_all(WIDGET_SELECTOR, "els => els.length")
    if widgets:
        problems.append(f"{widgets} ipywidgets elements on a static page")
    if not page.evaluate("typeof window.require === 'undefined'"):
        problems.append("require.js loaded (widget manager)")
    return problems


def static_page_problems(page, url: str) -> list[str]:
    """Load ``url`` offline and list everything wrong with it as a static page
    (:func:`open_static_page`, then :func:`drawn_page_problems`)."""
    log, problems = open_static_page(page, url)
    return problems + drawn_page_problems(page, log)


# --- per-page checks of accessibility and of the scripts a page loads (test_site.py
# runs them all on one load of each page; test_site_a11y.py proves them on seeded pages)

BLOCKING = ("serious", "critical")
_AXE = []  # the axe-core runner, made on first use (it reads the bundled axe.js)


def axe_problems(page, where: str) -> list[str]:
    """Each serious or critical axe violation on ``page``: rule, impact, targets, page."""
    if not _AXE:
        from axe_playwright_python.sync_playwright import Axe

        _AXE.append(Axe())
    # preload False: axe would re-fetch every stylesheet to build a CSSOM (for one rule,
    # css-orientation-lock) and resolves the theme's @import "basic.css" against the site
    # root, a 404 that is axe's, not the site's.
    results = _AXE[0].run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{where}: {v['id']} ({v['impact']}) at "
        + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
        + f": {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


# Each .vega-embed chart: its aria-label (Vega puts the spec's description on the SVG
# root) and, after it in document order and before the next chart, a description
# paragraph and a data table (a glued chart sits in a figure, its extras after it).
CHART_EXTRAS = """() => {
    const all = Array.from(document.querySelectorAll(
        '.vega-embed, .cb-chart-description, details.cb-chart-data'));
    const charts = [];
    for (const el of all) {
        if (el.classList.contains('vega-embed')) {
            const root = el.matches('[role="graphics-document"][aria-label]') ? el
                : el.querySelector('[role="graphics-document"][aria-label]');
            charts.push({i: charts.length, id: el.id,
                         label: root ? root.getAttribute('aria-label').length : 0,
                         description: 0, table: false});
        } else if (charts.length) {
            const c = charts[charts.length - 1];
            if (el.classList.contains('cb-chart-description')) {
                c.description = Math.max(c.description, el.textContent.trim().length);
            } else {
                const t = el.querySelector('table');
                c.table = c.table || (!!t && t.rows.length > 1);
            }
        }
    }
    return charts;
}"""


def chart_extra_problems(page, where: str) -> list[str]:
    """Each chart without a text description (aria-label and visible) or a data table."""
    problems = []
    for c in page.evaluate(CHART_EXTRAS):
        name = f"{where}: chart {c['i'] + 1} ({c['id'] or 'no id'})"
        if c["label"] < 20:
            problems.append(f"{name} has no aria-label description")
        if c["description"] < 20:
            problems.append(f"{name} has no visible text description")
        if not c["table"]:
            problems.append(f"{name} has no data table")
    return problems


# What on a page needs which script (casebook.sphinxext.lightpages); sphinx-thebe never.
SCRIPT_USES = """() => ({
    scripts: Array.from(document.querySelectorAll('script[src]'))
             .map(s => s.getAttribute('src').split('?')[0].split('/').pop()),
    chart: document.querySelectorAll('.vega-embed').length > 0,
    quiz: document.querySelectorAll('.cb-quiz').length > 0,
    differential: document.querySelectorAll('form.cb-differential').length > 0,
    pathway: document.querySelectorAll('form.cb-pathway').length > 0,
})"""

# Icons the theme wrote as <i class="fa-…"> left undrawn, and the inline SVG icons drawn.
ICONS = """() => ({
    left: Array.from(document.querySelectorAll("i[class*='fa-'], span[class*='fa-']"))
          .map(i => i.className),
    drawn: Array.from(document.querySelectorAll('svg.svg-inline--fa path'))
           .filter(p => (p.getAttribute('d') || '').length > 10).length,
})"""


def check_scripts_and_icons(page, path: str) -> None:
    """``page`` loads the Vega bundle only with a chart, each form's script only with that
    form, never sphinx-thebe; every theme icon is an inline SVG with a drawn path."""
    has = page.evaluate(SCRIPT_USES)
    scripts = set(has["scripts"])
    expected = {
        "cb-vega-bundle.js": has["chart"],
        "cb-quiz.js": has["quiz"],
        "cb-differential.js": has["differential"],
        "cb-pathway.js": has["pathway"],
        "sphinx-thebe.js": False,
    }
    wrong = {name: want for name, want in expected.items() if (name in scripts) != want}
    assert wrong == {}, f"{path}: scripts loaded where unused or missing where used: {wrong}"
    icons = page.evaluate(ICONS)
    assert icons["left"] == [], f"{path}: icons not drawn: {icons['left']}"
    assert icons["drawn"] >= 5, f"{path}: only {icons['drawn']} icons drawn"


# --- interactive checks, shared by the tests and by the break-it-on-purpose tests


def check_quiz(page) -> None:
    """The first quiz answers wrong and right by clicking and by keyboard."""
    quiz = page.locator(".cb-quiz").first
    options = quiz.locator(".cb-quiz-option")
    assert options.count() >= 2, "no quiz options"
    assert quiz.locator(".cb-quiz-choice").count() == options.count(), "options are not buttons"
    assert quiz.locator(".cb-quiz-feedback:visible").count() == 0, "feedback shown before answering"
    quiz.locator(".cb-quiz-option:not(.cb-quiz-correct) .cb-quiz-choice").first.click()
    fb = quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback")
    assert fb.is_visible() and fb.inner_text().startswith("Not quite."), (
        "no feedback for a wrong answer"
    )
    assert quiz.locator(".cb-quiz-option.cb-quiz-wrong").count() == 1
    right = quiz.locator(".cb-quiz-option.cb-quiz-correct .cb-quiz-choice").first
    right.focus()
    page.keyboard.press("Enter")
    fb = quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback")
    assert fb.inner_text().startswith("Correct."), "no feedback for the right answer"
    assert quiz.locator(".cb-quiz-feedback:visible").count() == 1


def check_solution_opens(page, text: str) -> None:
    """The first solution hides ``text`` until its toggle is clicked."""
    solution = page.locator(".solution").first
    body = solution.get_by_text(text)
    assert not body.is_visible(), "the solution should be hidden until asked for"
    # sphinx-togglebutton turns the title of a dropdown solution into a button.
    solution.locator(".toggle-button, summary").first.click()
    body.wait_for(state="visible", timeout=5000)


def check_citation(page) -> None:
    """The first citation links to a reference on the same page."""
    link = page.locator("a.footnote-reference").first
    target = link.get_attribute("href")
    assert target and target.startswith("#"), f"citation link {target!r}"
    link.click()
    ref = page.locator(f"[id='{target[1:]}']")
    assert ref.count() == 1, f"citation target {target} missing"
    assert len(ref.inner_text().strip()) > 20, "empty reference"


def check_glossary_link(page) -> None:
    """The first glossary term link opens the glossary at that term."""
    link = page.locator("a:has(span.xref.std-term)").first
    href = link.get_attribute("href")
    assert href and "glossary.html#" in href, f"glossary link {href!r}"
    link.click()
    page.wait_for_url("**/glossary.html#*", timeout=5000)
    term = page.locator(f"dt[id='{href.split('#', 1)[1]}']")
    assert term.count() == 1, f"glossary has no term {href}"
    assert term.inner_text().strip()


def require_built(page: str, html_dir: Path | None = None) -> Path:
    """Stop a browser test module at import when ``page`` is not built, with the fix."""
    import pytest

    path = (html_dir or HTML_DIR) / page
    if not path.is_file():
        pytest.fail(
            f"{path} is not built: run `make book` (make test does it for you)", pytrace=False
        )
    return path
