"""Browser test of the presentation chapter (the first visit and its work-up).

Runs Debian's Chromium against the built site (``_build/html``, or the folder named by
``CASEBOOK_SITE_DIR``). Every non-local request is blocked and counted as a failure.
Each quiz is answered wrong by clicking and right from the keyboard, as a student would;
the chapter must pose the marrow question without answering it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import site_support as site

HTML = Path(os.environ.get("CASEBOOK_SITE_DIR", site.HTML_DIR))
PAGE = "book/presentation.html"
N_QUIZZES = 5  # the decision point and four in "Check yourself"

site.require_built(PAGE, HTML)


@pytest.fixture()
def opened(page, base_url):
    """The chapter, loaded; yields (page, log)."""
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    page.wait_for_selector(".cb-quiz .cb-quiz-choice")
    return page, log


def answer(page, quiz, *, right: bool, keyboard: bool) -> str:
    """Choose a right or a wrong option of ``quiz``; return the feedback shown."""
    kind = ".cb-quiz-correct" if right else ":not(.cb-quiz-correct)"
    choice = quiz.locator(f".cb-quiz-option{kind} .cb-quiz-choice").first
    if keyboard:
        choice.focus()
        page.keyboard.press("Enter")
    else:
        choice.click()
    feedback = quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback")
    assert feedback.count() == 1 and feedback.is_visible(), "no feedback after choosing"
    assert quiz.locator(".cb-quiz-feedback:visible").count() == 1, "more than one explanation open"
    return feedback.inner_text()


def quiz_in(page, section_id: str, index: int = 0):
    """The ``index``-th quiz in the section with id ``section_id``."""
    section = page.locator(f"section#{section_id}")
    assert section.count() == 1, f"no section #{section_id}"
    quizzes = section.locator(".cb-quiz")
    assert quizzes.count() > index, f"section #{section_id} has no quiz {index}"
    return quizzes.nth(index)


def test_page_works_offline(page, base_url):
    problems = site.static_page_problems(page, f"{base_url}/{PAGE}")
    assert problems == [], problems
    assert site.chart_mark_counts(page) == []  # a chapter of words and tables, no chart


def test_every_quiz_option_is_explained_and_cited(opened):
    page, _ = opened
    assert page.locator(".cb-quiz").count() == N_QUIZZES
    options = page.locator(".cb-quiz-option")
    assert (
        options.count()
        == page.locator(".cb-quiz-option:has(.cb-quiz-feedback a.footnote-reference)").count()
    )
    for i in range(N_QUIZZES):
        quiz = page.locator(".cb-quiz").nth(i)
        assert quiz.locator(".cb-quiz-correct").count() == 1, f"quiz {i} needs one right answer"
        assert quiz.locator(".cb-quiz-feedback:visible").count() == 0, "feedback before answering"


def test_decision_point_is_the_work_up(opened):
    """Wrong by click, then right by keyboard; the right answer is the first-visit work-up."""
    page, log = opened
    quiz = quiz_in(page, "decision-point")
    assert "first visit" in quiz.inner_text()
    wrong = answer(page, quiz, right=False, keyboard=False)
    assert wrong.startswith("Not quite.")
    assert quiz.locator(".cb-quiz-option.cb-quiz-wrong").count() == 1
    right = answer(page, quiz, right=True, keyboard=True)
    assert right.startswith("Correct.")
    label = quiz.locator(".cb-quiz-option.cb-quiz-correct .cb-quiz-choice").inner_text()
    for part in ("bleeding", "neurological", "calcium", "BRCA", "CPS", "HER2", "height"):
        assert part in label, f"the work-up answer does not mention {part}"
    assert log.problems() == [], log.problems()


def test_decision_point_right_by_click_and_wrong_by_keyboard(opened):
    page, _ = opened
    quiz = quiz_in(page, "decision-point")
    assert answer(page, quiz, right=True, keyboard=False).startswith("Correct.")
    assert answer(page, quiz, right=False, keyboard=True).startswith("Not quite.")
    assert quiz.locator(".cb-quiz-option.cb-quiz-right").count() == 0


@pytest.mark.parametrize(
    "index, expected",
    [(0, "HER2-low"), (1, "compressed"), (2, "23.0 against 16.1"), (3, "square of height")],
)
def test_check_yourself_quizzes(opened, index, expected):
    page, log = opened
    quiz = quiz_in(page, "check-yourself", index)
    assert answer(page, quiz, right=False, keyboard=False).startswith("Not quite.")
    assert answer(page, quiz, right=True, keyboard=True).startswith("Correct.")
    assert expected in quiz.locator(".cb-quiz-option.cb-quiz-chosen .cb-quiz-feedback").inner_text()
    assert answer(page, quiz, right=False, keyboard=True).startswith("Not quite.")
    assert answer(page, quiz, right=True, keyboard=False).startswith("Correct.")
    assert log.problems() == [], log.problems()


def test_first_quiz_with_the_shared_check(opened):
    page, _ = opened
    site.check_quiz(page)


def test_exercise_solution_opens(opened):
    page, _ = opened
    site.check_solution_opens(page, "Solve for height")


def test_citation_and_glossary_links_resolve(opened):
    page, _ = opened
    site.check_citation(page)
    page.goto(page.url.split("#", 1)[0], wait_until="load")
    site.check_glossary_link(page)


def test_new_glossary_terms_link(opened):
    page, _ = opened
    hrefs = page.eval_on_selector_all(
        "a:has(span.xref.std-term)", "els => els.map(e => e.getAttribute('href'))"
    )
    for term in (
        "term-Spinal-cord-compression",
        "term-HER2-low",
        "term-HER2-0",
        "term-gBRCA",
        "term-Hypercalcaemia",
        "term-De-novo-metastatic-breast-cancer",
    ):
        assert any(h.endswith("#" + term) for h in hrefs), f"no link to {term}: {hrefs}"


def test_first_visit_tables(opened):
    page, _ = opened
    tables = page.locator("table.cb-data-table")
    assert tables.count() == 2
    record = tables.nth(0).inner_text()
    assert "First visit to the treating hospital" in record and "Staging" in record
    assert "recheck" not in record.lower()  # nothing from later in the first-visit record
    assert "marrow" not in tables.nth(1).inner_text().lower()


def test_the_marrow_result_is_posed_not_given(opened):
    """The chapter poses the recheck as the next chapter's question; it never answers it."""
    page, _ = opened
    text = page.locator("article").inner_text()
    for spoiler in ("infiltrat", "cytokeratin", "CK7", "paclitaxel", "eribulin", "visceral crisis"):
        assert spoiler.lower() not in text.lower(), f"the chapter gives away {spoiler!r}"
    assert "next chapter" in text and "the most severe grade" in text
    assert "life-threatening" not in text
    link = page.locator("section#the-platelet-count-a-finding-to-explain a[href*='marrow.html']")
    assert link.count() >= 1
