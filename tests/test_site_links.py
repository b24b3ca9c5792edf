"""Links: every internal link of the built site resolves, offline, with no browser.

For every HTML page in ``_build/html`` (not the theme's Jinja templates that Sphinx
copies into ``_static/`` as plain files): each ``href``, ``src``, ``srcset``, ``poster``
and ``data`` attribute, and each ``url(...)`` in a ``<style>`` block or ``style``
attribute; and each ``url(...)`` in the site's CSS files. An internal link must lead to
a file of the site (a folder means its ``index.html``), and its ``#fragment``, on an
HTML page, to an element ``id`` (or an ``<a name>``) of that page. External links
(``http:``, ``https:``, ``mailto:``, ``//host``) are listed, never fetched; an asset
(anything but ``<a href>``) must never be external: the site is read offline.

Cross-references inside the book (``{ref}``, ``{doc}``, ``{term}``, citations) are
checked earlier by Sphinx: ``make book`` builds with ``-n -W`` (nitpicky, warnings are
errors), so an unresolved reference stops the build. This test checks what Sphinx
wrote, including links Sphinx does not check (raw HTML, theme assets, CSS).

Needs ``_build/html`` (``make test`` builds it first); no Chromium.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests import site_support as site

if not (site.HTML_DIR / "book" / "intro.html").is_file():  # pragma: no cover
    pytest.fail("the site is not built: run `make book` (make test does it for you)", pytrace=False)

LINK_ATTRIBUTES = {"href", "src", "srcset", "poster", "data"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
IGNORED_SCHEMES = {"data", "javascript", "blob", "about"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class Link:
    page: str  # site-relative path of the file holding it
    tag: str  # "a", "link", "img", ... or "css" for url(...)
    attribute: str
    url: str

    def __str__(self) -> str:
        return f'{self.page}: <{self.tag} {self.attribute}="{self.url}">'

    @property
    def is_asset(self) -> bool:
        """Everything but a link a reader follows (``<a href>``, ``<area href>``)."""
        return not (self.tag in ("a", "area") and self.attribute == "href")


class _Page(HTMLParser):
    """One HTML file's links and element ids."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append(Link(self.name, tag, name, candidate.split()[0]))
            elif name in LINK_ATTRIBUTES and (name != "data" or tag == "object"):
                self.links.append(Link(self.name, tag, name, value.strip()))
            elif name == "style":
                self.links += css_links(self.name, value, tag=tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.links += css_links(self.name, data, tag="style")


def css_links(name: str, css: str, tag: str = "css") -> list[Link]:
    return [
        Link(name, tag, "url", m["url"].strip())
        for m in _CSS_URL.finditer(_CSS_COMMENT.sub("", css))
    ]


@dataclass
class Report:
    broken: list[str]
    external: list[Link]
    checked: int


def check_site(root: Path) -> Report:
    """Every internal link under ``root`` resolved; the broken ones, and the external ones."""
    pages: dict[str, _Page] = {}
    links: list[Link] = []
    for path in sorted(root.rglob("*.html")):
        if path.relative_to(root).parts[0] == "_static":
            continue  # the theme's Jinja templates, copied as files, never served as pages
        page = _Page(path.relative_to(root).as_posix())
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        page.close()
        pages[page.name] = page
        links += page.links
    for path in sorted(root.rglob("*.css")):
        links += css_links(
            path.relative_to(root).as_posix(), path.read_text(encoding="utf-8", errors="replace")
        )

    broken: list[str] = []
    external: list[Link] = []
    for link in links:
        parts = urlsplit(link.url)
        scheme = parts.scheme.lower()
        if scheme in IGNORED_SCHEMES:
            continue
        if scheme in EXTERNAL_SCHEMES or link.url.startswith("//"):
            external.append(link)
            if link.is_asset:
                broken.append(f"{link} -> an external asset (the site must work offline)")
            continue
        if scheme:
            broken.append(f"{link} -> unknown scheme {scheme!r}")
            continue
        if parts.path.startswith("/"):
            broken.append(f"{link} -> absolute path (breaks under a sub-path and offline)")
            continue
        here = (root / link.page).parent
        target = (here / unquote(parts.path)).resolve() if parts.path else (root / link.page)
        if not target.is_relative_to(root.resolve()):
            broken.append(f"{link} -> outside the site ({target})")
            continue
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link} -> missing file {target.relative_to(root.resolve()).as_posix()}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html":
            key = target.relative_to(root.resolve()).as_posix()
            if fragment not in pages[key].ids:
                broken.append(f"{link} -> no element with id {fragment!r} in {key}")
    return Report(broken=broken, external=external, checked=len(links))


