"""Offline Vega: the Vega, Vega-Lite and Vega-Embed libraries on every page.

Writes the libraries that match the installed Altair into a cache folder
(``.cache/vendor/<versions>/``) and adds them to every page with a priority below
500, plus a tiny script that tells Altair's embed code the libraries are already
loaded, so no page asks a CDN. Generated from the installed packages (vl-convert),
so an upgrade cannot leave a mismatch. The bundle ends with :data:`IN_ORDER`: a page's
charts are drawn one at a time, in page order, each painted before the next starts.

It also keeps the build's folder out of the site: Sphinx hashes ``html_static_path``
and ``templates_path`` into ``_build/html/.buildinfo`` (the fingerprint its incremental
build compares), so an absolute entry (this folder, ``casebook/static``, the themes'
template folders in the venv) would make two builds of the same sources in different
folders differ. Once every extension has added its entries at ``config-inited``:

* an entry inside the project is rewritten relative to the book's root, which Sphinx
  resolves the same way;
* an entry inside the virtual environment (wherever it lives: the project's ``.venv``
  or a shared one) is copied with its parent folder (a theme's components include
  ``../macros/``), keeping its files' times, to ``_build/.venv-paths/``, named there by
  its path inside the environment, and given relative too.

So two clones, each with its own venv, write the same ``.buildinfo``
(``tests/test_reproducible.py`` builds its copy with a venv outside it).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from casebook import render

__all__ = ["BUNDLE_NAME", "DEBUG_NAME", "VEGA_PRIORITY", "vendor_vega", "setup"]

BUNDLE_NAME = "cb-vega-bundle.js"
DEBUG_NAME = "cb-vega-preload.js"
# Below 500 so the libraries are defined before any other page script runs.
VEGA_PRIORITY = 200


def _vega_sources() -> dict[str, str]:
    """Versions of what Altair asks for and what vl-convert can bundle."""
    import altair as alt
    import vl_convert as vlc

    return {
        "altair": alt.__version__,
        "vl_convert": vlc.__version__,
        "vegalite_requested": alt.VEGALITE_VERSION,
        "vega_requested": alt.VEGA_VERSION,
        "vegaembed_requested": alt.VEGAEMBED_VERSION,
        "vega_bundled": vlc.get_vega_version(),
        "vegaembed_bundled": vlc.get_vega_embed_version(),
    }


#: Appended to the bundle: the charts of a page are drawn one at a time, in page order,
#: and the browser paints each before the next starts. Altair's embed code calls
#: ``vegaEmbed`` for every chart as the page is parsed; left alone, every chart of a
#: page is compiled and drawn before the first one is painted (measured: the second
#: and later charts of a chapter cost 150 to 400 ms each). A chart waiting its turn
#: already carries the ``vega-embed`` class, so a check that waits until every
#: ``.vega-embed`` holds an SVG waits for it too.
IN_ORDER = """
/* casebook.sphinxext.vega: charts are drawn one at a time, in page order; the browser
   paints each before the next starts, so the first chart shows without waiting. */
