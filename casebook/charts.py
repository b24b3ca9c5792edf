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

from casebook.dates import date_text
from casebook.provenance import DATE_WORDS, period_words
from casebook.timeline import PERIOD_DATES, end_provenance, therapy_lines

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

# Vega-Lite cannot fit a concatenated chart to its container (its plots take the
# container's width and the axes spill over), so stacked charts get a fixed plot
# width that fits the book's text column with its axis labels.
CONCAT_WIDTH_PX = 540

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


# ----------------------------------------------------------------------------
# Timeline and lab curves (presentation chapter)

ANALYTE_LABELS = {
    "platelets": "Platelets (×10⁹/L)",
    "ca125_relative": "CA125 trend (ratio to first value, reconstructed)",
}
LINE_COLORS = {1: PALETTE["sky_blue"], 2: PALETTE["orange"]}
EVENT_KIND_ORDER = [
    "visit", "test", "biopsy", "imaging", "drug", "tpo_ra", "transfusion", "assessment", "outcome",
]
EVENT_KIND_LABELS = {
    "visit": "Visit", "test": "Blood test", "biopsy": "Biopsy", "imaging": "Imaging",
    "drug": "Drug", "tpo_ra": "TPO-receptor agonist", "transfusion": "Platelet transfusion",
    "assessment": "Assessment", "outcome": "Outcome",
}


# Lines of therapy and the provenance of period dates live in casebook.timeline
# (no charts there); re-exported here for notebooks that call charts.therapy_lines.
_PERIOD_DATES = list(PERIOD_DATES)
_DATE_SOURCE_WORDS = DATE_WORDS
_date_text = date_text
_end_provenance = end_provenance
_period_words = period_words


def _band_rects(bands: pd.DataFrame, *, x: alt.X | str = "start:T",
                legend: alt.Legend | None = None, fill_opacity: float = 0.18) -> list[alt.Chart]:
    """The rect layers behind :func:`_band_layer`: one per kind of dates present.

    Vega-Lite draws no ``strokeDash`` encoding on rects, so bands whose dates are all
    reported (solid outline) and bands with a date this book chose (dashed outline,
    ``PROVENANCE_DASH``) are separate layers sharing one colour scale and legend.
    """
    bands = bands.sort_values("line")
    domain = list(bands["legend_label"])
    colours = [LINE_COLORS.get(int(i), PALETTE["black"]) for i in bands["line"]]
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
    if set(bands["dates"]) == {_PERIOD_DATES[1]}:  # every band dashed: so is its legend symbol
        legend.symbolDash = [4, 2]
    scale = alt.Scale(domain=domain, range=colours)
    tooltip = [
        alt.Tooltip("band_label:N", title="Therapy"),
        alt.Tooltip("dose:N", title="Dose as reported"),
        alt.Tooltip("start_text:N", title="Start"),
        alt.Tooltip("end_text:N", title="End"),
        alt.Tooltip("assumptions:N", title="Assumptions (data page)"),
    ]
    layers = []
    for dates, dash in zip(_PERIOD_DATES, PROVENANCE_DASH):
        part = bands[bands["dates"] == dates]
        if part.empty:
            continue
        layers.append(
            alt.Chart(part)
            .mark_rect(fillOpacity=fill_opacity, strokeOpacity=1, strokeWidth=2, strokeDash=dash)
            .encode(
                x=x, x2="end:T",
                color=alt.Color("legend_label:N", scale=scale, legend=legend),
                stroke=alt.Stroke("legend_label:N", scale=scale, legend=legend),
                tooltip=tooltip,
            )
        )
    return layers


