"""The bibliography page lists what the pages cite, and nothing else as a source.

sphinxcontrib-bibtex's ``{bibliography}`` directive knows only ``{cite}`` citations;
the chapters cite with ``{footcite}`` (a reference list per chapter). So the page
writes its filter with a placeholder, ``:filter: key in CITED_KEYS``, and this module
replaces the placeholder, when Sphinx reads that page, by the set of keys that the
book's pages actually cite (read from their sources). A key that appears only in the
``.bib`` file therefore never shows up as a source.

Docutils writes a reference list as ``<div role="list" class="citation-list">`` whose
entries carry ``role="doc-biblioentry"``, a DPUB-ARIA role deprecated in 1.1 that is
not a ``listitem``: a list with children its role does not allow (axe's
aria-required-children). :func:`_on_page_context` makes each entry a ``listitem``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

PLACEHOLDER = "CITED_KEYS"
#: ``{footcite:p}`a,b``` and ``{cite:t}`a``` roles in MyST sources.
_CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")


def cited_keys(sources: list[Path]) -> set[str]:
    """Every BibTeX key cited with a ``cite`` or ``footcite`` role in these MyST files."""
    keys: set[str] = set()
    for path in sources:
        for match in _CITE_ROLE.finditer(path.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in match.group(1).split(",") if k.strip())
    return keys


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if PLACEHOLDER not in source[0]:
        return
    pages = sorted((Path(app.srcdir) / "book").glob("*.md"))
    keys = cited_keys(pages)
    if not keys:
        raise ValueError("no page cites anything: the bibliography would be empty")
    source[0] = source[0].replace(PLACEHOLDER, "{" + ", ".join(repr(k) for k in sorted(keys)) + "}")


_BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*" )role="doc-biblioentry"')


def listitem_entries(body: str) -> str:
    """The page's HTML with every citation-list entry given the ``listitem`` role."""
    return _BIBLIOENTRY.sub(r'\1role="listitem"', body)


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if "body" in context and "doc-biblioentry" in context["body"]:
        context["body"] = listitem_entries(context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _on_source_read)
    app.connect("html-page-context", _on_page_context)
    return {"parallel_read_safe": True}
