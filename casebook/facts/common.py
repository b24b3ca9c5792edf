"""Facts every chapter opening shares: the patient and the two reported platelet counts."""

from __future__ import annotations

from typing import Any

import pandas as pd

from casebook import clinical
from casebook.data import Case
from casebook.timeline import therapy_lines

Facts = dict[str, Any]


def platelets(case: Case) -> pd.DataFrame:
    """Every platelet value (reported and reconstructed), in date order."""
    rows = case.labs[case.labs["analyte"] == "platelets"]
    return rows.sort_values("date").reset_index(drop=True)


def reported_platelets(case: Case) -> pd.DataFrame:
    """The platelet counts the report states, in date order (ValueError if fewer than two)."""
    plt = platelets(case)
    reported = plt[plt["provenance"] == "reported"].reset_index(drop=True)
    if len(reported) < 2:
        raise ValueError(
            "the case needs two reported platelet counts (the first visit and the recheck)"
        )
    return reported


def platelet_fall_facts(case: Case) -> Facts:
    """The patient's age and the fall between the first two reported platelet counts.

    ``plt_first_10e9_per_l`` / ``plt_second_10e9_per_l`` (×10⁹/L), their dates and
    CTCAE grades, ``plt_interval_days`` and ``plt_fall_pct`` (positive: a fall of 80 %
    is 80), ``plt_fall_pct_per_day``, the recheck's locator in the report, and
    ``treatment_started_after_plt_second`` (no cancer treatment before the recheck).
    """
    reported = reported_platelets(case)
    first, second = reported.iloc[0], reported.iloc[1]
    days = int((second["date"] - first["date"]).days)
    fall_pct = -clinical.percent_change(first["value"], second["value"])
    first_treatment = therapy_lines(case.events)["start"].min()
    return {
        "age_years": int(case.patient["age_years"].iloc[0]),
        "plt_first_10e9_per_l": float(first["value"]),
        "plt_second_10e9_per_l": float(second["value"]),
        "plt_first_date": first["date"],
        "plt_second_date": second["date"],
        "plt_second_locator": second["locator"],
        "plt_interval_days": days,
        "plt_fall_pct": fall_pct,
        "plt_fall_pct_per_day": fall_pct / days,
        "plt_first_grade": clinical.ctcae_platelet_grade(first["value"]),
        "plt_second_grade": clinical.ctcae_platelet_grade(second["value"]),
        "treatment_started_after_plt_second": bool(first_treatment > second["date"]),
    }


def event(case: Case, event_id: str) -> pd.Series:
    """One row of ``events.csv`` by its id (ValueError naming the id if it is missing)."""
    rows = case.events[case.events["event_id"] == event_id]
    if len(rows) != 1:
        raise ValueError(f"events.csv has no single event {event_id}")
    return rows.iloc[0]


def events_of_kind(case: Case, kind: str) -> pd.DataFrame:
    """The events of one kind, in date order."""
    return case.events[case.events["kind"] == kind].sort_values("date").reset_index(drop=True)