def _band_layer(bands: pd.DataFrame, *, x: alt.X | str = "start:T",
                legend: alt.Legend | None = None, fill_opacity: float = 0.18) -> alt.TopLevelMixin:
    """Shaded bands, one per line of therapy, with their dates and dose in the tooltip.

    Light fill in the line's colour; the outline is solid when both dates are
    reported and dashed (``PROVENANCE_DASH``) when the start or end date is this
    book's choice. The legend names each line with where its dates come from.
    """
    layers = _band_rects(bands, x=x, legend=legend, fill_opacity=fill_opacity)
    return layers[0] if len(layers) == 1 else alt.layer(*layers)


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
    import json  # local: this function's legend labels are Vega expression strings

    ev = events.copy()
    ev["kind_label"] = ev["kind"].map(EVENT_KIND_LABELS)
    invented = ev.groupby("kind")["provenance"].transform(lambda s: bool((s == "reconstructed").all()))
    ev.loc[invented, "kind_label"] = ev.loc[invented, "kind_label"] + " (reconstructed)"
    ev["provenance_label"] = PROVENANCE_LABELS["reconstructed"]
    ev.loc[ev["date_provenance"] == "reported", "provenance_label"] = PROVENANCE_LABELS["reported"]
    end_prov = _end_provenance(ev)
    is_period = ev["end_date"].notna()
    ev["when"] = [
        (f"{_date_text(d, p)} to {_date_text(e, q)}: {_period_words(p, q)}" if period
         else f"{d:%B %Y}: the report gives the month only, no day" if p == "month-reported"
         else f"{_date_text(d, p)}: {_DATE_SOURCE_WORDS.get(p, p)}")
        for d, p, e, q, period in zip(ev["date"], ev["date_provenance"], ev["end_date"], end_prov, is_period)
    ]
    ev["event_source"] = "reported in the case report"
    rebuilt = ev["provenance"] == "reconstructed"
    ev.loc[rebuilt, "event_source"] = "reconstructed by this book, not only its date (see note)"
    ev.loc[rebuilt & (ev["kind"] == "transfusion"), "event_source"] = (
        "reconstructed by this book from the transfusion rule the report gives: "
        "how many transfusions there were, and on which days, is unknown"
    )
    ev["dates"] = [
        _PERIOD_DATES[0] if (p == "reported" and q == "reported") else _PERIOD_DATES[1]
        for p, q in zip(ev["date_provenance"], end_prov)
    ]
    # Events sharing a lane and a date are spread a few pixels apart instead of hidden
    # behind each other (e.g. the two biopsies placed on the first-visit date).
    same_day = ev.groupby(["kind", "date"])["date"].transform("size")
    ev["spread"] = ev.groupby(["kind", "date"]).cumcount() - (same_day - 1) / 2
    lane = ev.drop_duplicates("kind").set_index("kind")["kind_label"]
    order = [lane[k] for k in EVENT_KIND_ORDER if k in lane.index]
    y = alt.Y("kind_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    first, last = ev["date"].min(), ev["date"].max()
    margin = pd.Timedelta(days=7)  # keeps the first and last symbols off the plot edges
    x = alt.X(
        "date:T", title="Date",
        scale=alt.Scale(domain=[(first - margin).isoformat(), (last + margin).isoformat()]),
        axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1}, labelAngle=0),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Event"),
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("event_source:N", title="The event itself is"),
        alt.Tooltip("dose:N", title="Dose"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("locator:N", title="Where in the report"),
    ]
    # One legend for shape and fill (same field, same title): filled circle = date
    # reported, hollow diamond = date reconstructed or known to the month only.
    legend_title = "Where the date comes from"
    date_words = {PROVENANCE_LABELS["reported"]: "date reported",
                  PROVENANCE_LABELS["reconstructed"]: "date reconstructed or month only"}
    label_expr = "".join(
        f"datum.label == {json.dumps(k, ensure_ascii=False)} ? {json.dumps(v)} : " for k, v in date_words.items()
    ) + "datum.label"
    legend = alt.Legend(title=legend_title, labelExpr=label_expr, orient="bottom", direction="vertical")
    shape, fill = provenance_shape(), provenance_fill(PALETTE["blue"])
    shape.title = fill.title = legend_title
    shape.legend = fill.legend = legend
    lines = therapy_lines(events)
    bands = _band_layer(lines)
    # Bars: filled when both dates are reported, hollow with a dashed outline otherwise
    # (the subtitle and the tooltips say so; no bar of this case has two reported dates).
    periods = (
        alt.Chart(ev[is_period])
        .mark_bar(height=10, stroke=PALETTE["reddish_purple"], strokeWidth=2, opacity=1)
        .encode(
            x=x, x2="end_date:T", y=y, tooltip=tooltip,
            color=alt.Color("dates:N", legend=None,
                            scale=alt.Scale(domain=_PERIOD_DATES, range=[PALETTE["reddish_purple"], "white"])),
            strokeDash=alt.StrokeDash("dates:N", legend=None,
                                      scale=alt.Scale(domain=_PERIOD_DATES, range=PROVENANCE_DASH)),
        )
    )
    points = (
        alt.Chart(ev)
        .mark_point(size=110, strokeWidth=2, color=PALETTE["blue"], opacity=1)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("spread:Q", scale=alt.Scale(
                domain=[-1, 1],
                range=[{"expr": "bandwidth('y') / 2 - 14"}, {"expr": "bandwidth('y') / 2 + 14"}],
            )),
            shape=shape,
            fill=fill,
            tooltip=tooltip,
        )
    )
    n_rep = int((ev["date_provenance"] == "reported").sum())
    n_lines = int(lines["line"].nunique())
    months = (last.year - first.year) * 12 + last.month - first.month
    first_prov = ev.loc[ev["date"] == first, "date_provenance"].iloc[0]
    last_prov = ev.loc[ev["date"] == last, "date_provenance"].iloc[-1]
    n_tx = int((rebuilt & (ev["kind"] == "transfusion")).sum())
    description = (
        f"Timeline of {len(ev)} events from {_date_text(first, first_prov)} to {_date_text(last, last_prov)}, "
        f"one row per kind of event, with the {n_lines} lines of therapy shaded. {n_rep} events have a date the "
        "report states (filled marks); the others have a month only or a reconstructed date (hollow marks). "
        "Drug bars and shaded lines of therapy drawn hollow or with a dashed outline have a start or end date "
        "this book chose."
        + (f" The {n_tx} platelet transfusions are themselves reconstructed: the report gives the rule, "
           "not their number or their days." if n_tx else "")
    )
    subtitle = ["Filled marks: date stated in the report. Hollow marks: month only, or a date this book chose.",
                "Dashed outlines (bars, shaded lines of therapy): a start or end date this book chose."]
    if n_tx:
        subtitle.append("The transfusions themselves are reconstructed: their number and days are unknown.")
    return (bands + periods + points).properties(
        title=alt.Title(
            [f"{months} months from first visit to last contact:",
             f"{n_lines} lines of therapy, then nutritional collapse"],
            subtitle=subtitle,
            anchor="start",
        ),
        description=description,
        width="container",
        height=300,
    ).resolve_scale(color="independent", stroke="independent", strokeDash="independent")


