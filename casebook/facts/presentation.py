"""Facts the presentation chapter states: the first visit and its work-up.

Only what the team knew at the first visit, plus the recheck four days later, which the
chapter grades and poses as a question (the marrow chapter answers it). Nothing here
comes from the treatment or from any later result; the whole course is
:mod:`casebook.facts.course`.
"""

from __future__ import annotations

import pandas as pd

from casebook import clinical
from casebook.data import Case
from casebook.dates import date_text
from casebook.facts.common import Facts, events_of_kind, platelet_fall_facts
from casebook.provenance import DATE_WORDS

#: Hypothetical heights (cm) for the chapter's exercise: the report gives no height.
HYPOTHETICAL_HEIGHTS_CM: tuple[float, ...] = (150.0, 160.0, 170.0)
#: The specimens taken before the first visit's work-up was complete (pathology.csv).
FIRST_VISIT_SPECIMENS: tuple[str, ...] = ("breast core biopsy", "axillary lymph node biopsy")
#: The receptors that define triple-negative disease.
RECEPTORS: tuple[str, ...] = ("ER", "PR", "HER2")


def size_text(longest_mm: float, second_mm: float) -> str:
    """'10 × 8 cm' from two diameters in mm."""
    return f"{longest_mm / 10:g} × {second_mm / 10:g} cm"


def presentation_mass_facts(case: Case) -> Facts:
    """The breast mass at presentation: the text's size, the Figure 1 legend's, the longest."""
    first = case.lesions.sort_values("date").iloc[0]
    return {
        "mass_size_text": size_text(first["longest_diameter_mm"], first["second_diameter_mm"]),
        "mass_legend_size_text": size_text(
            first["legend_longest_diameter_mm"], first["legend_second_diameter_mm"]
        ),
        "mass_longest_mm": float(first["longest_diameter_mm"]),
    }


def pathology_marker(case: Case, specimen: str, marker: str) -> pd.Series:
    rows = case.pathology[
        (case.pathology["specimen"] == specimen) & (case.pathology["marker"] == marker)
    ]
    if len(rows) != 1:
        raise ValueError(f"pathology.csv has no single row for {marker} on {specimen}")
    return rows.iloc[0]


def biomarker_facts(case: Case) -> Facts:
    """What the report says, and leaves unsaid, about the markers that route treatment.

    ``her2_score_reported`` is False when the breast biopsy's HER2 row has no IHC score
    (``result_value``): "HER2 negative" alone cannot tell HER2-0 from HER2-low.
    The BRCA and PD-L1 results themselves are left to the therapy chapter: only where
    the report says they came from (``'not specified'``) is stated here.
    """
    her2 = pathology_marker(case, "breast core biopsy", "HER2")
    node = case.pathology[case.pathology["specimen"] == "axillary lymph node biopsy"]
    return {
        "ki67_pct": float(pathology_marker(case, "breast core biopsy", "Ki-67")["result_value"]),
        "her2_result": her2["result"],
        "her2_score_reported": bool(pd.notna(her2["result_value"])),
        "node_receptors": tuple(m for m in RECEPTORS if m in set(node["marker"])),
        "brca_specimen": pathology_marker(case, "not specified", "BRCA1/2 mutation")["specimen"],
        "cps_specimen": pathology_marker(case, "not specified", "PD-L1 CPS")["specimen"],
        "biomarkers_dated": "date" in case.pathology.columns,
    }


def nutrition_facts(case: Case) -> Facts:
    """Her first weight, whether a height exists, and the exercise's BMI arithmetic.

    The hypothetical heights (``ex_height_1_cm`` ...) and the BMI at each
    (``ex_bmi_1_kg_per_m2`` ...), the height
    above which the first weight falls below GLIM's Asian low-BMI threshold, and the
    weights that mark GLIM's 5 % and 10 % losses.
    """
    first = case.weights.sort_values("date").iloc[0]
    weight = float(first["weight_kg"])
    facts: Facts = {
        "weight_start_kg": weight,
        "weight_start_date_provenance": first["date_provenance"],
        "height_reported": "height_cm" in case.patient.columns,
    }
    for i, height in enumerate(HYPOTHETICAL_HEIGHTS_CM, start=1):
        facts[f"ex_height_{i}_cm"] = height
        facts[f"ex_bmi_{i}_kg_per_m2"] = clinical.bmi(height_cm=height, weight_kg=weight)
    facts["ex_height_glim_low_bmi_cm"] = clinical.height_for_bmi_cm(
        weight_kg=weight, bmi_kg_per_m2=clinical.GLIM_LOW_BMI_ASIA_KG_PER_M2
    )
    for pct in clinical.GLIM_WEIGHT_LOSS_PCT:
        facts[f"ex_weight_after_{pct:.0f}pct_loss_kg"] = weight * (1 - pct / 100)
    return facts


def first_visit_record(case: Case) -> pd.DataFrame:
    """The events the book places on or before the first visit, as the chapter's table shows them.

    Columns: provenance (of the finding), date (as the book writes it), where the date
    comes from, the finding, and its locator in the report.
    """
    visit = events_of_kind(case, "visit").iloc[0]["date"]
    rows = case.events[case.events["date"] <= visit].sort_values(["date", "event_id"])
    return pd.DataFrame(
        {
            "provenance": rows["provenance"].to_numpy(),
            "date": [
                date_text(d, p) for d, p in zip(rows["date"], rows["date_provenance"], strict=True)
            ],
            "date from": rows["date_provenance"].map(DATE_WORDS).to_numpy(),
            "finding": rows["label"].to_numpy(),
            "where in the report": rows["locator"].to_numpy(),
        }
    )


def first_visit_pathology(case: Case) -> pd.DataFrame:
    """The breast and node biopsy results (the marrow and the molecular tests come later)."""
    rows = case.pathology[case.pathology["specimen"].isin(FIRST_VISIT_SPECIMENS)]
    return rows[["provenance", "specimen", "marker", "result", "locator"]].reset_index(drop=True)


def presentation_facts(case: Case) -> Facts:
    """Every fact the presentation chapter states, by name (units in the names)."""
    facts = platelet_fall_facts(case)
    visit = events_of_kind(case, "visit").iloc[0]
    facts.update(
        visit_date=visit["date"],
        visit_locator=visit["locator"],
        n_first_visit_events=len(first_visit_record(case)),
    )
    for part in (presentation_mass_facts, biomarker_facts, nutrition_facts):
        facts.update(part(case))
    return facts
