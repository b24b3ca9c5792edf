"""Facts the appraisal chapter states: the report's own numbers where it contradicts
itself or leaves something out, and the CARE statuses of :mod:`casebook.appraisal`.

The chapter (``book/appraisal.md``, "Appraising the case report") is read after the
case chapters; it re-uses their facts (sizes, doses, the transfusion trigger, the
KEYNOTE-355 figures) rather than computing anything new about the patient. The
appraisal's evidence texts are filled from these facts.
"""

from __future__ import annotations

from casebook import appraisal
from casebook.data import Case
from casebook.dates import month_year
from casebook.facts.common import (
    Facts,
    event,
    events_of_kind,
    platelet_fall_facts,
    platelets,
)
from casebook.facts.course import RESPONSE_EVENT
from casebook.facts.therapy import dose_facts, mass_size_facts, support_facts, trial_facts
from casebook.timeline import therapy_lines


def mass_text_legend_facts(case: Case) -> Facts:
    """Whether the Figure 1 legend's size of the mass differs from the text's, and whether
    the longest diameter (what RECIST uses) is the same in both."""
    first = case.lesions.sort_values("date").iloc[0]
    text = (first["longest_diameter_mm"], first["second_diameter_mm"])
    legend = (first["legend_longest_diameter_mm"], first["legend_second_diameter_mm"])
    return {
        "mass_text_legend_disagree": bool(text != legend),
        "mass_longest_same": bool(text[0] == legend[0]),
    }


def care_facts() -> Facts:
    """How many CARE items have each status, and which are missing or cannot be told."""
    counts = appraisal.status_counts()
    return {
        "n_care_items": len(appraisal.CARE_ITEMS),
        **{f"n_care_{s.replace(' ', '_')}": n for s, n in counts.items()},
        "care_missing": tuple(i.item for i in appraisal.CARE_ITEMS if i.status == "missing"),
        "care_cannot_tell": tuple(
            i.item for i in appraisal.CARE_ITEMS if i.status == "cannot tell"
        ),
        "n_inconsistencies": len(appraisal.INCONSISTENCIES),
        "n_authors_claims": sum(i.authors_claim for i in appraisal.INCONSISTENCIES),
    }


def appraisal_facts(case: Case) -> Facts:
    """Every fact the appraisal chapter states, by name (units in the names)."""
    lines = therapy_lines(case.events).set_index("line")
    plt = platelets(case)
    facts: Facts = {**platelet_fall_facts(case), **mass_size_facts(case)}
    facts.update(mass_text_legend_facts(case))
    facts.update(dose_facts(case, lines))
    facts.update(support_facts(case))
    facts.update(trial_facts())
    contact = events_of_kind(case, "outcome").iloc[-1]
    facts.update(
        {
            "pac_cycles_before_response": int(event(case, RESPONSE_EVENT)["cycles"]),
            "height_reported": "height_cm" in case.patient.columns,
            "n_events_dated": int((case.events["date_provenance"] == "reported").sum()),
            "n_plt_reported": int((plt["provenance"] == "reported").sum()),
            "ca125_any_reported": bool(
                (
                    case.labs[case.labs["analyte"] == "ca125_relative"]["provenance"] == "reported"
                ).any()
            ),
            "visit_date": events_of_kind(case, "visit").iloc[0]["date"],
            "contact_month": month_year(contact["date"]),
            "weight_end_month": month_year(case.weights.sort_values("date")["date"].iloc[-1]),
        }
    )
    facts.update(care_facts())
    return facts
