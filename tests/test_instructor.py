"""The instructor guide (book/instructor.md) covers every chapter of the case, completely.

The chapter list comes from _toc.yml's part "The case", so a chapter added there (the
appraisal chapter, say) fails this test until the guide has a section for it. A section
is the text from its label ``(guide-<chapter>)=`` to the next ``## `` heading. It must
hold a 60-minute and a 90-minute plan, each a ``{list-table}`` whose first column
(Minutes) adds up to the class length, and at least two discussion prompts, each with an
expected answer and its common mistakes. Every page or label the guide links to must
exist. The last test breaks copies of the guide on purpose and checks each break is seen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GUIDE = BOOK / "instructor.md"
TOC = ROOT / "_toc.yml"

CASE_PART = "The case"
INSTRUCTOR_PART = "For instructors"
PLAN_MINUTES = (60, 90)
MIN_PROMPTS = 2
NOT_CHAPTERS = {"live"}  # (guide-live)= labels the section on running the notebooks
MIN_WORDS = 8  # an expected answer or a list of mistakes is a sentence, not a word

LABEL = re.compile(r"^\(guide-([\w-]+)\)=\s*$", re.MULTILINE)
PROMPT = re.compile(r"^\*\*Prompt \d+\.\*\*", re.MULTILINE)
ANSWER = re.compile(r"\*\*Expected answer\.\*\*(.*?)(?=^- \*\*|\Z)", re.MULTILINE | re.DOTALL)
MISTAKES = re.compile(r"\*\*Common mistakes?\.\*\*(.*?)(?=^- \*\*|\Z)", re.MULTILINE | re.DOTALL)
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
REF_ROLE = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([^`>]+)>?`")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
BOOK_LABELS = [
    re.compile(r"^\(([\w-]+)\)=\s*$", re.MULTILINE),  # (label)=
    re.compile(r"^:(?:label|name):\s*([\w-]+)\s*$", re.MULTILINE),  # exercise, figure
]


# ----------------------------------------------------------------------------- parsing


def toc_parts(toc_text: str) -> list[tuple[str, list[str]]]:
    """The parts of a jb-book _toc.yml as (caption, [chapter stems])."""
    toc = yaml.safe_load(toc_text)
    return [
        (part.get("caption", ""), [Path(ch["file"]).stem for ch in part.get("chapters", [])])
        for part in toc.get("parts", [])
    ]


def case_chapters(toc_text: str) -> list[str]:
    """The chapter stems listed under the part "The case"."""
    for caption, stems in toc_parts(toc_text):
        if caption == CASE_PART:
            return stems
    raise AssertionError(f'_toc.yml has no part with the caption "{CASE_PART}"')


def guide_sections(text: str) -> dict[str, str]:
    """chapter stem -> its section: from ``(guide-<stem>)=`` to the next ``## `` heading."""
    sections = {}
    for m in LABEL.finditer(text):
        rest = text[m.end() :]
        heading = re.search(r"^## .*$", rest, re.MULTILINE)
        if heading is None:
            sections[m.group(1)] = ""
            continue
        body = rest[heading.end() :]
        end = re.search(r"^## |^\(guide-[\w-]+\)=", body, re.MULTILINE)
        sections[m.group(1)] = rest[: heading.end()] + (body[: end.start()] if end else body)
    return sections


def plan_minutes(section: str, minutes: int) -> list[int] | None:
    """The Minutes column of the section's ``### <minutes>-minute plan`` table, or None."""
    heading = re.search(rf"^### {minutes}-minute plan\s*$", section, re.MULTILINE)
    if heading is None:
        return None
    table = re.search(r"```\{list-table\}(.*?)^```", section[heading.end() :], re.S | re.M)
    if table is None:
        return None
    rows = re.findall(r"^\* - (.*)$", table.group(1), re.MULTILINE)
    if not rows or rows[0].strip() != "Minutes":
        return None
    return [int(cell) if cell.strip().isdigit() else -1 for cell in rows[1:]]


