"""Reflow (WCAG 1.4.10): every page reads at 320 CSS px wide.

Each page is loaded in a 320 x 640 viewport, offline, with its charts drawn. The page
must not scroll sideways (``scrollWidth`` of the document at most 320) and no chart text
may be cut off: every SVG ``text`` inside a ``.vega-embed`` lies horizontally within the
chart's visible box (1 px tolerance), and no chart's SVG is squeezed narrower than the
width Vega drew it (the page layout would cut the chart itself); the visible box is the
embed's, narrowed to its SVG's (an SVG clips what it draws past its edge). On the same
pages, every visible control is a touch target of at least 24 x 24 CSS px or has room
around it (WCAG 2.5.8, below). A full-page screenshot of each page goes to
``_build/screenshots/<page>.png`` for review (an artefact, not asserted). Both checkers
are shown to catch what they look for on small seeded pages.
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
        // The SVG clips what it draws outside itself (Vega-Embed pads the embed on the
        // right for its actions menu, so the SVG can end before the embed does).
        const sbox = svg ? svg.getBoundingClientRect() : box;
        const left = Math.max(box.left, sbox.left), right = Math.min(box.right, sbox.right);
        el.querySelectorAll('svg text').forEach(t => {
            const r = t.getBoundingClientRect();
            if (r.width === 0 || !t.textContent.trim()) return;
            if (r.left < left - 1 || r.right > right + 1) {
                out.push({chart: i + 1, text: t.textContent.slice(0, 60),
                          left: Math.round(r.left), right: Math.round(r.right),
                          boxLeft: Math.round(left), boxRight: Math.round(right)});
            }
        });
    });
    return out;
}"""


# Touch targets (WCAG 2.5.8, target size minimum): every visible control's target is at
# least 24 x 24 CSS px, or a 24 px circle centred on it touches no other target and no
# other small target's circle (the spacing exception). A radio or checkbox's target
# includes its label (a tap on the label ticks it). Links in a sentence are exempt
# (WCAG's inline exception): a link whose run of inline text holds words besides links
# ("(1, 2, 3)" back-links in a box of their own are not). Hidden controls (a closed
# drawer, a collapsed section, off to the side) do not count.
TARGET_SIZE = 24
SMALL_TARGETS = r"""(size) => {
    const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[role=button], [role=link], [role=radio], [role=checkbox], [role=tab], [role=switch]';
    const W = document.documentElement.clientWidth;
    const shown = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > 0 && r.left < W
            && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
            && !el.closest('[inert], [aria-hidden=true]');
    };
    // In a sentence: the link's run of inline text (up to its first ancestor that is not
    // display: inline) holds words outside its links.
    const inline = a => {
        if (a.tagName !== 'A' || /^(button|tab|menuitem|switch|radio|checkbox)$/.test(a.getAttribute('role'))) return false;
        let run = a.parentElement;
        while (run && getComputedStyle(run).display === 'inline') run = run.parentElement;
        if (!run) return false;
        const copy = run.cloneNode(true);
        copy.querySelectorAll('a').forEach(link => link.remove());
        return /[\p{L}\p{N}]/u.test(copy.textContent);
    };
    const box = el => {
        const r = el.getBoundingClientRect();
        let b = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        if (el.labels && /^(radio|checkbox)$/.test(el.type)) {
            for (const l of el.labels) {
                if (!shown(l)) continue;
                const q = l.getBoundingClientRect();
                b = {left: Math.min(b.left, q.left), top: Math.min(b.top, q.top),
                     right: Math.max(b.right, q.right), bottom: Math.max(b.bottom, q.bottom)};
            }
        }
        return b;
    };
    const name = el => {
        const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
        const classes = x => typeof x.className === 'string' && x.className.trim()
            ? '.' + x.className.trim().split(/\s+/).join('.') : '';
        const up = el.parentElement;
        const cls = classes(el) || (up && classes(up) ? ` (in ${up.tagName.toLowerCase()}${classes(up)})` : '');
        return `${el.tagName.toLowerCase()}${el.type && el.tagName === 'INPUT' ? '[' + el.type + ']' : ''}${cls}`
            + (text ? ` "${text.replace(/\s+/g, ' ').slice(0, 40)}"` : '');
    };
    const all = Array.from(document.querySelectorAll(CONTROLS)).filter(el => shown(el) && !inline(el));
    const targets = all.map(el => ({el, b: box(el)}));
    targets.forEach(t => {
        t.w = t.b.right - t.b.left; t.h = t.b.bottom - t.b.top;
        t.cx = (t.b.left + t.b.right) / 2; t.cy = (t.b.top + t.b.bottom) / 2;
        t.small = t.w < size - 0.5 || t.h < size - 0.5;
    });
    const gap = (t, b) => Math.hypot(Math.max(b.b.left - t.cx, 0, t.cx - b.b.right),
                                     Math.max(b.b.top - t.cy, 0, t.cy - b.b.bottom));
    const out = [];
    targets.filter(t => t.small).forEach(t => {
        const near = targets.find(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
            && (gap(t, o) < size / 2 || (o.small && Math.hypot(o.cx - t.cx, o.cy - t.cy) < size)));
        if (near) {
            out.push(`${name(t.el)} is ${Math.round(t.w)} x ${Math.round(t.h)} px with `
                     + `${name(near.el)} ${Math.round(gap(t, near))} px from its centre`);
        }
    });
    return out;
}"""


