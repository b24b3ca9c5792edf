"""Sphinx extension for the case book: offline charts and kernel-free quizzes.

Loaded by ``_config.yml`` (``sphinx: extra_extensions``) as ``casebook.sphinxext``.
:func:`setup` wires eight things:

1. **Renderer.** Declares the static renderer for the pages it executes by setting
   ``CASEBOOK_RENDERER=static`` unless the caller chose already (kernels inherit it).
2. **Offline Vega** (:mod:`~casebook.sphinxext.vega`): the Vega, Vega-Lite and
   Vega-Embed libraries that match the installed Altair, on every page, first.
3. **Offline MathJax** (:mod:`~casebook.sphinxext.mathjax`): MathJax 3 copied from
   the installed sphinx-mathjax-offline package.
4. **Quizzes** (:mod:`~casebook.sphinxext.quiz`): the ``quiz`` and ``quiz-option``
   directives, made interactive by ``static/cb-quiz.js``.
5. **Bibliography** (:mod:`~casebook.sphinxext.bibliography`): the bibliography page
   lists only the works the pages cite.
6. **Classroom notebooks** (:mod:`~casebook.sphinxext.notebooks`): each chapter page
   links its executed and student notebooks (``make notebooks``, made before the
   build) and the site holds them in ``notebooks/``.
7. **Execution cache** (:mod:`~casebook.sphinxext.execution`): myst-nb's cache lives
   in a folder keyed on ``data/``, ``casebook/`` and the pinned environment
   (:mod:`casebook.buildcache`, which ``make book`` fills in parallel first).
8. **Light pages** (:mod:`~casebook.sphinxext.lightpages`): a page loads only the
   scripts it uses, and the theme's Font Awesome is cut to the icons the site shows.

The book's own CSS and scripts are in ``casebook/static``: ``casebook.css``, and the
kernel-free forms' ``cb-differential.js`` (the marrow differential) and ``cb-pathway.js``
(the therapy decision pathway), registered here and loaded by the pages that use them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from casebook import render
from casebook.sphinxext import bibliography, execution, lightpages, mathjax, notebooks, quiz, vega
from casebook.sphinxext.mathjax import MATHJAX_PARTS, MATHJAX_PATH, copy_mathjax, mathjax_source
from casebook.sphinxext.quiz import QuizDirective, QuizOptionDirective
from casebook.sphinxext.vega import BUNDLE_NAME, DEBUG_NAME, VEGA_PRIORITY, vendor_vega

__all__ = [
    "STATIC_DIR",
    "BUNDLE_NAME",
    "DEBUG_NAME",
    "VEGA_PRIORITY",
    "vendor_vega",
    "MATHJAX_PATH",
    "MATHJAX_PARTS",
    "mathjax_source",
    "copy_mathjax",
    "QuizDirective",
    "QuizOptionDirective",
    "setup",
]

#: The book's CSS and scripts (``casebook/static``).
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# After the Vega bundle, which the page scripts may use.
SCRIPT_PRIORITY = VEGA_PRIORITY + 10


def _on_config_inited(app: Sphinx, config: Any) -> None:
    os.environ.setdefault(render.ENV_VAR, "static")
    config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> dict[str, Any]:
    # The Vega folder goes on html_static_path before casebook/static: vega first.
    vega.setup(app)
    mathjax.setup(app)
    execution.setup(app)
    app.connect("config-inited", _on_config_inited)
    quiz.setup(app, priority=SCRIPT_PRIORITY)
    bibliography.setup(app)
    notebooks.setup(app)
    app.add_js_file("cb-differential.js", priority=SCRIPT_PRIORITY)
    app.add_js_file("cb-pathway.js", priority=SCRIPT_PRIORITY)
    app.add_js_file("cb-a11y.js", priority=SCRIPT_PRIORITY)  # charts: actions menu, empty marks
    app.add_css_file("casebook.css")
    lightpages.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