def prompts(section: str) -> list[str]:
    """The text of each ``**Prompt N.**`` item, up to the next prompt or ``###`` heading."""
    starts = [m.start() for m in PROMPT.finditer(section)]
    items = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(section)
        item = section[start:stop]
        heading = re.search(r"^#{2,3} ", item, re.MULTILINE)
        items.append(item[: heading.start()] if heading else item)
    return items


def _words(match: re.Match[str] | None) -> int:
    return len(match.group(1).split()) if match else 0


def book_labels(book: Path = BOOK) -> set[str]:
    labels: set[str] = set()
    for page in book.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for rx in BOOK_LABELS:
            labels.update(rx.findall(text))
    return labels


def link_problems(text: str, book: Path = BOOK) -> list[str]:
    """Every {doc}, {ref}/{numref} and Markdown link target that does not exist."""
    problems = []
    for target in DOC_ROLE.findall(text):
        if not (book / f"{target.strip()}.md").is_file():
            problems.append(f"{{doc}} target {target!r}: no book/{target.strip()}.md")
    labels = book_labels(book) | set(LABEL.findall(text)) | {"instructor-guide"}
    for target in REF_ROLE.findall(text):
        if target.strip() not in labels:
            problems.append(f"{{ref}} target {target!r}: no such label in book/*.md")
    for target in MD_LINK.findall(text):
        if re.match(r"[a-z]+://", target):
            problems.append(f"link {target!r}: the book links nothing off the machine")
            continue
        path = target.split("#", 1)[0]
        if path and not (book / path).is_file():
            problems.append(f"link target {target!r}: no book/{path}")
        elif not path and target[1:] not in labels:
            problems.append(f"link target {target!r}: no such label")
    return problems


def section_problems(name: str, section: str) -> list[str]:
    """What a chapter's section lacks: its two plans (with the right sums) and its prompts."""
    problems = []
    for minutes in PLAN_MINUTES:
        rows = plan_minutes(section, minutes)
        if rows is None:
            problems.append(f"{name}: no {minutes}-minute plan table with a Minutes column")
        elif -1 in rows:
            problems.append(f"{name}: the {minutes}-minute plan has a row without whole minutes")
        elif sum(rows) != minutes:
            problems.append(
                f"{name}: the {minutes}-minute plan's segments add up to {sum(rows)} minutes"
            )
    items = prompts(section)
    if len(items) < MIN_PROMPTS:
        problems.append(f"{name}: {len(items)} discussion prompts, at least {MIN_PROMPTS} needed")
    for i, item in enumerate(items, 1):
        if _words(ANSWER.search(item)) < MIN_WORDS:
            problems.append(f"{name}: prompt {i} has no expected answer")
        if _words(MISTAKES.search(item)) < MIN_WORDS:
            problems.append(f"{name}: prompt {i} has no common mistakes")
    return problems


def guide_problems(guide_text: str, toc_text: str, book: Path = BOOK) -> list[str]:
    """Everything wrong with the guide, as sentences (empty when it is complete)."""
    sections = guide_sections(guide_text)
    problems = [
        f"{ch}: no section (guide-{ch})= in book/instructor.md"
        for ch in case_chapters(toc_text)
        if ch not in sections
    ]
    for name, section in sections.items():
        if name not in NOT_CHAPTERS:
            problems += section_problems(name, section)
    return problems + link_problems(guide_text, book)


# ------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def toc_text() -> str:
    return TOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", case_chapters(TOC.read_text(encoding="utf-8")))
def test_every_case_chapter_has_a_complete_section(guide_text, chapter):
    sections = guide_sections(guide_text)
    assert chapter in sections, f"book/instructor.md has no section (guide-{chapter})="
    assert section_problems(chapter, sections[chapter]) == []


