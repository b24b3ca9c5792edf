"""The browser checks must fail when what they check is broken.

Each test copies the built site, breaks one thing the way a real regression would
(a CDN script comes back, a quiz script is lost, a widget leaks onto a page, a chart
spec is wrong, a glossary anchor or a reference disappears, the solution toggle
breaks), and asserts that the same check the site tests use reports it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright import sync_api as playwright_sync

from tests import site_support as site

INTRO = Path("book") / "intro.html"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One copy of the built site, copied again for each break."""
    dest = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(site.HTML_DIR, dest, ignore=shutil.ignore_patterns("_sources"))
    return dest


@pytest.fixture()
def broken(pristine, tmp_path) -> Path:
    dest = tmp_path / "html"
    shutil.copytree(pristine, dest)
    return dest


def edit(path: Path, pattern: str, repl: str, count: int = 0) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=count, flags=re.DOTALL)
    assert n, f"pattern {pattern!r} not found in {path}: the break did not apply"
    path.write_text(new, encoding="utf-8")


def load(page, root: Path, rel: Path = INTRO) -> list[str]:
    with site.serve(root) as base:
        return site.static_page_problems(page, f"{base}/{rel.as_posix()}")


def test_the_unbroken_copy_passes(page, pristine):
    assert load(page, pristine) == []


def test_cdn_comes_back_when_the_preload_is_lost(page, broken):
    edit(broken / INTRO, r'<script src="[^"]*cb-vega-preload\.js[^"]*"></script>', "")
    problems = load(page, broken)
    assert any(p.startswith("external request") for p in problems), problems


def test_a_broken_chart_spec_is_caught(page, broken):
    edit(broken / INTRO, r'"mark": \{"type": "line"', '"mark": {"type": "no-such-mark"', count=1)
    problems = load(page, broken)
    assert problems, "a broken chart passed"


def test_a_widget_on_a_static_page_is_caught(page, broken):
    edit(
        broken / INTRO,
        r"</article>",
        '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script></article>',
        count=1,
    )
    problems = load(page, broken)
    assert any("ipywidgets" in p for p in problems), problems


def test_a_missing_local_file_is_caught(page, broken):
    (broken / "_static" / "cb-quiz.js").unlink()
    problems = load(page, broken)
    assert any("cb-quiz.js" in p for p in problems), problems


def test_the_quiz_check_fails_without_the_quiz_script(page, broken):
    (broken / "_static" / "cb-quiz.js").write_text("/* lost */\n", encoding="utf-8")
    with site.serve(broken) as base:
        page.goto(f"{base}/{INTRO.as_posix()}")
        with pytest.raises(AssertionError):
            site.check_quiz(page)


def test_the_quiz_check_fails_when_every_answer_is_right(page, broken):
    edit(
        broken / "_static" / "cb-quiz.js",
        r'option\.classList\.contains\("cb-quiz-correct"\) \? "Correct\. " : "Not quite\. "',
        '"Correct. "',
    )
    with site.serve(broken) as base:
        page.goto(f"{base}/{INTRO.as_posix()}")
        with pytest.raises(AssertionError):
            site.check_quiz(page)


def test_the_solution_check_fails_when_the_solution_is_always_open(page, broken):
    # sphinx-togglebutton hides a dropdown solution through these classes.
    edit(
        broken / INTRO,
        r'class="solution dropdown admonition"',
        'class="solution admonition"',
        count=1,
    )
    with site.serve(broken) as base:
        page.goto(f"{base}/{INTRO.as_posix()}")
        with pytest.raises(AssertionError):
            site.check_solution_opens(page, "four fifths")


def test_the_citation_check_fails_without_the_reference(page, broken):
    edit(
        broken / INTRO,
        r'<aside class="footnote brackets" id="(footcite-casereport)"',
        r'<aside class="footnote brackets" id="gone"',
    )
    with site.serve(broken) as base:
        page.goto(f"{base}/{INTRO.as_posix()}")
        with pytest.raises(AssertionError):
            site.check_citation(page)


def test_the_glossary_check_fails_without_the_term_anchor(page, broken):
    edit(broken / "book" / "glossary.html", r'<dt id="term-([^"]+)"', r'<dt id="gone-\1"')
    with site.serve(broken) as base:
        page.goto(f"{base}/{INTRO.as_posix()}")
        with pytest.raises((AssertionError, playwright_sync.TimeoutError)):
            site.check_glossary_link(page)


def test_a_chart_without_its_data_table_is_caught(page, broken):
    edit(broken / INTRO, r'<details class="cb-chart-data">.*?</details>', "", count=1)
    problems = load(page, broken)
    assert any("data tables" in p for p in problems), problems
