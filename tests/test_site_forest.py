"""Browser test of the therapy chapter's forest plot (``book/therapy.html``): it draws
offline, its endpoint select (by keyboard and by choosing an option) leaves exactly the
hazard-ratio rows of that endpoint in ``load_trials()``, the untraceable claim is drawn
and named, and the hollow legend symbol is visible.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from casebook.evidence import load_trials
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/therapy.html"
SELECT = "select[name='endpoint_choice']"
# Vega writes each CI rule's tooltip fields into its aria-label; the HR = 1 rule has none.
CI_MARKS = "svg g.mark-rule.role-mark line[aria-label*='HR (95 % CI)']"

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def hazard_ratios() -> pd.DataFrame:
    trials = load_trials()
    return trials[trials["measure"] == "hazard_ratio"]


@pytest.fixture()
def opened(page, base_url):
    """The page, loaded and drawn; yields (page, forest chart, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    chart = page.locator(f".vega-embed:has({SELECT})")
    assert chart.count() == 1, "expected exactly one chart with an endpoint select"
    return page, chart, log


def ci_labels(chart) -> list[str]:
    return chart.locator(CI_MARKS).evaluate_all("ls => ls.map(l => l.getAttribute('aria-label'))")


def wait_for_count(page, chart, n: int) -> int:
    for _ in range(50):
        count = chart.locator(CI_MARKS).count()
        if count == n:
            return count
        page.wait_for_timeout(100)
    return chart.locator(CI_MARKS).count()


def test_forest_plot_draws_offline_with_every_hazard_ratio(opened, hazard_ratios):
    page, chart, log = opened
    page.wait_for_timeout(300)  # let late scripts report errors
    assert all(n > 0 for n in site.chart_mark_counts(page))
    assert chart.locator(CI_MARKS).count() == len(hazard_ratios)
    points = chart.locator("svg g.mark-symbol.role-mark path[aria-label*='HR (95 % CI)']")
    assert points.count() == len(hazard_ratios)
    description = chart.evaluate(
        "el => el.querySelector('[aria-label]').getAttribute('aria-label')"
    )
    assert description.startswith(f"Forest plot of {len(hazard_ratios)} hazard ratios")
    assert log.problems() == [], log.problems()


def test_choosing_an_endpoint_leaves_its_rows(opened, hazard_ratios):
    page, chart, log = opened
    select = chart.locator(SELECT)
    endpoints = list(dict.fromkeys(hazard_ratios["endpoint"]))
    assert select.locator("option").count() == len(endpoints) + 1  # "All endpoints" first
    for endpoint in endpoints:
        n = int((hazard_ratios["endpoint"] == endpoint).sum())
        select.select_option(endpoint)
        assert wait_for_count(page, chart, n) == n, endpoint
        assert all(f"Endpoint: {endpoint};" in label for label in ci_labels(chart)), endpoint
    select.select_option("(any)")
    assert wait_for_count(page, chart, len(hazard_ratios)) == len(hazard_ratios)
    assert log.problems() == [], log.problems()


def test_endpoint_select_works_from_the_keyboard(opened, hazard_ratios):
    page, chart, log = opened
    select = chart.locator(SELECT)
    select.focus()
    endpoints = list(dict.fromkeys(hazard_ratios["endpoint"]))
    for endpoint in endpoints:  # ArrowDown walks the options in order
        page.keyboard.press("ArrowDown")
        assert select.input_value() == endpoint
        n = int((hazard_ratios["endpoint"] == endpoint).sum())
        assert wait_for_count(page, chart, n) == n, endpoint
    page.keyboard.press("Home")
    assert select.input_value() == "(any)"
    assert wait_for_count(page, chart, len(hazard_ratios)) == len(hazard_ratios)
    assert log.problems() == [], log.problems()


def test_the_untraceable_claim_is_drawn_and_named(opened, hazard_ratios):
    page, chart, log = opened
    (claim,) = hazard_ratios[hazard_ratios["confidence"] == "U"].itertuples()
    assert (claim.trial, claim.population, claim.hazard_ratio) == ("KEYNOTE-355", "CPS 1-9", 0.94)
    # Each label is drawn on several lines (one tspan per " — " part): join them back.
    axis = chart.evaluate(
        """el => Array.from(el.querySelectorAll('svg g.role-axis-label text')).map(t =>
            t.querySelectorAll('tspan').length
                ? Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' — ')
                : t.textContent)"""
    )
    named = [t for t in axis if "untraceable claim" in t]
    assert named == [f"KEYNOTE-355 — {claim.endpoint} (CPS 1-9) — untraceable claim"], axis
    legend = chart.evaluate(
        """el => Array.from(el.querySelectorAll('svg g.role-legend-label text')).map(t =>
            t.querySelector('tspan')
                ? Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ')
                : t.textContent)"""
    )  # each label on lines of its own, one tspan each: joined back
    assert "untraceable: the case authors' claim (U)" in legend, legend

    chart.locator(SELECT).select_option(claim.endpoint)
    assert wait_for_count(page, chart, 1) == 1
    (label,) = ci_labels(chart)
    assert "HR (95 % CI): 0.94 (0.64–1.38)" in label and "U: could not be confirmed" in label
    stroke = chart.locator(CI_MARKS).first.get_attribute("stroke")
    point = chart.locator("svg g.mark-symbol.role-mark path[aria-label*='HR (95 % CI)']")
    assert point.count() == 1
    assert stroke.lower() == point.first.get_attribute("stroke").lower() == "#d55e00"
    assert log.problems() == [], log.problems()


def test_the_hollow_legend_symbol_is_visible(opened):
    page, chart, _ = opened
    symbols = chart.evaluate(
        """el => Array.from(el.querySelectorAll('svg g.role-legend-symbol path')).map(p => ({
            stroke: (p.getAttribute('stroke') || '').toLowerCase(),
            fill: (p.getAttribute('fill') || '').toLowerCase(),
        }))"""
    )
    hollow = [s for s in symbols if s["fill"] in ("white", "#ffffff", "#fff")]
    assert len(hollow) == 1, symbols
    assert hollow[0]["stroke"] not in ("", "none", "transparent", "white", "#ffffff", "#fff")


def test_the_population_called_all_can_be_chosen_alone(opened, hazard_ratios):
    """ "All populations" and the trials' own population "all" are different choices."""
    page, chart, log = opened
    select = chart.locator("select[name='population_choice']")
    assert "all" in list(hazard_ratios["population"])
    select.select_option("all")
    n = int((hazard_ratios["population"] == "all").sum())
    assert 0 < n < len(hazard_ratios)
    assert wait_for_count(page, chart, n) == n
    select.select_option("(any)")
    assert wait_for_count(page, chart, len(hazard_ratios)) == len(hazard_ratios)
    assert log.problems() == [], log.problems()
