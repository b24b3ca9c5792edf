"""The whole case on one time axis: :func:`timeline_chart` and its parts.

One lane per kind of event (:data:`EVENT_KIND_ORDER`, :data:`EVENT_KIND_LABELS`),
periods as bars, lines of therapy as shaded bands (:mod:`casebook.charts.bands`).
The builder is split into a frame (:func:`timeline_frame`, the events as drawn), its
layers (the encodings) and its words (the title that states the finding and the
description).
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from casebook.charts.bands import _band_layer
from casebook.charts.style import (
    PALETTE,
    PROVENANCE_DASH,
    PROVENANCE_LABELS,
    lines_label_expr,
    narrow,
    provenance_fill,
    provenance_shape,
)
from casebook.dates import VEGA_MONTH_YEAR, date_text, month_year
from casebook.provenance import (
    DATE_WORDS,
    DATE_WORDS_SHORT,
    date_drawn_as_reported,
    period_words,
)
from casebook.timeline import PERIOD_DATES, end_provenance, period_dates, therapy_lines

__all__ = [
    "EVENT_KIND_ORDER",
    "EVENT_KIND_LABELS",
    "timeline_frame",
    "timeline_chart",
]

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
    # Lane names wrap into short lines, so the plot keeps its width on a phone.
    y = alt.Y(
        "kind_label:N",
        title=None,
        sort=order,
        axis=alt.Axis(labelExpr=lines_label_expr(order, 16), labelLimit=120),
    )
    first, last = ev["date"].min(), ev["date"].max()
    margin = pd.Timedelta(days=7)  # keeps the first and last symbols off the plot edges
    x = alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=[(first - margin).isoformat(), (last + margin).isoformat()]),
        axis=alt.Axis(
            format=VEGA_MONTH_YEAR,
            tickCount={"interval": "month", "step": 1},
            labelAngle=0,
            # On a narrow plot: crowded labels are dropped, and so is a month label that
            # would reach past the plot's edge (the margin puts the last tick inside it).
            labelFlush=True,
            labelOverlap=True,
            labelBound=True,
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
            f"datum.label == {json.dumps(k, ensure_ascii=False)} ? "
            f"{json.dumps(textwrap.wrap(v, 28), ensure_ascii=False)} : "
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


@narrow
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
            # Room on the right for the last month label, centred on its tick near the
            # plot's edge (at 320 px it ran 2 px outside the chart).
            padding={"left": 5, "top": 5, "bottom": 5, "right": 24},
        )
        .resolve_scale(color="independent", stroke="independent", strokeDash="independent")
    )
