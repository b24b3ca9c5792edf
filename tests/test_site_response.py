"""Browser test of the therapy chapter's response chart (``book/therapy.html``): it draws
offline, and its criterion radio (a Vega-Lite parameter bound to an HTML input, no
kernel) switches what is drawn, by click and by keyboard, to exactly what the Python
frame (``casebook.charts.response_chart_frame``) holds for that criterion.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook import charts
from casebook.assessments import response_assessments
from casebook.charts.response import RESPONSE_CRITERIA
from casebook.data import load_case
from casebook.timeline import therapy_lines
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/therapy.html"

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    """What the chart must show for each criterion, from the Python frames."""
    case = load_case()
    a = response_assessments(case.lesions, therapy_lines(case.events))
    frame = charts.response_chart_frame(a)
    steps = charts.response_thresholds_frame(a)
    return {
        criterion: {
            "axis": label,
            "labels": list(frame.loc[frame["criterion"] == criterion, "point_label"]),
            "points": int((frame["criterion"] == criterion).sum()),
            "rules": int((steps["criterion"] == criterion).sum()),
        }
        for criterion, label in RESPONSE_CRITERIA.items()
    }


@pytest.fixture()
def opened(page, base_url):
    """The page, loaded and drawn; yields (page, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    site.wait_for_charts(page)
    return page, log


def response_chart(page):
    """The response chart: the chart on the page with a criterion radio."""
    chart = page.locator(".vega-embed:has(.vega-bindings input[type=radio][name=criterion])")
    assert chart.count() == 1, "expected exactly one chart with a criterion radio"
    return chart


def radio(chart, criterion: str):
    found = chart.locator(f".vega-bindings input[type=radio][value={criterion}]")
    assert found.count() == 1, f"no radio for {criterion!r}"
    return found


def drawing(chart) -> dict:
    """What the chart shows now: visible y-axis title, point labels, points, threshold rules.

    The criterion not chosen keeps a collapsed axis (font size 0): only visible titles count.
    """
    return chart.evaluate(
        """el => {
            const texts = sel => Array.from(el.querySelectorAll(sel)).map(t => t.textContent);
            const visible = Array.from(el.querySelectorAll('svg g.role-axis-title text'))
                .filter(t => parseFloat(getComputedStyle(t).fontSize) > 0)
                .map(t => t.textContent);
            return {
                axisTitles: visible,
                labels: texts('svg g.role-mark[class*="_labels"] text'),
                points: el.querySelectorAll('svg g.role-mark[class*="_points"] path').length,
                rules: el.querySelectorAll('svg g.role-mark[class*="_thresholds"] line').length,
                checked: el.querySelector('.vega-bindings input[name=criterion]:checked').value,
            };
        }"""
    )


def shows(drawn: dict, want: dict) -> bool:
    y_titles = [t for t in drawn["axisTitles"] if t in RESPONSE_CRITERIA.values()]
    return (
        y_titles == [want["axis"]]
        and drawn["labels"] == want["labels"]
        and drawn["points"] == want["points"]
        and drawn["rules"] == want["rules"]
    )


def wait_until_shows(page, chart, want: dict) -> dict:
    for _ in range(50):
        now = drawing(chart)
        if shows(now, want):
            return now
        page.wait_for_timeout(100)
    return drawing(chart)


def test_draws_offline_described_with_its_data(opened, expected):
    page, log = opened
    page.wait_for_timeout(300)  # let late scripts report errors
    chart = response_chart(page)
    now = drawing(chart)
    assert now["checked"] == "recist"
    assert shows(now, expected["recist"]), (now, expected["recist"])
    label = chart.evaluate(
        "el => (el.querySelector('[aria-label]') || el).getAttribute('aria-label') || ''"
    )
    assert label.startswith("Response chart of the breast mass"), label
    assert "hollow diamonds" in label
    assert page.locator("details.cb-chart-data table").count() >= 1
    # The legend says what hollow means here: the size is reported, the date is ours.
    assert "date chosen by this book" in chart.inner_text()
    assert log.problems() == [], log.problems()


def test_radio_click_switches_to_who_and_back(opened, expected):
    page, log = opened
    chart = response_chart(page)
    radio(chart, "who").click()
    who = wait_until_shows(page, chart, expected["who"])
    assert shows(who, expected["who"]), (who, expected["who"])
    assert who["labels"] != expected["recist"]["labels"]  # the numbers move...
    # ...the categories do not.
    assert [t.split()[0] for t in who["labels"]] == [
        t.split()[0] for t in expected["recist"]["labels"]
    ]
    radio(chart, "recist").click()
    back = wait_until_shows(page, chart, expected["recist"])
    assert shows(back, expected["recist"]), (back, expected["recist"])
    assert log.problems() == [], log.problems()


def test_radio_works_from_the_keyboard(opened, expected):
    page, log = opened
    chart = response_chart(page)
    radio(chart, "recist").focus()
    page.keyboard.press("ArrowDown")  # the next radio of the group: WHO
    who = wait_until_shows(page, chart, expected["who"])
    assert who["checked"] == "who" and shows(who, expected["who"]), who
    page.keyboard.press("ArrowUp")
    back = wait_until_shows(page, chart, expected["recist"])
    assert back["checked"] == "recist" and shows(back, expected["recist"]), back
    assert log.problems() == [], log.problems()


def test_tooltip_gives_the_arithmetic(opened):
    page, _ = opened
    chart = response_chart(page)
    radio(chart, "who").click()
    points = chart.locator('svg g.role-mark[class*="who_points"] path')
    points.first.wait_for(state="attached")
    points.nth(2).hover(force=True)  # the progression on paclitaxel
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "above the nadir of 1,600 mm²: progressive disease" in text, text
    assert "date chosen by this book" in text
