"""The case's events as periods: lines of therapy and where each date comes from.

Pure pandas, no charts: facts, charts and explorers all read the lines of therapy
from :func:`therapy_lines`.
"""

from __future__ import annotations

import pandas as pd

from casebook.dates import date_text
from casebook.provenance import DATE_WORDS, date_drawn_as_reported, period_words, value_label

__all__ = ["PERIOD_DATES", "end_provenance", "period_dates", "therapy_lines"]

#: A period is drawn solid only if both its dates are reported; otherwise hollow/dashed.
PERIOD_DATES: tuple[str, str] = ("both dates reported", "start or end date chosen by this book")


def end_provenance(events: pd.DataFrame) -> pd.Series:
    """Provenance of each row's ``end_date``.

    The schema says the report never gives an end date, so every end date is
    reconstructed; an ``end_date_provenance`` column, if a table ever has one, wins.
    A row without an end date "ends" on its start date, with the start's provenance.
    """
    if "end_date_provenance" in events:
        given = events["end_date_provenance"].replace("", pd.NA)
    else:
        given = pd.Series(pd.NA, index=events.index, dtype="object")
    fallback = events["date_provenance"].where(events["end_date"].isna(), "reconstructed")
    return given.fillna(fallback)


def period_dates(start_provenance: pd.Series, end_provenance_: pd.Series) -> list[str]:
    """For each period, one of :data:`PERIOD_DATES`."""
    both = date_drawn_as_reported(start_provenance) & date_drawn_as_reported(end_provenance_)
    return [PERIOD_DATES[0] if b else PERIOD_DATES[1] for b in both]


def therapy_lines(events: pd.DataFrame) -> pd.DataFrame:
    """Lines of systemic therapy: one row per line, in order.

    Columns: ``line``, ``drug``, ``band_label`` ("Line 1: Paclitaxel"), ``start``,
    ``end``, ``dose`` (as reported), ``dose_value``, ``dose_unit``, ``cycles`` (as
    reported, may be missing), ``start_date_provenance`` (the start date's code) and
    ``date_provenance_label`` (where the start date comes
    from), ``start_text`` / ``end_text`` (the date in words and its source), ``dates``
    (one of :data:`PERIOD_DATES`), ``legend_label`` (the name with the source of its
    dates) and ``assumptions`` (the assumption ids its dates rest on, "A02, A03").
    Raises ValueError when the events hold no line of therapy.
    """
    drugs = events[(events["kind"] == "drug") & events["line_of_therapy"].notna()].copy()
    if drugs.empty:
        raise ValueError("the events table holds no line of therapy")
    drugs["line"] = drugs["line_of_therapy"].astype(int)
    drugs["band_label"] = (
        "Line " + drugs["line"].astype(str) + ": " + drugs["drug"].str.capitalize()
    )
    drugs["end"] = drugs["end_date"].fillna(drugs["date"])
    drugs["date_provenance_label"] = value_label(drugs["date_provenance"])
    start_prov, end_prov = drugs["date_provenance"], end_provenance(drugs)
    drugs["start_text"] = [
        f"{date_text(d, p)}, {DATE_WORDS.get(p, p)}"
        for d, p in zip(drugs["date"], start_prov, strict=True)
    ]
    drugs["end_text"] = [
        f"{date_text(d, p)}, {DATE_WORDS.get(p, p)}"
        for d, p in zip(drugs["end"], end_prov, strict=True)
    ]
    drugs["dates"] = period_dates(start_prov, end_prov)
    drugs["legend_label"] = [
        f"{label} ({period_words(s, e)})"
        for label, s, e in zip(drugs["band_label"], start_prov, end_prov, strict=True)
    ]
    drugs["assumptions"] = drugs["assumption_ids"].str.replace(" ", ", ")
    columns = [
        "line",
        "drug",
        "band_label",
        "date",
        "end",
        "dose",
        "dose_value",
        "dose_unit",
        "cycles",
        "date_provenance",
        "date_provenance_label",
        "start_text",
        "end_text",
        "dates",
        "legend_label",
        "assumptions",
    ]
    return (
        drugs.sort_values("line")[columns]
        .rename(columns={"date": "start", "date_provenance": "start_date_provenance"})
        .reset_index(drop=True)
    )
