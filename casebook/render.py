"""How charts render: the one place that decides it.

Two modes, chosen explicitly by the environment variable ``CASEBOOK_RENDERER``:

``static``
    Altair's HTML renderer. The static site loads the Vega libraries from its own
    files (``casebook.sphinxext`` vendors them at build time), so the page requests
    nothing from the internet. ``make book`` and the Sphinx extension set this.
``live`` (default)
    Altair's ``jupyter`` renderer with ``offline=True``: a JupyterChart widget whose
    JavaScript is bundled from the installed packages, so charts draw in JupyterLab
    with no internet. This is what instructors get in ``make lab``.
``notebook``
    The chart as Vega-Lite output (``application/vnd.vegalite.v5+json``), which
    JupyterLab draws with no kernel, no trust and no internet. The classroom notebooks
    (``make notebooks``, :mod:`casebook.classroom`) are executed under it and set it
    as their default, so a saved notebook still shows its charts when opened.

We never guess from "is a kernel running?": the static build, nbval and JupyterLab
all run kernels.
"""

from __future__ import annotations

import os

import altair as alt

ENV_VAR = "CASEBOOK_RENDERER"
MODES = ("static", "live", "notebook")
#: The Vega-Lite mimetype JupyterLab 4 draws itself (Altair's own "mimetype" renderer
#: names a v6 type that JupyterLab does not know).
VEGALITE_MIMETYPE = "application/vnd.vegalite.v5+json"
NOTEBOOK_RENDERER = "casebook-notebook"
# SVG puts every mark in the DOM with ARIA labels (screen readers, browser tests);
# the only action offered is exporting the image: no link to the online editor.
# Vega-Embed draws the actions menu as a <details><summary> holding only an icon, with
# no accessible name: static/cb-a11y.js names it (axe's summary-name).
# Legends that share an edge are stacked rather than set side by side, so a chart with
# two legends below it still fits a phone (a Vega config, which Vega-Lite passes on).
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    "config": {
        "legend": {
            "layout": {
                "bottom": {"direction": "vertical", "anchor": "start"},
                "top": {"direction": "vertical", "anchor": "start"},
            }
        }
    },
}


def current_mode() -> str:
    """Return the renderer mode named by ``CASEBOOK_RENDERER`` (default ``live``)."""
    mode = os.environ.get(ENV_VAR, "live").strip().lower() or "live"
    if mode not in MODES:
        raise ValueError(f"{ENV_VAR} must be one of {', '.join(MODES)}, got {mode!r}")
    return mode


def configure(mode: str | None = None) -> str:
    """Enable the Altair renderer for ``mode`` (or the environment's) and return it."""
    mode = current_mode() if mode is None else mode
    if mode not in MODES:
        raise ValueError(f"renderer mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "static":
        alt.renderers.enable("html", embed_options=EMBED_OPTIONS)
    elif mode == "notebook":
        alt.renderers.register(NOTEBOOK_RENDERER, vegalite_bundle)
        alt.renderers.enable(NOTEBOOK_RENDERER)
    else:
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    return mode


def vegalite_bundle(spec: dict, **_: object) -> dict:
    """The ``notebook`` renderer: the Vega-Lite spec under the mimetype JupyterLab draws."""
    description = spec.get("description") or (spec.get("title") or {})
    if isinstance(description, dict):
        description = description.get("text", "")
    if isinstance(description, list):
        description = " ".join(description)
    return {VEGALITE_MIMETYPE: spec, "text/plain": f"<Vega-Lite chart: {description or 'chart'}>"}


def vega_versions() -> dict[str, str]:
    """The library versions Altair's HTML output asks for, keyed as its embed script expects."""
    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


# In a live JupyterChart widget a "container" width measures as 0 px; live charts
# get this fixed width instead (the static site keeps responsive widths).
LIVE_WIDTH_PX = 640


def _fixed_widths(node: object) -> object:
    if isinstance(node, dict):
        return {
            k: (LIVE_WIDTH_PX if k == "width" and v == "container" else _fixed_widths(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_fixed_widths(v) for v in node]
    return node


def for_mode(chart: alt.TopLevelMixin, mode: str | None = None) -> alt.TopLevelMixin:
    """Return ``chart`` ready for the current renderer (``live``, ``notebook``: fixed widths)."""
    mode = current_mode() if mode is None else mode
    if mode == "static":
        return chart
    return alt.Chart.from_dict(_fixed_widths(chart.to_dict()))
