"""The therapy chapter's response chart: the breast mass over time, judged by RECIST 1.1
or by WHO, with the lines of therapy shaded: :func:`response_chart`.

Kernel-free: a radio input (a Vega-Lite parameter, ``criterion``) switches between the
two criteria. The data as drawn is :func:`response_chart_frame` (one row per measurement
and criterion, a ``criterion`` column the layers filter on) and
:func:`response_thresholds_frame` (the partial-response and progression thresholds of
each line, following its baseline and its nadir so far). Each criterion has its own y
axis; the one not chosen is collapsed to nothing by parameter expressions, so the axis
title names the measure and unit of the chosen criterion.

The sizes are reported; their dates are this book's (the report dates no assessment),
so the points follow the book's provenance convention for dates
(:mod:`casebook.charts.style`): hollow diamonds joined by a dashed line.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.assessments import (
    CRITERIA,
    CRITERION_UNITS,
    pct_words,
    response_sentence,
    size_words,
)
from casebook.charts.bands import _band_rects
from casebook.charts.live import live_data, live_datasets
from casebook.charts.style import (
    PALETTE,
    PROVENANCE_DASH,
    PROVENANCE_LABELS,
    lines_label_expr,
    narrow,
    provenance_fill,
    provenance_shape,
)
from casebook.dates import VEGA_MONTH_YEAR, date_text
from casebook.provenance import DATE_WORDS, DATE_WORDS_SHORT, date_drawn_as_reported
from casebook.timeline import therapy_lines

__all__ = [
    "RESPONSE_CRITERIA",
    "RESPONSE_PARAM",
    "RESPONSE_TABLE_COLUMNS",
    "THRESHOLD_LABELS",
    "response_chart_frame",
    "response_thresholds_frame",
    "response_chart",
]

#: The columns of the response chart's data table on the page.
RESPONSE_TABLE_COLUMNS = [
    "date",
    "line",
    "drug",
    "role",
    "size_text",
    "sum_mm",
    "recist_category",
    "product_mm2",
    "who_category",
    "provenance",
    "date_provenance",
    "method",
]

#: The radio's choices: criterion key → what the radio and the y axis say.
RESPONSE_CRITERIA: dict[str, str] = dict(CRITERIA)
#: The two thresholds, as the legend names them.
THRESHOLD_LABELS: dict[str, str] = {
    "PR": "partial-response threshold (from the line's baseline)",
    "PD": "progression threshold (from the nadir so far)",
}
_THRESHOLD_COLORS = [PALETTE["bluish_green"], PALETTE["vermillion"]]
#: The radio parameter that chooses the criterion (a live explorer patches its value).
RESPONSE_PARAM = _PARAM = "criterion"
_POINT_COLOR = PALETTE["black"]


def _point_label(role: str, category: object, pct_vs_baseline: float, pct_vs_nadir: float) -> str:
    """'baseline', 'PR −60 %', 'PD +25 % over nadir', 'SD −20 %'."""
    if role == "baseline" or category is None or pd.isna(category):
        return "baseline"
    if category == "PD":
        return f"PD {pct_words(pct_vs_nadir, 0)} over nadir"
    if category == "CR":
        return "CR"
    return f"{category} {pct_words(pct_vs_baseline, 0)}"


def response_chart_frame(assessments: pd.DataFrame) -> pd.DataFrame:
    """The points as drawn: one row per measurement and criterion (long format).

    ``assessments`` is :func:`casebook.assessments.response_assessments`. Columns:
    ``criterion`` ("recist" / "who"), ``criterion_label``, ``unit``, ``date``, ``line``,
    ``line_label``, ``role``, ``value`` (the sum in mm, or the sum of products in mm²),
    ``baseline``, ``nadir``, ``pct_vs_baseline``, ``pct_vs_nadir``, ``category``,
    ``point_label`` (the text beside the point: "PR −60 %"), ``sentence`` (the
    arithmetic), ``vs_baseline`` / ``vs_nadir`` (words), ``value_text``, ``size_text``,
    ``date_words`` (the date and where it comes from), ``source`` (value and date),
    ``provenance_label`` (filled or hollow: the *date*'s provenance, since every size is
    reported) and ``baseline_note``, ``method``, ``locator``, ``note``.
    """
    if assessments.empty:
        raise ValueError("there are no response assessments to draw")
    data = _by_criterion(assessments)
    data["line_label"] = "Line " + data["line"].astype(str) + ": " + data["drug"].str.capitalize()
    _add_arithmetic_words(data)
    data["baseline_note"] = [
        f"The baseline of line {int(b)}" if pd.notna(b) else "" for b in data["baseline_for"]
    ]
    data["date_words"] = [
        f"{date_text(d, p)}: {DATE_WORDS.get(p, p)}"
        for d, p in zip(data["date"], data["date_provenance"], strict=True)
    ]
    data["source"] = [
        f"size {PROVENANCE_LABELS.get(v, v)}; date {DATE_WORDS_SHORT.get(p, p)}"
        for v, p in zip(data["provenance"], data["date_provenance"], strict=True)
    ]
    # Every size is reported, but no date is: the mark follows the date (filled or hollow).
    reported_date = date_drawn_as_reported(data["date_provenance"]) & (
        data["provenance"] == "reported"
    )
    data["provenance_label"] = PROVENANCE_LABELS["reconstructed"]
    data.loc[reported_date, "provenance_label"] = PROVENANCE_LABELS["reported"]
    return data.loc[:, _FRAME_COLUMNS]


def _by_criterion(assessments: pd.DataFrame) -> pd.DataFrame:
    """The assessments once per criterion, long: its size as ``value``, its numbers."""
    rows = []
    for column, criterion in {"sum_mm": "recist", "product_mm2": "who"}.items():
        part = assessments.copy()
        part["criterion"] = criterion
        part["criterion_label"] = RESPONSE_CRITERIA[criterion]
        part["unit"] = CRITERION_UNITS[criterion]
        part["value"] = part[column].astype(float)
        for key in ("baseline", "nadir", "pct_vs_baseline", "pct_vs_nadir", "category"):
            part[key] = part[f"{criterion}_{key}"]
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def _add_arithmetic_words(data: pd.DataFrame) -> None:
    """The point labels and the arithmetic in words (in place): ``point_label``,
    ``value_text``, ``sentence``, ``vs_baseline``, ``vs_nadir``."""
    data["point_label"] = [
        _point_label(*row)
        for row in zip(
            data["role"],
            data["category"],
            data["pct_vs_baseline"],
            data["pct_vs_nadir"],
            strict=True,
        )
    ]
    data["value_text"] = [
        size_words(v, c) for v, c in zip(data["value"], data["criterion"], strict=True)
    ]
    data["sentence"] = [
        "" if role == "baseline" else response_sentence(c, baseline=b, nadir=n, current=v)
        for role, c, b, n, v in zip(
            data["role"],
            data["criterion"],
            data["baseline"],
            data["nadir"],
            data["value"],
            strict=True,
        )
    ]
    data["vs_baseline"] = [
        ""
        if role == "baseline"
        else f"{pct_words(p)} from the line's baseline of {size_words(b, c)}"
        for role, p, b, c in zip(
            data["role"], data["pct_vs_baseline"], data["baseline"], data["criterion"], strict=True
        )
    ]
    data["vs_nadir"] = [
        ""
        if role == "baseline" or pd.isna(p)
        else f"{pct_words(p)} against the nadir of {size_words(n, c)}"
        for role, p, n, c in zip(
            data["role"], data["pct_vs_nadir"], data["nadir"], data["criterion"], strict=True
        )
    ]


#: The columns of :func:`response_chart_frame`, in order.
_FRAME_COLUMNS = [
    "criterion",
    "criterion_label",
    "unit",
    "date",
    "line",
    "line_label",
    "role",
    "value",
    "baseline",
    "nadir",
    "pct_vs_baseline",
    "pct_vs_nadir",
    "category",
    "point_label",
    "sentence",
    "vs_baseline",
    "vs_nadir",
    "value_text",
    "size_text",
    "date_words",
    "source",
    "provenance",
    "date_provenance",
    "provenance_label",
    "baseline_note",
    "method",
    "locator",
    "note",
]


def _pd_threshold(criterion: str, nadir: float) -> float:
    """The smallest size that is progression over ``nadir`` (new lesions aside)."""
    if criterion == "recist":
        return max(
            nadir * (1 + clinical.RECIST_PD_MIN_INCREASE_PCT / 100),
            nadir + clinical.RECIST_PD_MIN_INCREASE_MM,
        )
    return nadir * (1 + clinical.WHO_PD_MIN_INCREASE_PCT / 100)


def _pct_pr(criterion: str) -> float:
    """The fall from baseline a partial response needs (percent)."""
    return (
        clinical.RECIST_PR_MIN_DECREASE_PCT
        if criterion == "recist"
        else clinical.WHO_PR_MIN_DECREASE_PCT
    )


def _pr_threshold(criterion: str, baseline: float) -> float:
    """The largest size that is a partial response from ``baseline``."""
    return baseline * (1 - _pct_pr(criterion) / 100)


def _pd_rule_words(criterion: str) -> str:
    if criterion == "recist":
        return (
            f"nadir + {clinical.RECIST_PD_MIN_INCREASE_PCT:g} %, and at least "
            f"+{clinical.RECIST_PD_MIN_INCREASE_MM:g} mm"
        )
    return f"nadir + {clinical.WHO_PD_MIN_INCREASE_PCT:g} %"


def response_thresholds_frame(assessments: pd.DataFrame) -> pd.DataFrame:
    """The thresholds each assessment is judged against, as steps over time.

    One row per criterion, line, threshold (``kind`` "PR" or "PD") and interval
    ``start``–``end`` between two measurements of the line: the threshold that the
    measurement at ``end`` is judged against. PR is fixed by the line's baseline (RECIST:
    70 % of it; WHO: 50 %); PD follows the nadir so far (RECIST: nadir × 1.2 and at least
    nadir + 5 mm; WHO: nadir × 1.25). Columns: ``criterion``, ``line``, ``kind``,
    ``kind_label``, ``start``, ``end``, ``value``, ``value_text``, ``rule`` (words).
    """
    rows = []
    for criterion, column in (("recist", "sum_mm"), ("who", "product_mm2")):
        for line in sorted(assessments["line"].unique()):
            base_at = assessments.index[assessments["baseline_for"] == line]
            after = assessments.index[
                (assessments["line"] == line) & (assessments["role"] == "assessment")
            ]
            chain = [*base_at[:1], *[i for i in after if not len(base_at) or i > base_at[0]]]
            if len(chain) < 2:
                continue
            baseline = float(assessments.at[chain[0], column])
            for prev, nxt in zip(chain[:-1], chain[1:], strict=True):
                nadir = min(float(assessments.at[i, column]) for i in chain if i <= prev)
                start, end = assessments.at[prev, "date"], assessments.at[nxt, "date"]
                for kind, value, rule in (
                    (
                        "PR",
                        _pr_threshold(criterion, baseline),
                        f"{pct_words(-_pct_pr(criterion))} from the baseline of "
                        f"{size_words(baseline, criterion)}",
                    ),
                    (
                        "PD",
                        _pd_threshold(criterion, nadir),
                        f"{_pd_rule_words(criterion)}; the nadir so far is "
                        f"{size_words(nadir, criterion)}",
                    ),
                ):
                    rows.append(
                        {
                            "criterion": criterion,
                            "line": int(line),
                            "kind": kind,
                            "kind_label": THRESHOLD_LABELS[kind],
                            "start": start,
                            "end": end,
                            "value": value,
                            "value_text": ("≤ " if kind == "PR" else "≥ ")
                            + size_words(value, criterion),
                            "rule": rule,
                        }
                    )
    return pd.DataFrame(
        rows,
        columns=[
            "criterion",
            "line",
            "kind",
            "kind_label",
            "start",
            "end",
            "value",
            "value_text",
            "rule",
        ],
    )


# ----------------------------------------------------------------------- layers


def _on(criterion: str, yes: float, no: float) -> dict[str, str]:
    """A Vega expression: ``yes`` while ``criterion`` is chosen, else ``no``."""
    return {"expr": f"{_PARAM} == {json.dumps(criterion)} ? {yes} : {no}"}


def _y_axis(criterion: str) -> alt.Axis:
    """The criterion's own y axis, on the left; collapsed to nothing when not chosen."""
    return alt.Axis(
        title=RESPONSE_CRITERIA[criterion],
        orient="left",
        titleFontSize=_on(criterion, 11, 0),
        titleOpacity=_on(criterion, 1, 0),
        titlePadding=_on(criterion, 6, 0),
        labelFontSize=_on(criterion, 10, 0),
        labelOpacity=_on(criterion, 1, 0),
        labelPadding=_on(criterion, 2, 0),
        tickSize=_on(criterion, 5, 0),
        tickOpacity=_on(criterion, 1, 0),
        domainOpacity=_on(criterion, 1, 0),
        gridOpacity=_on(criterion, 1, 0),
        format=",~f",
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("date_words:N", title="Date"),
        alt.Tooltip("criterion_label:N", title="Criterion"),
        alt.Tooltip("size_text:N", title="Breast mass"),
        alt.Tooltip("value_text:N", title="Measure"),
        alt.Tooltip("line_label:N", title="Line judged"),
        alt.Tooltip("point_label:N", title="Category"),
        alt.Tooltip("sentence:N", title="Arithmetic"),
        alt.Tooltip("vs_baseline:N", title="Against the baseline"),
        alt.Tooltip("vs_nadir:N", title="Against the nadir"),
        alt.Tooltip("baseline_note:N", title="Also"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("method:N", title="Measured by"),
        alt.Tooltip("locator:N", title="Where in the report"),
    ]


def _date_legend(show: bool) -> tuple[alt.Shape, alt.Fill]:
    """One legend for shape and fill: what filled and hollow mean here (the date)."""
    words = {
        PROVENANCE_LABELS["reported"]: "size reported, date reported",
        PROVENANCE_LABELS["reconstructed"]: "size reported, date chosen by this book",
    }
    label_expr = (
        "".join(
            f"datum.label == {json.dumps(k, ensure_ascii=False)} ? "
            f"{json.dumps(v, ensure_ascii=False)} : "
            for k, v in words.items()
        )
        + "datum.label"
    )
    legend = alt.Legend(
        title="Where the size and its date come from",
        labelExpr=label_expr,
        orient="bottom",
        direction="vertical",
        labelLimit=360,
        titleLimit=360,
    )
    shape, fill = provenance_shape(), provenance_fill(_POINT_COLOR)
    shape.title = fill.title = legend.title
    shape.legend = fill.legend = legend if show else None
    return shape, fill


def _criterion_layers(
    data: pd.DataFrame,
    thresholds: pd.DataFrame,
    criterion: str,
    domain: list[str],
    *,
    legends: bool,
    marked: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Everything drawn on one criterion's y scale, shown only while it is chosen.

    Both criteria draw the same legends, so only one of them (``legends``) shows them.
    ``marked``: extra values to mark (see :func:`response_chart`).
    """
    shown = f"datum.criterion == {_PARAM}"
    x = _x("date", domain)
    y = alt.Y("value:Q", title=RESPONSE_CRITERIA[criterion], axis=_y_axis(criterion))
    mine = data[data["criterion"] == criterion]
    steps = thresholds[thresholds["criterion"] == criterion]
    threshold_color = alt.Color(
        "kind_label:N",
        title="Thresholds",
        scale=alt.Scale(domain=list(THRESHOLD_LABELS.values()), range=_THRESHOLD_COLORS),
        # Each label in lines of 30 characters: one long line ran off a 320 px phone.
        legend=alt.Legend(
            orient="bottom",
            direction="vertical",
            labelExpr=lines_label_expr(THRESHOLD_LABELS.values(), 30),
        )
        if legends
        else None,
    )
    rules = (
        alt.Chart(steps, name=f"{criterion}_thresholds")
        .transform_filter(shown)
        .mark_rule(strokeWidth=2.5, opacity=0.9)
        .encode(
            x=_x("start", domain),
            x2="end:T",
            y=y,
            color=threshold_color,
            tooltip=[
                alt.Tooltip("kind_label:N", title="Threshold"),
                alt.Tooltip("value_text:N", title="Value"),
                alt.Tooltip("rule:N", title="From"),
            ],
        )
    )
    base = alt.Chart(mine).transform_filter(shown)
    named = {
        part: alt.Chart(mine, name=f"{criterion}_{part}").transform_filter(shown)
        for part in ("points", "labels", "halo")
    }
    path = base.mark_line(
        color=_POINT_COLOR, strokeDash=PROVENANCE_DASH[1], strokeWidth=1.5
    ).encode(x=x, y=y, order="date:T")
    shape, fill = _date_legend(legends)
    points = (
        named["points"]
        .mark_point(size=110, strokeWidth=2, color=_POINT_COLOR, opacity=1)
        .encode(x=x, y=y, shape=shape, fill=fill, tooltip=_tooltip())
    )
    # Right of its point, or left of it near the plot's right edge (the last label ran
    # past the chart on a 320 px phone).
    near_end = "scale('x', datum.date) > width - 60"
    text = {
        "align": alt.expr(f"{near_end} ? 'right' : 'left'"),
        "baseline": "bottom",
        "dx": alt.expr(f"{near_end} ? -8 : 8"),
        "dy": -6,
        "fontSize": 11,
    }
    # A white outline under each label keeps it readable where it crosses a line.
    halo = named["halo"].mark_text(**text, stroke="white", strokeWidth=4, color="white")
    labels = named["labels"].mark_text(**text, color=_POINT_COLOR)
    halo, labels = (m.encode(x=x, y=y, text="point_label:N") for m in (halo, labels))
    layers = [rules, path, points, halo, labels]
    if marked is not None:
        layers += _marked_layers(criterion, x, y, shown)
    return alt.layer(*layers)


def _marked_layers(criterion: str, x, y, shown) -> list[alt.Chart]:
    """The live explorer's typed size under ``criterion``: a cross and its label.

    One live dataset for both criteria, each layer keeping its own rows, so that the
    live explorer swaps the rows and never the layers (casebook.charts.live).
    """
    rows = live_data("marked")

    def mark(suffix: str) -> alt.Chart:
        # Each layer needs its own name: Vega refuses two data sets of the same name.
        return (
            alt.Chart(rows, name=f"{criterion}_marked_{suffix}")
            .transform_filter(alt.datum.criterion == criterion)
            .transform_filter(shown)
        )

    return [
        mark("point")
        .mark_point(
            shape="cross", size=200, filled=True, color=PALETTE["reddish_purple"], opacity=1
        )
        .encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title="Marked")),
        mark("label")
        .mark_text(
            align="right",
            baseline="top",
            dx=-8,
            dy=6,
            fontSize=11,
            color=PALETTE["reddish_purple"],
        )
        .encode(x=x, y=y, text="label:N"),
    ]


def _words(data: pd.DataFrame, lines: pd.DataFrame) -> tuple[alt.Title, str]:
    """The title (do the criteria agree?) and the description."""
    judged = data[data["role"] == "assessment"]
    by = {c: judged[judged["criterion"] == c] for c in RESPONSE_CRITERIA}
    cats = {c: list(part["category"]) for c, part in by.items()}
    n = len(cats["recist"])
    differ = sum(a != b for a, b in zip(cats["recist"], cats["who"], strict=True))
    if differ == 0:
        heading = [
            f"RECIST 1.1 and WHO agree at all {n} assessments:",
            f"{', '.join(cats['recist'])}; the numbers move,",
            "the categories do not",
        ]
    else:
        heading = [f"RECIST 1.1 and WHO disagree at {differ} of {n} assessments"]
    first, last = data["date"].min(), data["date"].max()
    first_prov = data.loc[data["date"] == first, "date_provenance"].iloc[0]
    last_prov = data.loc[data["date"] == last, "date_provenance"].iloc[0]
    n_rebuilt = int(
        (
            data.loc[data["criterion"] == "recist", "provenance_label"]
            != PROVENANCE_LABELS["reported"]
        ).sum()
    )

    def listing(criterion: str) -> str:
        part = data[data["criterion"] == criterion]
        values = ", ".join(part["value_text"])
        judged_part = part[part["role"] == "assessment"]
        calls = "; ".join(judged_part["point_label"])
        return f"{RESPONSE_CRITERIA[criterion]}: {values}, judged {calls}"

    description = (
        f"Response chart of the breast mass: {len(data) // 2} measurements from "
        f"{date_text(first, first_prov)} to {date_text(last, last_prov)}, with the "
        f"{len(lines)} lines of therapy shaded. A radio control chooses the criterion. "
        f"{listing('recist')}. {listing('who')}. "
        + (
            "Both criteria give the same category at every assessment; only the numbers differ. "
            if differ == 0
            else f"The criteria give different categories at {differ} assessments. "
        )
        + "Each line is judged from its own baseline (the last measurement before it "
        "starts). Green rules mark the partial-response threshold from that baseline "
        f"(RECIST {100 - clinical.RECIST_PR_MIN_DECREASE_PCT:g} % of it, WHO "
        f"{100 - clinical.WHO_PR_MIN_DECREASE_PCT:g} %), red-orange rules the progression "
        "threshold from the nadir so far (RECIST: nadir plus "
        f"{clinical.RECIST_PD_MIN_INCREASE_PCT:g} % and at least "
        f"{clinical.RECIST_PD_MIN_INCREASE_MM:g} mm; WHO: nadir plus "
        f"{clinical.WHO_PD_MIN_INCREASE_PCT:g} %). "
        + (
            f"The sizes are reported but the report dates no assessment: the {n_rebuilt} "
            "dates this book chose are drawn as hollow diamonds joined by a dashed line."
            if n_rebuilt
            else "Every size and date is reported (filled points)."
        )
    )
    # Short lines: Vega does not wrap titles, and a long one squeezes the plot on a phone.
    subtitle = [
        "Choose the criterion below the chart.",
        "Green: partial-response threshold (from the",
        "line's baseline); red-orange: progression",
        "threshold (from the nadir).",
        "Hollow diamonds, dashed line: the sizes are",
        "reported, the dates are this book's.",
    ]
    return alt.Title(heading, subtitle=subtitle, anchor="start"), description


def _x(field: str, domain: list[str]) -> alt.X:
    """The shared time axis (``field``: a date column of the layer's data)."""
    return alt.X(
        f"{field}:T",
        title="Date (each assessment date: this book's choice)",
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format=VEGA_MONTH_YEAR, tickCount={"interval": "month", "step": 1}),
    )


@narrow
def response_chart(
    assessments: pd.DataFrame,
    events: pd.DataFrame,
    *,
    criterion: str = "recist",
    marked: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Lesion size over time by RECIST 1.1 or WHO (a radio input), lines of therapy shaded.

    ``assessments`` is :func:`casebook.assessments.response_assessments`; ``events`` is
    ``case.events`` (its lines of therapy are shaded, :mod:`casebook.charts.bands`).
    Each point is labelled with its category and percent change and has a tooltip with
    the arithmetic; step rules show the partial-response and progression thresholds
    each measurement is judged against. The radio (a Vega-Lite parameter named
    ``criterion``, kernel-free) switches the points, the thresholds, the labels and
    the y-axis title between the two criteria.

    ``criterion`` is the radio's first choice ("recist" or "who"). ``marked`` (optional,
    for the live explorer) holds extra values to mark with a cross and a label:
    columns ``date``, ``criterion``, ``value`` (in the criterion's unit) and ``label``.
    """
    if criterion not in RESPONSE_CRITERIA:
        raise ValueError(
            f"criterion must be one of {', '.join(RESPONSE_CRITERIA)}, got {criterion!r}"
        )
    data = response_chart_frame(assessments)
    thresholds = response_thresholds_frame(assessments)
    lines = therapy_lines(events)
    first = min(data["date"].min(), lines["start"].min())
    last = max(data["date"].max(), lines["end"].max())
    span = last - first
    domain = [(first - span * 0.03).isoformat(), (last + span * 0.2).isoformat()]
    bands = _band_rects(
        lines,
        x=_x("start", domain),
        legend=alt.Legend(orient="top", direction="vertical"),
        fill_opacity=0.15,
    )
    criterion = alt.param(
        name=_PARAM,
        value=criterion,
        bind=alt.binding_radio(
            options=list(RESPONSE_CRITERIA),
            labels=list(RESPONSE_CRITERIA.values()),
            name="Criterion: ",
        ),
    )
    title, description = _words(data, lines)
    live = {} if marked is None else {"datasets": live_datasets({"marked": marked})}
    return (
        alt.layer(
            *bands,
            *[
                _criterion_layers(data, thresholds, c, domain, legends=i == 0, marked=marked)
                for i, c in enumerate(RESPONSE_CRITERIA)
            ],
        )
        .add_params(criterion)
        .resolve_scale(
            y="independent",
            color="independent",
            stroke="independent",
            shape="independent",
            fill="independent",
        )
        .properties(width="container", height=300, title=title, description=description, **live)
    )
