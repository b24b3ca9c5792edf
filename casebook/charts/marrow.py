"""The marrow chapter's chart: platelet counts over the CTCAE grade bands.

:func:`platelet_grade_chart` draws every count over the CTCAE grade
bands with the transfusion thresholds and the support given. Grades come from
:func:`casebook.clinical.ctcae_platelet_grade` and thresholds from the
``clinical.TransfusionThreshold`` items passed in: a chart draws rules, it never
re-implements one.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.charts.style import (
    PALETTE,
    PROVENANCE_DASH,
    date_tooltip,
    narrow,
    number_list,
    provenance_domain,
    provenance_label,
    provenance_legend_title,
    provenance_shape,
)
from casebook.dates import VEGA_DAY_MONTH, long_date
from casebook.provenance import DATE_WORDS

__all__ = [
    "GRADE_BAND_FILLS",
    "grade_lln",
    "grade_cutoff_words",
    "grade_frame",
    "platelet_grade_chart",
]

#: Light-to-dark greys for CTCAE grade 0-4 backgrounds: a single-hue lightness ramp
#: stays ordered for every kind of colour vision, and each band is also labelled.
GRADE_BAND_FILLS = ["#ffffff", "#f0f0f0", "#dedede", "#c6c6c6", "#a9a9a9"]


# ----------------------------------------------------------------------------
# Grades, from casebook.clinical


def grade_lln(bands) -> float:
    """The lower limit of normal (×10⁹/L) that CTCAE grade bands were made for.

    ``bands`` must be what :func:`casebook.clinical.ctcae_platelet_bands` returns for
    some LLN (e.g. ``clinical.CTCAE_PLATELET_BANDS``): the chart draws these bands and
    grades each count with ``clinical.ctcae_platelet_grade`` for the same LLN, so the
    bands and the grades cannot disagree. ValueError otherwise.
    """
    bands = tuple(bands)
    floors = [float(band[1]) for band in bands if int(band[0]) == 0]
    if len(floors) != 1 or bands != clinical.ctcae_platelet_bands(floors[0]):
        raise ValueError(
            "the grade bands must be clinical.ctcae_platelet_bands(lln) for some lower limit "
            "of normal (the chart grades every count with clinical.ctcae_platelet_grade)"
        )
    return floors[0]


def grade_cutoff_words(bands) -> str:
    """The cut-offs of the decreased grades in words, worst grade first.

    'grade 4 below 25, grade 3 from 25, grade 2 from 50, grade 1 from 75' for the
    CTCAE v5.0 bands; written from ``bands`` (``(grade, lower, upper)`` in ×10⁹/L).
    """
    words = []
    for band in sorted(bands, key=lambda b: -int(b[0])):
        grade, lower, upper = int(band[0]), float(band[1]), float(band[2])
        if grade == 0:  # "not decreased": no cut-off to state
            continue
        words.append(
            f"grade {grade} below {upper:g}" if lower == 0 else f"grade {grade} from {lower:g}"
        )
    return ", ".join(words)


def grade_frame(labs: pd.DataFrame, lln: float, until: pd.Timestamp | None) -> pd.DataFrame:
    """Platelet counts up to ``until`` (all if None), in date order, with their CTCAE grade."""
    plt = labs[labs["analyte"] == "platelets"].copy()
    if until is not None:
        plt = plt[plt["date"] <= until]
    if plt.empty:
        raise ValueError("no platelet counts to draw")
    plt = plt.sort_values("date").reset_index(drop=True)
    plt["provenance_label"] = provenance_label(plt["provenance"])
    plt["grade"] = [clinical.ctcae_platelet_grade(v, lln) for v in plt["value"]]
    plt["grade_label"] = "Grade " + plt["grade"].astype(str)
    return plt


# ----------------------------------------------------------------------------
# The grade chart's layers


def _grade_band_layers(lln: float, y_max: float) -> list[alt.Chart]:
    """The CTCAE grade bands as grey rects (legend below), each labelled G0..G4."""
    rows = []
    for band in clinical.ctcae_platelet_bands(lln):
        if band.lower >= y_max:
            continue
        top = min(band.upper, y_max)
        rows.append(
            {
                "grade": band.grade,
                "lower": band.lower,
                "upper": top,
                "label": band.label,
                "short": f"G{band.grade}",
                "mid": (band.lower + top) / 2,
            }
        )
    frame = pd.DataFrame(rows).sort_values("grade")
    fills = [GRADE_BAND_FILLS[min(g, len(GRADE_BAND_FILLS) - 1)] for g in frame["grade"]]
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",
        symbolStrokeColor="#8c8c8c",
        symbolType="square",
        labelLimit=320,
    )
    rects = (
        alt.Chart(frame)
        .mark_rect(stroke="#8c8c8c", strokeWidth=0.5)
        .encode(
            y=alt.Y(
                "lower:Q",
                scale=alt.Scale(domain=[0, y_max], nice=False),
                title="Platelets (×10⁹/L)",
            ),
            y2="upper:Q",
            fill=alt.Fill(
                "label:N",
                title="CTCAE v5.0 grade",
                legend=legend,
                scale=alt.Scale(domain=list(frame["label"]), range=fills),
            ),
            tooltip=[alt.Tooltip("label:N", title="CTCAE v5.0")],
        )
    )
    text = (
        alt.Chart(frame)
        .mark_text(
            align="right",
            baseline="middle",
            dx=-4,
            fontWeight="bold",
            color="#333333",
            x=alt.expr("width"),
        )
        .encode(y="mid:Q", text="short:N")
    )
    return [rects, text]


def _threshold_group(threshold: clinical.TransfusionThreshold) -> str:
    return "case" if threshold.source == "casereport" else "guideline"


def _threshold_frame(thresholds) -> pd.DataFrame:
    """One row per threshold line: its value, group, label and tooltip words."""
    rows = []
    for t in thresholds:
        group = _threshold_group(t)
        who = "case's trigger" if group == "case" else "guideline"
        rows.append(
            {
                "value": float(t.platelets_10e9_per_l),
                "group": group,
                "label": f"{who} {t.comparison}{t.platelets_10e9_per_l:g}",
                "setting": t.setting,
                "source": who if group == "case" else t.source,
                "note": t.note,
            }
        )
    return pd.DataFrame(rows).drop_duplicates(subset=["value", "group"])


def _grade_params(your: float, y_max: float) -> tuple[alt.Parameter, alt.Parameter]:
    """The select for the reference lines shown and the range input for your threshold."""
    view = alt.param(
        name="reference_lines",
        value="both",
        bind=alt.binding_select(
            options=["both", "guideline", "case"],
            labels=["guideline and case", "guideline only", "case's trigger only"],
            name="Reference lines shown ",
        ),
    )
    your_param = alt.param(
        name="your_threshold",
        value=your,
        bind=alt.binding_range(
            min=0, max=min(100.0, y_max), step=1, name="Your transfusion threshold (×10⁹/L) "
        ),
    )
    return view, your_param


def _threshold_layers(thresholds) -> list[alt.TopLevelMixin]:
    """Guideline and case thresholds as rules with labels, filtered by the select."""
    color = alt.Color(
        "group:N",
        legend=None,
        scale=alt.Scale(
            domain=["guideline", "case"], range=[PALETTE["bluish_green"], PALETTE["vermillion"]]
        ),
    )
    base = alt.Chart(_threshold_frame(thresholds)).transform_filter(
        "reference_lines == 'both' || datum.group == reference_lines"
    )
    rules = base.mark_rule(strokeWidth=2.5).encode(
        y="value:Q",
        color=color,
        strokeDash=alt.StrokeDash(
            "group:N",
            legend=None,
            scale=alt.Scale(domain=["guideline", "case"], range=[[1, 0], [8, 4]]),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Threshold"),
            alt.Tooltip("setting:N", title="Setting"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    # Case label above its line, guideline label below its line: they never share a spot.
    text = alt.layer(
        base.transform_filter("datum.group == 'case'")
        .mark_text(align="left", baseline="bottom", dx=4, dy=-2, fontWeight="bold")
        .encode(y="value:Q", text="label:N", color=color, x=alt.value(0)),
        base.transform_filter("datum.group == 'guideline'")
        .mark_text(align="left", baseline="top", dx=4, dy=3, fontWeight="bold")
        .encode(y="value:Q", text="label:N", color=color, x=alt.value(0)),
    )
    return [rules, text]


def _rings(plt: pd.DataFrame, x: alt.X, y: alt.Y) -> alt.Chart:
    """A ring on every count below your threshold."""
    return (
        alt.Chart(plt)
        .transform_filter("datum.value < your_threshold")
        .mark_point(
            shape="circle", size=420, strokeWidth=2, color=PALETTE["vermillion"], filled=False
        )
        .encode(x=x, y=y)
    )


def _your_threshold_layers(plt: pd.DataFrame) -> list[alt.Chart]:
    """Your threshold: a movable line, and how many counts lie below it."""
    rule = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(value="your_threshold")
        .mark_rule(
            color=PALETTE["black"],
            strokeDash=[2, 2],
            strokeWidth=1.5,
        )
        .encode(y="value:Q")
    )
    text = (
        alt.Chart(plt)
        .transform_calculate(below="datum.value < your_threshold ? 1 : 0")
        .transform_aggregate(n_below="sum(below)", n="count()")
        .transform_calculate(
            value="your_threshold",
            text="'your threshold <' + your_threshold + ':\\n' + datum.n_below + ' of ' + "
            "datum.n + ' counts below'",
        )
        # Two lines: one line ran past the plot's left edge on a 320 px phone, and pulled
        # the chart's title and subtitle with it.
        .mark_text(
            lineBreak="\n",
            align="right",
            baseline="bottom",
            dx=-30,
            dy=-2,
            color=PALETTE["black"],
            x=alt.expr("width"),
        )
        .encode(y="value:Q", text="text:N")
    )
    return [rule, text]


def _curve_layers(plt: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """The platelet curve: solid through the reported counts, dashed after, then points."""
    reported = plt[plt["provenance"] == "reported"]
    last_reported = reported["date"].max() if not reported.empty else plt["date"].min()
    solid = alt.Chart(reported).mark_line(color=PALETTE["blue"], strokeWidth=2).encode(x=x, y=y)
    dashed = (
        alt.Chart(plt[plt["date"] >= last_reported])
        .mark_line(color=PALETTE["blue"], strokeWidth=2, strokeDash=PROVENANCE_DASH[1])
        .encode(x=x, y=y)
    )
    # The shared fill encoding, but with its legend on, so that it merges with the shape
    # legend and the legend itself shows filled vs hollow.
    fill = alt.Fill(
        "provenance_label:N",
        title=provenance_legend_title(),
        scale=alt.Scale(domain=provenance_domain(), range=[PALETTE["blue"], "white"]),
        legend=alt.Legend(
            orient="bottom",
            direction="vertical",
            symbolStrokeColor=PALETTE["blue"],
            symbolStrokeWidth=2,
            labelLimit=320,
        ),
    )
    tooltip = [
        date_tooltip(),
        alt.Tooltip("value:Q", title="Platelets ×10⁹/L"),
        alt.Tooltip("grade_label:N", title="CTCAE v5.0"),
        alt.Tooltip("provenance_label:N", title="Source"),
        alt.Tooltip("locator:N", title="Where in the report"),
        alt.Tooltip("note:N", title="Note"),
    ]
    points = (
        alt.Chart(plt)
        .mark_point(size=110, strokeWidth=2, color=PALETTE["blue"], opacity=1)
        .encode(
            x=x,
            y=y,
            shape=provenance_shape(),
            fill=fill,
            tooltip=tooltip,
        )
    )
    return [solid, dashed, points]


def _support_frames(events: pd.DataFrame, end: pd.Timestamp) -> tuple[pd.DataFrame, ...]:
    """TPO-receptor-agonist periods (clipped at ``end``) and transfusions up to ``end``."""
    tpo = events[(events["kind"] == "tpo_ra") & (events["date"] <= end)].copy()
    tpo["end_date"] = tpo["end_date"].fillna(tpo["date"]).clip(upper=end)
    tpo["name"] = tpo["drug"].str.capitalize()
    # Tooltips say where the *dates* come from, in the date words.
    tpo["date_provenance_label"] = tpo["date_provenance"].map(DATE_WORDS)
    tx = events[(events["kind"] == "transfusion") & (events["date"] <= end)].copy()
    tx["date_provenance_label"] = tx["date_provenance"].map(DATE_WORDS)
    return tpo, tx


def _support_layers(tpo: pd.DataFrame, tx: pd.DataFrame, x: alt.X) -> list[alt.Chart]:
    """Along the top: TPO-RA periods as bars with their names, transfusions as ▽."""
    layers = []
    if not tpo.empty:
        tooltip = [
            alt.Tooltip("name:N", title="Drug"),
            date_tooltip("date", "From"),
            date_tooltip("end_date", "To"),
            alt.Tooltip("date_provenance_label:N", title="Dates"),
            alt.Tooltip("note:N", title="Note"),
        ]
        layers.append(
            alt.Chart(tpo)
            .mark_rect(color=PALETTE["reddish_purple"], opacity=0.9)
            .encode(x=x, x2="end_date:T", y=alt.value(3), y2=alt.value(15), tooltip=tooltip)
        )
        layers.append(
            alt.Chart(tpo)
            .mark_text(align="left", baseline="middle", dx=3, color=PALETTE["black"], fontSize=10)
            .encode(x=x, y=alt.value(9), text="name:N")
        )
    if not tx.empty:
        tooltip = [
            alt.Tooltip("label:N", title="Event"),
            date_tooltip(),
            alt.Tooltip("date_provenance_label:N", title="Occasion"),
            alt.Tooltip("note:N", title="Note"),
        ]
        layers.append(
            alt.Chart(tx)
            .mark_point(
                shape="triangle-down",
                size=90,
                strokeWidth=2,
                filled=False,
                color=PALETTE["vermillion"],
            )
            .encode(x=x, y=alt.value(26), tooltip=tooltip)
        )
    return layers


# ----------------------------------------------------------------------------
# The grade chart's words


def _grade_title(first_rep: pd.Series, last_rep: pd.Series, case_thr, guide_thr) -> alt.Title:
    """The finding: the fall in grades, and the case's trigger against the guideline."""
    n_days = int((last_rep["date"] - first_rep["date"]).days)
    lines = [
        f"Platelets fell from grade {first_rep['grade']} to grade {last_rep['grade']} "
        f"in {n_days} days"
    ]
    if case_thr and guide_thr:
        lines.append(
            f"The case transfused below {case_thr[0].platelets_10e9_per_l:g}, above the "
            f"guideline's {guide_thr[0].comparison}{guide_thr[0].platelets_10e9_per_l:g} ×10⁹/L"
        )
    return alt.Title(
        lines,
        subtitle=[
            "Filled circles: reported counts. Hollow diamonds: reconstructed (no values "
            "published).",
            "Along the top: TPO-RA periods (bars) and transfusions (▽), all dated by "
            "reconstruction.",
            "Controls under the chart: reference lines shown, and a threshold of your own.",
        ],
        anchor="start",
    )


