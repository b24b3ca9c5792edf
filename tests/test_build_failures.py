"""The book's build configuration fails loudly: a failing cell, an unknown citation.

Each test reads the build of a one-page book with the project's own ``_config.yml`` (so
the same execution and warning settings apply) and checks that it succeeds, or fails
with a message that says why. The three books build at once, in a module fixture (a
build mostly waits for its kernel and for Sphinx's start-up, not for a core).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

FRONT = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)


def build(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    tmp_path.mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    (tmp_path / "book" / "page.md").write_text(FRONT + textwrap.dedent(body))
    return subprocess.run(
        [
            str(JUPYTER_BOOK),
            "build",
            str(tmp_path),
            "-W",
            "-n",
            "--keep-going",
            "--builder",
            "html",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


# The pages, each a book of its own.
PAGES = {
    "clean": """
        # Fine

        ```{code-cell} ipython3
        x = 1 + 1
        ```

        A source {footcite:p}`casereport`.

        ```{footbibliography}
        ```
        """,
    "failing_cell": """
        # Broken

        ```{code-cell} ipython3
        raise RuntimeError("a cell that breaks on purpose")
        ```
        """,
    "unknown_citation": """
        # Uncited

        A claim {footcite:p}`no_such_key_2099`.

        ```{footbibliography}
        ```
        """,
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Each page of ``PAGES`` built as a book of its own, all at once."""
    tmp = tmp_path_factory.mktemp("build-failures")
    with ThreadPoolExecutor(max_workers=len(PAGES)) as pool:
        running = {name: pool.submit(build, tmp / name, body) for name, body in PAGES.items()}
        return {name: future.result() for name, future in running.items()}


def test_a_clean_page_builds(builds):
    result = builds["clean"]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_failing_cell_fails_the_build_and_shows_its_traceback(builds):
    result = builds["failing_cell"]
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "RuntimeError" in out and "a cell that breaks on purpose" in out and "Traceback" in out


def test_an_unknown_citation_fails_the_build(builds):
    result = builds["unknown_citation"]
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no_such_key_2099" in out
