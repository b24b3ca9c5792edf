"""Browser tests for the marrow chapter: the built page in Debian's Chromium, offline.

Serves the folder named by ``CASEBOOK_SITE_DIR`` if set (e.g. a private build in
/tmp), else ``_build/html``. Every non-local request is blocked and counted as a
failure. The differential form is driven by clicking its labels, like a student,
and its results are compared with :func:`casebook.differential.evaluate`.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from casebook import differential
from tests import site_support as site

HTML_DIR = Path(os.environ.get("CASEBOOK_SITE_DIR") or site.HTML_DIR)
PAGE = "book/marrow.html"
FORM = "#marrow-differential"

if not (HTML_DIR / PAGE).is_file():  # pragma: no cover
    pytest.fail(
        f"{PAGE} is not built in {HTML_DIR}: run `make book` or set CASEBOOK_SITE_DIR",
        pytrace=False,
    )


def open_marrow(page, base_url):
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    page.wait_for_selector(f"{FORM}[data-cb-ready]")
    return log


def dom_results(page) -> list[tuple[str, str, int, list[str]]]:
    """(cause, status, score, effects of its reasons) for each cause, in page order."""
    return page.eval_on_selector_all(
        f"{FORM} .cb-causes > li.cb-cause",
        """els => els.map(e => [e.dataset.cause, e.dataset.status, Number(e.dataset.score),
                Array.from(e.querySelectorAll('li.cb-reason[data-effect]')).map(r => r.dataset.effect)])""",
    )


def python_results(selected) -> list[list]:
    return [
        [r.cause_id, r.status, r.score, [x.effect for x in r.reasons]]
        for r in differential.evaluate(selected)
    ]


def test_page_works_offline(page, base_url):
    """No request leaves localhost, no console error, every chart draws, no ipywidgets."""
    problems = site.static_page_problems(page, f"{base_url}/{PAGE}")
    assert problems == []
    counts = site.chart_mark_counts(page)
    assert len(counts) >= 1 and all(n > 0 for n in counts), counts
    # The chart is described for screen readers, and its data are on the page.
    described = page.locator(
        ".vega-embed [role='graphics-document'][aria-label^='Platelet counts from']"
    )
    assert described.count() == 1
    assert page.locator("details.cb-chart-data table").count() >= 1


def test_every_quiz_option_is_explained_and_cited(page, base_url):
    open_marrow(page, base_url)
    options = page.locator(".cb-quiz-option")
    assert page.locator(".cb-quiz").count() >= 4
    assert (
        options.count()
        == page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )


def test_case_findings_put_marrow_infiltration_first(page, base_url):
    log = open_marrow(page, base_url)
    page.locator(f"{FORM} button.cb-differential-case").click()
    first = page.locator(f"{FORM} .cb-cause").first
    assert first.get_attribute("data-cause") == "marrow_infiltration"
    chemo = page.locator(f'{FORM} .cb-cause[data-cause="chemotherapy_induced"]')
    assert chemo.get_attribute("data-status") == "excluded"
    assert dom_results(page) == python_results(differential.CASE_FINDINGS)
    # Reset brings back the all-unknown results.
    page.locator(f"{FORM} button.cb-differential-reset").click()
    assert dom_results(page) == python_results({})
    assert log.problems() == []


def test_clicked_findings_agree_with_python(page, base_url):
    log = open_marrow(page, base_url)
    rng = random.Random(20240607)
    for trial in range(15):
        selected = {f.id: rng.choice(f.options).id for f in differential.FINDINGS}
        for finding_id, option_id in selected.items():
            label = page.locator(
                f'{FORM} label[for="marrow-differential-{finding_id}-{option_id}"]'
            )
            label.click()
        checked = page.eval_on_selector_all(
            f"{FORM} input[type=radio]:checked",
            "els => Object.fromEntries(els.map(e => [e.name, e.value]))",
        )
        assert checked == selected, f"trial {trial}: the clicks did not set the radios"
        assert dom_results(page) == python_results(selected), f"trial {trial}: {selected}"
    assert log.problems() == []


def _grade_chart(page):
    embed = page.locator(".vega-embed:has(input[name='your_threshold'])")
    assert embed.count() == 1, "the platelet grade chart and its threshold input are missing"
    return embed


def _summary_text(embed) -> str:
    """The your-threshold label, its lines (one tspan each) joined by a space."""
    label = embed.locator("svg.marks text", has_text="your threshold").first
    return label.evaluate(
        "t => t.querySelector('tspan') ? Array.from(t.querySelectorAll('tspan'))"
        ".map(s => s.textContent).join(' ') : t.textContent"
    )


def test_platelet_chart_responds_to_its_controls(page, base_url):
    log = open_marrow(page, base_url)
    embed = _grade_chart(page)
    svg_before = embed.locator("svg.marks").inner_html()
    assert _summary_text(embed).startswith("your threshold <30: 5 of 11")
    # Keyboard only: focus the bound range input and move it.
    slider = embed.locator("input[type=range][name='your_threshold']")
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.vega-embed svg.marks text'))"
        ".some(t => t.textContent.startsWith('your threshold <0:'))"
    )
    assert _summary_text(embed).startswith("your threshold <0: 0 of 11")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.vega-embed svg.marks text'))"
        ".some(t => t.textContent.startsWith('your threshold <10:'))"
    )
    assert embed.locator("svg.marks").inner_html() != svg_before
    # The select hides the case's trigger and keeps the guideline line.
    assert embed.locator("svg.marks text", has_text="case's trigger").count() == 1
    embed.locator("select[name='reference_lines']").select_option("guideline")
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.vega-embed svg.marks text'))"
        '.some(t => t.textContent.startsWith("case\'s trigger"))'
    )
    assert embed.locator("svg.marks text", has_text="guideline").count() >= 1
    assert log.problems() == []
