"""The therapy chapter's second evidence chart: the trial results that are not hazard
ratios (median months and rates per arm), one small dumbbell chart per measure.

DataFrame in (the table of :func:`casebook.evidence.load_trials`), chart out, no I/O.
Each row is a trial result: arm A (the new treatment, first in ``comparison``) and arm
B (the comparator) joined by a rule. Medians and rates carry no confidence interval in
the table, so the title counts only which arm is numerically ahead, and says so. For
skeletal-related events (``SRE``) a lower rate is better; for every other endpoint a
higher median or rate is.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook.charts.style import PALETTE, lines_label_expr, narrow
from casebook.charts.therapy import ROW_LABEL_CHARS

__all__ = [
    "ARM_MEASURES",
    "ARM_TABLE_COLUMNS",
    "LOWER_IS_BETTER",
    "arm_values_frame",
    "arm_values_chart",
]

#: The measures drawn, in order, with the axis title of each.
ARM_MEASURES: dict[str, str] = {
    "median_months": "Median (months)",
    "rate_pct": "Share of patients (%)",
}
#: Endpoints where the lower value is the better one.
LOWER_IS_BETTER = frozenset({"SRE"})
#: The columns of the chart's data table on the page.
ARM_TABLE_COLUMNS = [
    "trial", "comparison", "endpoint", "population", "measure", "arm_a_value",
    "arm_b_value", "analysis", "source", "confidence", "note",
]  # fmt: skip

_ARMS = ("arm A: the new treatment", "arm B: the comparator")
_ARM_COLORS = [PALETTE["blue"], PALETTE["orange"]]
_ARM_SHAPES = ["circle", "square"]
_PLOT_WIDTH_PX = 150  # with its labels, fits a 320 px phone's text column (272 px)


def arm_values_frame(trials: pd.DataFrame) -> pd.DataFrame:
    """One row per arm of every median or rate result, with the words the chart draws.

    Columns: ``row_id``, ``label`` (trial — endpoint (population)), ``measure``,
    ``arm`` (:data:`_ARMS`), ``arm_name`` (from ``comparison``), ``value``,
    ``a_ahead`` (arm A numerically ahead, lower being better for SRE) and the
    source columns. Raises :class:`ValueError` if there is no such row.
    """
    rows = trials[trials["measure"].isin(ARM_MEASURES)].reset_index(drop=True)
    if rows.empty:
        raise ValueError(
            "The trial table has no median or rate row (measure 'median_months' or "
            "'rate_pct'), so there is nothing to draw."
        )
    names = rows["comparison"].str.split(" vs ", n=1, expand=True)
    lower = rows["endpoint"].isin(LOWER_IS_BETTER)
    ahead = (rows["arm_a_value"] > rows["arm_b_value"]) ^ lower
    label = rows["trial"] + " — " + rows["endpoint"] + " (" + rows["population"] + ")"
    out = []
    for arm, value_col, name_col in zip(_ARMS, ("arm_a_value", "arm_b_value"), (0, 1), strict=True):
        part = rows.loc[:, ["row_id", "trial", "endpoint", "population", "measure", "analysis"]]
        part = part.assign(
            label=label,
            arm=arm,
            arm_name=names[name_col].fillna(""),
            value=rows[value_col].astype(float),
            a_ahead=ahead,
            better=lower.map({True: "lower is better", False: "higher is better"}),
            source=rows["source"],
            confidence=rows["confidence"],
            note=rows["note"].fillna(""),
        )
        out.append(part)
    return pd.concat(out, ignore_index=True)


def _tooltip(unit: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("trial:N", title="Trial"),
        alt.Tooltip("endpoint:N", title="Endpoint"),
        alt.Tooltip("population:N", title="Population"),
        alt.Tooltip("arm_name:N", title="Arm"),
        alt.Tooltip("value:Q", title=unit, format="~g"),
        alt.Tooltip("better:N", title="Reading"),
        alt.Tooltip("analysis:N", title="Analysis"),
        alt.Tooltip("source:N", title="Source key"),
        alt.Tooltip("confidence:N", title="Confidence"),
        alt.Tooltip("note:N", title="Note"),
    ]


def _panel(frame: pd.DataFrame, measure: str, legend: bool) -> alt.LayerChart:
    part = frame[frame["measure"] == measure]
    unit = ARM_MEASURES[measure]
    y = alt.Y(
        "label:N",
        title=None,
        sort=list(dict.fromkeys(part["label"])),
        axis=alt.Axis(
            labelExpr=lines_label_expr(
                part["label"], ROW_LABEL_CHARS, "split(datum.value, ' — ')", split=" — "
            ),
            labelLimit=150,
        ),
    )
    x = alt.X("value:Q", title=unit, scale=alt.Scale(zero=True))
    span = (
        alt.Chart(part)
        .mark_rule(color="#888888", strokeWidth=2)
        .encode(x="min(value):Q", x2="max(value):Q", y=y)
    )
    arm = alt.Color(
        "arm:N",
        title="Arm",
        scale=alt.Scale(domain=list(_ARMS), range=_ARM_COLORS),
        legend=alt.Legend(orient="bottom", direction="vertical") if legend else None,
    )
    shape = alt.Shape(
        "arm:N",
        title="Arm",
        scale=alt.Scale(domain=list(_ARMS), range=_ARM_SHAPES),
        legend=alt.Legend(orient="bottom", direction="vertical") if legend else None,
    )
    points = (
        alt.Chart(part)
        .mark_point(size=80, filled=True, opacity=1)
        .encode(x=x, y=y, color=arm, shape=shape, tooltip=_tooltip(unit))
    )
    return alt.layer(span, points).properties(width=_PLOT_WIDTH_PX, height=alt.Step(40), title=unit)


@narrow
def arm_values_chart(trials: pd.DataFrame) -> alt.VConcatChart:
    """Dumbbells of arm A against arm B for every median and rate in ``trials``."""
    frame = arm_values_frame(trials)
    results = frame.drop_duplicates("row_id")
    n, ahead = len(results), int(results["a_ahead"].sum())
    measures = [m for m in ARM_MEASURES if (frame["measure"] == m).any()]
    listing = "; ".join(
        f"{r.label}: {a:g} vs {b:g}"
        for r, a, b in zip(
            results.itertuples(),
            frame.loc[frame["arm"] == _ARMS[0], "value"],
            frame.loc[frame["arm"] == _ARMS[1], "value"],
            strict=True,
        )
    )
    title = alt.Title(
        [f"Arm A is ahead in {ahead} of {n} medians", "and rates, by numbers alone"],
        subtitle=[
            "No confidence intervals here: for that,",
            "read the hazard ratios above. For SRE",
            "(skeletal-related events) lower is better.",
        ],
        anchor="start",
    )
    description = (
        f"Dot plots of {n} trial results that are not hazard ratios (medians in months and "
        "rates in per cent), arm A, the new treatment, against arm B, the comparator, "
        f"joined by a line. Arm A is numerically ahead in {ahead} of {n}. {listing}."
    )
    return alt.vconcat(
        *[_panel(frame, m, legend=i == len(measures) - 1) for i, m in enumerate(measures)],
        title=title,
        description=description,
    ).resolve_scale(x="independent", y="independent")
