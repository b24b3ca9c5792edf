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


def therapy_lines(events: pd.DataFrame) -> pd.DataFrame:
    """Lines of systemic therapy as bands: one row per line with start, end and label."""
    drugs = events[(events["kind"] == "drug") & events["line_of_therapy"].notna()].copy()
    if drugs.empty:
        raise ValueError("the events table holds no line of therapy")
    drugs["line"] = drugs["line_of_therapy"].astype(int)
    drugs["band_label"] = "Line " + drugs["line"].astype(str) + ": " + drugs["drug"].str.capitalize()
    drugs["end"] = drugs["end_date"].fillna(drugs["date"])
    drugs["date_provenance_label"] = provenance_label(drugs["date_provenance"])
    return drugs[["line", "band_label", "date", "end", "dose", "date_provenance_label"]].rename(
        columns={"date": "start"}
    )


def _band_layer(bands: pd.DataFrame) -> alt.Chart:
    """Shaded bands, one per line of therapy, with their dose in the tooltip."""
    return alt.Chart(bands).mark_rect(opacity=0.25).encode(
        x="start:T",
        x2="end:T",
        color=alt.Color(
            "band_label:N",
            title="Line of therapy",
            scale=alt.Scale(range=[LINE_COLORS[i] for i in sorted(bands["line"].unique())]),
        ),
        tooltip=[
            alt.Tooltip("band_label:N", title="Therapy"),
            alt.Tooltip("dose:N", title="Dose as reported"),
            alt.Tooltip("start:T", title="From", format="%d %b %Y"),
            alt.Tooltip("end:T", title="To", format="%d %b %Y"),
            alt.Tooltip("date_provenance_label:N", title="Dates"),
        ],
    )


