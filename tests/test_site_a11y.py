"""Accessibility of the built site: the checkers that run axe-core on every page.

axe-core comes bundled with ``axe-playwright-python`` (no network). Each page is loaded
offline, its charts drawn, then axe runs on the whole document; no violation of impact
"serious" or "critical" may remain. Every chart also carries a text description and its
data as a table, checked chart by chart. The page tests are
``test_site.py::test_page_has_no_serious_axe_violation`` (they share one load of each page
with the site's other per-page checks); the checkers (``site_support.axe_problems`` and
``site_support.chart_extra_problems``) are shown here to catch seeded violations on small
HTML pages (``test_the_checker_catches_*``).
"""

from __future__ import annotations

import pytest

from tests import site_support as site

site.require_built("book/intro.html")


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


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
        report = "\n".join(site.axe_problems(page, "seeded.html"))
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
        assert site.chart_extra_problems(page, "seeded.html") == [
            "seeded.html: chart 1 (c1) has no data table",
            "seeded.html: chart 2 (c2) has no aria-label description",
            "seeded.html: chart 2 (c2) has no visible text description",
        ]
    finally:
        page.close()
