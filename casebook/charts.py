"""Altair chart builders: DataFrame in, chart out. No I/O, no global state.

Every builder sets a ``description`` (read by screen readers from the SVG's
aria-label) and a title that states the finding. One palette and one
"reported vs reconstructed" encoding live here and nowhere else:

* reported values are **filled** circles with solid lines;
* reconstructed values are **hollow** diamonds with dashed lines,
  and every legend says which is which.
"""

from __future__ import annotations

import html
from typing import Iterable

import altair as alt
import pandas as pd

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

PROVENANCE_ORDER = ["reported", "reconstructed"]
PROVENANCE_LABELS = {
    "reported": "reported in the case report",
    "reconstructed": "reconstructed (not measured)",
}
PROVENANCE_SHAPES = ["circle", "diamond"]
PROVENANCE_FILLED = [True, False]
PROVENANCE_DASH = [[1, 0], [5, 3]]



def provenance_legend_title() -> str:
    return "Where the value comes from"


def provenance_label(series: pd.Series) -> pd.Series:
    """Map provenance codes to the words every legend shows."""
    return series.map(PROVENANCE_LABELS).fillna(series)


def provenance_shape() -> alt.Shape:
    """The shared shape encoding for reported vs reconstructed points."""
    return alt.Shape(
        "provenance_label:N",
        title=provenance_legend_title(),
        scale=alt.Scale(
            domain=[PROVENANCE_LABELS[p] for p in PROVENANCE_ORDER], range=PROVENANCE_SHAPES
        ),
    )


def provenance_fill(color: str) -> alt.Fill:
    """Filled for reported, white (hollow) for reconstructed."""
    return alt.Fill(
        "provenance_label:N",
        legend=None,
        scale=alt.Scale(
            domain=[PROVENANCE_LABELS[p] for p in PROVENANCE_ORDER], range=[color, "white"]
        ),
    )


def data_table_html(frame: pd.DataFrame, summary: str, columns: Iterable[str] | None = None) -> str:
    """An accessible, collapsible HTML table holding a chart's data.

    ``summary`` is the visible disclosure text (e.g. "Data behind figure: platelets").
    """
    shown = frame if columns is None else frame.loc[:, list(columns)]
    shown = shown.copy()
    for col in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d")
    table = shown.to_html(index=False, border=0, classes=["table", "cb-data-table"], na_rep="")
    return (
        f'<details class="cb-chart-data"><summary>{html.escape(summary)}</summary>'
        f"{table}</details>"
    )


def description_html(text: str) -> str:
    """The chart's text description, shown under it for every reader."""
    return f'<p class="cb-chart-description"><strong>Chart description.</strong> {html.escape(text)}</p>'


def platelet_fall_chart(labs: pd.DataFrame) -> alt.LayerChart:
    """The two reported platelet counts at presentation, joined by a line.

    ``labs`` is ``Case.labs``; only reported platelet rows before treatment are drawn.
    """
    plt = labs[(labs["analyte"] == "platelets") & (labs["provenance"] == "reported")].copy()
    if plt.empty:
        raise ValueError("no reported platelet counts to draw")
    plt["provenance_label"] = provenance_label(plt["provenance"])
    first, last = plt.iloc[0], plt.iloc[-1]
    n_days = (last["date"] - first["date"]).days
    title = (
        f"Platelets fell from {first['value']:g} to {last['value']:g} ×10⁹/L "
        f"in {n_days} days, before any treatment"
    )
    description = (
        f"Line chart of the two platelet counts the case report gives: {first['value']:g} ×10⁹/L on "
        f"{first['date']:%d %B %Y} and {last['value']:g} ×10⁹/L on {last['date']:%d %B %Y}."
    )
    base = alt.Chart(plt).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b %Y", tickCount="day")),
        y=alt.Y("value:Q", title="Platelets (×10⁹/L)", scale=alt.Scale(domain=[0, 160])),
    )
    line = base.mark_line(color=PALETTE["blue"])
    points = base.mark_point(size=120, color=PALETTE["blue"], strokeWidth=2).encode(
        shape=provenance_shape(),
        fill=provenance_fill(PALETTE["blue"]),
        tooltip=[
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("value:Q", title="Platelets ×10⁹/L"),
            alt.Tooltip("provenance_label:N", title="Source"),
            alt.Tooltip("locator:N", title="Where in the report"),
        ],
    )
    return (line + points).properties(
        title=title, description=description, width="container", height=260
    )


def accessible_extras(chart: alt.TopLevelMixin, frame: pd.DataFrame, summary: str,
                      columns: Iterable[str] | None = None) -> str:
    """HTML to place under a chart: its text description and its data as a table."""
    description = chart.to_dict().get("description", "")
    if not description:
        raise ValueError("every chart needs a description for screen readers")
    return description_html(description) + data_table_html(frame, summary, columns)
