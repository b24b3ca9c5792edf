"""Where a value or a date comes from: the words and symbols the whole book uses.

The codes themselves are the data's (``datapackage.json`` lists them as each
``provenance`` / ``date_provenance`` field's ``enum``); this module is the one home of
what the book *says* about each code, in charts, legends, tooltips and tables.
``tests/test_provenance.py`` checks that every code the schema allows has its words here.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "VALUE_CODES",
    "VALUE_LABELS",
    "VALUE_MARKS",
    "LEGEND_TITLE",
    "DATE_WORDS",
    "DATE_WORDS_SHORT",
    "DATES_DRAWN_AS_REPORTED",
    "date_drawn_as_reported",
    "value_label",
    "with_marks",
    "period_words",
]

#: Value provenance codes, in legend order (filled first).
VALUE_CODES: tuple[str, ...] = ("reported", "reconstructed")
#: What a chart legend or tooltip says about a value.
VALUE_LABELS: dict[str, str] = {
    "reported": "reported in the case report",
    "reconstructed": "reconstructed (not measured)",
}
#: What a data table's first column says (symbol + word; the symbols echo the charts'
#: filled and hollow marks).
VALUE_MARKS: dict[str, str] = {"reported": "● reported", "reconstructed": "◇ reconstructed"}
LEGEND_TITLE = "Where the value comes from"

#: What a tooltip or description says about a date (``date_provenance`` codes).
DATE_WORDS: dict[str, str] = {
    "reported": "reported in the case report",
    "derived": "derived from reported facts (see the note)",
    "month-reported": "month only (the report gives no day)",
    "reconstructed": "chosen by this book",
}
#: The same, short, for legends.
DATE_WORDS_SHORT: dict[str, str] = {
    "reported": "reported",
    "derived": "derived",
    "month-reported": "month only",
    "reconstructed": "chosen by this book",
}
#: Dates drawn like reported ones (filled marks, solid outlines): stated in the report,
#: or computed from what it states. Every other date is drawn hollow or dashed.
DATES_DRAWN_AS_REPORTED: tuple[str, ...] = ("reported", "derived")


def date_drawn_as_reported(date_provenance: pd.Series) -> pd.Series:
    """True where a date is drawn like a reported one (see :data:`DATES_DRAWN_AS_REPORTED`)."""
    return date_provenance.isin(DATES_DRAWN_AS_REPORTED)


def value_label(series: pd.Series) -> pd.Series:
    """Map value provenance codes to the words every legend shows."""
    return series.map(VALUE_LABELS).fillna(series)


def with_marks(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose first column says, with a symbol, where each row comes from."""
    if "provenance" not in frame.columns:
        raise ValueError("the table has no provenance column")
    out = frame.copy()
    out.insert(0, "source", out["provenance"].map(VALUE_MARKS))
    return out.drop(columns=["provenance"])


def period_words(start_provenance: str, end_provenance: str) -> str:
    """'start reported, end chosen by this book' (short, for legends)."""
    start = DATE_WORDS_SHORT.get(start_provenance, start_provenance)
    end = DATE_WORDS_SHORT.get(end_provenance, end_provenance)
    if start_provenance == end_provenance:
        return f"start and end {start}"
    return f"start {start}, end {end}"
