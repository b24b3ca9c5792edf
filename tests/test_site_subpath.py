"""The built site works from a sub-path, as GitHub Pages serves a project site.

GitHub Pages publishes a repository's site at ``https://<owner>.github.io/<repo>/``, and
any static host may put it under a folder. A module fixture copies ``_build/html`` to
``<tmp>/marrow-first/`` and serves ``<tmp>``; Debian's Chromium then opens the root
redirect, the landing page, a chart page and the glossary under ``/marrow-first/``. Every
local request must succeed (a 404 is what an absolute ``/_static/...`` link gives there),
charts draw, and nothing leaves the machine.

``test_an_absolute_link_is_caught`` adds one absolute ``/_static/`` stylesheet to a copy
of a page and asserts that the same check reports it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import site_support as site

SUBPATH = "marrow-first"
PAGES = ["book/intro.html", "book/marrow.html", "book/glossary.html"]

site.require_built(PAGES[1])


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Path:
    """``<tmp>`` holding the built site at ``<tmp>/marrow-first/``."""
    root = tmp_path_factory.mktemp("host")
    shutil.copytree(site.HTML_DIR, root / SUBPATH)
    return root


def subpath_problems(page, url: str) -> list[str]:
    """Everything :func:`site.static_page_problems` reports, plus every local 4xx/5xx."""
    bad: list[str] = []
    page.on(
        "response",
        lambda r: site.is_local(r.url) and r.status >= 400 and bad.append(f"{r.status} {r.url}"),
    )
    problems = site.static_page_problems(page, url)
    return problems + [f"local request failed: {b}" for b in bad]


def test_the_root_redirects_to_the_landing_page_under_the_subpath(hosted, page):
    with site.serve(hosted) as url:
        log = site.watch(page)
        page.goto(f"{url}/{SUBPATH}/", wait_until="load")
        page.wait_for_url(f"**/{SUBPATH}/book/intro.html")
        assert log.problems() == []


@pytest.mark.parametrize("path", PAGES)
def test_a_page_works_under_the_subpath(hosted, page, path):
    with site.serve(hosted) as url:
        problems = subpath_problems(page, f"{url}/{SUBPATH}/{path}")
        if path == "book/marrow.html":
            assert site.chart_mark_counts(page), "the chart page drew no chart"
    assert problems == []


def test_the_sidebar_links_stay_under_the_subpath(hosted, page):
    with site.serve(hosted) as url:
        page.goto(f"{url}/{SUBPATH}/book/intro.html", wait_until="load")
        hrefs = page.eval_on_selector_all(
            "nav.bd-docs-nav a.reference.internal", "els => els.map(a => a.href)"
        )
    assert len(hrefs) >= 10
    outside = [h for h in hrefs if not h.startswith(f"{url}/{SUBPATH}/")]
    assert outside == []


def test_an_absolute_link_is_caught(hosted, page, tmp_path):
    broken = tmp_path / SUBPATH
    shutil.copytree(hosted / SUBPATH, broken)
    glossary = broken / "book" / "glossary.html"
    html = glossary.read_text()
    glossary.write_text(
        html.replace("</head>", '<link rel="stylesheet" href="/_static/casebook.css">\n</head>', 1)
    )
    with site.serve(tmp_path) as url:
        problems = subpath_problems(page, f"{url}/{SUBPATH}/book/glossary.html")
    assert any("404" in p and p.endswith("/_static/casebook.css") for p in problems), problems
