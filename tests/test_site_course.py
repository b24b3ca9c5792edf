"""Browser test of the course page ("The course at a glance"): its two charts draw,
offline, and the lab chart's controls (Vega-Lite parameters bound to HTML inputs) really
change the drawing; its quizzes and exercise work, and it warns that it gives the story away.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/course.html"

site.require_built(PAGE, HTML)


@pytest.fixture()
def opened(page, base_url):
    """The page, loaded and drawn; yields (page, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    return page, log


def lab_chart(page):
    """The lab-curves chart: the only chart on the page with a select control."""
    chart = page.locator(".vega-embed:has(.vega-bindings select)")
    assert chart.count() == 1, "expected exactly one chart with an analyte select"
    return chart


def control(chart, label: str, kind: str):
    """A Vega binding (``select`` or ``input``) found by its visible label text."""
    found = chart.locator(f".vega-bindings label:has-text('{label}') {kind}")
    assert found.count() == 1, f"no {kind} labelled {label!r}"
    return found


def drawing(chart) -> dict:
    """What the chart shows right now: symbols drawn, the rule count, axis labels, headings."""
    return chart.evaluate(
        """el => ({
            symbols: el.querySelectorAll('svg g.mark-symbol.role-mark path').length,
            rules: el.querySelectorAll('svg g.mark-rule.role-mark line').length,
            axisLabels: Array.from(el.querySelectorAll('svg g.role-axis-label text')).map(t => t.textContent),
            titles: Array.from(el.querySelectorAll('svg g.role-title-text text')).map(t => t.textContent),
        })"""
    )


def wait_for_change(page, chart, before: dict, key: str):
    """Wait until ``drawing(chart)[key]`` differs from ``before[key]``; return the new drawing."""
    for _ in range(50):
        now = drawing(chart)
        if now[key] != before[key]:
            return now
        page.wait_for_timeout(100)
    return drawing(chart)


def test_both_charts_draw_offline(opened):
    page, log = opened
    page.wait_for_timeout(300)  # let late scripts report errors
    counts = site.chart_mark_counts(page)
    assert len(counts) == 2, f"expected the timeline and the lab chart, found {len(counts)} charts"
    assert all(n > 0 for n in counts), f"a chart drew no marks: {counts}"
    # Both are described for screen readers (Vega puts the chart's description in an
    # aria-label on the chart's wrapper), and their data are on the page.
    labels = page.eval_on_selector_all(
        ".vega-embed",
        "els => els.map(el => (el.querySelector('[aria-label]') || el).getAttribute('aria-label') || '')",
    )
    assert labels[0].startswith("Timeline of") and labels[1].startswith("Interactive chart of"), (
        labels
    )
    assert page.locator("details.cb-chart-data table").count() == 2
    # The timeline has a symbol per event and a legend saying which dates are reported.
    timeline = page.locator(".vega-embed").first
    assert "Where the date comes from" in timeline.inner_text()
    assert log.problems() == [], log.problems()


def test_analyte_select_redraws_the_chart(opened):
    page, log = opened
    chart = lab_chart(page)
    before = drawing(chart)
    assert before["symbols"] > 0 and before["rules"] >= 1
    assert any("Platelets" in t for t in before["titles"])

    control(chart, "Analyte", "select").select_option("ca125_relative")
    after = wait_for_change(page, chart, before, "symbols")

    assert after["symbols"] != before["symbols"], "changing the analyte did not change the points"
    assert after["symbols"] > 0
    assert after["axisLabels"] != before["axisLabels"], "the value axis did not change"
    assert any("CA125" in t for t in after["titles"]), after["titles"]
    # The platelet transfusion trigger is hidden for CA125.
    assert after["rules"] < before["rules"]
    assert log.problems() == [], log.problems()


def test_day_range_works_from_the_keyboard(opened):
    page, log = opened
    chart = lab_chart(page)
    last_day = control(chart, "Last day shown", "input")
    full = drawing(chart)

    last_day.focus()
    page.keyboard.press("ArrowLeft")  # the last value (final day) leaves the view
    one_less = wait_for_change(page, chart, full, "symbols")
    assert one_less["symbols"] < full["symbols"]

    page.keyboard.press("Home")  # last day = day 0: only the first-visit count is left
    start_only = wait_for_change(page, chart, one_less, "symbols")
    assert 0 < start_only["symbols"] < one_less["symbols"]

    page.keyboard.press("End")
    restored = wait_for_change(page, chart, start_only, "symbols")
    assert restored["symbols"] == full["symbols"]

    first_day = control(chart, "First day shown", "input")
    first_day.focus()
    page.keyboard.press("End")  # first day after every value: nothing in range
    emptied = wait_for_change(page, chart, restored, "symbols")
    assert emptied["symbols"] < restored["symbols"]
    assert log.problems() == [], log.problems()


def test_trigger_checkbox_hides_the_rule(opened):
    page, log = opened
    chart = lab_chart(page)
    before = drawing(chart)
    control(chart, "Show transfusion trigger", "input").uncheck()
    after = wait_for_change(page, chart, before, "rules")
    assert after["rules"] < before["rules"]
    assert log.problems() == [], log.problems()


def test_tooltip_names_the_source(opened):
    page, _ = opened
    chart = lab_chart(page)
    point = chart.locator("svg g.mark-symbol.role-mark path").first
    point.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Source" in text and ("reported" in text or "reconstructed" in text)


def test_no_frozen_widget_but_a_note_on_running_it_live(opened):
    page, _ = opened
    widgets = page.eval_on_selector_all(
        ".jupyter-widgets, .widget-area, script[type='application/vnd.jupyter.widget-view+json'], "
        "script[type='application/vnd.jupyter.widget-state+json']",
        "els => els.length",
    )
    assert widgets == 0
    assert page.evaluate("typeof window.require === 'undefined'")
    note = page.locator(".admonition:has-text('make lab')")
    assert note.count() == 1 and "kernel-free" in note.inner_text()
    assert "LabExplorer" not in page.content()


def test_opens_with_a_spoiler_note(opened):
    page, _ = opened
    note = page.locator(".admonition:has-text('Read this page after the chapters')")
    assert note.count() == 1
    text = note.inner_text()
    assert "whole story" in text and "therapy chapter" in text
    # The note comes before the first chart.
    assert page.evaluate(
        """() => {
            const note = Array.from(document.querySelectorAll('.admonition'))
                .find(el => el.textContent.includes('Read this page after the chapters'));
            const chart = document.querySelector('.vega-embed');
            return !!(note.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def test_quizzes_answer_and_cite(opened):
    page, log = opened
    assert page.locator(".cb-quiz").count() == 5
    options = page.locator(".cb-quiz-option")
    assert (
        options.count()
        == page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )
    site.check_quiz(page)  # wrong by click, right by keyboard
    assert log.problems() == [], log.problems()


def test_transfusion_exercise_solution_opens(opened):
    page, _ = opened
    site.check_solution_opens(page, "by construction")