def _threshold_words(values: pd.Series, case_thr, guide_thr) -> str:
    """Which thresholds are drawn, and how many values lie below each."""
    n = len(values)
    if case_thr:
        case = case_thr[0].platelets_10e9_per_l
        below_case = sum(bool(case_thr[0].applies(v)) for v in values)
    if guide_thr:
        guide = guide_thr[0].platelets_10e9_per_l
        below_guide = sum(bool(guide_thr[0].applies(v)) for v in values) or "none"
    if case_thr and guide_thr:
        return (
            f"The case's transfusion trigger, below {case:g} ×10⁹/L, is drawn beside the "
            f"guideline prophylactic threshold of {guide:g} ×10⁹/L. {below_case} of the "
            f"{n} values lie below the case's trigger and {below_guide} at or below the "
            "guideline threshold. "
        )
    if case_thr:
        return (
            f"The case's transfusion trigger, below {case:g} ×10⁹/L, is drawn. "
            f"{below_case} of the {n} values lie below it. "
        )
    return (
        f"The guideline prophylactic threshold of {guide:g} ×10⁹/L is drawn. "
        f"{str(below_guide).capitalize()} of the {n} values lie at or below it. "
    )


def _grade_words(
    plt: pd.DataFrame,
    end: pd.Timestamp,
    bands,
    case_thr,
    guide_thr,
    tpo: pd.DataFrame,
    tx: pd.DataFrame,
) -> tuple[alt.Title, str]:
    """The title (the finding) and the description (for screen readers)."""
    reported = plt[plt["provenance"] == "reported"]
    shown = reported if len(reported) >= 2 else plt
    first_rep, last_rep = shown.iloc[0], shown.iloc[-1]
    n_days = int((last_rep["date"] - first_rep["date"]).days)
    n_rec = int((plt["provenance"] != "reported").sum())
    description = (
        f"Platelet counts from {long_date(plt['date'].min())} to {long_date(end)} "
        f"drawn over the CTCAE v5.0 grade bands ({grade_cutoff_words(bands)} ×10⁹/L). "
        f"{len(reported)} counts are reported ({number_list(reported['value'])} ×10⁹/L, "
        f"grade {first_rep['grade']}, then grade {last_rep['grade']} after {n_days} days); "
        f"{n_rec} later values are reconstructed to follow the report's narrative of recovery "
        "on chemotherapy. "
        + _threshold_words(plt["value"], case_thr, guide_thr)
        + f"{len(tx)} transfusions (occasions reconstructed) and {len(tpo)} TPO-receptor-agonist "
        "periods (dates reconstructed) are marked along the top. A range input moves a "
        "threshold of your own and counts the values below it."
    )
    return _grade_title(first_rep, last_rep, case_thr, guide_thr), description