def timeline_chart(events: pd.DataFrame) -> alt.LayerChart:
    """Every event of the case on one time axis: one lane per kind of event.

    Point events are symbols, periods (drugs, TPO-receptor agonists) are bars, and
    lines of therapy are shaded bands. Filled marks have a reported date; hollow
    marks have a date this book reconstructed. Tooltips give the note and locator.
    """
    ev = events.copy()
    ev["kind_label"] = ev["kind"].map(EVENT_KIND_LABELS)
    ev["date_source"] = provenance_label(ev["date_provenance"].replace({"month-reported": "reported"}))
    ev.loc[ev["date_provenance"] == "month-reported", "date_source"] = "month reported, day reconstructed"
    ev["provenance_label"] = ev["date_source"].where(
        ev["date_provenance"] == "reported", PROVENANCE_LABELS["reconstructed"]
    )
    order = [EVENT_KIND_LABELS[k] for k in EVENT_KIND_ORDER if k in set(ev["kind"])]
    y = alt.Y("kind_label:N", title=None, sort=order)
    tooltip = [
        alt.Tooltip("label:N", title="Event"),
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("date_source:N", title="Date is"),
        alt.Tooltip("dose:N", title="Dose"),
        alt.Tooltip("note:N", title="Note"),
        alt.Tooltip("locator:N", title="Where in the report"),
    ]
    bands = _band_layer(therapy_lines(events))
    periods = (
        alt.Chart(ev[ev["end_date"].notna()])
        .mark_bar(height=10, color=PALETTE["reddish_purple"], opacity=0.8)
        .encode(x="date:T", x2="end_date:T", y=y, tooltip=tooltip)
    )
    points = (
        alt.Chart(ev)
        .mark_point(size=110, strokeWidth=2, color=PALETTE["blue"])
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y")),
            y=y,
            shape=provenance_shape(),
            fill=provenance_fill(PALETTE["blue"]),
            tooltip=tooltip,
        )
    )
    n_rep = int((ev["date_provenance"] == "reported").sum())
    first, last = ev["date"].min(), ev["date"].max()
    description = (
        f"Timeline of {len(ev)} events from {first:%d %B %Y} to {last:%d %B %Y}, one row per kind of "
        f"event, with the two lines of therapy shaded. {n_rep} events have a date the report states "
        "(filled marks); the others have a month only or a reconstructed date (hollow marks)."
    )
    return (bands + periods + points).properties(
        title="From first visit to nutritional collapse: eight months, two lines of therapy",
        description=description,
        width="container",
        height=300,
    ).resolve_scale(color="independent")


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
    """
    data = labs[labs["analyte"].isin(ANALYTE_LABELS)].copy()
    origin = data["date"].min()
    data["day"] = _day_number(data["date"], origin)
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = data["analyte"].map(ANALYTE_LABELS)
    last_day = int(data["day"].max())

    analyte = alt.param(
        name="analyte", value="platelets",
        bind=alt.binding_select(options=list(ANALYTE_LABELS), labels=list(ANALYTE_LABELS.values()),
                                name="Analyte "),
    )
    first_day = alt.param(name="first_day", value=0,
                          bind=alt.binding_range(min=0, max=last_day, step=1, name="First day shown "))
    final_day = alt.param(name="last_day", value=last_day,
                          bind=alt.binding_range(min=0, max=last_day, step=1, name="Last day shown "))
    show_trigger = alt.param(name="show_trigger", value=True,
                             bind=alt.binding_checkbox(name="Show transfusion trigger "))
    show_bands = alt.param(name="show_bands", value=True,
                           bind=alt.binding_checkbox(name="Show lines of therapy "))
    brush = alt.selection_interval(name="brush", encodings=["x"])

    in_view = (
        f"datum.analyte == analyte && datum.day >= first_day && datum.day <= last_day"
    )
    x_main = alt.X("date:T", title="Date", scale=alt.Scale(domain={"param": "brush"}),
                   axis=alt.Axis(format="%d %b %Y", labelAngle=-30))
    tooltip = [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("analyte_label:N", title="Analyte"),
        alt.Tooltip("value:Q", title="Value"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("provenance_label:N", title="Source"),
        alt.Tooltip("note:N", title="Note"),
    ]
    base = alt.Chart(data).transform_filter(in_view)
    line = base.mark_line(color=PALETTE["blue"], strokeDash=[5, 3]).encode(
        x=x_main, y=alt.Y("value:Q", title="Value (unit in tooltip)")
    )
    points = base.mark_point(size=80, strokeWidth=2, color=PALETTE["blue"], clip=True).encode(
        x=x_main,
        y="value:Q",
        shape=provenance_shape(),
        fill=provenance_fill(PALETTE["blue"]),
        tooltip=tooltip,
    )
    trigger = (
        alt.Chart(pd.DataFrame({"value": [transfusion_trigger_10e9_per_l],
                                "label": [f"case's transfusion trigger: {transfusion_trigger_10e9_per_l:g} ×10⁹/L"]}))
        .transform_filter("analyte == 'platelets' && show_trigger")
        .mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
        .encode(y="value:Q", tooltip=alt.Tooltip("label:N", title="Threshold"))
    )
    trigger_text = (
        alt.Chart(pd.DataFrame({"value": [transfusion_trigger_10e9_per_l],
                                "label": [f"transfusion trigger {transfusion_trigger_10e9_per_l:g}"]}))
        .transform_filter("analyte == 'platelets' && show_trigger")
        .mark_text(align="left", dx=4, dy=-6, color=PALETTE["vermillion"], x=0)
        .encode(y="value:Q", text="label:N")
    )
    bands = therapy_lines(events)
    band_layer = (
        alt.Chart(bands).transform_filter("show_bands")
        .mark_rect(opacity=0.2, clip=True)
        .encode(
            x=alt.X("start:T", scale=alt.Scale(domain={"param": "brush"})), x2="end:T",
            color=alt.Color("band_label:N", title="Line of therapy",
                            scale=alt.Scale(range=[LINE_COLORS[i] for i in sorted(bands["line"].unique())])),
            tooltip=[alt.Tooltip("band_label:N", title="Therapy"), alt.Tooltip("dose:N", title="Dose")],
        )
    )
    main = (
        alt.layer(band_layer, line, points, trigger, trigger_text)
        .add_params(analyte, first_day, final_day, show_trigger, show_bands)
        .properties(width="container", height=280)
        .resolve_scale(color="independent")
    )
    overview = (
        alt.Chart(data).transform_filter(in_view)
        .mark_line(color=PALETTE["black"], point=alt.OverlayMarkDef(size=12, color=PALETTE["black"]))
        .encode(x=alt.X("date:T", title="Drag here to zoom (or use the day sliders)",
                        axis=alt.Axis(format="%b %Y")),
                y=alt.Y("value:Q", title=None, axis=alt.Axis(tickCount=2)))
        .add_params(brush)
        .properties(width="container", height=60)
    )
    plt = data[data["analyte"] == "platelets"]
    rep = plt[plt["provenance"] == "reported"]
    description = (
        f"Interactive chart of the case's laboratory curves from {origin:%d %B %Y}, "
        f"{last_day} days in all. Platelets: {len(rep)} reported counts "
        f"({', '.join(f'{v:g}' for v in rep['value'])} ×10⁹/L) and {len(plt) - len(rep)} reconstructed "
        "values that follow the report's narrative of recovery on chemotherapy. CA125 is shown only as a "
        "reconstructed trend relative to its first value, because the report gives no CA125 numbers. "
        f"A dashed line marks the case's transfusion trigger of {transfusion_trigger_10e9_per_l:g} ×10⁹/L; "
        "shaded bands mark the two lines of therapy."
    )
    return alt.vconcat(main, overview).properties(
        title=alt.Title(
            "Platelets recovered as chemotherapy controlled the marrow disease",
            subtitle="Reconstructed points are hollow: the published figure gives no values between the two reported counts",
        ),
        description=description,
    )
