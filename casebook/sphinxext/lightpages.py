"""Light pages: each page loads only the scripts it uses, and only the icons the site shows.

Two things, both measured in ``BENCHMARKS.md`` (``make benchmark``):

1. **Scripts per page.** Sphinx adds every registered script to every page. On
   ``html-page-context`` this module drops, from a page whose HTML does not use it:
   the Vega bundle and its preload (no chart), the quiz, differential and pathway
   scripts (no such form), the copy button (no code block), sphinx-design's tabs (no
   tab set); and sphinx-thebe's script and style everywhere (Thebe is off:
   ``launch_buttons.thebe: false``; nothing on a page can start it).
2. **Icons.** The theme loads Font Awesome's JavaScript on every page: 1.5 MB (about
   540 kB gzipped) holding some 2,000 icons, of which the site shows about 20. When the
   build finishes, ``_static/scripts/fontawesome.js`` is replaced by a script of the same
   name holding only the icons named in the built pages and in the theme's own
   scripts (which add a few, e.g. ``fa-xmark``), read from the installed theme's copy.
   It does what Font Awesome's does for them: each ``<i class="fa-solid fa-…">``
   becomes an inline ``<svg>`` (``aria-hidden``, the same classes and attributes), now
   and whenever a script adds one later. A name the theme's copy does not hold stops
   the build in a sentence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

__all__ = [
    "SCRIPT_USED_BY",
    "ALWAYS_DROPPED",
    "icon_packs",
    "icons_used",
    "icons_named",
    "icon_script",
    "setup",
]

#: script file -> a marker its page's HTML must contain for the script to load.
SCRIPT_USED_BY = {
    "cb-vega-preload.js": "vegaEmbed(",
    "cb-vega-bundle.js": "vegaEmbed(",
    "cb-quiz.js": "cb-quiz",
    "cb-differential.js": "cb-differential",
    "cb-pathway.js": "cb-pathway",
    "clipboard.min.js": 'class="highlight',
    "copybutton.js": 'class="highlight',
    "design-tabs.js": "sd-tab-set",
}
#: Never used on this site.
ALWAYS_DROPPED = frozenset({"sphinx-thebe.js", "sphinx-thebe.css"})

_PREFIXES = {
    "fa-solid": "fas",
    "fas": "fas",
    "fa-regular": "far",
    "far": "far",
    "fa-brands": "fab",
    "fab": "fab",
}
# Classes that style an icon rather than name one.
_MODIFIERS = re.compile(
    r"^(solid|regular|brands|lg|xs|sm|xl|[1-9]?[0-9]?x|fw|width-auto|spin|pulse|beat|fade|"
    r"bounce|flip|shake|border|pull-left|pull-right|inverse|stack|stack-1x|stack-2x|rotate-\d+|"
    r"rotate-by|flip-horizontal|flip-vertical|flip-both|ul|li|sr-only)$"
)
_CLASS_ATTR = re.compile(r"""class\s*=\s*["']([^"']*)["']""")
_FA_NAME = re.compile(r"(?<![\w-])fa-([a-z0-9-]+)")
_ENTRY = re.compile(
    r'(?:"(?P<q>[a-z0-9-]+)"|(?P<u>[a-z0-9]+)):\[(?P<w>\d+),(?P<h>\d+),\[[^\]]*\],'
    r'(?:"[^"]*"|\d+),"(?P<d>[^"]+)"\]'
)
_PACK_START = re.compile(r"var \w+=\{(?=(?:\"[a-z0-9-]+\"|[a-z0-9]+):\[\d+,\d+,\[)")


def _filename(asset: Any) -> str:
    return Path(str(getattr(asset, "filename", asset)).split("?")[0]).name


def _on_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body") or ""

    def keep(asset: Any) -> bool:
        name = _filename(asset)
        if name in ALWAYS_DROPPED:
            return False
        marker = SCRIPT_USED_BY.get(name)
        return marker is None or marker in body

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if keep(js)]
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if keep(css)]


# ------------------------------------------------------------------------------ icons


def icon_packs(source: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """Font Awesome's bundled icon packs: prefix (fas, far, fab) -> name -> (width, height, path)."""
    packs: dict[str, dict[str, tuple[int, int, str]]] = {}
    for start in _PACK_START.finditer(source):
        icons, pos = {}, start.end()
        while entry := _ENTRY.match(source, pos):
            icons[entry["q"] or entry["u"]] = (int(entry["w"]), int(entry["h"]), entry["d"])
            pos = entry.end() + (source[entry.end()] == ",")
        prefix = re.search(r'"(fa[a-z])"', source[pos : pos + 3000])
        if icons and prefix:
            packs.setdefault(prefix.group(1), {}).update(icons)
    return packs


def icons_used(html: str) -> set[tuple[str, str]]:
    """(prefix, name) of every icon the class attributes in ``html`` name (``fa-solid fa-bars``)."""
    used = set()
    for match in _CLASS_ATTR.finditer(html):
        words = match.group(1).split()
        prefix = next((_PREFIXES[w] for w in words if w in _PREFIXES), "fas")
        for word in words:
            name = word[3:] if word.startswith("fa-") else None
            if name and not _MODIFIERS.match(name):
                used.add((prefix, name))
    return used


