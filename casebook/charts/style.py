"""The book's look, in one place: palette, provenance encoding, accessible extras.

* The Okabe & Ito (2008) colour-blind-safe palette, registered once as the Altair
  theme ``casebook`` (enabled on import, so categorical colours come from it).
* One "reported vs reconstructed" encoding: reported values are **filled** circles
  with solid lines; reconstructed values are **hollow** diamonds with dashed lines,
  and every legend says which is which. The *words* come from
  :mod:`casebook.provenance`; the shapes, fills and dashes live here.
* What every chart carries for readers who cannot see it: its text description
  (:func:`description_html`) and its data as a table (:func:`data_table_html`),
  together :func:`accessible_extras`.

Dates in chart text are written with :mod:`casebook.dates`; Vega-Lite formats
use its ``VEGA_*`` constants (:func:`date_tooltip`).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable

import altair as alt
import pandas as pd

from casebook.dates import VEGA_DATE
from casebook.provenance import LEGEND_TITLE, VALUE_CODES, VALUE_LABELS, value_label

__all__ = [
    "PALETTE",
    "THEME",
    "CONCAT_WIDTH_PX",
    "PROVENANCE_ORDER",
    "PROVENANCE_LABELS",
    "PROVENANCE_SHAPES",
    "PROVENANCE_FILLED",
    "PROVENANCE_DASH",
    "provenance_legend_title",
    "provenance_label",
    "provenance_domain",
    "provenance_shape",
    "provenance_fill",
    "date_tooltip",
    "number_list",
    "description_html",
    "data_table_html",
    "accessible_extras",
    "fit_narrow",
    "LEGEND_LABEL_LIMIT_PX",
]

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

#: The name of the book's Altair theme.
THEME = "casebook"


#: What a legend label may take before it ends in an ellipsis (px): a legend below a
#: chart on a 320 px wide phone has about 270 px, less its symbol.
LEGEND_LABEL_LIMIT_PX = 220


@alt.theme.register(THEME, enable=True)
def casebook_theme() -> alt.theme.ThemeConfig:
    """Altair's default view size, with the Okabe-Ito palette for categorical colours.

    Legends go below the plot (a legend on the right squeezes the plot to a sliver or is
    cut off on a phone) and their labels stop within a phone's width.
    """
    return {
        "config": {
            "view": {"continuousWidth": 300, "continuousHeight": 300},
            "range": {"category": list(PALETTE.values())},
            "legend": {"orient": "bottom", "labelLimit": LEGEND_LABEL_LIMIT_PX},
        }
    }


# ----------------------------------------------------------------- narrow screens

#: Characters per line of a chart's title (13 px bold) and of everything else titled
#: (subtitles, axis and legend titles; 11 px) so that each line fits a chart 270 px wide,
#: the width a 320 px phone leaves it (WCAG 1.4.10, reflow).
TITLE_CHARS = 32
SUBTITLE_CHARS = 42


def _wrap(text: object, width: int) -> object:
    """``text`` (a string or a list of lines) as lines of at most ``width`` characters."""
    if isinstance(text, str):
        lines = textwrap.wrap(text, width) or [text]
        return lines[0] if len(lines) == 1 else lines
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        return [line for t in text for line in (textwrap.wrap(t, width) or [t])]
    return text  # an expression or anything else: left alone


_SKIP = ("tooltip", "data", "datasets", "params", "transform", "bind")
_CHANNEL_KEYS = (
    "x",
    "y",
    "x2",
    "y2",
    "color",
    "shape",
    "fill",
    "stroke",
    "strokeDash",
    "size",
    "opacity",
    "axis",
    "legend",
)


def _wrap_title(value: object, width: int) -> object:
    if isinstance(value, alt.SchemaBase) and "text" in value._kwds:  # alt.Title
        value._kwds["text"] = _wrap(value._kwds["text"], width)
        if isinstance(value._kwds.get("subtitle"), str | list):
            value._kwds["subtitle"] = _wrap(value._kwds["subtitle"], SUBTITLE_CHARS)
        return value
    if isinstance(value, dict) and "text" in value:
        out = {**value, "text": _wrap(value["text"], width)}
        if isinstance(value.get("subtitle"), str | list):
            out["subtitle"] = _wrap(value["subtitle"], SUBTITLE_CHARS)
        return out
    return _wrap(value, width)


def _wrap_titles(node: object, width: int) -> None:
    """Wrap, in place, every title under ``node`` (an Altair object, dict or list)."""
    if isinstance(node, list):
        for v in node:
            _wrap_titles(v, width)
        return
    kwds = (
        node._kwds if isinstance(node, alt.SchemaBase) else node if isinstance(node, dict) else None
    )
    if kwds is None:
        return
    for key, value in list(kwds.items()):
        if key in _SKIP or value is alt.Undefined:
            continue
        if key == "title":
            kwds[key] = _wrap_title(value, width)
        else:
            _wrap_titles(value, SUBTITLE_CHARS if key in _CHANNEL_KEYS else width)


def narrow_title(title: object) -> object:
    """A chart title (text, list of lines, or a dict with ``text`` and ``subtitle``)
    wrapped as :func:`fit_narrow` wraps it: what a live explorer patches in."""
    return _wrap_title(title, TITLE_CHARS)


def fit_narrow(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` with every title, subtitle, axis and legend title broken into short
    lines (Vega draws a list of strings as lines), so nothing is cut off at the right of
    a 320 px wide page. Tooltip titles and data are unchanged. Changes ``chart`` in
    place and returns it."""
    _wrap_titles(chart, TITLE_CHARS)
    return chart


