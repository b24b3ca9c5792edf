"""``make pdf``: the built book printed to one PDF by Debian's Chromium.

Prints the built site twice (student and instructor versions) and reads the PDFs back
with pypdf: every page of the toc is there with a bookmark, in order; the charts were
drawn before printing (text that exists only inside a drawn Vega chart is in the PDF);
the student version prints no answer and no instructor guide, and the instructor
version prints both. A last test prints without waiting for the charts and shows the
chart check then fails.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from casebook import charts
from casebook.data import load_case
from tests import site_support as site

_SPEC = importlib.util.spec_from_file_location("print_pdf", site.ROOT / "scripts" / "print_pdf.py")
print_pdf = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = print_pdf  # dataclasses look their module up while it loads
_SPEC.loader.exec_module(print_pdf)

site.require_built("book/intro.html")

#: Answers, as the pages word them: the intro's worked solution and the right option's
#: explanation of its quiz (both hidden until a reader asks).
ANSWERS = (
    "The fall as a share of the first count is",
    "Finding the cause is now urgent",
)
GUIDE_TITLE = "Instructor guide"


def _plain(text: str) -> str:
    """NFKC (the PDF's "ﬁ" ligature reads "fi", "⁹" reads "9") with single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def _squash(text: str) -> str:
    """Without any space: the PDF spaces the chart's superscripts ("×10 9 /L")."""
    return re.sub(r"\s+", "", text)


def _text(path) -> str:
    return _plain(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def _chart_only_text() -> str:
    """The landing page chart's title: drawn by Vega inside the SVG, not in the HTML."""
    chart = charts.platelet_fall_chart(load_case().labs)
    title = chart.to_dict()["title"]
    text = title["text"] if isinstance(title, dict) else title
    # Titles are drawn as short lines on narrow screens (charts.style.fit_narrow).
    return _plain(" ".join(text) if isinstance(text, list) else text)


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "student.pdf"
    return print_pdf.print_book(site.HTML_DIR, out)


@pytest.fixture(scope="module")
def instructor(tmp_path_factory):
    """The instructor version of the landing page and the guide only (the whole book
    takes half a minute more and shows nothing the student run does not)."""
    everything = print_pdf.toc_pages(instructor=True)
    assert everything[-1] == "book/instructor.html"
    out = tmp_path_factory.mktemp("pdf") / "instructor.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(print_pdf, "toc_pages", lambda **_: [everything[0], everything[-1]])
        return print_pdf.print_book(site.HTML_DIR, out, instructor=True)


def test_every_page_is_printed_in_toc_order_with_a_bookmark(student):
    reader = PdfReader(student.path)
    assert list(student.pages) == print_pdf.toc_pages()
    assert "book/glossary.html" in student.pages and len(student.pages) >= 10
    assert len(reader.outline) == len(student.pages)
    assert len(reader.pages) > len(student.pages)  # chapters run over several sheets
    assert reader.outline[0].title.startswith("Marrow first")


def test_the_charts_were_drawn_before_printing(student):
    assert student.charts >= 10
    title = _chart_only_text()
    assert isinstance(title, str) and title
    assert _squash(title) in _squash(_text(student.path))


def test_the_student_version_prints_no_answer_and_no_guide(student):
    text = _text(student.path)
    for answer in ANSWERS:
        assert answer not in text
    assert GUIDE_TITLE not in text and student.answers_shown == 0


def test_the_instructor_version_prints_the_answers_and_the_guide(instructor, student):
    text = _text(instructor.path)
    for answer in ANSWERS:
        assert answer in text
    assert GUIDE_TITLE in text
    assert instructor.answers_shown >= 3  # the landing page's quiz
    assert set(print_pdf.toc_pages(instructor=True)) - set(student.pages) == {
        "book/instructor.html"
    }


def _intro_only_without_vega(monkeypatch):
    monkeypatch.setattr(print_pdf, "toc_pages", lambda **_: ["book/intro.html"])
    original = print_pdf._local_only

    def no_vega(route):
        if "vega" in route.request.url:
            route.abort()
        else:
            original(route)

    monkeypatch.setattr(print_pdf, "_local_only", no_vega)


def test_a_page_whose_charts_cannot_draw_is_not_printed(tmp_path, monkeypatch):
    """Broken on purpose: the chart library is blocked, so make pdf stops with a timeout."""
    _intro_only_without_vega(monkeypatch)
    monkeypatch.setattr(print_pdf, "CHART_TIMEOUT_MS", 1_000)
    with pytest.raises(Exception, match="Timeout"):
        print_pdf.print_book(site.HTML_DIR, tmp_path / "broken.pdf")


def test_the_chart_check_fails_on_a_pdf_printed_before_the_charts(tmp_path, monkeypatch):
    """Broken on purpose: printed without waiting and without Vega, the chart's text is
    missing, so the chart check above would fail on such a PDF."""
    _intro_only_without_vega(monkeypatch)
    done = print_pdf.print_book(site.HTML_DIR, tmp_path / "early.pdf", wait_for_charts=False)
    assert _squash(_chart_only_text()) not in _squash(_text(done.path))


def test_the_answers_checked_are_the_pages_own():
    """The strings the student check looks for are on the page (so their absence means
    something)."""
    page = (site.ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    for answer in ANSWERS:
        assert answer in " ".join(page.split())
