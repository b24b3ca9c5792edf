"""The interactive lab curves of the static site: :func:`lab_curves_chart`.

Kernel-free: every control is a Vega-Lite parameter bound to an HTML input. The data
as drawn is :func:`lab_curves_frame`; :func:`lab_gaps_frame` finds where the report
is silent on an analyte, so that the charts shade the gap instead of drawing values.
:data:`ANALYTE_LABELS` and :data:`ANALYTE_NOUNS` name the analytes for this chart
and for its kernel-side twin, :func:`casebook.charts.lab_snapshot.lab_curve_snapshot`.

The builder is split into a frame (the data as drawn), its layers (the encodings)
and its words (the title that states the finding and the description).
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from casebook.charts.bands import _band_rects
from casebook.charts.style import (
    PALETTE,
    PROVENANCE_DASH,
    narrow,
    number_list,
    provenance_fill,
    provenance_label,
    provenance_legend_title,
    provenance_shape,
)
from casebook.dates import VEGA_DATE, date_text, month_year
from casebook.timeline import therapy_lines

__all__ = [
    "ANALYTE_LABELS",
    "ANALYTE_NOUNS",
    "lab_curves_frame",
    "lab_gaps_frame",
    "lab_curves_chart",
]

ANALYTE_LABELS = {
    "platelets": "Platelets (×10⁹/L)",
    "ca125_relative": "CA125 trend (ratio to first value, reconstructed)",
}
#: What a gap says the report is silent on: "nothing on platelets", "nothing on CA125".
ANALYTE_NOUNS = {"platelets": "platelets", "ca125_relative": "CA125"}
_COUNT_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}


def _lab_tooltip() -> list[alt.Tooltip]:
    """The tooltip of a lab value: when, what, how much, and where it comes from."""
    return [
        alt.Tooltip("date:T", title="Date", format=VEGA_DATE),
        alt.Tooltip("analyte_label:N", title="Analyte"),
        alt.Tooltip("value:Q", title="Value"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("provenance_label:N", title="Source"),
        alt.Tooltip("locator:N", title="Where in the report"),
        alt.Tooltip("note:N", title="Note"),
    ]


def _lab_points_encoding(legend: alt.Legend) -> tuple[alt.Shape, alt.Fill]:
    """Shape and fill share field and title, so Vega-Lite draws one legend for both."""
    shape = provenance_shape()
    fill = provenance_fill(PALETTE["blue"])
    shape.legend = fill.legend = legend
    fill.title = provenance_legend_title()
    return shape, fill


def _day_number(dates: pd.Series, origin: pd.Timestamp) -> pd.Series:
    return (dates - origin).dt.days


def lab_curves_frame(labs: pd.DataFrame) -> pd.DataFrame:
    """The lab values the chart can show, with the day number (day 0 = first value)."""
    data = labs[labs["analyte"].isin(ANALYTE_LABELS)].copy()
    data["day"] = _day_number(data["date"], data["date"].min())
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = data["analyte"].map(ANALYTE_LABELS)
    return data


def lab_gaps_frame(data: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Where an analyte has no value although the chart goes on: from its last value to
    ``end`` (the end of the last line of therapy, or of the range a snapshot shows).
    Charts shade these gaps and say why, instead of drawing values the report never
    describes."""
    rows = []
    for analyte, noun in ANALYTE_NOUNS.items():
        dates = data.loc[data["analyte"] == analyte, "date"]
        if dates.empty or dates.max() >= end:
            continue
        rows.append(
            {
                "analyte": analyte,
                "start": dates.max(),
                "end": end,
                "text": [
                    f"The report says nothing on {noun}",
                    f"after {month_year(dates.max())}: nothing drawn",
                ],
                "why": f"The report says nothing about {noun} after "
                f"{month_year(dates.max())}, so nothing is drawn here.",
            }
        )
    return pd.DataFrame(rows, columns=["analyte", "start", "end", "text", "why"])


