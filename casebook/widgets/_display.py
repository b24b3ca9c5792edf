"""How every explorer draws: its chart into its Output, and itself in a notebook.

Shared by the chapters' explorers so that the live-kernel check and the redraw live in
one place. An explorer builds its Altair chart once per structure and then patches the
spec (:class:`LiveChart`, :class:`LiveSpec`, :mod:`casebook.charts.live`): a callback
costs milliseconds, where rebuilding the chart cost 50–1,800 ms. In plain Python (the
unit tests) nothing is drawn and the explorer keeps the spec; in a kernel the spec is
shown as Vega-Lite output (:func:`casebook.render.vegalite_bundle`: fixed widths, as a
"container" width measures 0 px in a notebook output), which JupyterLab draws offline
(the static site never shows these explorers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DrawsLive", "LiveChart", "LiveSpec", "ShowsItself", "show_spec_in"]


def show_spec_in(out: Any, spec: dict) -> None:
    """Draw a kernel-ready Vega-Lite ``spec`` (a :class:`LiveSpec`'s) into ``out``."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:  # plain Python (tests): the explorer keeps the spec
        return
    from IPython.display import display

    from casebook import render

    with out:
        out.clear_output(wait=True)
        display(render.kernel_bundle(spec), raw=True)


class ShowsItself:
    """An explorer whose ``widget`` is what a notebook cell shows."""

    widget: Any

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class LiveSpec:
    """A chart's kernel-ready Vega-Lite spec, built once and patched on each change.

    ``chart`` is an Altair chart whose changing parts are live datasets
    (:func:`casebook.charts.live.live_datasets`), parameters, or its ``title`` and
    ``description`` (see :mod:`casebook.charts.live`). The spec is
    :func:`casebook.render.vegalite_bundle`'s (fixed widths, no NaN). :meth:`patch`
    replaces those parts in place and returns the spec: a few milliseconds, where a
    rebuild costs the whole Altair chart.
    """

    def __init__(self, chart: Any) -> None:
        from casebook import render

        spec = render.vegalite_bundle(chart.to_dict(validate=False))[render.VEGALITE_MIMETYPE]
        self.spec: dict = spec
        self._params = {p["name"]: p for p in spec.get("params", ())}

    def patch(
        self,
        *,
        data: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        title: Any = None,
        description: str | None = None,
    ) -> dict:
        """Swap live datasets (frames by name, without the prefix) and parameter values."""
        from casebook.charts.live import LIVE_PREFIX, records

        datasets = self.spec.get("datasets", {})
        for name, frame in (data or {}).items():
            key = LIVE_PREFIX + name
            if key not in datasets:
                raise KeyError(f"the chart has no live dataset {name!r}")
            datasets[key] = records(frame)
        for name, value in (params or {}).items():
            if name not in self._params:
                raise KeyError(f"the chart has no parameter {name!r}")
            self._params[name]["value"] = value
        if title is not None:
            self.spec["title"] = title
        if description is not None:
            self.spec["description"] = description
        return self.spec


class LiveChart:
    """What an explorer draws: one :class:`LiveSpec` per structure, patched on each change.

    ``draw(key, build, **patch)`` takes the template of structure ``key`` (built by
    ``build()``, the full Altair chart for the current inputs, the first time that key
    is drawn), patches it (:meth:`LiveSpec.patch`) and draws it into ``out`` in a live
    kernel. ``spec`` is the last spec drawn; ``chart`` the full Altair chart for the
    same inputs, built only when read (tests compare the two).
    """

    def __init__(self, out: Any, *, max_templates: int = 8) -> None:
        self.out = out
        self.spec: dict | None = None
        self._templates: dict[Any, LiveSpec] = {}
        self._max = max_templates
        self._build: Any = None
        self._chart: Any = None

    def draw(self, key: Any, build: Any, **patch: Any) -> dict:
        live = self._templates.get(key)
        self._build, self._chart = build, None
        if live is None:
            self._chart = build()
            live = LiveSpec(self._chart)
            if len(self._templates) >= self._max:
                self._templates.pop(next(iter(self._templates)))
            self._templates[key] = live
        self.spec = live.patch(**patch)
        show_spec_in(self.out, self.spec)
        return self.spec

    @property
    def chart(self) -> Any:
        """The full Altair chart for the last drawn inputs (``None`` before any)."""
        if self._chart is None and self._build is not None:
            self._chart = self._build()
        return self._chart


class DrawsLive:
    """An explorer that draws through its :class:`LiveChart` ``live``.

    ``spec`` is the Vega-Lite spec last drawn (patched in place on the next change);
    ``chart`` the full Altair chart for the same input, built when read (for tests and
    for saving); both ``None`` before the first valid input.
    """

    live: LiveChart

    @property
    def spec(self) -> dict | None:
        return self.live.spec

    @property
    def chart(self) -> Any:
        return self.live.chart