(function () {
  "use strict";
  var embed = window.vegaEmbed, line = [], busy = false;
  function pump() {
    if (busy || !line.length) { return; }
    busy = true;
    var job = line.shift(), done = false;
    function next() { if (!done) { done = true; busy = false; pump(); } }
    embed(job.el, job.spec, job.opt).then(job.resolve, job.reject).then(function () {
      window.requestAnimationFrame(function () { window.setTimeout(next, 0); });
      window.setTimeout(next, 100);  /* a hidden tab has no animation frames */
    });
  }
  function inOrder(el, spec, opt) {
    var target = typeof el === "string" ? document.querySelector(el) : el;
    if (target && target.classList) { target.classList.add("vega-embed"); }
    return new Promise(function (resolve, reject) {
      line.push({el: el, spec: spec, opt: opt, resolve: resolve, reject: reject});
      pump();
    });
  }
  Object.keys(embed).forEach(function (k) { inOrder[k] = embed[k]; });
  window.vegaEmbed = inOrder;
})();
"""


def _major(version: str) -> str:
    return version.lstrip("v").split(".")[0]


def vendor_vega(cache_root: Path) -> Path:
    """Write the Vega bundle and preload script into a versioned cache folder.

    Returns the folder. A second call with the same installed versions reuses the
    files (generating the bundle takes seconds). Raises ``ExtensionError`` when the
    installed vl-convert cannot supply what the installed Altair asks for.
    """
    import vl_convert as vlc

    info = _vega_sources()
    vl_minor = ".".join(info["vegalite_requested"].lstrip("v").split(".")[:2])
    if vl_minor not in vlc.get_vegalite_versions():
        raise ExtensionError(
            f"vl-convert {info['vl_convert']} cannot bundle Vega-Lite {vl_minor}, which "
            f"Altair {info['altair']} emits; upgrade vl-convert-python in pyproject.toml."
        )
    for lib in ("vega", "vegaembed"):
        if _major(info[f"{lib}_bundled"]) != _major(info[f"{lib}_requested"]):
            raise ExtensionError(
                f"vl-convert bundles {lib} {info[f'{lib}_bundled']} but Altair asks for "
                f"{info[f'{lib}_requested']}; pin matching versions."
            )
    stamp = {**info, "in_order": hashlib.sha256(IN_ORDER.encode()).hexdigest()}
    key = hashlib.sha256(json.dumps(stamp, sort_keys=True).encode()).hexdigest()[:12]
    folder = cache_root / f"vega-{key}"
    bundle = folder / BUNDLE_NAME
    preload = folder / DEBUG_NAME
    if bundle.is_file() and preload.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    code = vlc.javascript_bundle(vl_version=vl_minor)
    # An IIFE keeps the bundle's top-level names from clashing with Sphinx's scripts;
    # the bundle itself assigns window.vega, window.vegaLite and window.vegaEmbed.
    tmp = bundle.with_suffix(".tmp")
    tmp.write_text(
        f"/* Vega {info['vega_bundled']}, Vega-Lite {vl_minor}, Vega-Embed "
        f"{info['vegaembed_bundled']}: generated by casebook.sphinxext from vl-convert "
        f"{info['vl_convert']} for Altair {info['altair']}. */\n(function(){{\n{code}\n}})();\n"
        + IN_ORDER,
        encoding="utf-8",
    )
    tmp.replace(bundle)
    # Altair's embed script skips loading a library from its CDN when
    # VEGA_DEBUG[<lib>_version] equals the version it wants.
    preload.write_text(
        "/* Tells Altair's embed code that the site already loaded Vega. */\n"
        f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, "
        f"{json.dumps(render.vega_versions(), sort_keys=True)});\n",
        encoding="utf-8",
    )
    return folder


def _on_config_inited(app: Sphinx, config: Any) -> None:
    folder = vendor_vega(Path(app.confdir) / ".cache" / "vendor")
    config.html_static_path.append(str(folder))


#: The path settings Sphinx fingerprints in ``.buildinfo``.
STABLE_PATH_SETTINGS = ("html_static_path", "templates_path")
#: Where folders of the virtual environment are copied (relative to the book's root).
VENV_COPIES = Path("_build") / ".venv-paths"


def _stable_entry(entry: str, root: Path, venv: Path) -> str:
    """``entry`` as a path relative to the book's root (see the module docstring)."""
    path = Path(entry)
    if not path.is_absolute():
        return entry
    resolved = path.resolve()
    if resolved.is_relative_to(venv) and resolved.is_dir():
        # With its parent folder: a theme's components include "../macros/...".
        parent = resolved.parent
        copy = VENV_COPIES / parent.relative_to(venv).as_posix().replace("/", "__")
        # copy2 keeps each file's time, so Sphinx sees no newer template on a rebuild.
        shutil.copytree(parent, root / copy, dirs_exist_ok=True)
        return (copy / resolved.name).as_posix()
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return entry


def _relative_static_paths(app: Sphinx, config: Any) -> None:
    """Every path setting's absolute entries made relative to the book's root."""
    root, venv = Path(app.confdir).resolve(), Path(sys.prefix).resolve()
    for name in STABLE_PATH_SETTINGS:
        setattr(config, name, [_stable_entry(e, root, venv) for e in getattr(config, name)])


def setup(app: Sphinx) -> None:
    """Vendor the bundle when the configuration is read; load it first on every page."""
    app.connect("config-inited", _on_config_inited)
    # After every other extension's config-inited handler (default priority 500).
    app.connect("config-inited", _relative_static_paths, priority=900)
    app.add_js_file(DEBUG_NAME, priority=VEGA_PRIORITY - 1)
    app.add_js_file(BUNDLE_NAME, priority=VEGA_PRIORITY)