def _lab_curves_gaps(
    gaps: pd.DataFrame, x: alt.X, shown: str | None = None, data: alt.NamedData | None = None
) -> list[alt.Chart]:
    """A grey band over each gap, with its reason written in it (``shown``: a Vega filter
    expression choosing which gaps to draw, e.g. the analyte a control selects; ``data``:
    where the layers read ``gaps`` from, when not inline)."""
    if gaps.empty:
        return []
    base = alt.Chart(gaps if data is None else data)
    if shown:
        base = base.transform_filter(shown)
    band = base.mark_rect(color="#bdbdbd", opacity=0.35, clip=True).encode(
        x=x, x2="end:T", tooltip=alt.Tooltip("why:N", title="Gap")
    )
    # The reason is written from the gap's end leftwards: a gap near the right edge of a
    # narrow (phone) plot would cut off text written rightwards from its start.
    end = x.copy()
    end.shorthand = "end:T"
    text = base.mark_text(
        align="right",
        baseline="top",
        dx=-4,
        dy=4,
        y=0,
        color=PALETTE["black"],
        fontSize=11,
    ).encode(x=end, text="text:N")
    return [band, text]


def _lab_curves_params(last_day: int) -> list[alt.Parameter]:
    """The controls: analyte, first and last day, trigger and bands shown."""
    return [
        alt.param(
            name="analyte",
            value="platelets",
            bind=alt.binding_select(
                options=list(ANALYTE_LABELS), labels=list(ANALYTE_LABELS.values()), name="Analyte "
            ),
        ),
        alt.param(
            name="first_day",
            value=0,
            bind=alt.binding_range(
                min=0, max=last_day, step=1, name="First day shown (day 0 = first visit) "
            ),
        ),
        alt.param(
            name="last_day",
            value=last_day,
            bind=alt.binding_range(min=0, max=last_day, step=1, name="Last day shown "),
        ),
        alt.param(
            name="show_trigger",
            value=True,
            bind=alt.binding_checkbox(name="Show transfusion trigger "),
        ),
        alt.param(
            name="show_bands", value=True, bind=alt.binding_checkbox(name="Show lines of therapy ")
        ),
    ]


_IN_VIEW = "datum.analyte == analyte && datum.day >= first_day && datum.day <= last_day"


def _lab_curves_values(data: pd.DataFrame) -> list[alt.Chart]:
    """The curve: a dashed line through every value, a solid one over the reported ones."""
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(padding=10),
        axis=alt.Axis(format=VEGA_DATE, labelAngle=-30, labelFlush=True, labelOverlap=True),
    )
    y = alt.Y("value:Q", title=None)
    base = alt.Chart(data).transform_filter(_IN_VIEW)
    line = base.mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[1], clip=True).encode(
        x=x, y=y
    )
    reported_line = (
        base.transform_filter("datum.provenance == 'reported'")
        .mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[0], strokeWidth=2, clip=True)
        .encode(x=x, y=y)
    )
    # Legends sit below the plot, stacked: legends on the right would squeeze the plot
    # or be cut off on a narrow page.
    shape, fill = _lab_points_encoding(
        alt.Legend(title=provenance_legend_title(), orient="bottom", direction="vertical")
    )
    points = base.mark_point(
        size=80, strokeWidth=2, color=PALETTE["blue"], opacity=1, clip=True
    ).encode(
        x=x,
        y=y,
        shape=shape,
        fill=fill,
        tooltip=_lab_tooltip(),
    )
    return [line, reported_line, points]


def _lab_curves_trigger(trigger_value: float) -> list[alt.Chart]:
    """The case's transfusion trigger: a rule and its label, on platelets only."""
    trigger_frame = pd.DataFrame(
        {
            "value": [trigger_value],
            "label": [f"case's transfusion trigger: below {trigger_value:g} ×10⁹/L (reported)"],
            "short": [f"transfusion trigger {trigger_value:g} ×10⁹/L"],
        }
    )
    shown = "analyte == 'platelets' && show_trigger"
    trigger = (
        alt.Chart(trigger_frame)
        .transform_filter(shown)
        .mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
        .encode(y="value:Q", tooltip=alt.Tooltip("label:N", title="Threshold"))
    )
    trigger_text = (
        alt.Chart(trigger_frame)
        .transform_filter(shown)
        .mark_text(
            align="right", baseline="top", dx=-4, dy=4, x="width", color=PALETTE["vermillion"]
        )
        .encode(y="value:Q", text="short:N")
    )
    return [trigger, trigger_text]


