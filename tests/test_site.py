"""Browser tests: the built site in Debian's Chromium, offline.

Needs ``_build/html`` (``make test`` builds it first) and Debian's chromium
(``make chromium``). Every non-local request is blocked and counted as a failure.

Every page is loaded once (the module fixture ``visit``, one page at a time: pytest
runs all the tests of one page before it loads the next) and three tests read it:
it works offline as a static page; it loads only the scripts it uses and draws every
icon (:mod:`casebook.sphinxext.lightpages`); axe-core finds nothing serious or
critical and every chart is described and tabled (the checkers are proven on seeded
pages in ``test_site_light.py`` and ``test_site_a11y.py``).
"""

from __future__ import annotations

import re

import pytest

from tests import site_support as site

if not (site.HTML_DIR / "book" / "intro.html").is_file():  # pragma: no cover
    pytest.fail("the site is not built: run `make book` (make test does it for you)", pytrace=False)

PAGES = site.site_pages()
# The root's redirect (a meta refresh to the landing page, no scripts of its own): the
# page -> the URL Chromium lands on, where its checks wait for the charts.
REDIRECTS = {
    path: "**/" + re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', head)[1]
    for path in PAGES
    if 'http-equiv="Refresh"' in (head := (site.HTML_DIR / path).read_text(encoding="utf-8")[:500])
}


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


@pytest.fixture(scope="module", params=PAGES)
def visit(request, browser, base_url):
    """One built page, loaded offline with its charts drawn, shared by the page's checks."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
    url = f"{base_url}/{request.param}"
    log, load_problems = site.open_static_page(page, url, REDIRECTS.get(request.param, ""))
    yield site.Visit(request.param, page, log, load_problems, missing)
    context.close()


def test_page_works_offline(visit):
    """Each page loads with no request leaving localhost, no console errors, every chart drawn."""
    problems = visit.load_problems + site.drawn_page_problems(visit.page, visit.log)
    assert problems == [], f"{visit.path}: {problems}"


def test_each_page_loads_only_the_scripts_it_uses_and_draws_every_icon(visit):
    if visit.path in REDIRECTS:
        # Chromium follows the refresh; the file itself loads no script and no icon.
        html = (site.HTML_DIR / visit.path).read_text(encoding="utf-8")
        assert "<script" not in html and "fa-" not in html, f"{visit.path}: {html[:500]}"
        return
    assert visit.load_problems == [], f"{visit.path}: {visit.load_problems}"
    site.check_scripts_and_icons(visit.page, visit.path)
    assert visit.log.problems() == [], f"{visit.path}: {visit.log.problems()}"


def test_page_has_no_serious_axe_violation(visit):
    """axe-core finds nothing serious or critical, and every chart is described and tabled."""
    assert visit.load_problems == [], f"{visit.path}: {visit.load_problems}"
    problems = site.axe_problems(visit.page, visit.path)
    problems += site.chart_extra_problems(visit.page, visit.path)
    assert problems == [], "\n".join(problems)
    assert visit.log.problems() == [], (visit.log.problems(), visit.missing)


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