# ------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def report() -> Report:
    return check_site(site.HTML_DIR)


def test_every_internal_link_resolves(report: Report) -> None:
    assert report.checked > 1000, f"only {report.checked} links found: is the parser broken?"
    assert report.broken == [], f"{len(report.broken)} broken link(s):\n  " + "\n  ".join(
        report.broken
    )


def test_external_links_are_listed_and_none_is_an_asset(report: Report) -> None:
    """External links are reader-followed ``<a href>`` only; printed, never fetched."""
    assets = [str(link) for link in report.external if link.is_asset]
    assert assets == []
    targets = sorted({link.url for link in report.external})
    print(f"{len(targets)} external link target(s), not fetched:", *targets, sep="\n  ")
    assert all(not link.is_asset for link in report.external)


# ----------------------------------------------------------------- the checker, proven


def _page(links: str, ids: str = "") -> str:
    return f"<html><body>{ids}{links}</body></html>"


def test_the_checker_on_a_tiny_site(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "a.css").write_text(
        "body{background:url('missing.png')} /* url(x.png) */"
    )
    (tmp_path / "_static" / "logo.png").write_bytes(b"")
    (tmp_path / "index.html").write_text(_page('<a href="book/p.html#there">p</a>'))
    (tmp_path / "book" / "p.html").write_text(
        _page(
            '<a href="#here">ok</a><a href="#nowhere">bad</a><a href="q.html">gone</a>'
            '<img src="../_static/logo.png" srcset="../_static/logo.png 1x, ../_static/big.png 2x">'
            '<script src="https://cdn.example.org/x.js"></script>'
            '<a href="https://example.org/paper">paper</a><a href="/abs.html">abs</a>'
            '<link rel="stylesheet" href="../_static/a.css?v=1"><div style="background:url(../_static/logo.png)"></div>',
            ids='<h1 id="here">H</h1><span id="there"></span>',
        )
    )
    found = check_site(tmp_path)
    assert found.broken == [
        "book/p.html: <a href=\"#nowhere\"> -> no element with id 'nowhere' in book/p.html",
        'book/p.html: <a href="q.html"> -> missing file book/q.html',
        'book/p.html: <img srcset="../_static/big.png"> -> missing file _static/big.png',
        'book/p.html: <script src="https://cdn.example.org/x.js"> -> an external asset (the site must work offline)',
        'book/p.html: <a href="/abs.html"> -> absolute path (breaks under a sub-path and offline)',
        '_static/a.css: <css url="missing.png"> -> missing file _static/missing.png',
    ]
    assert [link.url for link in found.external] == [
        "https://cdn.example.org/x.js",
        "https://example.org/paper",
    ]


def _broken_copy(tmp_path: Path) -> Path:
    """The built site copied, with one asset deleted and one anchor broken."""
    copy = tmp_path / "site"
    shutil.copytree(site.HTML_DIR, copy)
    (copy / "_static" / "casebook.css").unlink()
    intro = copy / "book" / "intro.html"
    text = intro.read_text(encoding="utf-8")
    anchor = re.search(r'href="(glossary\.html#[^"]+)"', text)
    assert anchor, "book/intro.html links no glossary term any more: pick another anchor"
    intro.write_text(text.replace(anchor[1], "glossary.html#no-such-term", 1), encoding="utf-8")
    return copy


def test_a_deleted_asset_and_a_bad_anchor_are_caught(tmp_path: Path) -> None:
    broken = check_site(_broken_copy(tmp_path)).broken
    deleted = [b for b in broken if "-> missing file _static/casebook.css" in b]
    anchors = [b for b in broken if "'no-such-term'" in b]
    assert deleted and all("<link href=" in b for b in deleted), broken[:5]
    assert any(b.startswith("book/intro.html: <link href=") for b in deleted), deleted[:5]
    assert anchors == [
        'book/intro.html: <a href="glossary.html#no-such-term"> -> no element with id '
        "'no-such-term' in book/glossary.html"
    ]
    assert len(broken) == len(deleted) + len(anchors), "nothing else should be broken"
