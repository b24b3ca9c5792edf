"""Classroom notebooks on the site: a download line on each chapter page.

``make notebooks`` (:mod:`casebook.classroom`) writes ``<page>-executed.ipynb`` and
``<page>-student.ipynb`` into ``_build/notebooks/`` before the Sphinx build
(``make book`` runs it first). This part of the extension, for each page whose two
notebooks are there, puts one line under the page title linking both, and copies
them into the site's ``notebooks/`` folder when the build finishes.

A page whose notebooks are missing (a book built without ``make notebooks``, or the
small test books) gets no line and no warning: a ``-W`` build stays clean, and the
site never links a file it does not hold.
"""

from __future__ import annotations

import posixpath
import shutil
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["NOTEBOOKS_DIR", "SITE_FOLDER", "KINDS", "available", "download_html", "setup"]

#: Where ``make notebooks`` writes, relative to the book's root (``srcdir``).
NOTEBOOKS_DIR = "_build/notebooks"
#: The site folder the notebooks are copied into.
SITE_FOLDER = "notebooks"
KINDS = ("student", "executed")
_LABELS = {
    "student": ("student notebook", "questions and exercises, no answers"),
    "executed": ("executed notebook", "with outputs, quiz feedback and solutions"),
}


def available(folder: Path) -> dict[str, dict[str, Path]]:
    """Page name -> {kind: file} for every page with both classroom notebooks in ``folder``."""
    pages: dict[str, dict[str, Path]] = {}
    if not folder.is_dir():
        return pages
    for path in sorted(folder.glob("*-executed.ipynb")):
        stem = path.name.removesuffix("-executed.ipynb")
        files = {kind: folder / f"{stem}-{kind}.ipynb" for kind in KINDS}
        if all(f.is_file() for f in files.values()):
            pages[stem] = files
    return pages


def download_html(stem: str, prefix: str) -> str:
    """The download line for page ``stem``; ``prefix`` leads from the page to the site root."""
    links = []
    for kind in KINDS:
        label, what = _LABELS[kind]
        href = escape(posixpath.join(prefix, SITE_FOLDER, f"{stem}-{kind}.ipynb"))
        links.append(f'<a href="{href}" download>{label}</a> ({what})')
    return (
        '<p class="cb-notebooks">Download this page as a Jupyter notebook for class: '
        + " or ".join(links)
        + ". Open it in JupyterLab with the book's Python package installed.</p>"
    )


def _folder(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.cb_notebooks_dir


def _insert_line(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    stem = docname.rsplit("/", 1)[-1]
    if stem not in available(_folder(app)):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    target = app.builder.get_target_uri(docname)
    prefix = posixpath.relpath(".", posixpath.dirname(target) or ".")
    raw = nodes.raw("", download_html(stem, prefix), format="html")
    titles = [n for n in section.children if isinstance(n, nodes.title)]
    position = section.index(titles[0]) + 1 if titles else 0
    section.insert(position, raw)


def _copy(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages = available(_folder(app))
    if not pages:
        return
    dest = Path(app.outdir) / SITE_FOLDER
    dest.mkdir(parents=True, exist_ok=True)
    for files in pages.values():
        for path in files.values():
            shutil.copy2(path, dest / path.name)


def setup(app: Sphinx) -> None:
    app.add_config_value("cb_notebooks_dir", NOTEBOOKS_DIR, "html", types=[str])
    app.connect("doctree-resolved", _insert_line)
    app.connect("build-finished", _copy)
