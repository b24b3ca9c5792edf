"""Print the built book to one PDF with the system Chromium (``make pdf``).

Jupyter Book's own PDF builder downloads a browser, which cannot work offline; this
prints the pages of ``_build/html`` with Debian's ``chromium`` instead, in the order of
``_toc.yml``, each once every chart on it has drawn, and joins them into one file with
a bookmark per page.

Two versions:

- **student** (the default): every worked solution and quiz explanation is taken out
  of the printed page (a note says where to find them), so no answer is printed, and
  the instructor guide is left out.
- **instructor** (``--instructor``): every solution unfolded, every quiz explanation
  shown (each says whether its option is right), every data table opened, and the
  instructor guide included.

The site is served on 127.0.0.1 while printing and every other request is refused:
printing needs no network.

    python scripts/print_pdf.py _build/html _build/pdf/marrow-first.pdf [--instructor]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml
from pypdf import PdfReader, PdfWriter

from casebook.localsite import CHROMIUM_ARGS, chromium_path, serve

ROOT = Path(__file__).resolve().parent.parent
#: The toc part that only instructors get.
INSTRUCTOR_PART = "For instructors"
CHART_TIMEOUT_MS = 30_000
#: Where Altair's HTML output puts each chart (Vega draws its SVG inside).
CHART = '[id^="altair-viz-"]'

#: Run in the page before printing the instructor version: unfold every solution
#: (sphinx-exercise dropdowns and <details>), and show every quiz explanation.
REVEAL_ANSWERS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('.dropdown .toggle-details, .dropdown')
    .forEach(e => e.classList.add('toggle-shown'));
  document.querySelectorAll('.cb-quiz-feedback').forEach(f => { f.hidden = false; });
  return document.querySelectorAll('.cb-quiz-feedback').length;
}"""

#: Run in the page before printing the student version. Chromium prints folded
#: dropdowns (sphinx-togglebutton unfolds them for print), so the answers are taken out
#: of the page: each worked solution (its title stays, with a note) and every quiz
#: explanation. Returns how many solutions were removed.
REMOVE_ANSWERS = """() => {
  const solutions = document.querySelectorAll('.solution');
  solutions.forEach(s => {
    s.querySelectorAll(':scope > :not(.admonition-title)').forEach(c => c.remove());
    const note = document.createElement('p');
    note.textContent = 'The worked solution is in the instructor version of this book.';
    s.appendChild(note);
  });
  document.querySelectorAll('.cb-quiz-feedback').forEach(f => f.remove());
  return solutions.length;
}"""

#: Print layout: the page's own text only (no navigation, search or buttons).
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article,
.prev-next-area, .bd-footer-content, .bd-footer-article, .skip-link, .vega-actions,
button.toggle-button, .headerlink { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-page-width { max-width: none !important;
  width: 100% !important; padding: 0 !important; margin: 0 !important; }
.vega-embed, figure, table, .cb-quiz-option { break-inside: avoid; }
"""


@dataclass(frozen=True)
class Printed:
    path: Path
    pages: tuple[str, ...]  # the site pages printed, in order
    charts: int  # charts drawn before printing
    answers_shown: int  # quiz explanations revealed (0 for the student version)


def toc_pages(root: Path = ROOT, *, instructor: bool = False) -> list[str]:
    """The book's pages as site paths (``book/intro.html``), in ``_toc.yml`` order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        if part.get("caption") == INSTRUCTOR_PART and not instructor:
            continue
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


def _local_only(route) -> None:
    host = urlparse(route.request.url).hostname
    if urlparse(route.request.url).scheme in ("data", "blob") or host == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def _print_page(
    page, url: str, out: Path, *, instructor: bool, wait: bool = True
) -> tuple[int, int]:
    """Print one page to ``out`` once its charts have drawn; (charts, answers shown).
    ``wait=False`` prints at once (only for the test that shows the check matters)."""
    page.goto(url, wait_until="load")
    if wait:
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('{CHART}'))"
            ".every(el => el.querySelector('svg, canvas'))",
            timeout=CHART_TIMEOUT_MS,
        )
    charts = page.locator(CHART).count()
    page.add_style_tag(content=PRINT_CSS)
    if instructor:
        shown = page.evaluate(REVEAL_ANSWERS)
    else:
        shown = 0
        page.evaluate(REMOVE_ANSWERS)
    page.emulate_media(media="print")
    page.wait_for_timeout(200)  # let the layout settle after the print styles
    page.pdf(path=str(out), format="A4", print_background=True, prefer_css_page_size=True)
    return charts, shown


def print_book(
    site: Path, out: Path, *, instructor: bool = False, wait_for_charts: bool = True
) -> Printed:
    """Print every page of the built ``site`` into one PDF at ``out``."""
    from playwright.sync_api import sync_playwright

    pages = toc_pages(instructor=instructor)
    missing = [p for p in pages if not (site / p).is_file()]
    if missing:
        raise FileNotFoundError(f"not built: {missing}; run `make book` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    writer, charts, shown = PdfWriter(), 0, 0
    with tempfile.TemporaryDirectory() as tmp, serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.route("**/*", _local_only)
        for i, path in enumerate(pages):
            part = Path(tmp) / f"{i:02d}.pdf"
            n_charts, n_shown = _print_page(
                page, f"{base}/{path}", part, instructor=instructor, wait=wait_for_charts
            )
            charts, shown = charts + n_charts, shown + n_shown
            start = len(writer.pages)
            writer.append(PdfReader(part))
            title = page.title().split(" — ")[0].strip() or path
            writer.add_outline_item(title=title, page_number=start)
        browser.close()
    writer.add_metadata({"/Title": "Marrow first: a case book" + (" (instructor)" * instructor)})
    with out.open("wb") as fh:
        writer.write(fh)
    return Printed(out, tuple(pages), charts, shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument("--instructor", action="store_true", help="print the answers too")
    args = parser.parse_args(argv)
    try:
        done = print_book(args.site, args.out, instructor=args.instructor)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"make pdf: {err}", file=sys.stderr)
        return 1
    kind = "instructor" if args.instructor else "student"
    print(
        f"{done.path}: {kind} version, {len(done.pages)} pages of the book, "
        f"{done.charts} charts drawn, {done.answers_shown} quiz explanations shown"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
