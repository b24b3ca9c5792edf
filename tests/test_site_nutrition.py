"""Browser test of the nutrition chapter: offline, the weight chart draws with no line
between the two weights, the first-week table holds the package's plan, the quizzes
answer and cite, and the exercise's solution opens.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook import clinical, facts
from casebook.data import load_case
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/nutrition.html"

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def f():
    return facts.nutrition_facts(load_case())


@pytest.fixture()
def opened(page, base_url):
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    return page, log


def test_page_works_offline(page, base_url):
    assert site.static_page_problems(page, f"{base_url}/{PAGE}") == []


def test_weight_chart_draws_two_points_and_no_line(opened):
    page, _ = opened
    chart = page.locator(".vega-embed:has([aria-label^='Body weight against'])")
    assert chart.count() == 1
    assert chart.locator("svg g.mark-symbol.role-mark path").count() == 2
    assert chart.locator("svg g.mark-line.role-mark path").count() == 0
    assert page.locator("details.cb-chart-data table").count() == 2  # weights, planner


def test_first_week_table_is_the_packages_plan(opened, f):
    page, _ = opened
    table = page.locator("div.cb-table-scroll:has-text('Her first week') table")
    assert table.count() == 1
    plan = clinical.refeeding_plan(weight_kg=f["weight_now_kg"], risk_level=f["nice_risk_level"])
    rows = table.locator("tbody tr")
    assert rows.count() == len(plan)
    for row, day in zip(rows.all(), plan, strict=True):
        cells = row.locator("td").all_inner_texts()
        assert int(cells[0]) == day.day
        assert float(cells[2]) == pytest.approx(round(day.kcal, 1))


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
    site.check_solution_opens(page, "Start at 10 kcal/kg")
