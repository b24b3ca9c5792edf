"""The build is incremental and never stale (``make book``, :mod:`casebook.buildcache`).

Two things are checked:

* **Sphinx executes nothing.** ``make book`` fills the execution cache on all cores
  first; Sphinx must then find every page it reads in the cache. myst-nb hashes its
  own reading of a page, so a prefill that read pages differently would miss the
  cache silently and Sphinx would execute the page again, one after another. The
  build log (``_build/build.log``, kept by ``make book``) must show no execution and a
  cache hit for every notebook page Sphinx read.
* **No stale number, no needless execution.** In a copy of the project that starts
  from this build's state, a changed value in ``data/labs.csv`` reaches the page
  after ``make book`` (the cache is keyed on ``data/``), and a prose edit then
  rebuilds the page with no page executed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from casebook import buildcache
from casebook.data import rehash

ROOT = Path(__file__).resolve().parent.parent
BUILD_LOG = ROOT / "_build" / "build.log"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (?P<doc>\S+)", re.MULTILINE)
_CACHED = re.compile(r"^(?P<path>\S+\.md): Using cached notebook", re.MULTILINE)
_EXECUTED = re.compile(r"^(?P<path>\S+\.md): (Executing|Executed) notebook", re.MULTILINE)

# The change: the first platelet count, 92 -> 94 x10^9/L. Every page guard still holds
# (grade 4 on the second count, a fall of about four fifths), so the pages build.
LABS_OLD = "2024-06-03,platelets,92.0,"
LABS_NEW = "2024-06-03,platelets,94.0,"
PROSE_OLD = "Why, and what it meant for her care, is where this book begins."
PROSE_NEW = "Why, and what it meant for her care, is where this edited book begins."


def execution_report(log: str, root: Path) -> dict[str, set[str]]:
    """From a ``make book`` log: the notebook pages Sphinx read, found cached, executed."""
    log = _ANSI.sub("", log)
    notebooks = {
        p.relative_to(root).with_suffix("").as_posix() for p in buildcache.notebook_pages(root)
    }
    read = {m["doc"] for m in _READ.finditer(log)} & notebooks

    def docs(pattern: re.Pattern) -> set[str]:
        return {
            Path(m["path"]).relative_to(root).with_suffix("").as_posix()
            for m in pattern.finditer(log)
        }

    return {"read": read, "cached": docs(_CACHED), "executed": docs(_EXECUTED)}


def sphinx_execution_problems(log: str, root: Path) -> list[str]:
    report = execution_report(log, root)
    problems = [
        f"Sphinx executed {doc} (the prefill missed it)" for doc in sorted(report["executed"])
    ]
    problems += [
        f"Sphinx read {doc} but did not find it in the cache"
        for doc in sorted(report["read"] - report["cached"])
    ]
    return problems


def test_sphinx_executed_no_page_after_the_prefill():
    assert BUILD_LOG.is_file(), "no _build/build.log: run `make book` (make test does)"
    log = BUILD_LOG.read_text(encoding="utf-8")
    report = execution_report(log, ROOT)
    assert report["read"], "the build log shows no notebook page read: is it a make book log?"
    assert sphinx_execution_problems(log, ROOT) == []


@pytest.mark.unit
def test_the_log_check_sees_a_page_sphinx_executed():
    """The check above on a log where the prefill missed one page."""
    page = (ROOT / "book" / "intro.md").as_posix()
    log = (
        "reading sources... [  7%] book/intro\n"
        f"{page}: Executing notebook using local CWD [mystnb]\n"
        f"{page}: Executed notebook in 4.17 seconds [mystnb]\n"
    )
    assert sphinx_execution_problems(log, ROOT) == [
        "Sphinx executed book/intro (the prefill missed it)",
        "Sphinx read book/intro but did not find it in the cache",
    ]


# ----------------------------------------------------------------- a copy of the project


def _copy_project(dest: Path) -> Path:
    """The project and its last build (mtimes kept, so make sees what is up to date)."""
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "pdf", "nbbench")
    shutil.copytree(ROOT, dest, ignore=skip, symlinks=True)
    return dest


def _make_book(project: Path) -> tuple[float, str]:
    """``make book`` in the copy: this venv (never reinstalled), the copy's own package."""
    venv = Path(sys.prefix)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "CASEBOOK_"))}
    env["PYTHONPATH"] = str(project)
    command = ["make", "-C", str(project), "book", f"VENV={venv}", "-o", f"{venv}/.installed"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=env)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, (
        f"make book failed in the copy:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return seconds, done.stdout + done.stderr


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer holds {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _intro_text(project: Path) -> str:
    html = (project / "_build" / "html" / "book" / "intro.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    assert (ROOT / "_build" / "html" / ".built").is_file(), "run `make book` first (make test does)"
    return _copy_project(tmp_path_factory.mktemp("incremental") / "project")


def test_a_changed_csv_reaches_the_page_and_a_prose_edit_executes_nothing(project):
    before = _intro_text(project)
    assert "platelet count was 92 ×10⁹/L" in before

    # Data: every page executes again (new inputs hash), and the page shows the new count.
    _replace(project / "data" / "labs.csv", LABS_OLD, LABS_NEW)
    rehash(project / "data")  # a deliberate change: new checksums (make rehash)
    _, log = _make_book(project)
    after = _intro_text(project)
    assert "platelet count was 94 ×10⁹/L" in after, "the changed CSV did not reach the page"
    assert "platelet count was 92 ×10⁹/L" not in after, "a stale count is still on the page"
    assert re.search(r"^  intro\.md: executed in", log, re.MULTILINE), "the prefill ran no page"
    assert sphinx_execution_problems(log, project) == []
    # ...and the classroom notebook carries it too.
    notebook = nbformat.read(project / "_build" / "notebooks" / "intro-executed.ipynb", 4)
    text = " ".join(" ".join(c.source.split()) for c in notebook.cells if c.cell_type == "markdown")
    assert "platelet count was 94 ×10⁹/L" in text, "the classroom notebook kept the old count"

    # Prose: no page executes, and the page shows the new sentence.
    _replace(project / "book" / "intro.md", PROSE_OLD, PROSE_NEW)
    _, log = _make_book(project)
    executed = re.findall(r"^  \S+\.md: executed in.*$", log, re.MULTILINE)
    assert executed == [], f"a prose edit executed pages: {executed}"
    assert "where this edited book begins" in _intro_text(project)
    report = execution_report(log, project)
    assert report["read"] == {"book/intro"}, (
        f"a prose edit on one page re-read {sorted(report['read'])}"
    )
    assert sphinx_execution_problems(log, project) == []
