"""Light pages (:mod:`casebook.sphinxext.lightpages`): each page loads what it uses.

Browser tests on the built site: a page loads the Vega bundle only when it has a
chart, each form's script only when it has that form, never sphinx-thebe; every
theme icon is drawn by the cut-down ``fontawesome.js``. Unit tests: the icon packs
are read from the theme's bundle, and a missing icon stops the build in a sentence.
"""

from __future__ import annotations

import re

import pytest
from sphinx.errors import ExtensionError

from casebook.sphinxext import lightpages
from tests import site_support as site

# Every page but the root's redirect (a meta refresh to the landing page, no scripts).
PAGES = [
    path
    for path in (site.site_pages() if (site.HTML_DIR / "book" / "intro.html").is_file() else [])
    if 'http-equiv="Refresh"' not in (site.HTML_DIR / path).read_text(encoding="utf-8")[:500]
]


def _scripts(page) -> set[str]:
    return set(
        page.evaluate(
            """() => Array.from(document.querySelectorAll('script[src]'))
                     .map(s => s.getAttribute('src').split('?')[0].split('/').pop())"""
        )
    )


@pytest.mark.parametrize("path", PAGES)
def test_each_page_loads_only_the_scripts_it_uses_and_draws_every_icon(page, base_url, path):
    log = site.watch(page)
    page.goto(f"{base_url}/{path}", wait_until="load")
    site.wait_for_charts(page)
    scripts = _scripts(page)
    has = page.evaluate(
        """() => ({
            chart: document.querySelectorAll('.vega-embed').length > 0,
            quiz: document.querySelectorAll('.cb-quiz').length > 0,
            differential: document.querySelectorAll('form.cb-differential').length > 0,
            pathway: document.querySelectorAll('form.cb-pathway').length > 0,
        })"""
    )
    expected = {
        "cb-vega-bundle.js": has["chart"],
        "cb-quiz.js": has["quiz"],
        "cb-differential.js": has["differential"],
        "cb-pathway.js": has["pathway"],
        "sphinx-thebe.js": False,
    }
    wrong = {name: want for name, want in expected.items() if (name in scripts) != want}
    assert wrong == {}, f"{path}: scripts loaded where unused or missing where used: {wrong}"
    # Every icon the theme wrote as <i class="fa-…"> is an inline SVG with a drawn path.
    icons = page.evaluate(
        """() => ({
            left: Array.from(document.querySelectorAll("i[class*='fa-'], span[class*='fa-']"))
                  .map(i => i.className),
            drawn: Array.from(document.querySelectorAll('svg.svg-inline--fa path'))
                   .filter(p => (p.getAttribute('d') || '').length > 10).length,
        })"""
    )
    assert icons["left"] == [], f"{path}: icons not drawn: {icons['left']}"
    assert icons["drawn"] >= 5, f"{path}: only {icons['drawn']} icons drawn"
    assert log.problems() == [], f"{path}: {log.problems()}"


def test_an_icon_a_script_adds_later_is_drawn(page, base_url):
    """The theme's scripts add icons after load (e.g. a banner's close button)."""
    page.goto(f"{base_url}/book/intro.html", wait_until="load")
    page.evaluate(
        """() => { const i = document.createElement('i');
                   i.className = 'fa-solid fa-xmark'; i.id = 'late-icon';
                   document.body.appendChild(i); }"""
    )
    page.wait_for_selector("svg#late-icon.svg-inline--fa[data-icon='xmark'] path", timeout=5000)


def test_the_icon_script_is_small():
    text = (site.HTML_DIR / "_static" / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    assert text.startswith("/* Font Awesome icons used by this site only")
    assert len(text.encode()) < 30_000, f"fontawesome.js is {len(text.encode())} bytes"


# ------------------------------------------------------------------------- unit


@pytest.fixture(scope="module")
def packs():
    return lightpages.icon_packs(lightpages._theme_fontawesome().read_text(encoding="utf-8"))


@pytest.mark.unit
def test_the_theme_bundle_holds_three_packs_with_their_icons(packs):
    assert set(packs) == {"fas", "far", "fab"}
    assert "bars" in packs["fas"] and "magnifying-glass" in packs["fas"]
    assert "github" in packs["fab"] and "github" not in packs["fas"]
    width, height, path = packs["fas"]["bars"]
    assert (width, height) == (448, 512) and re.match(r"^M[\d.]", path)
    assert len(packs["fas"]) > 1000  # the whole solid pack was read, not a prefix of it


@pytest.mark.unit
def test_icons_are_read_from_class_attributes(packs):
    html = '<i class="theme-switch fa-solid fa-sun fa-lg"></i><span class="fab fa-github"></span>'
    assert lightpages.icons_used(html) == {("fas", "sun"), ("fab", "github")}
    script = lightpages.icon_script(packs, lightpages.icons_used(html))
    assert '"fas:sun"' in script and '"fab:github"' in script and '"fas:bars"' not in script


@pytest.mark.unit
def test_an_icon_no_pack_holds_stops_the_build(packs):
    with pytest.raises(ExtensionError, match="Font Awesome does not hold: fa-no-such-icon"):
        lightpages.icon_script(packs, {("fas", "no-such-icon")})
    # ...but one a script merely mentions is skipped.
    assert '"fas:no-such-icon"' not in lightpages.icon_script(
        packs, set(), {("fas", "no-such-icon")}
    )
