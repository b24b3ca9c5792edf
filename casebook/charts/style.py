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


@alt.theme.register(THEME, enable=True)
def casebook_theme() -> alt.theme.ThemeConfig:
    """Altair's default view size, with the Okabe-Ito palette for categorical colours."""
    return {
        "config": {
            "view": {"continuousWidth": 300, "continuousHeight": 300},
            "range": {"category": list(PALETTE.values())},
        }
    }


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
