"""Browser test of the mechanisms chapter: offline, the cycle diagram and both model
charts draw with descriptions and tables, the RANKL-inhibition slider works from the
keyboard and its label equals the solver's number, the quizzes cite, the solution opens.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook import charts, mechanisms
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/mechanisms.html"

site.require_built(PAGE, HTML)


@pytest.fixture()
def opened(page, base_url):
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    return page, log


def test_page_works_offline(page, base_url):
    assert site.static_page_problems(page, f"{base_url}/{PAGE}") == []


def test_three_charts_draw_with_descriptions_and_tables(opened):
    page, _ = opened
    counts = site.chart_mark_counts(page)
    assert len(counts) == 3 and all(n > 0 for n in counts), counts
    assert page.locator("details.cb-chart-data table").count() == 3


def test_every_arrow_of_the_cycle_is_in_its_table(opened):
    page, _ = opened
    edges = mechanisms.cycle_edges()
    table = page.locator("details.cb-chart-data:has-text('every arrow') table tbody tr")
    assert table.count() == len(edges)


def _label(chart) -> str:
    texts = chart.evaluate(
        "el => Array.from(el.querySelectorAll('svg text')).map(t => t.textContent)"
    )
    found = [t for t in texts if t.startswith("E = ")]
    assert len(found) == 1, found
    return found[0]


def test_inhibition_slider_moves_by_keyboard_and_matches_the_solver(opened):
    page, _ = opened
    summary = charts.remodeling_summary(charts.remodeling_frame()).set_index("inhibition")
    chart = page.locator(".vega-embed:has(input[type='range'])")
    assert chart.count() == 1
    slider = chart.locator("input[type='range']").first
    start = float(slider.input_value())
    assert _label(chart) == summary.loc[start, "label"]
    slider.focus()
    page.keyboard.press("ArrowRight")
    now = float(slider.input_value())
    assert now > start
    for _ in range(30):
        if _label(chart) == summary.loc[round(now, 1), "label"]:
            break
        page.wait_for_timeout(100)
    assert _label(chart) == summary.loc[round(now, 1), "label"]


def test_quizzes_answer_and_cite(opened):
    page, _ = opened
    options = page.locator(".cb-quiz-option")
    assert page.locator(".cb-quiz").count() >= 4 and options.count() > 0
    assert (
        options.count()
        == page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )
    site.check_quiz(page)


def test_exercise_solution_opens(opened):
    page, _ = opened
    site.check_solution_opens(page, "rests on a convention")


def _tumour_labels(chart) -> list[str]:
    texts = chart.evaluate(
        "el => Array.from(el.querySelectorAll('svg text')).map(t => t.textContent)"
    )
    return sorted(t for t in texts if t.startswith("Day 1200:"))


def test_tumour_model_radios_switch_to_the_solvers_numbers(opened):
    """Growth and treatment-start radios (clicked, and by keyboard) show the labels the
    Python summary holds for that pair."""
    page, _ = opened
    summary = charts.tumour_bone_summary(charts.tumour_bone_frame())
    chart = page.locator(".vega-embed:has(input[name='treatment_start'])")
    assert chart.count() == 1

    def expected(growth: float, start: str) -> list[str]:
        row = summary[(summary["growth_per_day"] == growth) & (summary["treatment_start"] == start)]
        return sorted([row["bone_label"].iloc[0], row["tumour_label"].iloc[0]])

    def wait_for(labels: list[str]) -> list[str]:
        for _ in range(30):
            if _tumour_labels(chart) == labels:
                break
            page.wait_for_timeout(100)
        return _tumour_labels(chart)

    chart.locator("input[name='treatment_start'][value='none']").check()
    assert wait_for(expected(0.005, "none")) == expected(0.005, "none")
    chart.locator("input[name='tumour_growth'][value='0.003']").check()
    assert wait_for(expected(0.003, "none")) == expected(0.003, "none")
    # Keyboard: the arrow key moves the treatment-start radio from "none" to day 300.
    chart.locator("input[name='treatment_start'][value='none']").focus()
    page.keyboard.press("ArrowRight")
    assert wait_for(expected(0.003, "300")) == expected(0.003, "300")
