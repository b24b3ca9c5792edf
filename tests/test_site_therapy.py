"""Browser test of the therapy chapter as a whole: offline, every chart draws and is
described, the glued numbers reached the page, the quizzes answer and cite, and the
exercise's solution opens, and the medians-and-rates chart draws both arms of every
result. The pathway, the response chart, the dose chart and the forest plot each have
their own browser test (tests/test_site_pathway.py,
test_site_response.py, test_site_dose.py, test_site_forest.py).

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook import facts
from casebook.data import load_case
from casebook.evidence import load_trials
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/therapy.html"

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def f():
    return facts.therapy_facts(load_case())


@pytest.fixture()
def opened(page, base_url):
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    return page, log


def test_page_works_offline(page, base_url):
    """No request leaves localhost, no console error, no frozen ipywidget."""
    assert site.static_page_problems(page, f"{base_url}/{PAGE}") == []


def test_every_chart_draws_with_a_description_and_its_data(opened):
    page, _ = opened
    counts = site.chart_mark_counts(page)
    assert len(counts) == 4, f"expected forest, arms, response and dose charts: {len(counts)}"
    assert all(n > 0 for n in counts), counts
    labels = page.eval_on_selector_all(
        ".vega-embed",
        "els => els.map(el => (el.querySelector('[aria-label]') || el)"
        ".getAttribute('aria-label') || '')",
    )
    assert all(len(label) > 40 for label in labels), labels
    assert page.locator("details.cb-chart-data table").count() == 4


def test_glued_claims_reached_the_page(opened, f):
    """The response calls and the trial figures are glued from the package, not typed."""
    page, _ = opened
    text = page.locator("main").inner_text()
    for key in ("kn355_authors_hr_text", "kn355_pfs_cps1_9_hr_text", "kn355_os_cps1_9_hr_text"):
        assert f[key] in text, key
    calls = f"{f['mass_nadir_mm']:.0f} → {f['mass_pd_mm']:.0f} mm"
    assert calls in text
    # The three RECIST calls, in order, in the list that states them.
    items = page.locator("main li:has-text(' mm, ')").all_inner_texts()
    found = [c for item in items for c in ("PR", "PD") if item.rstrip(";. ").endswith(c)]
    assert found == [f["pac_recist"], f["pd_recist"], f["eri_recist"]], items


def test_medians_and_rates_draw_both_arms_of_every_result(opened):
    """The second evidence chart: one point per arm of every median and rate row."""
    page, _ = opened
    rows = load_trials()
    rows = rows[rows["measure"].isin(["median_months", "rate_pct"])]
    chart = page.locator(".vega-embed:has([aria-label^='Dot plots of'])")
    assert chart.count() == 1
    points = chart.locator("svg g.mark-symbol.role-mark path").count()
    assert points == 2 * len(rows), (points, len(rows))


def test_quizzes_answer_and_cite(opened):
    page, _ = opened
    assert page.locator(".cb-quiz").count() >= 4
    options = page.locator(".cb-quiz-option")
    assert options.count() > 0
    assert (
        options.count()
        == page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )
    site.check_quiz(page)


def test_exercise_solution_opens(opened):
    page, _ = opened
    site.check_solution_opens(page, "not progression")
