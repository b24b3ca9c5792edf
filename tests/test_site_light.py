"""Light pages (:mod:`casebook.sphinxext.lightpages`): each page loads what it uses.

Browser tests on the built site: a page loads the Vega bundle only when it has a
chart, each form's script only when it has that form, never sphinx-thebe; every
theme icon is drawn by the cut-down ``fontawesome.js``. That check runs on every page
as ``test_site.py::test_each_page_loads_only_the_scripts_it_uses_and_draws_every_icon``
(one load of each page shared with the site's other per-page checks);
``test_the_script_check_catches_*`` here shows ``site_support.check_scripts_and_icons``
failing on pages broken on purpose. Unit tests: the icon packs are read from the
theme's bundle, and a missing icon stops the build in a sentence.
"""

from __future__ import annotations

import re

import pytest
from sphinx.errors import ExtensionError

from casebook.sphinxext import lightpages
from tests import site_support as site


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


# The check of every page (site.check_scripts_and_icons) on pages broken on purpose.
A_CHART_WITHOUT_ITS_BUNDLE = """<main><div class="vega-embed"></div>
<script src="_static/cb-differential.js"></script><script src="_static/sphinx-thebe.js"></script>
</main>"""
AN_ICON_LEFT_UNDRAWN = '<main><i class="fa-solid fa-bars"></i></main>'


def test_the_script_check_catches_a_missing_bundle_and_unused_scripts(page):
    page.set_content(A_CHART_WITHOUT_ITS_BUNDLE)
    with pytest.raises(AssertionError) as failed:
        site.check_scripts_and_icons(page, "seeded.html")
    assert str(failed.value).startswith(
        "seeded.html: scripts loaded where unused or missing where used: "
        "{'cb-vega-bundle.js': True, 'cb-differential.js': False, 'sphinx-thebe.js': False}"
    ), failed.value


def test_the_script_check_catches_an_icon_left_undrawn(page):
    page.set_content(AN_ICON_LEFT_UNDRAWN)
    with pytest.raises(
        AssertionError, match=r"seeded.html: icons not drawn: \['fa-solid fa-bars'\]"
    ):
        site.check_scripts_and_icons(page, "seeded.html")


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
