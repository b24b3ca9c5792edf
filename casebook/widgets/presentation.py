"""Live explorer of the presentation chapter: the lab curves, redrawn from Python.

Runs only in a live notebook (``make lab``); the static site shows the kernel-free
equivalent, :func:`casebook.charts.lab_curves_chart`.

    from casebook.widgets import LabExplorer
    LabExplorer()          # in a notebook cell: shows the controls and the chart
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from casebook import charts
from casebook.data import Case, load_case
from casebook.dates import long_date
from casebook.widgets._display import DrawsLive, LiveChart
from casebook.widgets._errors import error_html

__all__ = ["LabExplorer"]


class LabExplorer(DrawsLive):
    """Explore one lab curve of the case with Python controls.

    Controls: ``analyte`` (Dropdown), ``dates`` (SelectionRangeSlider over the dates
    that have a lab value), ``threshold`` (FloatText, platelet-transfusion threshold
    in ×10⁹/L) and ``log_scale`` (Checkbox). Every change calls :meth:`update`, which
    redraws :func:`casebook.charts.lab_curve_snapshot` in ``output``: built once per
    structure (analyte, log scale, which lines of therapy the dates overlap...:
    :func:`casebook.charts.lab_snapshot_parts`) and otherwise patched
    (:class:`~casebook.widgets._display.LiveChart`).

    After each update, ``spec`` holds the Vega-Lite spec last drawn, ``chart`` the full
    Altair chart for the same input (built when read) and ``message`` the last problem
    with the input ("" when the input was valid). A bad input (a negative threshold, a
    first date after the last...) shows that message in plain words above the chart and
    leaves the previous chart in place.
    """

    def __init__(self, case: Case | None = None, *, analyte: str = "platelets") -> None:
        case = load_case() if case is None else case
        self.labs: pd.DataFrame = case.labs
        self.events: pd.DataFrame = case.events
        self.message: str = ""

        shown = self.labs[self.labs["analyte"].isin(charts.ANALYTE_LABELS)]
        dates = sorted(pd.Timestamp(d) for d in shown["date"].unique())
        if not dates:
            raise ValueError("the case has no lab values to explore")
        self.analyte = widgets.Dropdown(
            options=[(label, key) for key, label in charts.ANALYTE_LABELS.items()],
            value=analyte,
            description="Analyte",
            layout=widgets.Layout(width="420px"),
        )
        self.dates = widgets.SelectionRangeSlider(
            options=[(long_date(d), d) for d in dates],
            index=(0, len(dates) - 1),
            description="Dates",
            continuous_update=False,
            readout=False,  # the built-in readout cuts long dates off: see ``range_label``
            layout=widgets.Layout(width="640px"),
        )
        self.range_label = widgets.HTML(value="")
        self.threshold = widgets.FloatText(
            value=case.transfusion_trigger_10e9_per_l,
            step=1.0,
            description="Transfusion threshold (×10⁹/L)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"),
        )
        self.log_scale = widgets.Checkbox(value=False, description="Log scale", indent=False)
        self.status = widgets.HTML(value="")
        self.output = widgets.Output()
        self.live = LiveChart(self.output)
        for control in (self.analyte, self.dates, self.threshold, self.log_scale):
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.analyte, self.log_scale]),
                widgets.HBox([self.dates, self.range_label]),
                self.threshold,
                self.status,
                self.output,
            ]
        )
        self.update()

    # ------------------------------------------------------------------ callbacks

    def _on_change(self, change: dict[str, Any] | None = None) -> None:
        """ipywidgets observer: any control changed, so redraw."""
        self.update()

    def _inputs(self) -> dict[str, Any]:
        start, end = self.dates.value
        return {
            "analyte": self.analyte.value,
            "start": start,
            "end": end,
            "threshold_10e9_per_l": self.threshold.value,
            "log_scale": bool(self.log_scale.value),
        }

    def update(self) -> None:
        """Redraw; on bad input keep the old chart and show the message."""
        start, end = self.dates.value
        self.range_label.value = f"{long_date(start)} to {long_date(end)}"
        inputs = self._inputs()
        try:
            parts = charts.lab_snapshot_parts(self.labs, self.events, **inputs)
        except ValueError as err:
            self.message = str(err)
            self.status.value = error_html(
                f"{self.message}.",
                heading="Cannot redraw the chart:",
                after="The chart below still shows the last valid choice.",
            )
            return
        self.message = ""
        self.status.value = ""
        self.live.draw(
            parts.extra["structure"],
            lambda: charts.lab_curve_snapshot(self.labs, self.events, **inputs),
            **parts.patch(),
        )

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
