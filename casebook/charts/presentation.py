"""Charts of the presentation chapter: the timeline and the lab curves.

:func:`timeline_chart` puts every event on one time axis; :func:`lab_curves_chart`
is the kernel-free interactive lab chart of the static site, and
:func:`lab_curve_snapshot` its kernel-side twin that ``casebook.widgets.LabExplorer``
redraws. Lines of therapy are shaded bands (:func:`_band_rects`) in all three.

Each builder is split into a frame (the data as drawn), its layers (the encodings)
and its words (the title that states the finding and the description).
"""

from __future__ import annotations

import json
import math
import numbers

import altair as alt
import pandas as pd

from casebook.charts.style import (
    CONCAT_WIDTH_PX,
    PALETTE,
    PROVENANCE_DASH,
    PROVENANCE_LABELS,
    number_list,
    provenance_fill,
    provenance_label,
    provenance_legend_title,
    provenance_shape,
)
from casebook.dates import VEGA_DATE, VEGA_MONTH_YEAR, date_text, long_date, month_year
from casebook.provenance import (
    DATE_WORDS,
    DATE_WORDS_SHORT,
    date_drawn_as_reported,
    period_words,
)
from casebook.timeline import PERIOD_DATES, end_provenance, period_dates, therapy_lines

__all__ = [
    "ANALYTE_LABELS",
    "LINE_COLORS",
    "EVENT_KIND_ORDER",
    "EVENT_KIND_LABELS",
    "timeline_frame",
    "timeline_chart",
    "lab_curves_frame",
    "lab_curves_chart",
    "lab_curve_snapshot",
]

ANALYTE_LABELS = {
    "platelets": "Platelets (×10⁹/L)",
    "ca125_relative": "CA125 trend (ratio to first value, reconstructed)",
}
LINE_COLORS = {1: PALETTE["sky_blue"], 2: PALETTE["orange"]}
EVENT_KIND_ORDER = [
    "visit",
    "test",
    "biopsy",
    "imaging",
    "drug",
    "tpo_ra",
    "transfusion",
    "assessment",
    "outcome",
]
EVENT_KIND_LABELS = {
    "visit": "Visit",
    "test": "Blood test",
    "biopsy": "Biopsy",
    "imaging": "Imaging",
    "drug": "Drug",
    "tpo_ra": "TPO-receptor agonist",
    "transfusion": "Platelet transfusion",
    "assessment": "Assessment",
    "outcome": "Outcome",
}
_COUNT_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}
#: What a gap says the report is silent on: "nothing on platelets", "nothing on CA125".
ANALYTE_NOUNS = {"platelets": "platelets", "ca125_relative": "CA125"}


# ----------------------------------------------------------------------------
# Lines of therapy as shaded bands (timeline, lab curves, snapshot)


def _band_legend(bands: pd.DataFrame, legend: alt.Legend | None) -> alt.Legend:
    """The legend of the bands: a square per line, dashed when every band is."""
    if legend is None:
        # Above the plot (the timeline's other legend is below it): side by side they
        # would be cut off on a narrow page, and a legend on the right narrows the plot.
        legend = alt.Legend(orient="top", direction="vertical")
    legend.title = "Line of therapy (shaded)"
    if legend.labelLimit is alt.Undefined:
        legend.labelLimit = 420
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
) -> list[alt.Chart]:
    """The rect layers behind :func:`_band_layer`: one per kind of dates present.

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
            .mark_rect(fillOpacity=fill_opacity, strokeOpacity=1, strokeWidth=2, strokeDash=dash)
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


# ----------------------------------------------------------------------------
# Timeline


def _when(start, start_prov: str, end, end_prov: str, is_period: bool) -> str:
    """An event's dates in words, with where each comes from."""
    if is_period:
        return (
            f"{date_text(start, start_prov)} to {date_text(end, end_prov)}: "
            f"{period_words(start_prov, end_prov)}"
        )
    if start_prov == "month-reported":
        return f"{month_year(start)}: the report gives the month only, no day"
    return f"{date_text(start, start_prov)}: {DATE_WORDS.get(start_prov, start_prov)}"


