"""The book's one way of writing a date, in Python text and in Vega-Lite charts.

Pages, chart titles, chart descriptions and tooltips all say "3 June 2024" (no leading
zero) or "June 2024". ``str.format`` codes such as ``%-d`` work only on glibc, so the day
is written from ``Timestamp.day`` instead. Vega-Lite formats dates with d3-time-format in
the browser, where ``%-d`` is portable.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["long_date", "month_year", "date_text", "VEGA_DATE", "VEGA_DAY_MONTH", "VEGA_MONTH_YEAR"]

#: Tooltips: "3 June 2024" (d3-time-format, in the browser).
VEGA_DATE = "%-d %B %Y"
#: Axis ticks over weeks: "3 Jun".
VEGA_DAY_MONTH = "%-d %b"
#: Axis ticks over months: "Jun 2024".
VEGA_MONTH_YEAR = "%b %Y"


def long_date(value: object) -> str:
    """'3 June 2024' for a date, Timestamp or ISO string; '' for a missing date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def month_year(value: object) -> str:
    """'June 2024'; '' for a missing date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{pd.Timestamp(value):%B %Y}"


def date_text(value: object, date_provenance: str) -> str:
    """A date as the book writes it, given where it comes from.

    'February 2025 (month only)' when the report gives the month only
    (``month-reported``); otherwise '3 June 2024'.
    """
    if date_provenance == "month-reported":
        text = month_year(value)
        return f"{text} (month only)" if text else ""
    return long_date(value)
