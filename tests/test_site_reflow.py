"""Reflow (WCAG 1.4.10): every page reads at 320 CSS px wide.

Each page is loaded in a 320 x 640 viewport, offline, with its charts drawn. The page
must not scroll sideways (``scrollWidth`` of the document at most 320) and no chart text
may be cut off: every SVG ``text`` inside a ``.vega-embed`` lies horizontally within the
chart's visible box (1 px tolerance), and no chart's SVG is squeezed narrower than the
width Vega drew it (the page layout would cut the chart itself). A full-page screenshot of each page goes to
``_build/screenshots/<page>.png`` for review (an artefact, not asserted). The checker is
shown to catch a page that overflows and a chart title cut off, on small HTML pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import site_support as site

site.require_built("book/intro.html")

PAGES = site.site_pages()
WIDTH = 320
SCREENSHOTS = site.ROOT / "_build" / "screenshots"

# Every chart's text that reaches beyond the chart's box: the .vega-embed's own rect, or
# when the embed scrolls its content (overflow), what of it is visible.
CLIPPED_TEXT = """() => {
    const out = [];
    document.querySelectorAll('.vega-embed').forEach((el, i) => {
        const box = el.getBoundingClientRect();
        const svg = el.querySelector('svg.marks');
        const drawn = svg ? svg.getBoundingClientRect().width : 0;
        const asked = svg ? Number(svg.getAttribute('width')) : 0;
        // A chart wider than the column scales down like an image (CSS max-width); below
        // three quarters of its size its text gets too small, and at 0 it is gone.
        if (drawn < 0.75 * asked) {
            out.push({chart: i + 1, text: `(the chart: ${Math.round(asked)} px drawn in ${Math.round(drawn)})`,
                      left: Math.round(box.left), right: Math.round(box.left + asked),
                      boxLeft: Math.round(box.left), boxRight: Math.round(box.left + drawn)});
        }
        el.querySelectorAll('svg text').forEach(t => {
            const r = t.getBoundingClientRect();
            if (r.width === 0 || !t.textContent.trim()) return;
            if (r.left < box.left - 1 || r.right > box.right + 1) {
                out.push({chart: i + 1, text: t.textContent.slice(0, 60),
                          left: Math.round(r.left), right: Math.round(r.right),
                          boxLeft: Math.round(box.left), boxRight: Math.round(box.right)});
            }
        });
    });
    return out;
}"""


def reflow_problems(page, where: str, width: int = WIDTH) -> list[str]:
    """What does not reflow at ``width``: the page's own width, and each clipped chart text."""
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{where}: the page is {scroll_width} px wide at a {width} px viewport")
    for c in page.evaluate(CLIPPED_TEXT):
        problems.append(
            f"{where}: chart {c['chart']} text {c['text']!r} spans x {c['left']}..{c['right']}"
            f" outside its box {c['boxLeft']}..{c['boxRight']}"
        )
    return problems


@pytest.fixture(scope="module")
def narrow(browser):
    ctx = browser.new_context(viewport={"width": WIDTH, "height": 640})
    yield ctx
    ctx.close()


# Pages known not to reflow yet, each with what is left. The test asserts they still
# fail, so a fix shows up as a failure asking to remove the entry (no silent skip).
NOT_YET_REFLOWING = {
    "book/therapy.html": "the forest plot's legends and axis title and the response chart's "
    "threshold labels and legend reach past the chart at 320 px (issue 15, left to do)",
    "book/marrow.html": "with Vega-Embed's actions menu back, the grade chart's title and "
    "subtitle start 7 px left of the chart at 320 px (issue 15, left to do)",
}


@pytest.mark.parametrize("path", PAGES)
def test_page_reflows_at_320_px(narrow, base_url, path):
    page = narrow.new_page()
    try:
        log = site.watch(page)
        page.goto(f"{base_url}/{path}", wait_until="load")
        site.wait_for_charts(page)
        page.wait_for_timeout(300)
        shot = SCREENSHOTS / Path(path).with_suffix(".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        problems = reflow_problems(page, path)
        if path in NOT_YET_REFLOWING:
            assert problems, f"{path} now reflows: remove it from NOT_YET_REFLOWING"
        else:
            assert problems == [], "\n".join(problems)
        assert log.problems() == [], log.problems()
    finally:
        page.close()


def test_the_checker_catches_a_wide_page_and_a_cut_off_title(narrow):
    page = narrow.new_page()
    try:
        page.set_content(
            '<div style="width:500px">wide</div>'
            '<div class="vega-embed" style="width:200px;overflow:hidden">'
            '<svg width="400" height="30"><text x="0" y="20">'
            "A chart title far too long for a phone</text></svg></div>"
        )
        problems = reflow_problems(page, "seeded.html")
    finally:
        page.close()
    # 500 px of content plus the body's 8 px margin.
    assert problems[0] == "seeded.html: the page is 508 px wide at a 320 px viewport"
    assert len(problems) == 2 and "'A chart title far too long for a phone'" in problems[1]
