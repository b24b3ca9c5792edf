"""The therapy chapter's forest plot: trial hazard ratios with their 95 % CIs.

DataFrame in (the table of :func:`casebook.evidence.load_trials`), chart out, no I/O.
Only ``hazard_ratio`` rows are drawn, on a log axis with a rule at HR = 1. The
analysis role follows the book's filled/hollow idea (:mod:`casebook.charts.style`):
primary and secondary results are filled, exploratory subgroup results hollow. The
row the case authors claim and we could not trace (confidence ``U``) is drawn in
vermillion with a dashed CI and named so in its label, the legend and the tooltip,
so colour is never the only cue. Two selects (Vega-Lite parameters, no kernel)
filter by endpoint and population.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook.charts.style import PALETTE, lines_label_expr, narrow

__all__ = [
    "ANALYSIS_LABELS",
    "CONFIDENCE_LABELS",
    "FOREST_TABLE_COLUMNS",
    "forest_plot_frame",
    "forest_plot_chart",
]

#: The columns of the forest plot's data table on the page.
FOREST_TABLE_COLUMNS = [
    "trial",
    "comparison",
    "endpoint",
    "population",
    "hr_ci",
    "analysis",
    "source",
    "confidence",
    "note",
]

#: Legend and tooltip words for the ``analysis`` column, in legend order.
ANALYSIS_LABELS: dict[str, str] = {
    "primary": "primary analysis",
    "secondary": "secondary analysis",
    "exploratory_subgroup": "exploratory subgroup (hollow; not comparable)",
}
_ANALYSIS_SHAPES = ["circle", "square", "diamond"]
_ANALYSIS_FILLS = [PALETTE["blue"], PALETTE["blue"], "white"]

#: Tooltip words for the ``confidence`` tags (see ``data/evidence/README.md``).
CONFIDENCE_LABELS: dict[str, str] = {
    "V": "V: checked against the paper, abstract or guideline",
    "V2": "V2: checked only in a secondary source",
    "K": "K: general knowledge, not re-checked",
    "U": "U: could not be confirmed",
}

#: Characters per line of a row label's part (trial; endpoint and population; the claim)
#: and of a legend label, so that the labels leave the plot most of a 320 px phone's
#: width and the legends below it stay within the chart (WCAG 1.4.10, reflow).
ROW_LABEL_CHARS = 18
LEGEND_LABEL_CHARS = 24

_TRACED = "traced to a source (V, V2, K)"
_UNTRACED = "untraceable: the case authors' claim (U)"
_TRACE_COLORS = [PALETTE["blue"], PALETTE["vermillion"]]
_TRACE_DASH = [[1, 0], [4, 3]]
# Not a value of any column (the table has a population called "all").
_ALL = "(any)"
_FILTER = (
    f"(endpoint_choice == '{_ALL}' || datum.endpoint == endpoint_choice) && "
    f"(population_choice == '{_ALL}' || datum.population == population_choice)"
)


def _number(value: float) -> str:
    """0.58 → '0.58', 0.8 → '0.80', 0.848 → '0.848': at least two decimals, at most three."""
    text = f"{value:.3f}".rstrip("0")
    return text + "0" * max(0, 2 - len(text.split(".")[1]))


def forest_plot_frame(trials: pd.DataFrame) -> pd.DataFrame:
    """The hazard-ratio rows with the label, words and flags the chart draws.

    Raises :class:`ValueError` if ``trials`` has no hazard-ratio row.
    """
    hr = trials[trials["measure"] == "hazard_ratio"].copy().reset_index(drop=True)
    if hr.empty:
        raise ValueError(
            "The trial table has no hazard-ratio row (measure 'hazard_ratio'), "
            "so there is nothing to draw in a forest plot."
        )
    label = hr["trial"] + " — " + hr["endpoint"] + " (" + hr["population"] + ")"
    repeated = label.duplicated(keep=False)
    label = label.where(~repeated, label + ", " + hr["source"])
    label = label.where(~label.duplicated(keep=False), label + ", " + hr["row_id"])
    untraced = hr["confidence"] == "U"
    hr["label"] = label.where(~untraced, label + " — untraceable claim")
    hr["order"] = range(len(hr))
    hr["hr_ci"] = [
        f"{_number(h)} ({_number(lo)}–{_number(hi)})"
        for h, lo, hi in zip(hr["hazard_ratio"], hr["ci_low"], hr["ci_high"], strict=True)
    ]
    hr["analysis_label"] = hr["analysis"].map(ANALYSIS_LABELS).fillna(hr["analysis"])
    hr["confidence_label"] = hr["confidence"].map(CONFIDENCE_LABELS).fillna(hr["confidence"])
    hr["trace_label"] = untraced.map({True: _UNTRACED, False: _TRACED})
    hr["excludes_1"] = (hr["ci_high"] < 1) | (hr["ci_low"] > 1)
    columns = ["row_id", "label", "order", "trial", "comparison", "endpoint", "population"]
    columns += ["hazard_ratio", "ci_low", "ci_high", "hr_ci", "analysis", "analysis_label"]
    columns += ["source", "confidence", "confidence_label", "trace_label", "excludes_1", "note"]
    return hr.loc[:, columns].astype({c: object for c in ("note", "label")})


def _choices(values: pd.Series, name: str, noun: str) -> alt.Parameter:
    """A select bound to one column: any value (``_ALL``), then each value present, in
    file order."""
    present = list(dict.fromkeys(values))
    return alt.param(
        name=name,
        value=_ALL,
        bind=alt.binding_select(
            options=[_ALL, *present], labels=[f"All {noun}", *present], name=f"{noun.title()} "
        ),
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("trial:N", title="Trial"),
        alt.Tooltip("comparison:N", title="Comparison (arm A vs arm B)"),
        alt.Tooltip("endpoint:N", title="Endpoint"),
        alt.Tooltip("population:N", title="Population"),
        alt.Tooltip("hr_ci:N", title="HR (95 % CI)"),
        alt.Tooltip("analysis_label:N", title="Analysis"),
        alt.Tooltip("source:N", title="Source key"),
        alt.Tooltip("confidence_label:N", title="Confidence"),
        alt.Tooltip("trace_label:N", title="Traceability"),
        alt.Tooltip("note:N", title="Note"),
    ]


def _layers(frame: pd.DataFrame) -> list[alt.Chart]:
    """The HR = 1 rule, the CI rules and the points, sharing one y and one log x."""
    low = min(frame["ci_low"].min(), 1.0) * 0.9
    high = max(frame["ci_high"].max(), 1.0) * 1.1
    x_scale = alt.Scale(type="log", domain=[low, high], nice=False)
    x_axis = alt.Axis(values=[0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 10], format="~g")
    # In short lines: the title is centred under the plot, which a phone leaves narrow.
    x_title = ["Hazard ratio, arm A vs arm B", "(log scale; < 1 favours", "arm A)"]
    x = alt.X("hazard_ratio:Q", title=x_title, scale=x_scale, axis=x_axis)
    x_low = alt.X("ci_low:Q", title=x_title, scale=x_scale, axis=x_axis)
    y = alt.Y(
        "label:N",
        title=None,
        sort=list(frame["label"]),
        # One label line per " — " part (trial; endpoint and population; the claim), a
        # long part wrapped: short lines that fit a phone instead of one long, cut line.
        axis=alt.Axis(
            labelExpr=lines_label_expr(
                frame["label"], ROW_LABEL_CHARS, "split(datum.value, ' — ')", split=" — "
            ),
            labelLimit=190,
        ),
    )
    trace = alt.Color(
        "trace_label:N",
        title="Traceability",
        scale=alt.Scale(domain=[_TRACED, _UNTRACED], range=_TRACE_COLORS),
        legend=alt.Legend(
            orient="bottom",
            direction="vertical",
            labelExpr=lines_label_expr([_TRACED, _UNTRACED], LEGEND_LABEL_CHARS),
            symbolType="stroke",
        ),
    )
    dash = alt.StrokeDash(
        "trace_label:N",
        title="Traceability",
        scale=alt.Scale(domain=[_TRACED, _UNTRACED], range=_TRACE_DASH),
    )
    domain = [ANALYSIS_LABELS[k] for k in ANALYSIS_LABELS]
    # Shape and fill share field, title and legend, so Vega-Lite draws one legend for both.
    # The legend's symbols take their outline from the points' stroke, which must be a
    # value (not a field) for Vega-Lite to keep it: with a field stroke, or with
    # ``symbolStrokeColor`` set, it strokes the symbols "transparent" and the hollow
    # (white) symbol of the exploratory subgroup vanishes on the white page.
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",
        labelExpr=lines_label_expr(domain, LEGEND_LABEL_CHARS),
        symbolStrokeWidth=2,
    )
    shape = alt.Shape(
        "analysis_label:N",
        title="Analysis",
        scale=alt.Scale(domain=domain, range=_ANALYSIS_SHAPES),
        legend=legend,
    )
    fill = alt.Fill(
        "analysis_label:N",
        title="Analysis",
        scale=alt.Scale(domain=domain, range=_ANALYSIS_FILLS),
        legend=legend,
    )
    # The outline follows traceability (vermillion: the untraceable claim), as the CI does.
    stroke = alt.condition(
        "datum.confidence == 'U'", alt.value(_TRACE_COLORS[1]), alt.value(_TRACE_COLORS[0])
    )
    base = alt.Chart().transform_filter(_FILTER)
    no_difference = (
        alt.Chart()
        .transform_aggregate(rows="count()")
        # Decorative for screen readers (aria=False): the description names HR = 1, and
        # Vega would otherwise expose an unnamed graphic (axe's svg-img-alt).
        .mark_rule(color=PALETTE["black"], strokeDash=[2, 2], opacity=0.7, aria=False)
        .encode(x=alt.datum(1), tooltip=alt.value("HR = 1: no difference"))
    )
    ci = base.mark_rule(strokeWidth=2).encode(
        x=x_low, x2="ci_high:Q", y=y, color=trace, strokeDash=dash, tooltip=_tooltip()
    )
    points = base.mark_point(size=80, strokeWidth=2, opacity=1).encode(
        x=x, y=y, shape=shape, fill=fill, stroke=stroke, tooltip=_tooltip()
    )
    return [no_difference, ci, points]


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _listing(rows: pd.DataFrame) -> str:
    return "; ".join(f"{r.label}: HR {r.hr_ci}" for r in rows.itertuples()) or "none"


def _words(frame: pd.DataFrame) -> tuple[alt.Title, str]:
    """The title (how many HRs exclude 1) and the description, both from the data."""
    n, excl = len(frame), frame[frame["excludes_1"]]
    below, above = int((frame["ci_high"] < 1).sum()), int((frame["ci_low"] > 1).sum())
    explo = frame[frame["analysis"] == "exploratory_subgroup"]
    untraced = frame[frame["confidence"] == "U"]
    trials = frame["trial"].nunique()
    n_explo_excl = int(explo["excludes_1"].sum())
    side = (
        f"all {below} below 1, favouring arm A"
        if not above
        else f"all {above} above 1, favouring arm B"
        if not below
        else f"{below} below 1, {above} above"
    )
    # Short lines: Vega does not wrap titles, and the chart must fit a phone (390 px).
    title = alt.Title(
        [f"{len(excl)} of {n} hazard ratios have a 95 % CI"]
        + [f"that excludes 1 ({side})" if len(excl) else "that excludes 1"],
        subtitle=[
            "Hollow: exploratory subgroup results, unstratified,",
            f"not comparable with the filled ones; {n_explo_excl} of {len(explo)} exclude 1.",
            f"Vermillion and dashed: {_count(len(untraced), 'claim', 'claims')} from the",
            "case authors that we could not trace.",
            "Dotted rule: HR = 1, no difference.",
        ],
        anchor="start",
    )
    description = (
        f"Forest plot of {_count(n, 'hazard ratio', 'hazard ratios')} from "
        f"{_count(trials, 'trial', 'trials')}, each a point with its 95 % confidence interval "
        "on a log scale, arm A versus arm B as named in the comparison; below 1 favours arm A. "
        f"{len(excl)} exclude 1 ({side}): {_listing(excl)}. "
        f"{n - len(excl)} include 1: {_listing(frame[~frame['excludes_1']])}. "
        f"{_count(len(explo), 'is an exploratory subgroup result', 'are exploratory subgroup')}"
        f"{'' if len(explo) == 1 else ' results'}, drawn hollow and not comparable with the "
        f"stratified primary results: {_listing(explo)}. "
        f"{_count(len(untraced), 'is untraceable', 'are untraceable')}, the case authors' claim "
        f"drawn in vermillion with a dashed interval: {_listing(untraced)}. "
        "Two selects filter the rows by endpoint and by population."
    )
    return title, description


@narrow
def forest_plot_chart(trials: pd.DataFrame) -> alt.LayerChart:
    """A forest plot of every hazard ratio in ``trials`` (the table of ``load_trials``).

    One row per hazard ratio: a point at the HR and a rule across its 95 % CI, on a log
    x axis with a dotted rule at HR = 1. Filled: primary or secondary analysis; hollow:
    exploratory subgroup. Vermillion and dashed: the untraceable claim (confidence ``U``).
    Selects for endpoint and population filter the rows without a kernel. Raises
    :class:`ValueError` if there is no hazard-ratio row.
    """
    frame = forest_plot_frame(trials)
    title, description = _words(frame)
    return (
        alt.layer(*_layers(frame), data=frame)
        .add_params(
            _choices(frame["endpoint"], "endpoint_choice", "endpoints"),
            _choices(frame["population"], "population_choice", "populations"),
        )
        .properties(
            title=title,
            description=description,
            width="container",
            height=alt.Step(40),
        )
    )
