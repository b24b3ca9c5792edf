"""Live explorers for the mechanisms chapter: sliders that rerun the remodelling models.

Runs only in a live notebook (``make lab``); the static site shows the kernel-free
equivalents, :func:`casebook.charts.remodeling_chart` and
:func:`casebook.charts.tumour_bone_chart`, whose curves were solved at build time over
a grid. Here every change reruns the solver of :mod:`casebook.model` (nothing is
re-implemented) at any value, not only the grid's.

    from casebook.widgets import RemodelingExplorer, TumourBoneExplorer
    RemodelingExplorer()          # displays itself in a notebook

Bad input (an inhibition of 1 typed into the box, a growth rate of 0) never raises out
of the widget: the model's ValueError sentence is shown in the widget and kept in
``.message``, and the last good result and chart stay as they were.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from casebook import charts
from casebook.charts.model import start_key
from casebook.widgets._display import DrawsLive, LiveChart, ShowsItself
from casebook.widgets._errors import error_html

__all__ = ["RemodelingExplorer", "TumourBoneExplorer"]

_STYLE = {"description_width": "14em"}


class _Explorer(DrawsLive, ShowsItself):
    """What both explorers share: quiet updates, the error display, the chart's Output."""

    _INPUTS: tuple[str, ...] = ()

    def _set_quietly(self, values: dict[str, Any]) -> None:
        unknown = set(values) - set(self._INPUTS)
        if unknown:
            raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
        self._quiet = True
        try:
            for name, value in values.items():
                getattr(self, name).value = value
        finally:
            self._quiet = False

    def _on_edit(self, change: Any = None) -> None:
        if not self._quiet:
            self.update()

    def _fail(self, err: ValueError) -> None:
        self.message = str(err)
        self.message_html.value = error_html(
            f"{self.message}.",
            heading="Check the input:",
            after="The result below is still the last valid one.",
        )

    def _ok(self) -> None:
        self.message = ""
        self.message_html.value = ""

    def update(self, change: Any = None, **values: Any) -> None:  # pragma: no cover
        raise NotImplementedError


class RemodelingExplorer(_Explorer):
    """RANKL inhibition and days in; Komarova 2003's remodelling cycle rerun and redrawn.

    Controls: ``inhibition`` (FloatSlider, 0–0.99), ``inhibition_text`` (FloatText, the
    same value typed exactly; 1 or more is refused by the model) and ``days``
    (IntSlider, 20–365). Inhibition cuts osteoclast production α1 by that fraction, a
    modelling convention for denosumab (see :func:`casebook.model.simulate_remodeling`).

    Attributes: ``frame`` (:func:`casebook.charts.remodeling_frame` of the chosen and
    the uninhibited run, daily), ``summary`` (one row per run), ``sentence`` (the
    result in words), ``message`` (the last error sentence, ``""`` when fine),
    ``chart`` and ``widget``.
    """

    _INPUTS = ("inhibition", "inhibition_text", "days")

    def __init__(self, *, inhibition: float = 0.5, days: int = 100) -> None:
        import ipywidgets as w

        self.frame = pd.DataFrame()
        self.summary = pd.DataFrame()
        self.sentence = ""
        self.message = ""
        self._quiet = False
        layout = w.Layout(width="32em")
        self.inhibition = w.FloatSlider(
            value=min(max(float(inhibition), 0.0), 0.99),
            min=0.0,
            max=0.99,
            step=0.01,
            description="RANKL inhibition E",
            continuous_update=False,
            readout_format=".2f",
            style=_STYLE,
            layout=layout,
        )
        self.inhibition_text = w.FloatText(
            value=float(inhibition),
            step=0.01,
            description="E, typed (0 ≤ E < 1)",
            style=_STYLE,
            layout=w.Layout(width="22em"),
        )
        self.days = w.IntSlider(
            value=int(days),
            min=20,
            max=365,
            step=5,
            description="Days",
            continuous_update=False,
            style=_STYLE,
            layout=layout,
        )
        self.message_html = w.HTML()
        self.result_html = w.HTML()
        self.chart_out = w.Output()
        self.live = LiveChart(self.chart_out)
        self.widget = w.VBox(
            [
                w.HTML(
                    "<p>Komarova 2003: one remodelling cycle of a single bone unit, a "
                    "caricature. RANKL inhibition E cuts osteoclast production by the "
                    "fraction E, a modelling convention for denosumab, not a published "
                    "parameter set. Each change reruns <code>casebook.model</code>.</p>"
                ),
                self.inhibition,
                self.inhibition_text,
                self.days,
                self.message_html,
                self.result_html,
                self.chart_out,
            ]
        )
        self.inhibition.observe(self._on_slider, names="value")
        self.inhibition_text.observe(self._on_edit, names="value")
        self.days.observe(self._on_edit, names="value")
        self.update()

    def _on_slider(self, change: Any = None) -> None:
        if self._quiet:
            return
        self._set_quietly({"inhibition_text": self.inhibition.value})
        self.update()

    def update(self, change: Any = None, **values: Any) -> None:
        """Rerun the model and redraw; show the sentence of a ValueError instead of raising.

        ``values`` may set inputs first: ``inhibition`` (the slider),
        ``inhibition_text`` (the typed value, which wins) or ``days``, e.g.
        ``explorer.update(inhibition_text=0.3)``.
        """
        if "inhibition" in values and "inhibition_text" not in values:
            values["inhibition_text"] = values["inhibition"]
        self._set_quietly(values)
        e = self.inhibition_text.value
        days = self.days.value
        grid = (0.0,) if e == 0 else (0.0, e)
        try:
            frame = charts.remodeling_frame(grid, days=days, step_days=1)
        except ValueError as err:
            self._fail(err)
            return
        self._ok()
        if 0 <= e <= self.inhibition.max and self.inhibition.value != e:
            self._set_quietly({"inhibition": e})
        self.frame = frame
        self.summary = charts.remodeling_summary(frame)
        base = self.summary.iloc[0]
        row = self.summary.iloc[-1]
        self.sentence = (
            f"At E = {e:g}, bone mass bottoms at {row['bone_mass_min_pct']:.1f} % on day "
            f"{row['bone_mass_min_day']:g} and is {row['bone_mass_end_pct']:.1f} % on day "
            f"{row['end_day']:g} (uninhibited: {base['bone_mass_end_pct']:.1f} %)."
        )
        self.result_html.value = f'<p class="cb-explorer-results">{html.escape(self.sentence)}</p>'
        self.live.draw(
            "remodeling",
            lambda: charts.remodeling_chart(frame, inhibition=float(e), controls=False),
            **charts.remodeling_parts(frame, inhibition=float(e), controls=False).patch(),
        )