def _lab_curves_main(
    data: pd.DataFrame, bands: pd.DataFrame, trigger_value: float, title: alt.Title
) -> alt.LayerChart:
    """The plot: bands, curve and trigger, with the controls; ``title``'s lines, then a
    heading naming the analyte the select shows."""
    # The title's last lines name the analyte: a Vega expression on the parameter. Lines
    # are joined by "|" and split again, so a long analyte name wraps like the rest.
    heading = (
        "".join(
            f"analyte == {json.dumps(k, ensure_ascii=False)} ? "
            f"{json.dumps('|'.join(textwrap.wrap(v, 30)), ensure_ascii=False)} : "
            for k, v in ANALYTE_LABELS.items()
        )
        + "''"
    )
    lines = json.dumps("|".join(title.text) + "|", ensure_ascii=False)
    band_rects = [
        rect.transform_filter("show_bands").mark_rect(
            fillOpacity=0.18,
            strokeOpacity=1,
            strokeWidth=2,
            strokeDash=rect.mark.strokeDash,
            clip=True,
        )
        for rect in _band_rects(
            bands,
            x=alt.X("start:T"),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        )
    ]
    return (
        alt.layer(
            *band_rects,
            *_lab_curves_gaps(
                lab_gaps_frame(data, bands["end"].max()),
                alt.X("start:T"),
                shown="datum.analyte == analyte",
            ),
            *_lab_curves_values(data),
            *_lab_curves_trigger(trigger_value),
        )
        .add_params(*_lab_curves_params(int(data["day"].max())))
        .properties(
            width="container",
            height=280,
            title=alt.Title(
                {"expr": f"split({lines} + ({heading}), '|')"},
                subtitle=title.subtitle,
                anchor="start",
            ),
        )
        .resolve_scale(
            color="independent", stroke="independent", shape="independent", fill="independent"
        )
    )


def _lab_curves_words(
    data: pd.DataFrame, bands: pd.DataFrame, trigger_value: float
) -> tuple[alt.Title, str]:
    """The title (reported counts, then a sketch) and the description of the lab chart."""
    plt = data[data["analyte"] == "platelets"]
    rep = plt[plt["provenance"] == "reported"]
    gaps = " ".join(
        f"{why} The chart shades that gap."
        for why in lab_gaps_frame(data, bands["end"].max())["why"]
    )
    description = (
        f"Interactive chart of the case's laboratory curves from "
        f"{date_text(data['date'].min(), 'reported')}, {int(data['day'].max())} days in all. "
        f"Platelets: {len(rep)} reported counts ({number_list(rep['value'])} ×10⁹/L) and "
        f"{len(plt) - len(rep)} reconstructed values that follow the report's narrative of "
        "recovery on chemotherapy. CA125 is shown only as a reconstructed trend relative to its "
        f"first value, because the report gives no CA125 numbers. {gaps}"
        f" A red dotted rule marks the case's transfusion trigger of {trigger_value:g} "
        f"×10⁹/L; shaded bands mark the {len(bands)} lines of therapy, with a dashed outline "
        "where a start or end date is this book's choice."
    )
    # Short lines: the title must fit a 320 px wide phone without being cut off.
    title = alt.Title(
        [
            f"{_COUNT_WORDS.get(len(rep), len(rep))} reported counts, then",
            "a reconstructed sketch of the",
            "recovery the report describes",
        ],
        subtitle=[
            f"Filled points: the {len(rep)} platelet counts",
            "the report gives; every hollow point is",
            "reconstructed (Figure 4 is an image",
            "only). Grey: the report says nothing,",
            "so nothing is drawn. A dashed outline",
            "on a line of therapy: a start or end",
            "date this book chose.",
        ],
        anchor="start",
    )
    return title, description


@narrow
def lab_curves_chart(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    transfusion_trigger_10e9_per_l: float,
) -> alt.LayerChart:
    """Interactive lab curves for the static site (no kernel needed).

    Controls, all Vega-Lite parameters bound to HTML inputs (keyboard-operable):
    the analyte (select), the first and last day shown (range inputs), whether to
    show the transfusion trigger and the therapy bands (checkboxes); the day sliders
    zoom. One layered view as wide as its container, so it reflows on a phone (a
    concatenated chart cannot fit its container; the pointer-only brush strip it once
    had is gone). Tooltips on points.
    The heading above the plot names the analyte and its unit; reported values are
    filled and joined by a solid line, reconstructed ones hollow with a dashed line.
    """
    data = lab_curves_frame(labs)
    trigger_value = float(transfusion_trigger_10e9_per_l)
    bands = therapy_lines(events)
    title, description = _lab_curves_words(data, bands, trigger_value)
    return (
        _lab_curves_main(data, bands, trigger_value, title)
        .properties(description=description)
        .configure_legend(labelLimit=230)
    )