def _lab_tooltip() -> list[alt.Tooltip]:
    """The tooltip of a lab value: when, what, how much, and where it comes from."""
    return [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("analyte_label:N", title="Analyte"),
        alt.Tooltip("value:Q", title="Value"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("provenance_label:N", title="Source"),
        alt.Tooltip("locator:N", title="Where in the report"),
        alt.Tooltip("note:N", title="Note"),
    ]


def _day_number(dates: pd.Series, origin: pd.Timestamp) -> pd.Series:
    return (dates - origin).dt.days


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
    import json  # local: the heading is a Vega expression built from ANALYTE_LABELS

    data = labs[labs["analyte"].isin(ANALYTE_LABELS)].copy()
    origin = data["date"].min()
    data["day"] = _day_number(data["date"], origin)
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = data["analyte"].map(ANALYTE_LABELS)
    last_day = int(data["day"].max())
    trigger_value = float(transfusion_trigger_10e9_per_l)

    analyte = alt.param(
        name="analyte", value="platelets",
        bind=alt.binding_select(options=list(ANALYTE_LABELS), labels=list(ANALYTE_LABELS.values()),
                                name="Analyte "),
    )
    first_day = alt.param(name="first_day", value=0,
                          bind=alt.binding_range(min=0, max=last_day, step=1,
                                                 name="First day shown (day 0 = first visit) "))
    final_day = alt.param(name="last_day", value=last_day,
                          bind=alt.binding_range(min=0, max=last_day, step=1, name="Last day shown "))
    show_trigger = alt.param(name="show_trigger", value=True,
                             bind=alt.binding_checkbox(name="Show transfusion trigger "))
    show_bands = alt.param(name="show_bands", value=True,
                           bind=alt.binding_checkbox(name="Show lines of therapy "))
    brush = alt.selection_interval(name="brush", encodings=["x"])

    in_view = "datum.analyte == analyte && datum.day >= first_day && datum.day <= last_day"
    x_main = alt.X("date:T", title="Date",
                   scale=alt.Scale(domain={"param": "brush"}, padding=10),
                   axis=alt.Axis(format="%d %b %Y", labelAngle=-30))
    tooltip = _lab_tooltip()
    heading = "".join(
        f"analyte == {json.dumps(k, ensure_ascii=False)} ? {json.dumps(v, ensure_ascii=False)} : "
        for k, v in ANALYTE_LABELS.items()
    ) + "''"
    base = alt.Chart(data).transform_filter(in_view)
    y = alt.Y("value:Q", title=None)
    # Dashed line through every value; a solid line over the reported ones only.
    line = base.mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[1], clip=True).encode(
        x=x_main, y=y
    )
    reported_line = (
        base.transform_filter("datum.provenance == 'reported'")
        .mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[0], strokeWidth=2, clip=True)
        .encode(x=x_main, y=y)
    )
    # Shape and fill share field and title, so Vega-Lite draws one legend for both.
    # Legends sit above the plot: a concatenated chart cannot shrink its plot to make
    # room for legends on the right, which would be cut off on a narrow page.
    legend = alt.Legend(title=provenance_legend_title(), orient="top", direction="vertical")
    shape = provenance_shape()
    fill = provenance_fill(PALETTE["blue"])
    shape.legend = fill.legend = legend
    fill.title = provenance_legend_title()
    points = base.mark_point(size=80, strokeWidth=2, color=PALETTE["blue"], opacity=1, clip=True).encode(
        x=x_main, y=y, shape=shape, fill=fill, tooltip=tooltip,
    )
    trigger_frame = pd.DataFrame({
        "value": [trigger_value],
        "label": [f"case's transfusion trigger: below {trigger_value:g} ×10⁹/L (reported)"],
        "short": [f"transfusion trigger {trigger_value:g} ×10⁹/L"],
    })
    trigger = (
        alt.Chart(trigger_frame)
        .transform_filter("analyte == 'platelets' && show_trigger")
        .mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
        .encode(y="value:Q", tooltip=alt.Tooltip("label:N", title="Threshold"))
    )
    trigger_text = (
        alt.Chart(trigger_frame)
        .transform_filter("analyte == 'platelets' && show_trigger")
        .mark_text(align="right", baseline="top", dx=-4, dy=4, x="width", color=PALETTE["vermillion"])
        .encode(y="value:Q", text="short:N")
    )
    bands = therapy_lines(events)
    band_rects = [
        rect.transform_filter("show_bands").mark_rect(
            fillOpacity=0.18, strokeOpacity=1, strokeWidth=2, strokeDash=rect.mark.strokeDash, clip=True
        )
        for rect in _band_rects(
            bands, x=alt.X("start:T", scale=alt.Scale(domain={"param": "brush"})),
            legend=alt.Legend(orient="top", direction="vertical"),
        )
    ]
    main = (
        alt.layer(*band_rects, line, reported_line, points, trigger, trigger_text)
        .add_params(analyte, first_day, final_day, show_trigger, show_bands)
        .properties(width=CONCAT_WIDTH_PX, height=280,
                    title=alt.Title({"expr": heading}, anchor="start", fontSize=13, fontWeight="normal"))
        .resolve_scale(color="independent", stroke="independent", shape="independent", fill="independent")
    )
    overview = (
        alt.Chart(data).transform_filter(in_view)
        .mark_line(color=PALETTE["black"], point=alt.OverlayMarkDef(size=12, color=PALETTE["black"]))
        .encode(x=alt.X("date:T", title="Drag across this strip to zoom the chart above (or use the day sliders)",
                        axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1}, labelAngle=0)),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(tickCount=2)))
        .add_params(brush)
        .properties(width=CONCAT_WIDTH_PX, height=60)
    )
    plt = data[data["analyte"] == "platelets"]
    rep = plt[plt["provenance"] == "reported"]
    ca = data[data["analyte"] == "ca125_relative"]
    first_line = bands.iloc[0]
    after_first = plt[(plt["provenance"] != "reported") & (plt["date"] > first_line["end"])]
    n_words = {1: "One", 2: "Two", 3: "Three", 4: "Four"}
    description = (
        f"Interactive chart of the case's laboratory curves from {_date_text(origin, 'reported')}, "
        f"{last_day} days in all. Platelets: {len(rep)} reported counts "
        f"({', '.join(f'{v:g}' for v in rep['value'])} ×10⁹/L) and {len(plt) - len(rep)} reconstructed "
        "values that follow the report's narrative of recovery on chemotherapy"
        + (f"; the {len(after_first)} values after the end of line 1 ({first_line['band_label'].split(': ')[1].lower()}) "
           "are pure extrapolation, because the report describes the recovery only during that line"
           if len(after_first) else "")
        + ". CA125 is shown only as a reconstructed trend relative to its first value, because the report gives "
        "no CA125 numbers"
        + (f"; it is drawn only up to {_date_text(ca['date'].max(), 'reconstructed')}, because the report says "
           "nothing about CA125 after line 1" if len(ca) and ca["date"].max() <= first_line["end"] else "")
        + f". A red dotted rule marks the case's transfusion trigger of {trigger_value:g} ×10⁹/L; "
        f"shaded bands mark the {len(bands)} lines of therapy, with a dashed outline where a start or end date "
        "is this book's choice."
    )
    return alt.vconcat(main, overview).properties(
        title=alt.Title(
            [f"{n_words.get(len(rep), len(rep))} reported counts, then a reconstructed sketch",
             "of the recovery the report describes"],
            subtitle=[f"Filled points are the {len(rep)} platelet counts the report gives;",
                      "every hollow point is reconstructed (Figure 4 is an image only).",
                      "A dashed outline on a line of therapy: a start or end date this book chose."],
            anchor="start",
        ),
        description=description,
    )


