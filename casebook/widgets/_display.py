"""How every explorer draws: its chart into its Output, and itself in a notebook.

Shared by the chapters' explorers so that the live-kernel check and the renderer
choice live in one place. In plain Python (the unit tests) nothing is drawn and the
explorer keeps its result; in a kernel the chart is shown as Vega-Lite output
(:func:`casebook.render.vegalite_bundle`: fixed widths, as a "container" width measures 0 px
in a notebook output), which JupyterLab draws offline (the static site never shows
these explorers).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ShowsItself", "show_chart_in"]


def show_chart_in(out: Any, chart: Any) -> None:
    """Draw ``chart`` into the ipywidgets Output ``out`` in a live kernel (else nothing)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:  # plain Python (tests): keep the chart, draw nothing
        return
    from IPython.display import display

    from casebook import render

    with out:
        out.clear_output(wait=True)
        # The Vega-Lite output JupyterLab draws itself, offline: no chart widget to build
        # and no second validation, so a redraw costs the spec (benchmarked per explorer).
        display(render.vegalite_bundle(chart.to_dict(validate=False)), raw=True)


class ShowsItself:
    """An explorer whose ``widget`` is what a notebook cell shows."""

    widget: Any

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