def timeline_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The events as the timeline draws them: lane, dates in words, source, spread."""
    ev = events.copy()
    ev["kind_label"] = ev["kind"].map(EVENT_KIND_LABELS)
    invented = ev.groupby("kind")["provenance"].transform(
        lambda s: bool((s == "reconstructed").all())
    )
    ev.loc[invented, "kind_label"] = ev.loc[invented, "kind_label"] + " (reconstructed)"
    ev["provenance_label"] = PROVENANCE_LABELS["reconstructed"]
    filled = date_drawn_as_reported(ev["date_provenance"])
    ev.loc[filled, "provenance_label"] = PROVENANCE_LABELS["reported"]
    end_prov = end_provenance(ev)
    ev["when"] = [
        _when(*row)
        for row in zip(
            ev["date"],
            ev["date_provenance"],
            ev["end_date"],
            end_prov,
            ev["end_date"].notna(),
            strict=True,
        )
    ]
    ev["event_source"] = PROVENANCE_LABELS["reported"]
    rebuilt = ev["provenance"] == "reconstructed"
    ev.loc[rebuilt, "event_source"] = "reconstructed by this book, not only its date (see note)"
    ev.loc[rebuilt & (ev["kind"] == "transfusion"), "event_source"] = (
        "reconstructed by this book from the transfusion rule the report gives: "
        "how many transfusions there were, and on which days, is unknown"
    )
    ev["dates"] = period_dates(ev["date_provenance"], end_prov)
    # Events sharing a lane and a date are spread a few pixels apart instead of hidden
    # behind each other (e.g. the two biopsies placed on the first-visit date).
    same_day = ev.groupby(["kind", "date"])["date"].transform("size")
    ev["spread"] = ev.groupby(["kind", "date"]).cumcount() - (same_day - 1) / 2
    return ev


def _timeline_axes(ev: pd.DataFrame) -> tuple[alt.X, alt.Y]:
    """One lane per kind of event (in the book's order), months along the bottom."""
    lane = ev.drop_duplicates("kind").set_index("kind")["kind_label"]
    order = [lane[k] for k in EVENT_KIND_ORDER if k in lane.index]
    y = alt.Y("kind_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    first, last = ev["date"].min(), ev["date"].max()
    margin = pd.Timedelta(days=7)  # keeps the first and last symbols off the plot edges
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=[(first - margin).isoformat(), (last + margin).isoformat()]),
        axis=alt.Axis(
            format=VEGA_MONTH_YEAR, tickCount={"interval": "month", "step": 1}, labelAngle=0
        ),
    )
    return x, y


def _timeline_date_legend() -> tuple[alt.Shape, alt.Fill]:
    """One legend for shape and fill (same field, same title): filled circle = date
    reported, hollow diamond = date this book chose or known to the month only."""
    legend_title = "Where the date comes from"
    date_words = {
        PROVENANCE_LABELS["reported"]: (
            f"date {DATE_WORDS_SHORT['reported']} or "
            f"{DATE_WORDS_SHORT['derived']} from reported facts"
        ),
        PROVENANCE_LABELS["reconstructed"]: (
            f"date {DATE_WORDS_SHORT['reconstructed']} or {DATE_WORDS_SHORT['month-reported']}"
        ),
    }
    label_expr = (
        "".join(
            f"datum.label == {json.dumps(k, ensure_ascii=False)} ? {json.dumps(v)} : "
            for k, v in date_words.items()
        )
        + "datum.label"
    )
    legend = alt.Legend(
        title=legend_title, labelExpr=label_expr, orient="bottom", direction="vertical"
    )
    shape, fill = provenance_shape(), provenance_fill(PALETTE["blue"])
    shape.title = fill.title = legend_title
    shape.legend = fill.legend = legend
    return shape, fill


