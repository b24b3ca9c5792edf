"""Browser test of the appraisal chapter ("Appraising the case report"): it works offline,
its CARE table has the 13 items, every inconsistency links to a section of the built site
that exists, and its quizzes and exercise work.

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from casebook import appraisal
from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/appraisal.html"

site.require_built(PAGE, HTML)


@pytest.fixture(scope="module")
def base_url():
    """This module's own server, so ``CASEBOOK_SITE_DIR`` can point it at another build."""
    with site.serve(HTML) as url:
        yield url


@pytest.fixture()
def opened(page, base_url):
    """The page, loaded; yields (page, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    return page, log


def table_rows(page, caption: str):
    """The body rows of the table under the bold ``caption``."""
    box = page.locator(f".cb-table-scroll:has(p strong:text-is('{caption}'))")
    assert box.count() == 1, f"no single table captioned {caption!r}"
    return box.locator("table tbody tr")


def test_page_works_offline(page, base_url):
    problems = site.static_page_problems(page, f"{base_url}/{PAGE}")
    assert problems == [], problems


def test_care_table_has_the_13_items_in_order(opened):
    page, log = opened
    rows = table_rows(page, "The case report against the 13 items of the CARE checklist")
    assert rows.count() == 13
    names = [rows.nth(i).locator("td").nth(0).inner_text() for i in range(13)]
    assert names == [f"{n}. {item}" for n, item in enumerate(appraisal.CARE_ITEM_NAMES, 1)]
    statuses = {rows.nth(i).locator("td").nth(2).inner_text() for i in range(13)}
    assert statuses <= set(appraisal.STATUSES)
    assert log.problems() == [], log.problems()


def test_every_inconsistency_links_to_an_existing_section(opened, base_url):
    page, log = opened
    rows = table_rows(page, "What a careful reader finds, and where this book deals with it")
    assert rows.count() == len(appraisal.INCONSISTENCIES)
    targets = {}
    for i in range(rows.count()):
        link = rows.nth(i).locator("a")
        assert link.count() == 1, f"row {i + 1} has no single link"
        targets[urljoin(page.url, link.get_attribute("href"))] = link.inner_text()
    for url, text in targets.items():
        parsed = urlparse(url)
        built = HTML / parsed.path.lstrip("/")
        assert built.is_file(), f"{text}: {parsed.path} is not a page of the built site"
        page.goto(url, wait_until="load")
        section = page.locator(f"section[id='{parsed.fragment}']")
        assert section.count() == 1, f"{text}: no section #{parsed.fragment} on {parsed.path}"
        heading = section.locator("h1, h2, h3, h4").first.inner_text()
        assert text.split(": ", 1)[1] in heading, f"{text}: the section is {heading!r}"
    assert log.problems() == [], log.problems()


def test_quizzes_answer_and_cite(opened):
    page, log = opened
    assert page.locator(".cb-quiz").count() == 4
    options = page.locator(".cb-quiz-option")
    cited = page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)")
    assert options.count() == cited.count()
    site.check_quiz(page)  # the decision point: wrong by click, right by keyboard
    right = page.locator(".cb-quiz").first.locator(".cb-quiz-option.cb-quiz-correct")
    assert "Timeline" in right.inner_text()
    assert log.problems() == [], log.problems()


def test_exercise_solution_opens(opened):
    page, _ = opened
    site.check_solution_opens(page, "Only these dates come from the report")


def test_citations_resolve(opened):
    page, _ = opened
    site.check_citation(page)
    refs = page.locator("section:has(> h2:text-is('References'))")
    assert "Gagnier" in refs.inner_text()  # the CARE guidelines, which the page cites
