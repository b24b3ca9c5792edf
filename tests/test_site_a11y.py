"""Accessibility of the built site: axe-core in Debian's Chromium on every page.

axe-core comes bundled with ``axe-playwright-python`` (no network). Each page is loaded
offline, its charts drawn, then axe runs on the whole document; no violation of impact
"serious" or "critical" may remain. Every chart also carries a text description and its
data as a table, checked chart by chart. The checkers are shown to catch seeded
violations on small HTML pages (``test_the_checker_catches_*``).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import site_support as site

site.require_built("book/intro.html")

PAGES = site.site_pages()
BLOCKING = ("serious", "critical")
AXE = Axe()


def axe_problems(page, where: str) -> list[str]:
    """Each serious or critical axe violation on ``page``: rule, impact, targets, page."""
    # preload False: axe would re-fetch every stylesheet to build a CSSOM (for one rule,
    # css-orientation-lock) and resolves the theme's @import "basic.css" against the site
    # root, a 404 that is axe's, not the site's.
    results = AXE.run(page, options={"resultTypes": ["violations"], "preload": False})
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


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_axe_violation(context, base_url, path):
    """axe-core finds nothing serious or critical, and every chart is described and tabled."""
    page = context.new_page()
    try:
        log = site.watch(page)
        missing = []
        page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
        page.goto(f"{base_url}/{path}", wait_until="load")
        site.wait_for_charts(page)
        page.wait_for_timeout(300)  # late scripts: cb-a11y.js names the charts' action menus
        problems = axe_problems(page, path) + chart_extra_problems(page, path)
        assert problems == [], "\n".join(problems)
        assert log.problems() == [], (log.problems(), missing)
    finally:
        page.close()


# ------------------------------------------------- the checkers catch seeded violations

SEEDED = """<!doctype html><html lang="en"><head><title>seeded</title></head><body><main>
<h1>Seeded</h1>
<details><summary><svg width="10" height="10"></svg></summary>actions</details>
<p style="background:#ecf3ff"><a href="#x" style="color:#176de8">Figure 1</a></p>
<div style="overflow:auto;width:100px"><table><tr><th>a</th></tr>
<tr><td style="white-space:nowrap">wide wide wide wide wide wide wide wide wide wide</td></tr></table></div>
<div role="list"><div role="doc-biblioentry">A reference</div></div>
</main></body></html>"""


def test_the_checker_catches_seeded_violations(context):
    """The four kinds of finding fixed in the book, seeded on one page, are all reported."""
    page = context.new_page()
    try:
        page.set_content(SEEDED)
        report = "\n".join(axe_problems(page, "seeded.html"))
    finally:
        page.close()
    for rule in (
        "summary-name",
        "color-contrast",
        "scrollable-region-focusable",
        "aria-required-children",
    ):
        assert f"seeded.html: {rule} (" in report, report


def test_the_chart_check_catches_a_chart_without_its_table(context):
    """Extras are matched to the chart before them: a missing table or text is named."""
    page = context.new_page()
    try:
        page.set_content(
            '<div class="vega-embed" id="c1">'
            '<svg role="graphics-document" aria-label="A chart of nothing at all, described"></svg>'
            '</div><p class="cb-chart-description">Chart description. Nothing, twice.</p>'
            '<div class="vega-embed" id="c2"><svg role="graphics-document" aria-label="x"></svg></div>'
            '<details class="cb-chart-data"><table><tr><th>a</th></tr><tr><td>1</td></tr></table>'
            "</details>"
        )
        # c1 has a description but no table; c2 a table, but a short label and no text.
        assert chart_extra_problems(page, "seeded.html") == [
            "seeded.html: chart 1 (c1) has no data table",
            "seeded.html: chart 2 (c2) has no aria-label description",
            "seeded.html: chart 2 (c2) has no visible text description",
        ]
    finally:
        page.close()