def _timeline_layers(ev: pd.DataFrame) -> tuple[alt.Chart, alt.Chart]:
    """Periods as bars and every event as a symbol, in its lane."""
    x, y = _timeline_axes(ev)
    tooltip = [
        alt.Tooltip("label:N", title="Event"),
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("event_source:N", title="The event itself is"),
        alt.Tooltip("dose:N", title="Dose"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("locator:N", title="Where in the report"),
    ]
    shape, fill = _timeline_date_legend()
    # Bars: filled when both dates are reported, hollow with a dashed outline otherwise
    # (the subtitle and the tooltips say so; no bar of this case has two reported dates).
    dates = list(PERIOD_DATES)
    periods = (
        alt.Chart(ev[ev["end_date"].notna()])
        .mark_bar(height=10, stroke=PALETTE["reddish_purple"], strokeWidth=2, opacity=1)
        .encode(
            x=x,
            x2="end_date:T",
            y=y,
            tooltip=tooltip,
            color=alt.Color(
                "dates:N",
                legend=None,
                scale=alt.Scale(domain=dates, range=[PALETTE["reddish_purple"], "white"]),
            ),
            strokeDash=alt.StrokeDash(
                "dates:N", legend=None, scale=alt.Scale(domain=dates, range=PROVENANCE_DASH)
            ),
        )
    )
    spread = alt.Scale(
        domain=[-1, 1],
        range=[{"expr": "bandwidth('y') / 2 - 14"}, {"expr": "bandwidth('y') / 2 + 14"}],
    )
    points = (
        alt.Chart(ev)
        .mark_point(size=110, strokeWidth=2, color=PALETTE["blue"], opacity=1)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("spread:Q", scale=spread),
            shape=shape,
            fill=fill,
            tooltip=tooltip,
        )
    )
    return periods, points


def _timeline_words(ev: pd.DataFrame, lines: pd.DataFrame) -> tuple[alt.Title, str]:
    """The title (months, lines of therapy) and the description of the timeline."""
    first, last = ev["date"].min(), ev["date"].max()
    n_rep = int((ev["date_provenance"] == "reported").sum())
    n_derived = int((ev["date_provenance"] == "derived").sum())
    n_lines = int(lines["line"].nunique())
    months = (last.year - first.year) * 12 + last.month - first.month
    first_prov = ev.loc[ev["date"] == first, "date_provenance"].iloc[0]
    last_prov = ev.loc[ev["date"] == last, "date_provenance"].iloc[-1]
    n_tx = int(((ev["provenance"] == "reconstructed") & (ev["kind"] == "transfusion")).sum())
    description = (
        f"Timeline of {len(ev)} events from {date_text(first, first_prov)} to "
        f"{date_text(last, last_prov)}, one row per kind of event, with the {n_lines} lines "
        f"of therapy shaded. {n_rep} events have a date the report states"
        + (f" and {n_derived} a date derived from what it states" if n_derived else "")
        + " (filled marks); the "
        "others have a month only or a reconstructed date (hollow marks). Drug bars and shaded "
        "lines of therapy drawn hollow or with a dashed outline have a start or end date this "
        "book chose."
        + (
            f" The {n_tx} platelet transfusions are themselves reconstructed: the report gives "
            "the rule, not their number or their days."
            if n_tx
            else ""
        )
    )
    subtitle = [
        "Filled marks: date stated in the report (or derived from it). Hollow marks: "
        "month only, or a date this book chose.",
        "Dashed outlines (bars, shaded lines of therapy): a start or end date this book chose.",
    ]
    if n_tx:
        subtitle.append(
            "The transfusions themselves are reconstructed: their number and days are unknown."
        )
    title = alt.Title(
        [
            f"{months} months from first visit to last contact:",
            f"{n_lines} lines of therapy, then nutritional collapse",
        ],
        subtitle=subtitle,
        anchor="start",
    )
    return title, description