# ----------------------------------------------------------------------------
# Lab curve snapshot: the chart the live explorer (casebook.widgets) redraws


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
    import math
    import numbers

    if analyte not in ANALYTE_LABELS:
        raise ValueError(f"analyte must be one of {', '.join(ANALYTE_LABELS)}, got {analyte!r}")
    value = threshold_10e9_per_l
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"the transfusion threshold must be a number in ×10⁹/L, got {value!r}")
    threshold = float(value)
    if not math.isfinite(threshold):
        raise ValueError(f"the transfusion threshold must be a finite number in ×10⁹/L, got {threshold}")
    if threshold < 0:
        raise ValueError(f"the transfusion threshold must be ≥ 0 ×10⁹/L, got {threshold:g}")

    def as_date(raw: object, which: str) -> pd.Timestamp:
        try:
            ts = pd.Timestamp(raw)
        except (TypeError, ValueError):
            ts = pd.NaT
        if pd.isna(ts):
            raise ValueError(f"the {which} date shown must be a date, got {raw!r}")
        return ts

    first, last = as_date(start, "first"), as_date(end, "last")
    if first > last:
        raise ValueError(
            f"the first date shown ({first:%d %b %Y}) is after the last date shown ({last:%d %b %Y}): "
            "choose a first date on or before the last one"
        )
    is_platelets = analyte == "platelets"
    if log_scale and is_platelets and threshold == 0:
        raise ValueError(
            "a threshold of 0 ×10⁹/L cannot be drawn on a log scale: untick the log scale "
            "or enter a threshold above 0"
        )
    data = labs[(labs["analyte"] == analyte) & labs["date"].between(first, last)].copy()
    if data.empty:
        what = "platelet count" if is_platelets else "CA125 value"
        raise ValueError(
            f"there is no {what} between {first:%d %b %Y} and {last:%d %b %Y}: widen the date range"
        )
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = ANALYTE_LABELS[analyte]

    # A single day still gets a readable axis: show a day either side of it.
    pad = pd.Timedelta(days=1) if first == last else pd.Timedelta(0)
    domain = [(first - pad).isoformat(), (last + pad).isoformat()]
    x = alt.X(
        "date:T", title="Date",
        scale=alt.Scale(domain=domain, padding=10),
        axis=alt.Axis(format="%d %b %Y", labelAngle=-30,
                      tickCount={"interval": "day", "step": 1} if first == last else alt.Undefined),
    )
    y_title = ANALYTE_LABELS[analyte] + (", log scale" if log_scale else "")
    y = alt.Y("value:Q", title=y_title,
              scale=alt.Scale(type="log") if log_scale else alt.Scale(type="linear", zero=True))
    tooltip = _lab_tooltip()
    layers: list[alt.Chart] = []

    bands = therapy_lines(events)
    bands = bands[(bands["end"] >= first) & (bands["start"] <= last)].copy()
    if not bands.empty:
        bands["start"] = bands["start"].clip(lower=first)
        bands["end"] = bands["end"].clip(upper=last)
        # The tooltip keeps the true dates (start_text, end_text); the rect is clipped.
        layers.extend(_band_rects(bands, x=alt.X("start:T", scale=alt.Scale(domain=domain, padding=10)),
                                  legend=alt.Legend(labelLimit=360)))
    base = alt.Chart(data)
    layers.append(base.mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[1]).encode(x=x, y=y))
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
        base.mark_point(size=80, strokeWidth=2, color=PALETTE["blue"], opacity=1)
        .encode(x=x, y=y, shape=shape, fill=fill, tooltip=tooltip)
    )

    n = len(data)
    span = f"{first:%d %b %Y} to {last:%d %b %Y}"
    if is_platelets:
        rule = pd.DataFrame({"value": [threshold],
                             "label": [f"transfusion threshold {threshold:g} ×10⁹/L"]})
        layers.append(
            alt.Chart(rule).mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
            .encode(y=alt.Y("value:Q"), tooltip=alt.Tooltip("label:N", title="Threshold"))
        )
        layers.append(
            alt.Chart(rule)
            .mark_text(align="right", baseline="top", dx=-4, dy=4, x="width", color=PALETTE["vermillion"])
            .encode(y=alt.Y("value:Q"), text="label:N")
        )
        below = data[data["value"] < threshold]
        lowest = data.loc[data["value"].idxmin()]
        count = "none" if below.empty else f"{len(below)}"
        n_below_reported = int((below["provenance"] == "reported").sum())
        which = "" if below.empty else f"{n_below_reported} reported; "
        title = (f"Platelets, {span}: {count} of {n} value{'' if n == 1 else 's'} below {threshold:g} ×10⁹/L "
                 f"({which}lowest {lowest['value']:g} on {lowest['date']:%d %b %Y})")
        rule_words = f" A red dotted rule marks a transfusion threshold of {threshold:g} ×10⁹/L."
    else:
        title = (f"CA125 trend (reconstructed), {span}: from {data['value'].iloc[0]:g} to "
                 f"{data['value'].iloc[-1]:g} times its first value")
        rule_words = " No transfusion threshold is drawn: it applies to platelets only."
    if reported.empty:
        what = "CA125 value" if not is_platelets else "platelet count in this range"
        subtitle = [f"No {what} is reported: every point is an illustrative reconstruction by this book."]
    else:
        subtitle = ["Filled points: reported in the case report. Hollow points: reconstructed by this book."]
    if not bands.empty:
        subtitle.append("Shaded lines of therapy with a dashed outline: a start or end date this book chose.")
    description = (
        f"{ANALYTE_LABELS[analyte]} from {span}: {n} values, {len(reported)} reported in the case "
        f"report (filled) and {n - len(reported)} reconstructed (hollow), on a "
        f"{'log' if log_scale else 'linear'} scale.{rule_words}"
    )
    # One constructor call (not .properties() and .resolve_scale(), which each copy
    # the whole chart) keeps a rebuild fast enough for a slider.
    return alt.LayerChart(
        layer=layers,
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width=640,
        height=300,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", stroke="independent")),
    )


