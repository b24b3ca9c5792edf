"""Browser tests: the built site in Debian's Chromium, offline.

Needs ``_build/html`` (``make test`` builds it first) and Debian's chromium
(``make chromium``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import pytest

from tests import site_support as site

if not (site.HTML_DIR / "book" / "intro.html").is_file():  # pragma: no cover
    pytest.fail("the site is not built: run `make book` (make test does it for you)", pytrace=False)

PAGES = site.site_pages()


def open_page(page, url: str):
    log = site.watch(page)
    page.goto(url, wait_until="load")
    site.wait_for_charts(page)
    return log


def test_site_has_the_chapters():
    names = set(PAGES)
    for expected in (
        "book/intro.html",
        "book/glossary.html",
        "book/bibliography.html",
        "book/data.html",
    ):
        assert expected in names, f"{expected} missing from the built site: {sorted(names)}"


@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline(page, base_url, path):
    """Each page loads with no request leaving localhost, no console errors, every chart drawn."""
    problems = site.static_page_problems(page, f"{base_url}/{path}")
    assert problems == [], f"{path}: {problems}"


def test_landing_page_chart_and_math(page, base_url):
    log = open_page(page, f"{base_url}/book/intro.html")
    counts = site.chart_mark_counts(page)
    assert len(counts) >= 1 and counts[0] > 0
    # The chart is described for screen readers and its data is on the page.
    assert page.locator(".vega-embed [role='graphics-document'][aria-label]").count() >= 1
    assert page.locator("details.cb-chart-data table").count() >= 1
    # MathJax is served by the site and typesets the solution's formula.
    page.locator(".solution").first.locator(".toggle-button, summary").first.click()
    page.wait_for_selector("mjx-container", timeout=15000)
    assert log.problems() == []


def test_quiz_answers_right_and_wrong(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    site.check_quiz(page)
    # Every option's explanation carries a citation.
    quiz = page.locator(".cb-quiz").first
    assert (
        quiz.locator(".cb-quiz-option").count()
        == quiz.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )


def test_solution_opens(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    site.check_solution_opens(page, "four fifths")


def test_citation_resolves(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    site.check_citation(page)


def test_glossary_link_resolves(page, base_url):
    open_page(page, f"{base_url}/book/intro.html")
    site.check_glossary_link(page)


def test_search_works_offline(page, base_url):
    log = open_page(page, f"{base_url}/search.html?q=platelet")
    page.wait_for_selector("ul.search li", timeout=15000)
    assert page.locator("ul.search li").count() >= 1
    assert log.problems() == []


@pytest.mark.parametrize("path", PAGES)
def test_page_works_from_disk(page, path):
    """Students may open the site straight from disk (a USB stick): file:// works too."""
    log = site.watch(page)
    page.goto((site.HTML_DIR / path).as_uri(), wait_until="load")
    site.wait_for_charts(page)
    assert all(n > 0 for n in site.chart_mark_counts(page)), path
    assert log.external == [], log.external


def test_bibliography_lists_what_the_pages_cite():
    """Cited works under their heading, the rest under "Further reading", none twice."""
    from casebook.sphinxext.bibliography import cited_keys

    html = (site.HTML_DIR / "book" / "bibliography.html").read_text(encoding="utf-8")
    cited_part, further_part = html.split('id="further-reading', 1)
    keys = cited_keys(sorted((site.ROOT / "book").glob("*.md")))
    bib = (site.ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    n_entries = bib.count("\n@") + bib.startswith("@")
    # Each entry is a list item of its reference list (casebook.sphinxext.bibliography).
    entry = '<div class="citation" id='
    assert cited_part.count(entry) == len(keys)
    assert further_part.count(entry) == n_entries - len(keys)
    # A work no page cites (a later bone-remodelling model) is only under "Further reading";
    # one the mechanisms chapter cites is only under the cited works.
    assert "scheiner2014" not in keys and "komarova2003" in keys
    assert "Scheiner" not in cited_part and "Scheiner" in further_part
    assert "Komarova" in cited_part and "Komarova" not in further_part
