"""Charts are drawn one at a time, in page order, each painted before the next starts.

:mod:`casebook.sphinxext.vega` appends ``IN_ORDER`` to the vendored bundle: Altair's
embed code calls ``vegaEmbed`` for every chart while the page is parsed, and without
it every chart of a page is compiled and drawn before the first is painted. A page of
three charts, embedded at once with the site's own bundle, must show the first chart
alone in the frame after it drew, then draw the other two; and every chart of the
built chapters still draws (a chart waiting its turn is already a ``.vega-embed``, so
:func:`site_support.wait_for_charts` waits for it).
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests import site_support as site

BUNDLE = site.HTML_DIR / "_static" / "cb-vega-bundle.js"
PRELOAD = site.HTML_DIR / "_static" / "cb-vega-preload.js"
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"x": i, "y": (i * 7) % 11} for i in range(200)]},
    "mark": "point",
    "encoding": {
        "x": {"field": "x", "type": "quantitative"},
        "y": {"field": "y", "type": "quantitative"},
    },
    "description": "A test chart of two hundred points.",
}
# Three charts embedded in one script, as the parser would call them one after another;
# in the first animation frame after the first SVG appears, count the SVGs drawn.
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="cb-vega-preload.js"></script><script src="cb-vega-bundle.js"></script></head>
<body><div id="c1"></div><div id="c2"></div><div id="c3"></div>
<script>
new MutationObserver(function (records, observer) {
  if (!document.querySelector('.vega-embed svg')) { return; }
  observer.disconnect();
  requestAnimationFrame(function () {
    window.drawnInFirstFrame = document.querySelectorAll('.vega-embed svg').length;
    window.waitingInFirstFrame = document.querySelectorAll('.vega-embed:not(:has(svg))').length;
  });
}).observe(document.body, {childList: true, subtree: true});
var spec = %(spec)s;
window.order = [];
["#c1", "#c2", "#c3"].forEach(function (id) {
  vegaEmbed(document.querySelector(id), spec, {renderer: "svg", actions: false})
    .then(function () { window.order.push(id); });
});
</script></body></html>
"""


@pytest.fixture()
def three_charts(tmp_path):
    """A page of three charts with the built site's bundle, served on localhost."""
    for script in (BUNDLE, PRELOAD):
        shutil.copy(script, tmp_path / script.name)
    (tmp_path / "three.html").write_text(PAGE % {"spec": json.dumps(SPEC)}, encoding="utf-8")
    with site.serve(tmp_path) as base:
        yield f"{base}/three.html"


def test_the_first_chart_is_painted_before_the_next_is_drawn(page, three_charts):
    log = site.watch(page)
    page.goto(three_charts, wait_until="load")
    site.wait_for_charts(page)
    page.wait_for_function("window.drawnInFirstFrame !== undefined && window.order.length === 3")
    first_frame = page.evaluate("[window.drawnInFirstFrame, window.waitingInFirstFrame]")
    assert first_frame == [1, 2], (
        f"in the frame after the first chart drew: {first_frame[0]} charts drawn and "
        f"{first_frame[1]} waiting (expected 1 and 2: the others wait their turn)"
    )
    assert page.evaluate("window.order") == ["#c1", "#c2", "#c3"]
    assert all(n > 0 for n in site.chart_mark_counts(page)), site.chart_mark_counts(page)
    assert log.problems() == []


@pytest.mark.parametrize("path", ["book/therapy.html", "book/mechanisms.html"])
def test_every_chart_of_a_many_chart_page_draws(page, base_url, path):
    """The chapters with the most charts: each one draws, in turn, with no error."""
    site.require_built(path)
    assert site.static_page_problems(page, f"{base_url}/{path}") == []
    assert len(site.chart_mark_counts(page)) >= 3