def timeline_chart(events: pd.DataFrame) -> alt.LayerChart:
    """Every event of the case on one time axis: one lane per kind of event.

    Point events are symbols, periods (drugs, TPO-receptor agonists) are bars, and
    lines of therapy are shaded bands. Filled marks have a reported date; hollow
    marks have a date this book reconstructed or one known to the month only. A bar
    or band whose start or end date is the book's choice is hollow with a dashed
    outline. A lane whose events are themselves reconstructed (not only their dates,
    e.g. the transfusions) says so in its name. Tooltips give the dates in words,
    where each comes from, the note and the locator.
    """
    ev = timeline_frame(events)
    lines = therapy_lines(events)
    periods, points = _timeline_layers(ev)
    title, description = _timeline_words(ev, lines)
    return (
        (_band_layer(lines) + periods + points)
        .properties(
            title=title,
            description=description,
            width="container",
            height=300,
        )
        .resolve_scale(color="independent", stroke="independent", strokeDash="independent")
    )


# ----------------------------------------------------------------------------
# Lab curves (static site: Vega-Lite parameters, no kernel)


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


def _lab_curves_gaps(gaps: pd.DataFrame, x: alt.X, shown: str | None = None) -> list[alt.Chart]:
    """A grey band over each gap, with its reason written in it (``shown``: a Vega filter
    expression choosing which gaps to draw, e.g. the analyte a control selects)."""
    if gaps.empty:
        return []
    base = alt.Chart(gaps)
    if shown:
        base = base.transform_filter(shown)
    band = base.mark_rect(color="#bdbdbd", opacity=0.35, clip=True).encode(
        x=x, x2="end:T", tooltip=alt.Tooltip("why:N", title="Gap")
    )
    text = base.mark_text(
        align="left",
        baseline="top",
        dx=4,
        dy=4,
        y=0,
        color=PALETTE["black"],
        fontSize=11,
        clip=True,
    ).encode(x=x, text="text:N")
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
        scale=alt.Scale(domain={"param": "brush"}, padding=10),
        axis=alt.Axis(format=VEGA_DATE, labelAngle=-30),
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
    # Legends sit above the plot: a concatenated chart cannot shrink its plot to make
    # room for legends on the right, which would be cut off on a narrow page.
    shape, fill = _lab_points_encoding(
        alt.Legend(title=provenance_legend_title(), orient="top", direction="vertical")
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
    data: pd.DataFrame, bands: pd.DataFrame, trigger_value: float
) -> alt.LayerChart:
    """The main plot: bands, curve and trigger, with the controls and a heading."""
    # The heading above the plot names the analyte: a Vega expression on the parameter.
    heading = (
        "".join(
            f"analyte == {json.dumps(k, ensure_ascii=False)} ? {json.dumps(v, ensure_ascii=False)} : "
            for k, v in ANALYTE_LABELS.items()
        )
        + "''"
    )
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
            x=alt.X("start:T", scale=alt.Scale(domain={"param": "brush"})),
            legend=alt.Legend(orient="top", direction="vertical"),
        )
    ]
    return (
        alt.layer(
            *band_rects,
            *_lab_curves_gaps(
                lab_gaps_frame(data, bands["end"].max()),
                alt.X("start:T", scale=alt.Scale(domain={"param": "brush"})),
                shown="datum.analyte == analyte",
            ),
            *_lab_curves_values(data),
            *_lab_curves_trigger(trigger_value),
        )
        .add_params(*_lab_curves_params(int(data["day"].max())))
        .properties(
            width=CONCAT_WIDTH_PX,
            height=280,
            title=alt.Title({"expr": heading}, anchor="start", fontSize=13, fontWeight="normal"),
        )
        .resolve_scale(
            color="independent", stroke="independent", shape="independent", fill="independent"
        )
    )