def target_problems(page, where: str) -> list[str]:
    """Each control on ``page`` smaller than 24 x 24 px with another target within reach."""
    return [
        f"{where}: {small} (WCAG 2.5.8 asks for {TARGET_SIZE} x {TARGET_SIZE} px or room)"
        for small in page.evaluate(SMALL_TARGETS, TARGET_SIZE)
    ]


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


@pytest.mark.parametrize("path", PAGES)
def test_page_reflows_with_touch_sized_controls_at_320_px(narrow, base_url, path):
    page = narrow.new_page()
    try:
        log = site.watch(page)
        page.goto(f"{base_url}/{path}", wait_until="load")
        site.wait_for_charts(page)
        page.wait_for_timeout(300)
        shot = SCREENSHOTS / Path(path).with_suffix(".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        problems = reflow_problems(page, path) + target_problems(page, path)
        assert problems == [], "\n".join(problems)
        assert log.problems() == [], log.problems()
    finally:
        page.close()


def test_the_checker_catches_a_wide_page_and_cut_off_chart_text(narrow):
    page = narrow.new_page()
    try:
        page.set_content(
            '<div style="width:500px">wide</div>'
            '<div class="vega-embed" style="width:200px;overflow:hidden">'
            '<svg width="400" height="30"><text x="0" y="20">'
            "A chart title far too long for a phone</text></svg></div>"
            '<div class="vega-embed" style="width:300px">'
            '<svg class="marks" width="200" height="30"><text x="120" y="20">'
            "Cut by the SVG</text></svg></div>"
        )
        problems = reflow_problems(page, "seeded.html")
    finally:
        page.close()
    # 500 px of content plus the body's 8 px margin.
    assert problems[0] == "seeded.html: the page is 508 px wide at a 320 px viewport"
    assert len(problems) == 3 and "'A chart title far too long for a phone'" in problems[1]
    # Inside the embed (300 px) but past its SVG's edge (200 px), which clips it.
    assert (
        "chart 2 text 'Cut by the SVG'" in problems[2] and "outside its box 8..208" in problems[2]
    )


# Each seeded control is 10 px or more apart from the others; "ok" ones must pass.
SEEDED_TARGETS = """<!doctype html><html><body style="margin:0;font:16px sans-serif">
<div style="position:absolute;top:10px;left:10px">
  <button id="tiny-a" style="width:16px;height:16px;padding:0">a</button><button
   id="tiny-b" style="width:16px;height:16px;padding:0;margin-left:4px">b</button></div>
<button id="ok-alone" style="position:absolute;top:100px;left:10px;width:16px;height:16px;padding:0">c</button>
<label id="ok-radio" style="position:absolute;top:150px;left:10px;display:inline-block;
  min-height:24px">\
<input type="radio" name="r" style="margin:0;width:13px;height:13px"> a labelled radio</label>
<span class="backrefs" style="position:absolute;top:260px;left:10px;display:inline-block">(<a href="#1">1</a>,
 <a href="#2">2</a>)</span>
<p style="position:absolute;top:200px;left:10px;width:280px;margin:0">A sentence with
 <a href="#x">an inline link</a> and <a href="#y">another</a> right after it.</p>
</body></html>"""


def test_the_target_checker_catches_small_controls_close_together(narrow):
    """Two 16 px buttons 4 px apart and a row of digit links fail; a small button with
    room around it, a radio with its label, and links in a sentence pass."""
    page = narrow.new_page()
    try:
        page.set_content(SEEDED_TARGETS)
        problems = target_problems(page, "seeded.html")
    finally:
        page.close()
    report = "\n".join(problems)
    assert len(problems) == 4, report
    assert problems[0] == (
        'seeded.html: button "a" is 16 x 16 px with button "b" 12 px from its centre '
        "(WCAG 2.5.8 asks for 24 x 24 px or room)"
    )
    assert 'a (in span.backrefs) "1"' in report and 'a (in span.backrefs) "2"' in report
    assert '"c"' not in report and "radio" not in report and "inline link" not in report
