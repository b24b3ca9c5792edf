"""Browser tests: the built site in Debian's Chromium, offline.

Needs ``_build/html`` (``make test`` builds it first) and Debian's chromium
(``make chromium``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import pytest

from tests import site_support as site

from playwright import sync_api as playwright_sync

if not (site.HTML_DIR / "book" / "intro.html").is_file():
    pytest.fail("the site is not built: run `make book` (make test does it for you)", pytrace=False)

PAGES = site.site_pages()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url():
    with site.serve() as url:
        yield url


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def open_page(page, url: str):
    log = site.watch(page)
    page.goto(url, wait_until="load")
    site.wait_for_charts(page)
    return log


def test_site_has_the_chapters():
    names = set(PAGES)
    for expected in ("book/intro.html", "book/glossary.html", "book/bibliography.html", "book/data.html"):
        assert expected in names, f"{expected} missing from the built site: {sorted(names)}"


@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline(page, base_url, path):
    """Each page loads with no request leaving localhost, no console errors, every chart drawn."""
    log = open_page(page, f"{base_url}/{path}")
    page.wait_for_timeout(300)  # let late scripts report errors
    assert log.problems() == [], f"{path}: {log.problems()}"
    counts = site.chart_mark_counts(page)
    assert all(n > 0 for n in counts), f"{path}: a chart drew no marks: {counts}"
    # No ipywidgets on the static site: a widget there would be frozen (no kernel).
    widgets = page.eval_on_selector_all(
        ".jupyter-widgets, .widget-area, script[type='application/vnd.jupyter.widget-view+json'], "
        "script[type='application/vnd.jupyter.widget-state+json']",
        "els => els.length",
    )
    assert widgets == 0, f"{path}: {widgets} ipywidgets elements on a static page"
    assert page.evaluate("typeof window.require === 'undefined'"), f"{path}: require.js loaded"


def test_landing_page_chart_and_math(page, base_url):
    log = open_page(page, f"{base_url}/book/intro.html")
    counts = site.chart_mark_counts(page)
    assert len(counts) >= 1 and counts[0] > 0
    # The chart is described for screen readers and its data is on the page.
    assert page.locator(".vega-embed svg[aria-label]").count() >= 1
    assert page.locator("details.cb-chart-data table").count() >= 1
    # MathJax is served by the site and typesets the solution's formula.
    page.locator(".solution.dropdown summary, .solution.dropdown .summary-title, details.solution summary").first.click()
    page.wait_for_selector("mjx-container", timeout=15000)
    assert log.problems() == []


def test_quiz_answers_right_and_wrong(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    quiz = page.locator(".cb-quiz").first
    options = quiz.locator(".cb-quiz-option")
    assert options.count() >= 2
    # Feedback is hidden until an answer is chosen.
    assert quiz.locator(".cb-quiz-feedback:visible").count() == 0
    wrong = quiz.locator(".cb-quiz-option:not(.cb-quiz-correct) .cb-quiz-choice").first
    wrong.click()
    fb = quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback")
    assert fb.is_visible()
    assert fb.inner_text().startswith("Not quite.")
    assert quiz.locator(".cb-quiz-option.cb-quiz-wrong").count() == 1
    # The keyboard works too: focus the right answer and press Enter.
    right = quiz.locator(".cb-quiz-option.cb-quiz-correct .cb-quiz-choice").first
    right.focus()
    page.keyboard.press("Enter")
    fb = quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback")
    assert fb.inner_text().startswith("Correct.")
    assert quiz.locator(".cb-quiz-feedback:visible").count() == 1
    # Every option's explanation carries a citation.
    assert quiz.locator(".cb-quiz-option").count() == quiz.locator(
        ".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)"
    ).count()


def test_solution_opens(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    solution = page.locator(".solution").first
    body = solution.locator("text=four fifths")
    assert not body.is_visible(), "the solution should be hidden until asked for"
    solution.locator("summary, .summary-title").first.click()
    body.wait_for(state="visible")


def test_citation_resolves(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    link = page.locator("a.footnote-reference").first
    target = link.get_attribute("href")
    assert target and target.startswith("#")
    link.click()
    ref = page.locator(f"[id='{target[1:]}']")
    assert ref.count() == 1
    assert "case" in ref.inner_text().lower() or len(ref.inner_text()) > 20


def test_glossary_link_resolves(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    link = page.locator("a:has(span.xref.std-term)").first
    href = link.get_attribute("href")
    assert href and "glossary.html#" in href
    link.click()
    page.wait_for_url("**/glossary.html#*")
    anchor = href.split("#", 1)[1]
    term = page.locator(f"dt[id='{anchor}']")
    assert term.count() == 1 and term.inner_text().strip() != ""


def test_search_works_offline(page, base_url):
    log = open_page(page, f"{base_url}/search.html?q=platelet")
    page.wait_for_selector("ul.search li", timeout=15000)
    assert page.locator("ul.search li").count() >= 1
    assert log.problems() == []


def test_landing_page_over_file_url(page):
    """Students may open the site straight from disk (a USB stick)."""
    log = site.watch(page)
    page.goto((site.HTML_DIR / "book" / "intro.html").as_uri(), wait_until="load")
    site.wait_for_charts(page)
    assert all(n > 0 for n in site.chart_mark_counts(page))
    assert log.external == []
