"""The book's build configuration fails loudly: a failing cell, an unknown citation.

Each test builds a one-page book with the project's own ``_config.yml`` (so the
same execution and warning settings apply) and checks that the build fails with a
message that says why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

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


def test_a_clean_page_builds(tmp_path):
    result = build(
        tmp_path,
        """
        # Fine

        ```{code-cell} ipython3
        x = 1 + 1
        ```

        A source {footcite:p}`casereport`.

        ```{footbibliography}
        ```
        """,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_failing_cell_fails_the_build_and_shows_its_traceback(tmp_path):
    result = build(
        tmp_path,
        """
        # Broken

        ```{code-cell} ipython3
        raise RuntimeError("a cell that breaks on purpose")
        ```
        """,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "RuntimeError" in out and "a cell that breaks on purpose" in out and "Traceback" in out


def test_an_unknown_citation_fails_the_build(tmp_path):
    result = build(
        tmp_path,
        """
        # Uncited

        A claim {footcite:p}`no_such_key_2099`.

        ```{footbibliography}
        ```
        """,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no_such_key_2099" in out