# Vega-Lite cannot fit a concatenated chart to its container (its plots take the
# container's width and the axes spill over), so stacked charts get a fixed plot
# width that fits the book's text column with its axis labels.
CONCAT_WIDTH_PX = 540

# ----------------------------------------------------------------- provenance

PROVENANCE_ORDER = list(VALUE_CODES)
#: The words legends and tooltips use (an alias of ``casebook.provenance.VALUE_LABELS``).
PROVENANCE_LABELS = VALUE_LABELS
PROVENANCE_SHAPES = ["circle", "diamond"]
PROVENANCE_FILLED = [True, False]
PROVENANCE_DASH = [[1, 0], [5, 3]]


def provenance_legend_title() -> str:
    return LEGEND_TITLE


def provenance_label(series: pd.Series) -> pd.Series:
    """Map provenance codes to the words every legend shows."""
    return value_label(series)


def provenance_domain() -> list[str]:
    """The legend entries, reported first."""
    return [VALUE_LABELS[code] for code in VALUE_CODES]


def provenance_shape() -> alt.Shape:
    """The shared shape encoding for reported vs reconstructed points."""
    return alt.Shape(
        "provenance_label:N",
        title=provenance_legend_title(),
        scale=alt.Scale(domain=provenance_domain(), range=PROVENANCE_SHAPES),
    )


def provenance_fill(color: str) -> alt.Fill:
    """Filled for reported, white (hollow) for reconstructed."""
    return alt.Fill(
        "provenance_label:N",
        legend=None,
        scale=alt.Scale(domain=provenance_domain(), range=[color, "white"]),
    )


# ----------------------------------------------------------------- words


def date_tooltip(field: str = "date", title: str = "Date") -> alt.Tooltip:
    """A tooltip line for a date, written as the book writes dates ("3 June 2024")."""
    return alt.Tooltip(f"{field}:T", title=title, format=VEGA_DATE)


def number_list(values: Iterable[float]) -> str:
    """'92, 18': numbers as a description lists them."""
    return ", ".join(f"{v:g}" for v in values)


# ----------------------------------------------------------------- accessible extras


def data_table_html(frame: pd.DataFrame, summary: str, columns: Iterable[str] | None = None) -> str:
    """An accessible, collapsible HTML table holding a chart's data.

    ``summary`` is the visible disclosure text (e.g. "Data behind figure: platelets").
    """
    shown = frame if columns is None else frame.loc[:, list(columns)]
    shown = shown.copy()
    for col in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d")  # ISO dates: data, not prose
    table = shown.to_html(index=False, border=0, classes=["table", "cb-data-table"], na_rep="")
    # The table scrolls inside its own region (focusable, so the keyboard can scroll it)
    # rather than making the page scroll sideways on a phone.
    label = html.escape(summary, quote=True)
    return (
        f'<details class="cb-chart-data"><summary>{html.escape(summary)}</summary>'
        f'<div class="cb-table-scroll" tabindex="0" role="region" aria-label="{label}">'
        f"{table}</div></details>"
    )


def description_html(text: str) -> str:
    """The chart's text description, shown under it for every reader."""
    return (
        '<p class="cb-chart-description"><strong>Chart description.</strong> '
        f"{html.escape(text)}</p>"
    )


def accessible_extras(
    chart: alt.TopLevelMixin,
    frame: pd.DataFrame,
    summary: str,
    columns: Iterable[str] | None = None,
) -> str:
    """HTML to place under a chart: its text description and its data as a table."""
    description = chart.to_dict().get("description", "")
    if not description:
        raise ValueError("every chart needs a description for screen readers")
    return description_html(description) + data_table_html(frame, summary, columns)


def narrow(builder):
    """Decorator: the chart ``builder`` returns, through :func:`fit_narrow`."""
    import functools

    @functools.wraps(builder)
    def build(*args, **kwargs):
        return fit_narrow(builder(*args, **kwargs))

    return build


def lines_label_expr(
    labels: Iterable[str], width: int, fallback: str = "datum.label", split: str | None = None
) -> str:
    """A Vega ``labelExpr`` that draws each of ``labels`` (an axis's or legend's labels)
    as lines of at most ``width`` characters (Vega draws a list of strings as lines), so
    long labels wrap on a phone instead of running off the chart or ending in "…".
    ``fallback``: the expression for any other label (e.g. an earlier labelExpr).
    ``split``: a separator (e.g. ``" — "``) that always starts a new line, and is not drawn.
    """
    import json

    parts = []
    for label in dict.fromkeys(labels):
        pieces = label.split(split) if split else [label]
        lines = [line for piece in pieces for line in (textwrap.wrap(piece, width) or [piece])]
        if len(lines) > 1:
            parts.append(
                f"datum.label == {json.dumps(label, ensure_ascii=False)} ? "
                f"{json.dumps(lines, ensure_ascii=False)} : "
            )
    return "".join(parts) + fallback