class TumourBoneExplorer(_Explorer):
    """Tumour growth rate and treatment start in; Ayati 2010's model rerun and redrawn.

    Controls: ``growth`` (FloatText, γ_T per day, > 0; the published 0.005),
    ``treated`` (Checkbox), ``start`` (IntSlider, the day treatment starts, 0–1,200)
    and ``days`` (IntSlider, 200–1,500). Ayati et al. built the model for multiple
    myeloma, not breast cancer.

    Attributes as :class:`RemodelingExplorer`: ``frame`` (the chosen run and the
    untreated one, every 5 days), ``summary``, ``sentence``, ``message``, ``chart``,
    ``widget``.
    """

    _INPUTS = ("growth", "treated", "start", "days")

    def __init__(self, *, growth: float = 0.005, start: int | None = 600, days: int = 1200) -> None:
        import ipywidgets as w

        self.frame = pd.DataFrame()
        self.summary = pd.DataFrame()
        self.sentence = ""
        self.message = ""
        self._quiet = False
        self.growth = w.FloatText(
            value=float(growth),
            step=0.0005,
            description="Tumour growth γT (per day)",
            style=_STYLE,
            layout=w.Layout(width="24em"),
        )
        self.treated = w.Checkbox(value=start is not None, description="Treated", indent=False)
        self.start = w.IntSlider(
            value=600 if start is None else int(start),
            min=0,
            max=1200,
            step=50,
            description="Treatment starts on day",
            continuous_update=False,
            style=_STYLE,
            layout=w.Layout(width="32em"),
        )
        self.days = w.IntSlider(
            value=int(days),
            min=200,
            max=1500,
            step=50,
            description="Days",
            continuous_update=False,
            style=_STYLE,
            layout=w.Layout(width="32em"),
        )
        self.message_html = w.HTML()
        self.result_html = w.HTML()
        self.chart_out = w.Output()
        self.live = LiveChart(self.chart_out)
        self.widget = w.VBox(
            [
                w.HTML(
                    "<p>Ayati 2010: the remodelling unit with a tumour in it, built for "
                    "multiple myeloma, not breast cancer; a caricature, not this case's "
                    "course. Each change reruns <code>casebook.model</code>.</p>"
                ),
                self.growth,
                self.treated,
                self.start,
                self.days,
                self.message_html,
                self.result_html,
                self.chart_out,
            ]
        )
        for control in (self.growth, self.treated, self.start, self.days):
            control.observe(self._on_edit, names="value")
        self.update()

    def update(self, change: Any = None, **values: Any) -> None:
        """Rerun the model and redraw; show the sentence of a ValueError instead of raising.

        ``values`` may set ``growth``, ``treated``, ``start`` or ``days`` first.
        """
        self._set_quietly(values)
        growth = self.growth.value
        start = self.start.value if self.treated.value else None
        starts = (None,) if start is None else (None, start)
        try:
            frame = charts.tumour_bone_frame((growth,), starts, days=self.days.value, step_days=5)
        except ValueError as err:
            self._fail(err)
            return
        self._ok()
        self.frame = frame
        self.summary = charts.tumour_bone_summary(frame)
        row = self.summary.iloc[-1]
        how = "untreated" if start is None else f"treated from day {start:g}"
        self.sentence = (
            f"Growth {growth:g} per day, {how}: on day {row['end_day']:g} bone mass is "
            f"{row['bone_mass_end_pct']:.1f} % and the tumour {row['tumour_end']:.1f} units."
        )
        if (self.summary["bone_mass_min_pct"] < 0).any():
            self.sentence += (
                " Bone mass falls below 0 %, which no skeleton does: the model has no "
                "floor, one more sign that it is a caricature."
            )
        self.result_html.value = f'<p class="cb-explorer-results">{html.escape(self.sentence)}</p>'
        key = start_key(start)
        self.live.draw(
            "tumour",
            lambda: charts.tumour_bone_chart(
                frame, growth=float(growth), start=key, controls=False
            ),
            **charts.tumour_bone_parts(
                frame, growth=float(growth), start=key, controls=False
            ).patch(),
        )
