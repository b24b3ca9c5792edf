"""How charts render: the one place that decides it.

Two modes, chosen explicitly by the environment variable ``CASEBOOK_RENDERER``:

``static``
    Altair's HTML output, which the static site draws with the Vega libraries from
    its own files (``casebook.sphinxext`` vendors them at build time), so the page
    requests nothing from the internet. ``make book`` and the Sphinx extension set
    this. Each chart's output also carries the ``notebook`` mode's Vega-Lite bundle:
    the site shows the HTML (myst-nb does not render the Vega-Lite type), and the
    classroom notebooks keep the Vega-Lite and drop the HTML, so one execution of a
    page serves both (:mod:`casebook.classroom`).
    Each chart's element id (``altair-viz-<hex>``) is derived from its spec instead
    of a random UUID (:class:`StableHTMLRenderer`), so two builds of the same sources
    write the same pages (``tests/test_reproducible.py``).
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

import hashlib
import json
import math
import os
from collections import Counter
from typing import Any

import altair as alt
from altair.utils.mimebundle import spec_to_mimebundle
from altair.vegalite.display import HTMLRenderer

ENV_VAR = "CASEBOOK_RENDERER"
MODES = ("static", "live", "notebook")
#: The Vega-Lite mimetype JupyterLab 4 draws itself (Altair's own "mimetype" renderer
#: names a v6 type that JupyterLab does not know).
VEGALITE_MIMETYPE = "application/vnd.vegalite.v5+json"
NOTEBOOK_RENDERER = "casebook-notebook"
STATIC_RENDERER = "casebook-static"
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
        alt.renderers.register(STATIC_RENDERER, static_bundle)
        alt.renderers.enable(STATIC_RENDERER, embed_options=EMBED_OPTIONS)
    elif mode == "notebook":
        alt.renderers.register(NOTEBOOK_RENDERER, vegalite_bundle)
        alt.renderers.enable(NOTEBOOK_RENDERER)
    else:
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    return mode


#: The prefix of every static chart's element id; ``scripts/print_pdf.py`` and the
#: browser tests find charts by it (``[id^="altair-viz-"]``).
CHART_ID_PREFIX = "altair-viz-"


class StableHTMLRenderer(HTMLRenderer):
    """Altair's HTML renderer with an element id derived from the chart, not random.

    The id is ``altair-viz-`` plus the first 16 hex digits of the SHA-256 of the spec
    (canonical JSON); the same spec shown again in the same kernel gets ``-2``, ``-3``,
    ... from a per-renderer counter, so ids stay unique within a page (each page runs
    in a kernel of its own) and equal from one build to the next.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: Counter[str] = Counter()

    def chart_id(self, spec: dict) -> str:
        canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
        self._shown[digest] += 1
        count = self._shown[digest]
        return f"{CHART_ID_PREFIX}{digest}" + (f"-{count}" if count > 1 else "")

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        kwargs = self.kwargs.copy()
        kwargs.update(**metadata, output_div=self.chart_id(spec))
        return spec_to_mimebundle(spec, format="html", **kwargs)


# The same options as Altair's own "html" renderer.
_STATIC_RENDERER = StableHTMLRenderer(
    mode="vega-lite",
    template="universal",
    vega_version=alt.VEGA_VERSION,
    vegaembed_version=alt.VEGAEMBED_VERSION,
    vegalite_version=alt.VEGALITE_VERSION,
)


def vegalite_bundle(spec: dict, **_: object) -> dict:
    """The ``notebook`` renderer: the Vega-Lite spec under the mimetype JupyterLab draws.

    The spec is made kernel-ready first (:func:`_fixed_widths`: fixed widths, and NaN
    as JSON ``null``, since a NaN in a kernel message or a saved notebook is refused).
    """
    return kernel_bundle(_fixed_widths(spec))


def kernel_bundle(spec: dict) -> dict:
    """A kernel-ready spec (fixed widths, no NaN) under the Vega-Lite mimetype, with a
    text line naming the chart (its description, else its title)."""
    description = spec.get("description") or (spec.get("title") or {})
    if isinstance(description, dict):
        description = description.get("text", "")
    if isinstance(description, list):
        description = " ".join(description)
    return {
        VEGALITE_MIMETYPE: spec,
        "text/plain": f"<Vega-Lite chart: {description or 'chart'}>",
    }


def static_bundle(spec: dict, **metadata: object) -> dict:
    """The ``static`` renderer: Altair's HTML, plus the ``notebook`` mode's Vega-Lite bundle.

    The HTML keeps the responsive ("container") widths the site needs; the Vega-Lite
    copy gets the fixed widths JupyterLab needs (see :func:`for_mode`).
    """
    bundle = dict(vegalite_bundle(spec))
    bundle.update(_STATIC_RENDERER(spec, **metadata))
    return bundle


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
    """The spec with fixed widths, and ``None`` for NaN or infinite numbers.

    JSON has no NaN: a kernel message or a saved notebook holding one is refused
    ("Out of range float values are not JSON compliant"). pandas' missing values in
    text columns (a baseline's empty response category) reach the spec as NaN.
    """
    if isinstance(node, dict):
        return {
            k: (LIVE_WIDTH_PX if k == "width" and v == "container" else _fixed_widths(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_fixed_widths(v) for v in node]
    if isinstance(node, float) and not math.isfinite(node):
        return None
    return node


def for_mode(chart: alt.TopLevelMixin, mode: str | None = None) -> alt.TopLevelMixin:
    """Return ``chart`` ready for the current renderer (``live``, ``notebook``: fixed widths).

    Not validated again: the chart builders' own tests validate every chart, and in a
    live kernel validating twice cost more than a second per redraw (measured).
    """
    mode = current_mode() if mode is None else mode
    if mode == "static":
        return chart
    spec = live_spec(chart)
    return _TOP_LEVEL.get(next((k for k in _TOP_LEVEL if k in spec), ""), alt.Chart).from_dict(
        spec, validate=False
    )


# Without validation Altair cannot tell which class a spec is: the key says it.
_TOP_LEVEL = {
    "layer": alt.LayerChart,
    "vconcat": alt.VConcatChart,
    "hconcat": alt.HConcatChart,
    "concat": alt.ConcatChart,
    "facet": alt.FacetChart,
    "repeat": alt.RepeatChart,
}


def live_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of ``chart`` for a kernel: fixed widths, strict JSON, unvalidated."""
    return _fixed_widths(chart.to_dict(validate=False))
