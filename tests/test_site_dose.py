"""Browser test of the therapy chapter's dose check (``book/therapy.html``): the chart
draws offline, the height slider moves from the keyboard and the labels it draws are the
Python frame's numbers for that height, and the salt/base radio switches eribulin's
standard.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
The expected numbers come from :func:`casebook.charts.case_dose_frame` and are written
here with their own format, not with the chart's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from casebook import charts
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/therapy.html"
SLIDER = "input[name='assumed_height']"
START_CM = 160  # where the page starts the slider

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def rows(case) -> pd.DataFrame:
    """The case's dose-check frame, as the page computes it."""
    return charts.case_dose_frame(case.events, case.weights)


@pytest.fixture()
def opened(page, base_url):
    """The page, loaded and drawn; yields (page, dose chart, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    chart = page.locator(f".vega-embed:has({SLIDER})")
    assert chart.count() == 1, "expected exactly one chart with the height slider"
    return page, chart, log


def drawing(chart) -> dict:
    """What the dose chart shows: its label lines, the other texts, the rule and lines."""
    return chart.evaluate(
        """el => {
            const texts = Array.from(el.querySelectorAll('svg g.mark-text.role-mark text'));
            const lines = t => Array.from(t.querySelectorAll('tspan')).map(s => s.textContent);
            return {
                labels: texts.filter(t => t.querySelector('tspan')).map(lines),
                texts: texts.filter(t => !t.querySelector('tspan')).map(t => t.textContent),
                rules: Array.from(el.querySelectorAll('svg g.mark-rule.role-mark line'))
                    .map(l => l.getAttribute('transform') + ' ' + l.getAttribute('x2')),
                paths: Array.from(el.querySelectorAll('svg g.mark-line.role-mark path'))
                    .map(p => p.getAttribute('d')),
                titles: Array.from(el.querySelectorAll('svg g.role-title text'))
                    .map(t => t.textContent),
            };
        }"""
    )


def wait_for_change(page, chart, before: dict, key: str) -> dict:
    for _ in range(50):
        now = drawing(chart)
        if now[key] != before[key]:
            return now
        page.wait_for_timeout(100)
    return drawing(chart)


def expected(rows: pd.DataFrame, drug: str, form: str, height: float) -> list[list[str]]:
    """The two labels for ``height``, from the frame's numbers (three significant figures)."""
    at = rows[(rows["drug"] == drug) & (rows["form"] == form) & (rows["height_cm"] == height)]
    assert len(at) == 2, f"the frame has no row pair for {drug}, {form}, {height} cm"
    return [
        [
            f"{r.weight_kg:g} kg: {float(f'{r.dose_mg_per_m2:.3g}'):g} mg/m²",
            f"{round(r.pct_of_standard):d} % of standard",
        ]
        for r in at.itertuples()
    ]


def numbers(labels: list[list[str]]) -> list[float]:
    """The delivered mg/m² read back from the drawn labels."""
    return [float(re.search(r"kg: ([\d.]+) mg/m²", lab[0]).group(1)) for lab in labels]


def test_dose_chart_draws_offline(opened):
    page, chart, log = opened
    page.wait_for_timeout(300)  # let late scripts report errors
    counts = site.chart_mark_counts(page)
    assert len(counts) >= 1 and all(n > 0 for n in counts), counts
    now = drawing(chart)
    subtitle = " ".join(now["titles"])
    assert (
        "Height is not reported: the slider picks" in subtitle and "an assumed height" in subtitle
    )
    assert len(now["paths"]) == 2, "one line per weight"
    assert len(now["labels"]) == 2, "a label per weight at the chosen height"
    label = chart.evaluate("el => el.querySelector('[aria-label]').getAttribute('aria-label')")
    assert label.startswith("Line chart of each flat dose per m²")
    assert log.problems() == [], log.problems()


def test_arrow_keys_move_the_height_and_the_labels_are_the_frames(opened, rows):
    page, chart, log = opened
    slider = chart.locator(SLIDER)
    assert slider.input_value() == str(START_CM)
    start = drawing(chart)
    assert start["labels"] == expected(rows, "paclitaxel", "salt", START_CM)
    assert f"assumed {START_CM} cm" in start["texts"]

    slider.focus()
    page.keyboard.press("ArrowRight")
    taller = wait_for_change(page, chart, start, "labels")
    assert slider.input_value() == str(START_CM + 1)
    assert taller["labels"] == expected(rows, "paclitaxel", "salt", START_CM + 1)
    assert f"assumed {START_CM + 1} cm" in taller["texts"]
    assert taller["rules"] != start["rules"], "the vertical rule did not move"
    # taller at the same weight: a larger BSA, so less per m²
    pairs = zip(numbers(taller["labels"]), numbers(start["labels"]), strict=True)
    assert all(a < b for a, b in pairs)

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    shorter = wait_for_change(page, chart, taller, "labels")
    assert slider.input_value() == str(START_CM - 1)
    assert shorter["labels"] == expected(rows, "paclitaxel", "salt", START_CM - 1)

    for key, height in (
        ("Home", min(charts.DEFAULT_HEIGHTS_CM)),
        ("End", max(charts.DEFAULT_HEIGHTS_CM)),
    ):
        before = drawing(chart)
        page.keyboard.press(key)
        now = wait_for_change(page, chart, before, "labels")
        assert now["labels"] == expected(rows, "paclitaxel", "salt", height), key
    assert log.problems() == [], log.problems()


def test_salt_base_radio_switches_eribulins_standard(opened, rows):
    page, chart, log = opened
    before = drawing(chart)
    chart.locator("select[name='drug_choice']").select_option("eribulin")
    salt = wait_for_change(page, chart, before, "labels")
    assert salt["labels"] == expected(rows, "eribulin", "salt", START_CM)
    assert "Standard 1.4 mg/m² eribulin as salt (EMBRACE)" in salt["texts"]

    chart.locator("input[name='form_choice'][value='base']").check()
    base = wait_for_change(page, chart, salt, "labels")
    assert base["labels"] == expected(rows, "eribulin", "base", START_CM)
    assert "Standard 1.23 mg/m² eribulin as base (EU label)" in base["texts"]
    assert base["paths"] != salt["paths"], "the lines did not move to the other standard"
    # The same flat dose per m²: only its share of the standard changes.
    assert numbers(base["labels"]) == numbers(salt["labels"])
    assert [lab[1] for lab in base["labels"]] != [lab[1] for lab in salt["labels"]]

    # Back to the salt from the keyboard: arrows move within a radio group.
    chart.locator("input[name='form_choice'][value='base']").focus()
    page.keyboard.press("ArrowLeft")
    again = wait_for_change(page, chart, base, "labels")
    assert again["labels"] == salt["labels"]
    assert log.problems() == [], log.problems()


def test_dose_chart_fits_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{PAGE}", wait_until="load")
        site.wait_for_charts(page)
        chart = page.locator(f".vega-embed:has({SLIDER})")
        overflow = chart.evaluate(
            """el => {
                const box = el.querySelector('svg').getBoundingClientRect();
                const wide = Array.from(el.querySelectorAll('svg text'))
                    .map(t => t.getBoundingClientRect())
                    .filter(r => r.right > box.right + 1 || r.left < box.left - 1).length;
                return {svgRight: box.right, page: window.innerWidth, wide};
            }"""
        )
        assert overflow["svgRight"] <= overflow["page"], overflow
        assert overflow["wide"] == 0, f"{overflow['wide']} texts stick out of the chart: {overflow}"
    finally:
        context.close()