def _lab_curves_overview(data: pd.DataFrame) -> alt.Chart:
    """The strip under the main plot: drag across it to zoom (a brush)."""
    x = alt.X(
        "date:T",
        title="Drag across this strip to zoom the chart above (or use the day sliders)",
        axis=alt.Axis(
            format=VEGA_MONTH_YEAR, tickCount={"interval": "month", "step": 1}, labelAngle=0
        ),
    )
    return (
        alt.Chart(data)
        .transform_filter(_IN_VIEW)
        .mark_line(
            color=PALETTE["black"], point=alt.OverlayMarkDef(size=12, color=PALETTE["black"])
        )
        .encode(x=x, y=alt.Y("value:Q", title=None, axis=alt.Axis(tickCount=2)))
        .add_params(alt.selection_interval(name="brush", encodings=["x"]))
        .properties(width=CONCAT_WIDTH_PX, height=60)
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
    title = alt.Title(
        [
            f"{_COUNT_WORDS.get(len(rep), len(rep))} reported counts, then a reconstructed sketch",
            "of the recovery the report describes",
        ],
        subtitle=[
            f"Filled points are the {len(rep)} platelet counts the report gives;",
            "every hollow point is reconstructed (Figure 4 is an image only).",
            "Grey: the report says nothing, so nothing is drawn.",
            "A dashed outline on a line of therapy: a start or end date this book chose.",
        ],
        anchor="start",
    )
    return title, description


def lab_curves_chart(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    transfusion_trigger_10e9_per_l: float,
) -> alt.VConcatChart:
    """Interactive lab curves for the static site (no kernel needed).

    Controls, all Vega-Lite parameters bound to HTML inputs (keyboard-operable):
    the analyte (select), the first and last day shown (range inputs), whether to
    show the transfusion trigger and the therapy bands (checkboxes). A brush on the
    overview strip below zooms the main chart with a pointer. Tooltips on points.
    The heading above the plot names the analyte and its unit; reported values are
    filled and joined by a solid line, reconstructed ones hollow with a dashed line.
    """
    data = lab_curves_frame(labs)
    trigger_value = float(transfusion_trigger_10e9_per_l)
    bands = therapy_lines(events)
    title, description = _lab_curves_words(data, bands, trigger_value)
    return alt.vconcat(
        _lab_curves_main(data, bands, trigger_value), _lab_curves_overview(data)
    ).properties(title=title, description=description)


# ----------------------------------------------------------------------------
# Lab curve snapshot: the chart the live explorer (casebook.widgets) redraws


def _snapshot_threshold(value: object) -> float:
    """The threshold as a float, or a ValueError a student can act on."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"the transfusion threshold must be a number in ×10⁹/L, got {value!r}")
    threshold = float(value)
    if not math.isfinite(threshold):
        raise ValueError(
            f"the transfusion threshold must be a finite number in ×10⁹/L, got {threshold}"
        )
    if threshold < 0:
        raise ValueError(f"the transfusion threshold must be ≥ 0 ×10⁹/L, got {threshold:g}")
    return threshold


def _snapshot_date(raw: object, which: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(raw)
    except (TypeError, ValueError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ValueError(f"the {which} date shown must be a date, got {raw!r}")
    return ts


def _snapshot_input(
    analyte: str, start: object, end: object, threshold_10e9_per_l: object, log_scale: bool
) -> tuple[float, pd.Timestamp, pd.Timestamp]:
    """Check the explorer's input in the order a student reads the controls."""
    if analyte not in ANALYTE_LABELS:
        raise ValueError(f"analyte must be one of {', '.join(ANALYTE_LABELS)}, got {analyte!r}")
    threshold = _snapshot_threshold(threshold_10e9_per_l)
    first, last = _snapshot_date(start, "first"), _snapshot_date(end, "last")
    if first > last:
        raise ValueError(
            f"the first date shown ({long_date(first)}) is after the last date shown "
            f"({long_date(last)}): choose a first date on or before the last one"
        )
    if log_scale and analyte == "platelets" and threshold == 0:
        raise ValueError(
            "a threshold of 0 ×10⁹/L cannot be drawn on a log scale: untick the log scale "
            "or enter a threshold above 0"
        )
    return threshold, first, last


def _snapshot_frame(
    labs: pd.DataFrame, analyte: str, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    """The values of one analyte between two dates (ValueError when there are none)."""
    data = labs[(labs["analyte"] == analyte) & labs["date"].between(first, last)].copy()
    if data.empty:
        what = "platelet count" if analyte == "platelets" else "CA125 value"
        silent = lab_gaps_frame(labs[labs["analyte"] == analyte], last)
        why = (
            f" (the report says nothing about {ANALYTE_NOUNS[analyte]} after "
            f"{month_year(silent['start'].iloc[0])})"
            if len(silent)
            else ""
        )
        raise ValueError(
            f"there is no {what} between {long_date(first)} and {long_date(last)}{why}: "
            "widen the date range"
        )
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = ANALYTE_LABELS[analyte]
    return data


def _snapshot_bands(events: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The lines of therapy overlapping the range, clipped to it.

    The tooltip keeps the true dates (``start_text``, ``end_text``); the rect is clipped.
    """
    bands = therapy_lines(events)
    bands = bands[(bands["end"] >= first) & (bands["start"] <= last)].copy()
    if not bands.empty:
        bands["start"] = bands["start"].clip(lower=first)
        bands["end"] = bands["end"].clip(upper=last)
    return bands


def _snapshot_axes(
    analyte: str, first: pd.Timestamp, last: pd.Timestamp, log_scale: bool
) -> tuple[list[str], alt.X, alt.Y]:
    """The x domain (a day either side of a single day, for a readable axis) and axes."""
    pad = pd.Timedelta(days=1) if first == last else pd.Timedelta(0)
    domain = [(first - pad).isoformat(), (last + pad).isoformat()]
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=domain, padding=10),
        axis=alt.Axis(
            format=VEGA_DATE,
            labelAngle=-30,
            tickCount={"interval": "day", "step": 1} if first == last else alt.Undefined,
        ),
    )
    y_title = ANALYTE_LABELS[analyte] + (", log scale" if log_scale else "")
    y = alt.Y(
        "value:Q",
        title=y_title,
        scale=alt.Scale(type="log") if log_scale else alt.Scale(type="linear", zero=True),
    )
    return domain, x, y


def _snapshot_curve(data: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Dashed line through every value, solid over the reported ones, then the points."""
    base = alt.Chart(data)
    layers = [base.mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[1]).encode(x=x, y=y)]
    reported = data[data["provenance"] == "reported"]
    if len(reported) >= 2:
        layers.append(
            alt.Chart(reported)
            .mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[0], strokeWidth=2)
            .encode(x=x, y=y)
        )
    shape, fill = provenance_shape(), provenance_fill(PALETTE["blue"])
    fill.legend, fill.title = alt.Legend(title=provenance_legend_title()), provenance_legend_title()
    layers.append(
        base.mark_point(size=80, strokeWidth=2, color=PALETTE["blue"], opacity=1).encode(
            x=x, y=y, shape=shape, fill=fill, tooltip=_lab_tooltip()
        )
    )
    return layers


def _snapshot_rule(threshold: float) -> list[alt.Chart]:
    """The transfusion threshold as a rule and its label."""
    rule = pd.DataFrame(
        {"value": [threshold], "label": [f"transfusion threshold {threshold:g} ×10⁹/L"]}
    )
    return [
        alt.Chart(rule)
        .mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
        .encode(y=alt.Y("value:Q"), tooltip=alt.Tooltip("label:N", title="Threshold")),
        alt.Chart(rule)
        .mark_text(
            align="right", baseline="top", dx=-4, dy=4, x="width", color=PALETTE["vermillion"]
        )
        .encode(y=alt.Y("value:Q"), text="label:N"),
    ]


def _snapshot_title(data: pd.DataFrame, analyte: str, span: str, threshold: float) -> str:
    """The finding: values below the threshold (platelets) or the trend (CA125)."""
    if analyte != "platelets":
        return (
            f"CA125 trend (reconstructed), {span}: from {data['value'].iloc[0]:g} to "
            f"{data['value'].iloc[-1]:g} times its first value"
        )
    n = len(data)
    below = data[data["value"] < threshold]
    lowest = data.loc[data["value"].idxmin()]
    count = "none" if below.empty else f"{len(below)}"
    n_below_reported = int((below["provenance"] == "reported").sum())
    which = "" if below.empty else f"{n_below_reported} reported; "
    return (
        f"Platelets, {span}: {count} of {n} value{'' if n == 1 else 's'} below "
        f"{threshold:g} ×10⁹/L ({which}lowest {lowest['value']:g} on "
        f"{long_date(lowest['date'])})"
    )


def _snapshot_words(
    data: pd.DataFrame,
    analyte: str,
    first: pd.Timestamp,
    last: pd.Timestamp,
    threshold: float,
    log_scale: bool,
    has_bands: bool,
) -> tuple[alt.Title, str]:
    """The title (with its subtitle) and the description of a snapshot."""
    is_platelets = analyte == "platelets"
    span = f"{long_date(first)} to {long_date(last)}"
    n, n_reported = len(data), int((data["provenance"] == "reported").sum())
    if n_reported == 0:
        what = "CA125 value" if not is_platelets else "platelet count in this range"
        subtitle = [
            f"No {what} is reported: every point is an illustrative reconstruction by this book."
        ]
    else:
        subtitle = [
            "Filled points: reported in the case report. Hollow points: reconstructed by this book."
        ]
    if has_bands:
        subtitle.append(
            "Shaded lines of therapy with a dashed outline: a start or end date this book chose."
        )
    rule_words = (
        f" A red dotted rule marks a transfusion threshold of {threshold:g} ×10⁹/L."
        if is_platelets
        else " No transfusion threshold is drawn: it applies to platelets only."
    )
    description = (
        f"{ANALYTE_LABELS[analyte]} from {span}: {n} values, {n_reported} reported in the case "
        f"report (filled) and {n - n_reported} reconstructed (hollow), on a "
        f"{'log' if log_scale else 'linear'} scale.{rule_words}"
    )
    title = alt.Title(_snapshot_title(data, analyte, span, threshold), subtitle=subtitle)
    return title, description


def lab_curve_snapshot(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    analyte: str,
    start: object,
    end: object,
    threshold_10e9_per_l: float,
    log_scale: bool = False,
) -> alt.LayerChart:
    """One lab curve between two dates, as a plain chart with no Vega parameters.

    The kernel-side twin of :func:`lab_curves_chart`: a Python control rebuilds it
    on every change (``casebook.widgets.LabExplorer``). Same encoding: reported
    values filled with a solid line, reconstructed values hollow with a dashed line,
    lines of therapy shaded.

    ``analyte`` is a key of :data:`ANALYTE_LABELS`. ``start`` and ``end`` are the
    first and last dates shown, inclusive (anything ``pd.Timestamp`` accepts).
    ``threshold_10e9_per_l`` is a platelet-transfusion threshold in ×10⁹/L (≥ 0),
    drawn as a rule on platelet charts only (it has no meaning for CA125).
    ``log_scale`` puts the value axis on a log scale.

    Raises ``ValueError`` with a sentence a student can act on: an unknown analyte,
    a threshold that is negative or not a finite number, a date that is not a date,
    a first date after the last, no value in the range, or a zero threshold on a
    log scale.
    """
    threshold, first, last = _snapshot_input(analyte, start, end, threshold_10e9_per_l, log_scale)
    data = _snapshot_frame(labs, analyte, first, last)
    domain, x, y = _snapshot_axes(analyte, first, last, log_scale)
    bands = _snapshot_bands(events, first, last)
    layers: list[alt.Chart] = []
    if not bands.empty:
        layers.extend(
            _band_rects(
                bands,
                x=alt.X("start:T", scale=alt.Scale(domain=domain, padding=10)),
                legend=alt.Legend(labelLimit=360),
            )
        )
    gaps = lab_gaps_frame(labs[labs["analyte"] == analyte], last)
    gaps["start"] = gaps["start"].clip(lower=first)
    layers.extend(_lab_curves_gaps(gaps, alt.X("start:T", scale=alt.Scale(domain=domain))))
    layers.extend(_snapshot_curve(data, x, y))
    if analyte == "platelets":
        layers.extend(_snapshot_rule(threshold))
    title, description = _snapshot_words(
        data, analyte, first, last, threshold, log_scale, has_bands=not bands.empty
    )
    description += "".join(f" {why}" for why in gaps["why"])
    # One constructor call (not .properties() and .resolve_scale(), which each copy
    # the whole chart) keeps a rebuild fast enough for a slider.
    return alt.LayerChart(
        layer=layers,
        title=title,
        description=description,
        width=640,
        height=300,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", stroke="independent")),
    )