def icons_named(script: str) -> set[tuple[str, str]]:
    """Every ``fa-<name>`` a script mentions, as a solid icon (the theme adds ``fa-xmark``)."""
    return {("fas", n) for n in _FA_NAME.findall(script) if not _MODIFIERS.match(n)}


_RUNTIME = """(function () {
  "use strict";
  var ICONS = %(icons)s;
  var PREFIX = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far",
                "fa-brands": "fab", "fab": "fab"};
  var style = document.createElement("style");
  style.textContent = ".svg-inline--fa{display:inline-block;height:1em;overflow:visible;" +
    "box-sizing:content-box;vertical-align:-.125em}.svg-inline--fa.fa-lg{font-size:1.25em;" +
    "line-height:.05em;vertical-align:-.2em}.svg-inline--fa.fa-fw{width:1.25em;text-align:center}";
  document.head.appendChild(style);
  function swap(el) {
    if (el.namespaceURI === "http://www.w3.org/2000/svg") { return; }
    var prefix = "fas", name = null;
    el.classList.forEach(function (c) {
      if (PREFIX[c]) { prefix = PREFIX[c]; }
      else if (c.indexOf("fa-") === 0 && ICONS[prefix + ":" + c.slice(3)]) { name = c.slice(3); }
    });
    el.classList.forEach(function (c) {
      if (!name && c.indexOf("fa-") === 0 && ICONS[prefix + ":" + c.slice(3)]) { name = c.slice(3); }
    });
    var icon = name && ICONS[prefix + ":" + name];
    if (!icon) { return; }
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    Array.prototype.forEach.call(el.attributes, function (a) {
      if (a.name !== "class") { svg.setAttribute(a.name, a.value); }
    });
    svg.setAttribute("class", "svg-inline--fa " + el.className);
    svg.setAttribute("viewBox", "0 0 " + icon[0] + " " + icon[1]);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("data-icon", name);
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", icon[2]);
    svg.appendChild(path);
    el.replaceWith(svg);
  }
  var SELECTOR = "i[class*='fa-'], span[class*='fa-']";
  function swapAll(root) {
    if (root.matches && root.matches(SELECTOR)) { swap(root); }
    if (root.querySelectorAll) { Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), swap); }
  }
  function start() {
    swapAll(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        Array.prototype.forEach.call(r.addedNodes, function (n) { if (n.nodeType === 1) { swapAll(n); } });
      });
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
"""


def icon_script(
    packs: dict[str, dict[str, tuple[int, int, str]]],
    used: set[tuple[str, str]],
    optional: set[tuple[str, str]] = frozenset(),
) -> str:
    """The replacement ``fontawesome.js``: the used icons and the code that draws them.

    ``used`` icons (named in the pages) must exist: one in no pack raises
    ``ExtensionError`` (a typo in a template, or a theme upgrade that renamed it).
    ``optional`` ones (mentioned in a script) are drawn when they exist.
    """
    icons, missing = {}, []
    for prefix, name in sorted(used | set(optional)):
        pack = packs.get(prefix, {})
        source = pack if name in pack else next((p for p in packs.values() if name in p), None)
        if source is not None:  # a name given another style than its pack: draw the one there is
            icons[f"{prefix}:{name}"] = list(source[name])
        elif (prefix, name) in used:
            missing.append(f"fa-{name}")
    if missing:
        raise ExtensionError(
            f"the pages use icons the theme's Font Awesome does not hold: {', '.join(missing)}"
        )
    header = (
        "/* Font Awesome icons used by this site only (casebook.sphinxext.lightpages), "
        f"{len(icons)} icons from the theme's bundle. Font Awesome Free: icons CC BY 4.0, "
        "code MIT (https://fontawesome.com/license/free). */\n"
    )
    return header + _RUNTIME % {"icons": json.dumps(icons, sort_keys=True, separators=(",", ":"))}


def _theme_fontawesome() -> Path:
    import pydata_sphinx_theme

    path = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    return path / "scripts" / "fontawesome.js"


def _on_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    target = out / "_static" / "scripts" / "fontawesome.js"
    if not target.is_file():
        return
    html = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html")))
    scripts = "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((out / "_static" / "scripts").glob("*.js"))
        if p.name != "fontawesome.js"
    )
    packs = icon_packs(_theme_fontawesome().read_text(encoding="utf-8"))
    if not packs.get("fas"):
        raise ExtensionError(
            "no icon pack found in the theme's fontawesome.js: has its format changed?"
        )
    target.write_text(icon_script(packs, icons_used(html), icons_named(scripts)), encoding="utf-8")


def setup(app: Sphinx) -> None:
    # After the other handlers have added their scripts to the page.
    app.connect("html-page-context", _on_page, priority=900)
    app.connect("build-finished", _on_finished)
