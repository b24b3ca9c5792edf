"""The landing page's chart: the two reported platelet counts, joined by a line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook.charts.style import (
    PALETTE,
    date_tooltip,
    narrow,
    provenance_fill,
    provenance_label,
    provenance_shape,
)
from casebook.dates import VEGA_DATE, long_date

__all__ = ["platelet_fall_chart"]


def _fall_words(plt: pd.DataFrame) -> tuple[str, str]:
    first, last = plt.iloc[0], plt.iloc[-1]
    n_days = (last["date"] - first["date"]).days
    title = (
        f"Platelets fell from {first['value']:g} to {last['value']:g} ×10⁹/L "
        f"in {n_days} days, before any treatment"
    )
    description = (
        f"Line chart of the two platelet counts the case report gives: {first['value']:g} "
        f"×10⁹/L on {long_date(first['date'])} and {last['value']:g} ×10⁹/L on "
        f"{long_date(last['date'])}."
    )
    return title, description


@narrow
def platelet_fall_chart(labs: pd.DataFrame) -> alt.LayerChart:
    """The two reported platelet counts at presentation, joined by a line.

    ``labs`` is ``Case.labs``; only reported platelet rows before treatment are drawn.
    """
    plt = labs[(labs["analyte"] == "platelets") & (labs["provenance"] == "reported")].copy()
    if plt.empty:
        raise ValueError("no reported platelet counts to draw")
    plt["provenance_label"] = provenance_label(plt["provenance"])
    title, description = _fall_words(plt)
    base = alt.Chart(plt).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format=VEGA_DATE, tickCount="day")),
        y=alt.Y("value:Q", title="Platelets (×10⁹/L)", scale=alt.Scale(domain=[0, 160])),
    )
    line = base.mark_line(color=PALETTE["blue"])
    points = base.mark_point(size=120, color=PALETTE["blue"], strokeWidth=2).encode(
        shape=provenance_shape(),
        fill=provenance_fill(PALETTE["blue"]),
        tooltip=[
            date_tooltip(),
            alt.Tooltip("value:Q", title="Platelets ×10⁹/L"),
            alt.Tooltip("provenance_label:N", title="Source"),
            alt.Tooltip("locator:N", title="Where in the report"),
        ],
    )
    return (line + points).properties(
        title=title, description=description, width="container", height=260
    )