# ----------------------------------------------------------------------------
# Platelet count over CTCAE grade bands (marrow chapter)

#: Light-to-dark greys for CTCAE grade 0-4 backgrounds: a single-hue lightness ramp
#: stays ordered for every kind of colour vision, and each band is also labelled.
GRADE_BAND_FILLS = ["#ffffff", "#f0f0f0", "#dedede", "#c6c6c6", "#a9a9a9"]


def _grade_of(value: float, bands) -> int:
    for band in bands:
        grade, lower, upper = band[0], band[1], band[2]
        if lower <= value < upper:
            return int(grade)
    raise ValueError(f"platelet count {value:g} ×10⁹/L falls in none of the grade bands")


def _threshold_group(threshold) -> str:
    return "case" if threshold.source == "casereport" else "guideline"


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
    default: everything). ``bands`` are CTCAE grade bands as ``(grade, lower, upper)``
    in ×10⁹/L with a ``.label`` (``clinical.CTCAE_PLATELET_BANDS``); ``thresholds`` are
    ``clinical.TransfusionThreshold`` items: the one whose source is ``casereport`` is
    drawn as the case's trigger, the others as guideline thresholds.

    Reported counts are filled circles joined by a solid line, reconstructed ones hollow
    diamonds joined by a dashed line. Transfusions (hollow triangles: their occasions
    are reconstructed) and TPO-receptor-agonist periods (bars) run along the top.

    Interactive without a kernel, every control a bound HTML input (keyboard-operable):
    a select chooses which reference lines to show (guideline, case, both), and a range
    input moves "your threshold", ringing every count below it and counting them.
    Tooltips on every mark. Raises ValueError for empty data or a threshold outside
    0..``y_max_10e9_per_l``.
    """
    bands = tuple(bands)
    thresholds = tuple(thresholds)
    if not bands:
        raise ValueError("platelet_grade_chart needs the CTCAE grade bands")
    if not thresholds:
        raise ValueError("platelet_grade_chart needs at least one transfusion threshold")
    case_thr = [t for t in thresholds if _threshold_group(t) == "case"]
    guide_thr = [t for t in thresholds if _threshold_group(t) == "guideline"]
    end = pd.Timestamp(until) if until is not None else None

    plt = labs[labs["analyte"] == "platelets"].copy()
    if end is not None:
        plt = plt[plt["date"] <= end]
    if plt.empty:
        raise ValueError("no platelet counts to draw")
    plt = plt.sort_values("date").reset_index(drop=True)
    if end is None:
        end = plt["date"].max()
    start = plt["date"].min()

    if your_threshold_10e9_per_l is None:
        your_threshold_10e9_per_l = case_thr[0].platelets_10e9_per_l if case_thr else thresholds[0].platelets_10e9_per_l
    your = float(your_threshold_10e9_per_l)
    if not (0 <= your <= y_max_10e9_per_l):  # also refuses NaN
        raise ValueError(
            f"your threshold must be between 0 and {y_max_10e9_per_l:g} ×10⁹/L, got {your_threshold_10e9_per_l}"
        )

    plt["provenance_label"] = provenance_label(plt["provenance"])
    plt["grade"] = [_grade_of(v, bands) for v in plt["value"]]
    plt["grade_label"] = "Grade " + plt["grade"].astype(str)

    # --- grade bands (background)
    band_rows = []
    for band in bands:
        grade, lower, upper = int(band[0]), float(band[1]), float(band[2])
        top = min(upper, y_max_10e9_per_l)
        if lower >= y_max_10e9_per_l:
            continue
        label = getattr(band, "label", f"Grade {grade}")
        band_rows.append({"grade": grade, "lower": lower, "upper": top, "label": label,
                          "short": f"G{grade}", "mid": (lower + top) / 2})
    band_frame = pd.DataFrame(band_rows).sort_values("grade")
    band_domain = list(band_frame["label"])
    band_range = [GRADE_BAND_FILLS[min(g, len(GRADE_BAND_FILLS) - 1)] for g in band_frame["grade"]]
    y = alt.Y("value:Q", title="Platelets (×10⁹/L)",
              scale=alt.Scale(domain=[0, y_max_10e9_per_l], nice=False))
    x = alt.X("date:T", title="Date", scale=alt.Scale(domain=[start.isoformat(), end.isoformat()]),
              axis=alt.Axis(format="%d %b", labelAngle=0))
    band_layer = alt.Chart(band_frame).mark_rect(stroke="#8c8c8c", strokeWidth=0.5).encode(
        y=alt.Y("lower:Q", scale=alt.Scale(domain=[0, y_max_10e9_per_l], nice=False),
                title="Platelets (×10⁹/L)"),
        y2="upper:Q",
        fill=alt.Fill("label:N", title="CTCAE v5.0 grade",
                      scale=alt.Scale(domain=band_domain, range=band_range),
                      legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor="#8c8c8c",
                                         symbolType="square", labelLimit=320)),
        tooltip=[alt.Tooltip("label:N", title="CTCAE v5.0")],
    )
    band_text = alt.Chart(band_frame).mark_text(
        align="right", baseline="middle", dx=-4, fontWeight="bold", color="#333333",
        x=alt.expr("width"),
    ).encode(y="mid:Q", text="short:N")

    # --- reference thresholds (guideline and case), filtered by the select
    thr_rows = []
    for t in thresholds:
        group = _threshold_group(t)
        who = "case's trigger" if group == "case" else t.source
        thr_rows.append({
            "value": float(t.platelets_10e9_per_l), "group": group,
            "label": (f"case's trigger {t.comparison}{t.platelets_10e9_per_l:g}" if group == "case"
                      else f"guideline {t.comparison}{t.platelets_10e9_per_l:g}"),
            "setting": t.setting, "source": who, "note": t.note,
        })
    thr_frame = pd.DataFrame(thr_rows).drop_duplicates(subset=["value", "group"])
    view = alt.param(
        name="reference_lines", value="both",
        bind=alt.binding_select(
            options=["both", "guideline", "case"],
            labels=["guideline and case", "guideline only", "case's trigger only"],
            name="Reference lines shown ",
        ),
    )
    your_param = alt.param(
        name="your_threshold", value=your,
        bind=alt.binding_range(min=0, max=min(100.0, y_max_10e9_per_l), step=1,
                               name="Your transfusion threshold (×10⁹/L) "),
    )
    thr_color = alt.Color(
        "group:N", legend=None,
        scale=alt.Scale(domain=["guideline", "case"], range=[PALETTE["bluish_green"], PALETTE["vermillion"]]),
    )
    shown = "reference_lines == 'both' || datum.group == reference_lines"
    thr_base = alt.Chart(thr_frame).transform_filter(shown)
    thr_rules = thr_base.mark_rule(strokeWidth=2.5).encode(
        y="value:Q", color=thr_color,
        strokeDash=alt.StrokeDash("group:N", legend=None,
                                  scale=alt.Scale(domain=["guideline", "case"], range=[[1, 0], [8, 4]])),
        tooltip=[alt.Tooltip("label:N", title="Threshold"), alt.Tooltip("setting:N", title="Setting"),
                 alt.Tooltip("source:N", title="Source"), alt.Tooltip("note:N", title="Note")],
    )
    # Case label above its line, guideline label below its line: they never share a spot.
    thr_text = alt.layer(
        thr_base.transform_filter("datum.group == 'case'")
        .mark_text(align="left", baseline="bottom", dx=4, dy=-2, fontWeight="bold")
        .encode(y="value:Q", text="label:N", color=thr_color, x=alt.value(0)),
        thr_base.transform_filter("datum.group == 'guideline'")
        .mark_text(align="left", baseline="top", dx=4, dy=3, fontWeight="bold")
        .encode(y="value:Q", text="label:N", color=thr_color, x=alt.value(0)),
    )

    # --- your threshold: a movable line, rings on the counts below it, a count
    one = pd.DataFrame({"k": [0]})
    your_rule = alt.Chart(one).transform_calculate(value="your_threshold").mark_rule(
        color=PALETTE["black"], strokeDash=[2, 2], strokeWidth=1.5,
    ).encode(y="value:Q")
    your_text = (
        alt.Chart(plt)
        .transform_calculate(below="datum.value < your_threshold ? 1 : 0")
        .transform_aggregate(n_below="sum(below)", n="count()")
        .transform_calculate(
            value="your_threshold",
            text="'your threshold <' + your_threshold + ': ' + datum.n_below + ' of ' + datum.n + ' counts below'",
        )
        .mark_text(align="right", baseline="bottom", dx=-30, dy=-2, color=PALETTE["black"],
                   x=alt.expr("width"))
        .encode(y="value:Q", text="text:N")
    )
    rings = (
        alt.Chart(plt).transform_filter("datum.value < your_threshold")
        .mark_point(shape="circle", size=420, strokeWidth=2, color=PALETTE["vermillion"], filled=False)
        .encode(x=x, y=y)
    )

    # --- the platelet curve
    tooltip = [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("value:Q", title="Platelets ×10⁹/L"),
        alt.Tooltip("grade_label:N", title="CTCAE v5.0"),
        alt.Tooltip("provenance_label:N", title="Source"),
        alt.Tooltip("locator:N", title="Where in the report"),
        alt.Tooltip("note:N", title="Note"),
    ]
    reported = plt[plt["provenance"] == "reported"]
    last_reported = reported["date"].max() if not reported.empty else start
    solid = alt.Chart(reported).mark_line(color=PALETTE["blue"], strokeWidth=2).encode(x=x, y=y)
    dashed = (
        alt.Chart(plt[plt["date"] >= last_reported])
        .mark_line(color=PALETTE["blue"], strokeWidth=2, strokeDash=PROVENANCE_DASH[1])
        .encode(x=x, y=y)
    )
    # The shared fill encoding, but with its legend on, so that it merges with the shape
    # legend and the legend itself shows filled vs hollow.
    point_fill = alt.Fill(
        "provenance_label:N", title=provenance_legend_title(),
        scale=alt.Scale(domain=[PROVENANCE_LABELS[p] for p in PROVENANCE_ORDER], range=[PALETTE["blue"], "white"]),
        legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeColor=PALETTE["blue"],
                          symbolStrokeWidth=2, labelLimit=320),
    )
    points = alt.Chart(plt).mark_point(size=110, strokeWidth=2, color=PALETTE["blue"], opacity=1).encode(
        x=x, y=y, shape=provenance_shape(), fill=point_fill, tooltip=tooltip,
    )

    # --- support along the top: TPO-RA periods and transfusions
    tpo = events[(events["kind"] == "tpo_ra") & (events["date"] <= end)].copy()
    tpo["end_date"] = tpo["end_date"].fillna(tpo["date"]).clip(upper=end)
    tpo["name"] = tpo["drug"].str.capitalize()
    tpo["date_provenance_label"] = provenance_label(tpo["date_provenance"])
    tx = events[(events["kind"] == "transfusion") & (events["date"] <= end)].copy()
    tx["date_provenance_label"] = provenance_label(tx["date_provenance"])
    layers = [band_layer, band_text, solid, dashed, points, rings, thr_rules, thr_text, your_rule, your_text]
    if not tpo.empty:
        tpo_tooltip = [alt.Tooltip("name:N", title="Drug"), alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                       alt.Tooltip("end_date:T", title="To", format="%d %b %Y"),
                       alt.Tooltip("date_provenance_label:N", title="Dates"), alt.Tooltip("note:N", title="Note")]
        layers.append(
            alt.Chart(tpo).mark_rect(color=PALETTE["reddish_purple"], opacity=0.9)
            .encode(x=x, x2="end_date:T", y=alt.value(3), y2=alt.value(15), tooltip=tpo_tooltip)
        )
        layers.append(
            alt.Chart(tpo).mark_text(align="left", baseline="middle", dx=3, color=PALETTE["black"], fontSize=10)
            .encode(x=x, y=alt.value(9), text="name:N")
        )
    if not tx.empty:
        layers.append(
            alt.Chart(tx).mark_point(shape="triangle-down", size=90, strokeWidth=2, filled=False,
                                     color=PALETTE["vermillion"])
            .encode(x=x, y=alt.value(26),
                    tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                             alt.Tooltip("date_provenance_label:N", title="Occasion"), alt.Tooltip("note:N", title="Note")])
        )

    # --- words: title (the finding) and description (for screen readers)
    first_rep, last_rep = (reported.iloc[0], reported.iloc[-1]) if len(reported) >= 2 else (plt.iloc[0], plt.iloc[-1])
    g_first, g_last = _grade_of(first_rep["value"], bands), _grade_of(last_rep["value"], bands)
    n_days = int((last_rep["date"] - first_rep["date"]).days)
    title_lines = [f"Platelets fell from grade {g_first} to grade {g_last} in {n_days} days"]
    if case_thr and guide_thr:
        title_lines.append(
            f"The case transfused below {case_thr[0].platelets_10e9_per_l:g}, above the guideline's "
            f"{guide_thr[0].comparison}{guide_thr[0].platelets_10e9_per_l:g} ×10⁹/L"
        )
    title = alt.Title(
        title_lines,
        subtitle=["Filled circles: reported counts. Hollow diamonds: reconstructed (no values published).",
                  "Along the top: TPO-RA periods (bars) and transfusions (▽), all dated by reconstruction.",
                  "Controls under the chart: reference lines shown, and a threshold of your own."],
        anchor="start",
    )
    n_rec = int((plt["provenance"] != "reported").sum())
    below_case = sum(bool(case_thr[0].applies(v)) for v in plt["value"]) if case_thr else 0
    below_guide = sum(bool(guide_thr[0].applies(v)) for v in plt["value"]) if guide_thr else 0
    description = (
        f"Platelet counts from {start:%d %B %Y} to {end:%d %B %Y} drawn over the CTCAE v5.0 grade bands "
        f"(grade 4 below 25, grade 3 from 25, grade 2 from 50, grade 1 from 75 ×10⁹/L). "
        f"{len(reported)} counts are reported ({', '.join(f'{v:g}' for v in reported['value'])} ×10⁹/L, "
        f"grade {g_first}, then grade {g_last} after {n_days} days); {n_rec} later values are reconstructed "
        "to follow the report's narrative of recovery on chemotherapy. "
        + (f"The case's transfusion trigger, below {case_thr[0].platelets_10e9_per_l:g} ×10⁹/L, is drawn beside "
           if case_thr else "")
        + (f"the guideline prophylactic threshold of {guide_thr[0].platelets_10e9_per_l:g} ×10⁹/L. " if guide_thr else ". ")
        + (f"{below_case} of the {len(plt)} values lie below the case's trigger" if case_thr else "")
        + (f" and {below_guide or 'none'} at or below the guideline threshold. " if guide_thr else ". ")
        + f"{len(tx)} transfusions (occasions reconstructed) and {len(tpo)} TPO-receptor-agonist periods "
        "(dates reconstructed) are marked along the top. A range input moves a threshold of your own and "
        "counts the values below it."
    )
    return (
        alt.layer(*layers)
        .add_params(view, your_param)
        .properties(title=title, description=description, width="container", height=340)
        .resolve_scale(color="independent", fill="independent", shape="independent", strokeDash="independent")
    )
