"""Lines of therapy as shaded bands, shared by the timeline and the lab charts.

:func:`_band_rects` gives the rect layers (one per kind of dates: all reported, or a
date this book chose) so that a chart can restyle or filter them;
:func:`_band_layer` joins them into one layer. :data:`LINE_COLORS` colours each line.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook.charts.style import PALETTE, PROVENANCE_DASH, lines_label_expr
from casebook.timeline import PERIOD_DATES

__all__ = ["LINE_COLORS"]

LINE_COLORS = {1: PALETTE["sky_blue"], 2: PALETTE["orange"]}


def _band_legend(bands: pd.DataFrame, legend: alt.Legend | None) -> alt.Legend:
    """The legend of the bands: a square per line, dashed when every band is."""
    if legend is None:
        # Below the plot, stacked with any other legend (EMBED_OPTIONS): side by side
        # they would be cut off on a narrow page, and a legend on the right narrows the plot.
        legend = alt.Legend(orient="bottom", direction="vertical")
    legend.title = "Line of therapy (shaded)"
    # Long labels ("Line 1: Paclitaxel (start reported, end chosen by this book)") wrap
    # into short lines: a phone leaves the legend about 250 px.
    legend.labelExpr = lines_label_expr(bands["legend_label"], 30)
    legend.labelLimit = 240
    legend.symbolType = "square"
    legend.symbolStrokeWidth = 2
    legend.symbolSize = 260
    if set(bands["dates"]) == {PERIOD_DATES[1]}:  # every band dashed: so is its legend symbol
        legend.symbolDash = [4, 2]
    return legend


def _band_rects(
    bands: pd.DataFrame,
    *,
    x: alt.X | str = "start:T",
    legend: alt.Legend | None = None,
    fill_opacity: float = 0.18,
    clip: bool = False,
) -> list[alt.Chart]:
    """The rect layers behind :func:`_band_layer`: one per kind of dates present.

    ``clip``: cut the rects at the plot's edge (a chart whose x domain may start or end
    inside a band).

    Vega-Lite draws no ``strokeDash`` encoding on rects, so bands whose dates are all
    reported (solid outline) and bands with a date this book chose (dashed outline,
    ``PROVENANCE_DASH``) are separate layers sharing one colour scale and legend.
    """
    bands = bands.sort_values("line")
    colours = [LINE_COLORS.get(int(i), PALETTE["black"]) for i in bands["line"]]
    legend = _band_legend(bands, legend)
    scale = alt.Scale(domain=list(bands["legend_label"]), range=colours)
    tooltip = [
        alt.Tooltip("band_label:N", title="Therapy"),
        alt.Tooltip("dose:N", title="Dose as reported"),
        alt.Tooltip("start_text:N", title="Start"),
        alt.Tooltip("end_text:N", title="End"),
        alt.Tooltip("assumptions:N", title="Assumptions (data page)"),
    ]
    layers = []
    for dates, dash in zip(PERIOD_DATES, PROVENANCE_DASH, strict=True):
        part = bands[bands["dates"] == dates]
        if part.empty:
            continue
        layers.append(
            alt.Chart(part)
            .mark_rect(
                fillOpacity=fill_opacity,
                strokeOpacity=1,
                strokeWidth=2,
                strokeDash=dash,
                **({"clip": True} if clip else {}),
            )
            .encode(
                x=x,
                x2="end:T",
                color=alt.Color("legend_label:N", scale=scale, legend=legend),
                stroke=alt.Stroke("legend_label:N", scale=scale, legend=legend),
                tooltip=tooltip,
            )
        )
    return layers


def _band_layer(
    bands: pd.DataFrame,
    *,
    x: alt.X | str = "start:T",
    legend: alt.Legend | None = None,
    fill_opacity: float = 0.18,
) -> alt.TopLevelMixin:
    """Shaded bands, one per line of therapy, with their dates and dose in the tooltip.

    Light fill in the line's colour; the outline is solid when both dates are
    reported and dashed (``PROVENANCE_DASH``) when the start or end date is this
    book's choice. The legend names each line with where its dates come from.
    """
    layers = _band_rects(bands, x=x, legend=legend, fill_opacity=fill_opacity)
    return layers[0] if len(layers) == 1 else alt.layer(*layers)
