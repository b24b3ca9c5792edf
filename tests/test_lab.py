"""Live JupyterLab (what `make lab` gives instructors), offline, in Debian's Chromium.

Chapters open from their MyST sources as notebooks, run, and draw their charts with
Altair's offline renderer: no request leaves the machine.
"""

from __future__ import annotations

import pytest
from playwright import sync_api as playwright_sync

from tests import lab_support as lab
from tests import site_support as site


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    with lab.jupyterlab(tmp_path_factory.mktemp("lab")) as url:
        yield url


@pytest.fixture()
def page():
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.set_default_timeout(90000)
        yield pg
        browser.close()


def test_landing_page_runs_live_and_draws_offline(page, lab_url):
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/intro.md")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.jp-Notebook .vega-embed svg'))
                 .some(svg => svg.querySelectorAll('.mark-symbol path').length > 0
                              && Number(svg.getAttribute('width')) > 100)""",
        timeout=90000,
    )
    assert (
        page.locator(
            ".jp-Notebook .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        == 0
    )
    assert log.external == [], log.external
    # Anything JupyterLab itself tried to fetch from outside would show up above; the
    # news/announcement prompt is disabled by `make lab`'s settings.
    assert page.get_by_text("Would you like to get notified").count() == 0


def test_lab_explorer_redraws_live_offline(page, lab_url):
    """The course page's ipywidgets explorer redraws its chart in a live kernel.

    The explorer's chart may draw on a canvas, so the check compares pixels of the
    chart before and after the analyte changes.
    """
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/course.md")
    area = page.locator(".jp-OutputArea-output:has(.widget-dropdown)").last
    dropdown = area.locator(".widget-dropdown select").first
    chart = area.locator(".vega-embed").last
    chart.wait_for(state="visible", timeout=120000)
    other = next(
        v
        for v in dropdown.evaluate("s => Array.from(s.options).map(o => o.value)")
        if v != dropdown.input_value()
    )
    lab.assert_chart_redraws(
        page, chart, lambda: dropdown.select_option(other), "the analyte changed"
    )
    lab.assert_ran_cleanly(page, log)


def test_marrow_explorer_redraws_when_the_threshold_changes(page, lab_url):
    """The marrow chapter's PlateletExplorer, live: a new transfusion threshold moves
    the rule on its chart; no cell errors; nothing leaves the machine."""
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/marrow.md")
    area = page.locator(".jp-OutputArea-output:has-text('Transfuse below')").last
    area.wait_for(state="visible", timeout=120000)
    threshold = area.locator(".widget-text input").first
    lab.assert_chart_redraws(
        page, area.locator(".vega-embed").last, lab.typing(threshold, "30"), "the threshold changed"
    )
    lab.assert_ran_cleanly(page, log)


def test_therapy_response_explorer_judges_and_explains_bad_input(page, lab_url):
    """The therapy chapter's ResponseExplorer, live: it loads a case assessment and
    states its category; a progression typed in gives "progressive disease"; a nadir
    above the baseline shows the rule's sentence instead of a traceback."""
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/therapy.md")
    area = page.locator(".jp-OutputArea-output:has(button:has-text('Load the case'))").last
    area.wait_for(state="visible", timeout=120000)
    boxes = area.locator(".widget-text input")
    assert boxes.count() == 3, "expected baseline, nadir and current size boxes"
    text = area.locator(".widget-html-content")
    page.wait_for_function(
        "el => el.innerText.includes('partial response')", arg=text.last.element_handle()
    )

    def enter(i: int, value: str) -> None:
        box = boxes.nth(i)
        box.fill(value)
        box.press("Enter")

    lab.assert_chart_redraws(
        page, area.locator(".vega-embed").last, lambda: enter(0, "50"), "a baseline was typed"
    )
    enter(1, "40")  # nadir
    enter(2, "48")  # +20 % and +8 mm over the nadir: progression
    area.get_by_text("progressive disease").first.wait_for(timeout=30000)
    enter(1, "60")  # a nadir above the baseline: the rule's sentence, no traceback
    area.get_by_text("cannot exceed the baseline").first.wait_for(timeout=30000)
    lab.assert_ran_cleanly(page, log)


def test_nutrition_planner_runs_live_and_explains_bad_input(page, lab_url):
    """The nutrition chapter's RefeedingPlanner, live: it opens on the case (high risk),
    more days of negligible intake give the extreme level, and a weight the rules refuse
    shows their sentence, not a traceback; its chart draws."""
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/nutrition.md")
    # The widget's output (the static chart above it has the same labels, but no widgets).
    area = page.locator(".jp-OutputArea-output:has(.widget-checkbox)").last
    area.wait_for(state="visible", timeout=120000)
    area.get_by_text("High risk", exact=False).first.wait_for(timeout=60000)
    # The number boxes, in order: weight, height, loss, months, days, goal.
    boxes = area.locator(".widget-text input")
    assert boxes.count() == 6, "expected six number boxes"
    lab.assert_chart_redraws(
        page,
        area.locator(".vega-embed").last,
        lab.typing(boxes.nth(4), "20"),
        "the days of low intake changed",
    )
    area.get_by_text("Extreme", exact=False).first.wait_for(timeout=30000)
    weight = boxes.nth(0)
    weight.fill("-3")
    weight.press("Enter")
    area.get_by_text("weight must be", exact=False).first.wait_for(timeout=30000)
    lab.assert_ran_cleanly(page, log)


def test_mechanisms_explorer_reruns_the_model_and_explains_bad_input(page, lab_url):
    """The mechanisms chapter's RemodelingExplorer, live: typing an inhibition reruns the
    solver and states day-100 bone mass; an inhibition of 1 shows the model's sentence."""
    log = site.watch(page)
    lab.open_and_run_all(page, lab_url, "book/mechanisms.md")
    area = page.locator(".jp-OutputArea-output:has(.widget-slider):has-text('E, typed')").last
    area.wait_for(state="visible", timeout=120000)
    typed = area.locator(".widget-text input").first
    lab.assert_chart_redraws(
        page, area.locator(".vega-embed").last, lab.typing(typed, "0.9"), "the inhibition changed"
    )
    area.get_by_text("96.0 %", exact=False).first.wait_for(timeout=60000)
    typed.fill("1")
    typed.press("Enter")
    area.get_by_text("rankl_inhibition must be", exact=False).first.wait_for(timeout=30000)

    # The second explorer (tumour and bone): a faster-growing tumour redraws its chart.
    tumour = page.locator(".jp-OutputArea-output:has-text('Tumour growth')").last
    tumour.wait_for(state="visible", timeout=60000)
    growth = tumour.locator(".widget-text input").first

    def faster_growth() -> None:
        growth.fill(str(round(float(growth.input_value()) * 1.5, 6)))
        growth.press("Enter")

    lab.assert_chart_redraws(
        page, tumour.locator(".vega-embed").last, faster_growth, "the tumour growth changed"
    )
    lab.assert_ran_cleanly(page, log)
