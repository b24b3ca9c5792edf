"""Facts the mechanisms chapter states: the case's marrow and bone findings, and the
numbers the remodelling models give (:mod:`casebook.model`), computed once.

The models are caricatures: Komarova 2003's single remodelling unit, and Ayati 2010's
tumour extension, built for myeloma. Their numbers are the models', never the patient's.
"""

from __future__ import annotations

from casebook import model
from casebook.data import Case
from casebook.facts.common import Facts, platelet_fall_facts
from casebook.facts.presentation import pathology_marker

__all__ = ["INHIBITIONS_QUOTED", "mechanisms_facts"]

#: The RANKL-inhibition values the chapter quotes (a modelling convention for denosumab).
INHIBITIONS_QUOTED = (0.5, 0.9)
_TREATMENT_DAY = 600
#: The exercise asks where day-100 bone mass first falls below this (per cent).
EXERCISE_BELOW_PCT = 97.0


def _remodeling_facts() -> Facts:
    base = model.simulate_remodeling(100)
    low = base.loc[base["bone_mass_pct"].idxmin()]
    ss = model.steady_state()
    facts: Facts = {
        "ko_steady_osteoclasts": ss.osteoclasts,
        "ko_steady_osteoblasts": ss.osteoblasts,
        "ko_min_bone_pct": float(low["bone_mass_pct"]),
        "ko_min_day": float(low["day"]),
        "ko_day100_bone_pct": float(base["bone_mass_pct"].iloc[-1]),
    }
    values = []
    for i, e in enumerate(INHIBITIONS_QUOTED, start=1):
        run = model.simulate_remodeling(100, rankl_inhibition=e)
        values.append(float(run["bone_mass_pct"].iloc[-1]))
        facts[f"ko_inhibition_{i}"] = e
        facts[f"ko_inhibition_{i}_day100_bone_pct"] = values[-1]
    facts["ko_inhibition_lowers_day100"] = facts["ko_day100_bone_pct"] > values[0] > values[1]
    # The exercise: the smallest inhibition on the page's grid (steps of 0.1) whose
    # day-100 bone mass is below 97 %.
    for step in range(1, 10):
        e = step / 10
        day100 = float(model.simulate_remodeling(100, rankl_inhibition=e)["bone_mass_pct"].iloc[-1])
        if day100 < EXERCISE_BELOW_PCT:
            facts.update({"ex_inhibition": e, "ex_day100_bone_pct": day100})
            break
    facts["ex_below_pct"] = EXERCISE_BELOW_PCT
    return facts


def _tumour_facts() -> Facts:
    untreated = model.simulate_tumour_bone(1200).set_index("day")
    treated = model.simulate_tumour_bone(1200, treatment_start_day=_TREATMENT_DAY).set_index("day")
    return {
        "ay_day600_bone_pct": float(untreated.loc[600, "bone_mass_pct"]),
        "ay_day1200_bone_pct": float(untreated.loc[1200, "bone_mass_pct"]),
        "ay_day1200_tumour": float(untreated.loc[1200, "tumour"]),
        "ay_treatment_day": _TREATMENT_DAY,
        "ay_treated_day1200_bone_pct": float(treated.loc[1200, "bone_mass_pct"]),
        "ay_treated_day1200_tumour": float(treated.loc[1200, "tumour"]),
    }


def mechanisms_facts(case: Case) -> Facts:
    """Every fact the mechanisms chapter states, by name."""
    facts = platelet_fall_facts(case)
    marrow = pathology_marker(case, "bone marrow biopsy", "histology")
    denosumab = case.events[case.events["drug"] == "denosumab"]
    facts.update(
        {
            "marrow_histology": marrow["result"],
            "denosumab_reported": len(denosumab) == 1,
        }
    )
    facts.update(_remodeling_facts())
    facts.update(_tumour_facts())
    return facts