def test_every_section_of_the_guide_is_complete(guide_text):
    """Sections for chapters not yet in _toc.yml (the appraisal) are held to the same rules."""
    sections = guide_sections(guide_text)
    assert "appraisal" in sections, "the guide plans the appraisal chapter before it is merged"
    problems = [
        p for n, s in sections.items() if n not in NOT_CHAPTERS for p in section_problems(n, s)
    ]
    assert problems == []


def test_every_link_target_exists(guide_text):
    assert link_problems(guide_text) == []


def test_the_guide_is_its_own_part_after_the_reference(toc_text):
    captions = [caption for caption, _ in toc_parts(toc_text)]
    assert INSTRUCTOR_PART in captions, f'_toc.yml has no part "{INSTRUCTOR_PART}"'
    assert captions.index(INSTRUCTOR_PART) == captions.index("Reference") + 1
    assert dict(toc_parts(toc_text))[INSTRUCTOR_PART] == ["instructor"]


def test_the_guide_is_complete(guide_text, toc_text):
    assert guide_problems(guide_text, toc_text) == []


def _drop_first_row(text: str, chapter: str, minutes: int) -> str:
    """The guide with the first timed row of one plan removed (a segment lost in an edit)."""
    start = text.index(f"(guide-{chapter})=")
    plan = text.index(f"### {minutes}-minute plan", start)
    row = re.compile(r"^\* - \d+\n(?:  - .*\n|    .*\n)+", re.MULTILINE).search(text, plan)
    assert row is not None
    return text[: row.start()] + text[row.end() :]


BREAKS = [
    pytest.param(
        lambda t: _drop_first_row(t, "marrow", 60),
        "marrow: the 60-minute plan's segments add up to",
        id="a-dropped-row",
    ),
    pytest.param(
        lambda t: t.replace("### 90-minute plan", "### A longer plan", 1),
        "presentation: no 90-minute plan",
        id="a-plan-gone",
    ),
    pytest.param(
        lambda t: t.replace("**Expected answer.**", "**Answer.**", 1),
        "presentation: prompt 1 has no expected answer",
        id="an-answer-gone",
    ),
    pytest.param(
        lambda t: t.replace("**Common mistakes.**", "**Pitfalls.**", 1),
        "presentation: prompt 1 has no common mistakes",
        id="mistakes-gone",
    ),
    pytest.param(
        lambda t: re.sub(r"\*\*Prompt [23]\.\*\*", "**Aside.**", t),
        "presentation: 1 discussion prompts",
        id="prompts-gone",
    ),
    pytest.param(
        lambda t: t.replace("(guide-nutrition)=", "(nutrition-notes)=", 1),
        "nutrition: no section",
        id="a-section-gone",
    ),
    pytest.param(
        lambda t: t.replace("{doc}`therapy`", "{doc}`therapies`", 1),
        "{doc} target 'therapies'",
        id="a-broken-doc-link",
    ),
    pytest.param(
        lambda t: t.replace("<ex-dic>", "<ex-dic-score>", 1),
        "{ref} target 'ex-dic-score'",
        id="a-broken-label",
    ),
]


@pytest.mark.parametrize(("break_it", "expected"), BREAKS)
def test_a_broken_guide_is_caught(guide_text, toc_text, break_it, expected):
    """Break a copy of the guide the way an edit could; the check must name the break."""
    broken = break_it(guide_text)
    assert broken != guide_text, "the break changed nothing"
    problems = guide_problems(broken, toc_text)
    assert any(expected in p for p in problems), f"not caught; problems: {problems}"


def test_a_new_chapter_in_the_toc_needs_a_section(guide_text, toc_text):
    """When the lead adds a chapter to "The case", the guide must grow a section for it."""
    course = "      - file: book/course\n"
    toc = toc_text.replace(course, course + "      - file: book/newcase\n", 1)
    assert "newcase" in case_chapters(toc)
    assert "newcase: no section (guide-newcase)= in book/instructor.md" in guide_problems(
        guide_text, toc
    )