# ----------------------------------------------------------------------------
# The grade chart


def _your_threshold(value: float | None, case_thr, thresholds, y_max: float) -> float:
    """Your threshold's starting value: the given one, else the case's trigger."""
    if value is None:
        value = (case_thr[0] if case_thr else thresholds[0]).platelets_10e9_per_l
    your = float(value)
    if not (0 <= your <= y_max):  # also refuses NaN
        raise ValueError(f"your threshold must be between 0 and {y_max:g} ×10⁹/L, got {value}")
    return your


@narrow
def platelet_grade_chart(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    bands,
    thresholds,
    until: pd.Timestamp | str | None = None,
    your_threshold_10e9_per_l: float | None = None,
    y_max_10e9_per_l: float = 160.0,
) -> alt.LayerChart:
    """Platelet counts over the CTCAE grade bands, with transfusion thresholds and support.

    ``labs`` and ``events`` are ``Case.labs`` and ``Case.events``; only platelet rows,
    ``transfusion`` events and ``tpo_ra`` periods are drawn, up to ``until`` (a date;
    default: everything). ``bands`` are CTCAE grade bands from
    ``clinical.ctcae_platelet_bands`` (e.g. ``clinical.CTCAE_PLATELET_BANDS``): each
    count is graded by ``clinical.ctcae_platelet_grade`` for the same lower limit of
    normal. ``thresholds`` are ``clinical.TransfusionThreshold`` items: the one whose
    source is ``casereport`` (``clinical.case_trigger``) is drawn as the case's trigger,
    the others as guideline thresholds.

    Reported counts are filled circles joined by a solid line, reconstructed ones hollow
    diamonds joined by a dashed line. Transfusions (hollow triangles: their occasions
    are reconstructed) and TPO-receptor-agonist periods (bars) run along the top.

    Interactive without a kernel, every control a bound HTML input (keyboard-operable):
    a select chooses which reference lines to show (guideline, case, both), and a range
    input moves "your threshold", ringing every count below it and counting them.
    Tooltips on every mark. Raises ValueError for empty data, bands that are not
    CTCAE bands, or a threshold outside 0..``y_max_10e9_per_l``.
    """
    bands, thresholds = tuple(bands), tuple(thresholds)
    if not bands:
        raise ValueError("platelet_grade_chart needs the CTCAE grade bands")
    if not thresholds:
        raise ValueError("platelet_grade_chart needs at least one transfusion threshold")
    lln = grade_lln(bands)
    case_thr = [t for t in thresholds if _threshold_group(t) == "case"]
    guide_thr = [t for t in thresholds if _threshold_group(t) == "guideline"]
    plt = grade_frame(labs, lln, pd.Timestamp(until) if until is not None else None)
    start = plt["date"].min()
    end = pd.Timestamp(until) if until is not None else plt["date"].max()
    y_max = y_max_10e9_per_l
    your = _your_threshold(your_threshold_10e9_per_l, case_thr, thresholds, y_max)
    y = alt.Y("value:Q", title="Platelets (×10⁹/L)", scale=alt.Scale(domain=[0, y_max], nice=False))
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=[start.isoformat(), end.isoformat()]),
        axis=alt.Axis(format=VEGA_DAY_MONTH, labelAngle=0),
    )
    tpo, tx = _support_frames(events, end)
    layers = [
        *_grade_band_layers(lln, y_max),
        *_curve_layers(plt, x, y),
        _rings(plt, x, y),
        *_threshold_layers(thresholds),
        *_your_threshold_layers(plt),
        *_support_layers(tpo, tx, x),
    ]
    title, description = _grade_words(plt, end, bands, case_thr, guide_thr, tpo, tx)
    return (
        alt.layer(*layers)
        .add_params(*_grade_params(your, y_max))
        .properties(title=title, description=description, width="container", height=340)
        .resolve_scale(
            color="independent", fill="independent", shape="independent", strokeDash="independent"
        )
    )
