"""The nutrition chapter's weight chart: the two reported weights against the lines of
therapy, with nothing drawn between them.

DataFrame in (``case.weights``, ``case.events``), chart out, no I/O. The report gives a
first and a last weight and no weight in between, so the chart draws the two points, a
grey band over the months between them marked "no weight reported", and no line
joining them: any curve would be invented. Horizontal rules mark the weights at which
the screening rules fire (GLIM's > 5 % and > 10 % loss, NICE's > 15 %), computed from
the first weight with the package's thresholds, so the reader can see that every one
of them was crossed at some unknown time inside the gap.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.charts.bands import _band_rects
from casebook.charts.style import PALETTE, date_tooltip, narrow
from casebook.dates import VEGA_MONTH_YEAR, date_text
from casebook.provenance import DATE_WORDS
from casebook.timeline import therapy_lines

__all__ = ["SCREEN_RULES", "WEIGHT_TABLE_COLUMNS", "screen_weights_frame", "weight_chart"]

#: The screens drawn: label -> weight loss (%) at which it fires (strictly more than).
SCREEN_RULES: dict[str, float] = {
    "GLIM: loss > 5 % (moderate)": clinical.GLIM_LOSS_PCT["within"]["diagnosis"],
    "GLIM: loss > 10 % (severe)": clinical.GLIM_LOSS_PCT["within"]["severe"],
    "NICE: loss > 15 % (refeeding risk)": clinical.NICE_HIGH_ONE["loss_pct_over"],
}
#: The columns of the chart's data table on the page.
WEIGHT_TABLE_COLUMNS = ["date", "weight_kg", "loss_period_months", "provenance",
                        "date_provenance", "locator", "note"]  # fmt: skip

_GAP = "no weight reported in these months"


def screen_weights_frame(weights: pd.DataFrame) -> pd.DataFrame:
    """For each screen: the weight (kg) below which the first weight has lost more than
    the screen's percentage."""
    usual = float(weights.sort_values("date")["weight_kg"].iloc[0])
    return pd.DataFrame(
        {
            "screen": list(SCREEN_RULES),
            "loss_pct": list(SCREEN_RULES.values()),
            "weight_kg": [usual * (1 - pct / 100) for pct in SCREEN_RULES.values()],
        }
    )


@narrow
def weight_chart(weights: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """The reported weights, the unreported gap between them, the screens and the lines
    of therapy. Raises :class:`ValueError` with fewer than two weights."""
    w = weights.sort_values("date").reset_index(drop=True)
    if len(w) < 2:
        raise ValueError("the weight chart needs at least two weights")
    w = w.assign(
        date_words=w["date_provenance"].map(DATE_WORDS).fillna(w["date_provenance"]),
        label=[f"{v:g} kg" for v in w["weight_kg"]],
    )
    lines = therapy_lines(events)
    first = min(w["date"].min(), lines["start"].min())
    last = max(w["date"].max(), lines["end"].max())
    span = last - first
    domain = [(first - span * 0.03).isoformat(), (last + span * 0.08).isoformat()]
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format=VEGA_MONTH_YEAR, tickCount={"interval": "month", "step": 2}),
    )
    y_max = float(w["weight_kg"].max()) * 1.1
    y_min = float(w["weight_kg"].min()) * 0.8
    y = alt.Y(
        "weight_kg:Q", title="Body weight (kg)", scale=alt.Scale(domain=[y_min, y_max], nice=False)
    )
    bands = _band_rects(
        lines,
        x=alt.X("start:T", scale=alt.Scale(domain=domain), title="Date"),
        legend=alt.Legend(orient="top", direction="vertical"),
        fill_opacity=0.12,
    )
    gap = pd.DataFrame({"start": [w["date"].iloc[0]], "end": [w["date"].iloc[-1]], "gap": [_GAP]})
    gap_layer = (
        alt.Chart(gap)
        .mark_rect(color="#bbbbbb", opacity=0.25)
        .encode(x=alt.X("start:T"), x2="end:T", tooltip=alt.Tooltip("gap:N", title="Gap"))
    )
    gap_text = (
        alt.Chart(gap)
        .mark_text(align="center", baseline="top", dy=4, fontSize=11, color="#444444")
        .encode(x=alt.X("mid:T"), y=alt.value(4), text="gap:N")
        .transform_calculate(mid="(toDate(datum.start) + toDate(datum.end)) / 2")
    )
    screens = screen_weights_frame(w).assign(at=domain[1])
    screen_rules = (
        alt.Chart(screens)
        .mark_rule(strokeDash=[4, 3], color=PALETTE["vermillion"])
        .encode(
            y=y,
            tooltip=[
                alt.Tooltip("screen:N", title="Screen"),
                alt.Tooltip("weight_kg:Q", title="Crossed below (kg)", format=".2f"),
            ],
        )
    )
    screen_text = (
        alt.Chart(screens)
        .mark_text(align="right", baseline="bottom", dx=-2, dy=-2, fontSize=10, color="#6b2f00")
        .encode(x=alt.X("at:T"), y=y, text="screen:N")
    )
    tooltip = [
        date_tooltip(),
        alt.Tooltip("weight_kg:Q", title="Weight (kg)"),
        alt.Tooltip("date_words:N", title="Where the date comes from"),
        alt.Tooltip("locator:N", title="Where in the report"),
    ]
    points = (
        alt.Chart(w)
        .mark_point(filled=True, size=110, color=PALETTE["blue"], opacity=1)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    labels = (
        alt.Chart(w)
        .mark_text(align="left", dx=8, dy=-8, fontSize=12)
        .encode(x=x, y=y, text="label:N")
    )
    usual, now = float(w["weight_kg"].iloc[0]), float(w["weight_kg"].iloc[-1])
    loss = clinical.percent_weight_loss(usual_kg=usual, current_kg=now)
    title = alt.Title(
        [f"{usual - now:g} kg ({loss:.0f} %) lost between", "two weights, none reported between"],
        subtitle=[
            "Grey: months with no weight in the report.",
            "Dashed: the weights at which thresholds",
            "are crossed, each at an unknown date.",
        ],
        anchor="start",
    )
    crossed = ", ".join(f"{r.screen} below {r.weight_kg:.2f} kg" for r in screens.itertuples())
    description = (
        f"Body weight against the lines of therapy. Two reported weights: {usual:g} kg "
        f"({date_text(w['date'].iloc[0], w['date_provenance'].iloc[0])}) and {now:g} kg "
        f"({date_text(w['date'].iloc[-1], w['date_provenance'].iloc[-1])}), a loss of "
        f"{loss:.1f} %. No weight is reported between them, so no line joins them. "
        f"Thresholds, from the first weight: {crossed}."
    )
    return alt.layer(
        *bands, gap_layer, gap_text, screen_rules, screen_text, points, labels
    ).properties(width="container", height=300, title=title, description=description)
