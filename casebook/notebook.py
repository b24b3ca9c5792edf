"""The one line every chapter's hidden setup cell calls.

    from casebook import facts
    from casebook.notebook import glue_facts, setup
    case = setup()
    f = glue_facts(facts.presentation_facts(case))

It chooses the chart renderer (``casebook.render``), loads and validates the case
data (``casebook.data``) and returns it. Chapters stay narrative.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from casebook import render
from casebook.data import Case, load_case
from casebook.dates import long_date


def setup() -> Case:
    """Configure rendering for this kernel and return the validated case data."""
    render.configure()
    return load_case()


class _PlainText(str):
    """A string whose plain-text display has no quotes (glue shows ``repr``)."""

    def __repr__(self) -> str:
        return str(self)


def glue_value(name: str, value: Any) -> Any:
    """Glue ``value`` under ``name`` for ``{glue:text}`` without showing it; return it.

    Numbers keep their type, so a page formats them in the role itself
    (``{glue:text}`name:.0f```); strings (dates, labels) are glued without quotes.
    """
    from myst_nb import glue

    glue(name, _PlainText(value) if isinstance(value, str) else value, display=False)
    return value


def glue_facts(facts: Mapping[str, Any]) -> Mapping[str, Any]:
    """Glue every fact under its name (``{glue:text}`name```); return the facts.

    Dates (``Timestamp``) are glued as the book writes them ("3 June 2024",
    :func:`casebook.dates.long_date`); numbers keep their type, so a page formats them
    in the role (``{glue:text}`plt_first_10e9_per_l:.0f```).
    """
    for name, value in facts.items():
        glue_value(name, long_date(value) if isinstance(value, (pd.Timestamp, datetime)) else value)
    return facts


def show_chart(name: str, chart: Any, frame: Any, summary: str, columns: Any = None) -> None:
    """Glue ``chart`` as ``name`` (for ``{glue:figure}``) and show its description and data.

    The chart appears where the page puts ``{glue:figure}`name```; the text
    description and the data table appear where this (``remove-input``) cell is.
    """
    from IPython.display import HTML, display
    from myst_nb import glue

    from casebook import charts

    # On the static site the chart appears where {glue:figure} puts it; in a live
    # kernel (JupyterLab) or a classroom notebook nothing renders that directive, so
    # show the chart here.
    mode = render.current_mode()
    if mode != "static":
        display(render.for_mode(chart, mode))
    else:
        glue(name, chart, display=False)
    display(HTML(charts.accessible_extras(chart, frame, summary, columns)))
