"""Facts the therapy chapter states: the biomarkers that route treatment, the route the
case took, the response calls, the flat doses and the supportive care.

The chapter (``book/therapy.md``, "Therapy reasoning") owns the case's RECIST and dose
arithmetic: every response call and every dose per m² is computed here, once, with the
rules of :mod:`casebook.clinical`, and nowhere else in the book.
"""

from __future__ import annotations

import pandas as pd

from casebook import clinical, evidence
from casebook.assessments import response_assessments
from casebook.data import Case
from casebook.facts.common import Facts, events_of_kind, platelet_fall_facts
from casebook.facts.presentation import pathology_marker, presentation_mass_facts, size_text
from casebook.timeline import therapy_lines

__all__ = ["HYPOTHETICAL_LIVER_MM", "TRIAL_ROWS", "hr_text", "mass_size_facts", "therapy_facts"]

_COUNT_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

#: Rows of ``data/evidence/trials.csv`` the chapter quotes, by fact name.
TRIAL_ROWS = {
    "kn355_os_cps10": "T14",
    "kn355_os_cps1": "T16",
    "kn355_pfs_cps1_9": "T18",
    "kn355_os_cps1_9": "T19",
    "kn355_authors": "T20",
    "ascent_pfs": "T22",
    "ascent_os": "T24",
    "embrace_os": "T27",
    "olympiad_pfs": "T02",
    "stopeck_sre": "T33",
}


#: The exercise's hypothetical liver target lesions (mm) at baseline, after paclitaxel and
#: at progression: the report gives no liver sizes, so these are invented for teaching
#: and the chapter says so.
HYPOTHETICAL_LIVER_MM: dict[str, tuple[float, float]] = {
    "base": (20.0, 15.0),
    "nadir": (12.0, 10.0),
    "pd": (12.0, 10.0),
}


def _decimals(value: float) -> str:
    """0.58 → '0.58', 0.8 → '0.80', 0.848 → '0.848': two decimals at least, three at most."""
    text = f"{value:.3f}".rstrip("0")
    return text + "0" * max(0, 2 - len(text.split(".")[1]))


def hr_text(row: pd.Series) -> str:
    """A hazard ratio with its 95 % CI as the chapter writes it: '0.94 (0.64–1.38)'."""
    return (
        f"{_decimals(row['hazard_ratio'])} ({_decimals(row['ci_low'])}–{_decimals(row['ci_high'])})"
    )


def biomarker_facts(case: Case) -> Facts:
    """The three results that route first-line treatment, as the report gives them."""
    cps = pathology_marker(case, "not specified", "PD-L1 CPS")
    brca = pathology_marker(case, "not specified", "BRCA1/2 mutation")
    her2 = pathology_marker(case, "breast core biopsy", "HER2")
    cps_value = float(cps["result_value"])
    return {
        "cps": cps_value,
        "cps_band": clinical.cps_band(cps_value),
        "cps_below_keynote_cutoff": cps_value < clinical.KEYNOTE355_CPS_CUTOFF,
        "keynote_cps_cutoff": clinical.KEYNOTE355_CPS_CUTOFF,
        "brca_negative": str(brca["result"]).startswith("negative"),
        "her2_score_reported": not pd.isna(her2["result_value"]),
    }


def _words(routing: clinical.Routing) -> str:
    return " and ".join(routing.branch(k).drug for k in routing.route)


def pathway_facts(case: Case, n_lines: int) -> Facts:
    """The pathway at her first and second line: what it routes, and why the later-line
    drugs did not apply (ASCENT and EMBRACE both enrolled after two earlier regimens)."""
    first = clinical.case_route()
    second = clinical.route_treatment(**{**clinical.CASE_PATHWAY_INPUTS, "prior_chemo_lines": 1})
    lo, hi = clinical.EMBRACE_PRIOR_REGIMENS
    return {
        "route_line1": first.route,
        "route_line1_words": _words(first),
        "route_line2": second.route,
        "pembro_line1_status": first.branch("pembrolizumab_chemotherapy").status,
        "parp_line1_status": first.branch("parp_inhibitor").status,
        "sg_line2_status": second.branch("sacituzumab_govitecan").status,
        "eribulin_line2_status": second.branch("eribulin").status,
        "tdxd_line2_status": second.branch("trastuzumab_deruxtecan").status,
        "ascent_min_prior_lines": clinical.ASCENT_MIN_PRIOR_CHEMO_LINES,
        "ascent_min_prior_lines_words": _COUNT_WORDS[clinical.ASCENT_MIN_PRIOR_CHEMO_LINES],
        "embrace_prior_regimens_text": f"{lo} to {hi}",
        "eri_prior_lines": n_lines - 1,
        "eri_prior_lines_words": _COUNT_WORDS.get(n_lines - 1, "several"),
    }


def trial_facts() -> Facts:
    """The trial results the chapter quotes, from the evidence table (hazard ratio text)."""
    trials = evidence.load_trials().set_index("row_id")
    facts: Facts = {f"{name}_hr_text": hr_text(trials.loc[rid]) for name, rid in TRIAL_ROWS.items()}
    facts["kn355_authors_confidence"] = trials.loc[TRIAL_ROWS["kn355_authors"], "confidence"]
    facts["kn355_authors_source"] = trials.loc[TRIAL_ROWS["kn355_authors"], "source"]
    return facts


def mass_size_facts(case: Case) -> Facts:
    """The breast mass at each measurement, as sizes in words and longest diameters (mm)."""
    mass = case.lesions.sort_values("date").reset_index(drop=True)
    sizes = [
        size_text(*mass.loc[i, ["longest_diameter_mm", "second_diameter_mm"]]) for i in (1, 2, 3)
    ]
    base, after_pac, pd_, after_eri = (float(v) for v in mass["longest_diameter_mm"])
    return {
        **presentation_mass_facts(case),
        "mass_after_pac_text": sizes[0],
        "mass_pd_text": sizes[1],
        "mass_after_eri_text": sizes[2],
        "mass_base_mm": base,
        "mass_nadir_mm": min(base, after_pac),
        "mass_pd_mm": pd_,
        "mass_eri_mm": after_eri,
        "mass_methods": tuple(mass["method"].unique()),
    }


def response_facts(case: Case) -> Facts:
    """RECIST 1.1 and WHO on the breast mass alone, at each assessment, read from
    :func:`casebook.assessments.response_assessments` (the frame the chart draws).

    Paclitaxel is judged from the presentation size; eribulin from a new baseline, the
    size at the switch. ``pac_*`` is the assessment after paclitaxel, ``pd_*`` the one at
    progression, ``eri_*`` the one after eribulin.
    """
    lines = therapy_lines(case.events)
    judged = response_assessments(case.lesions, lines)
    judged = judged[judged["role"] == "assessment"].reset_index(drop=True)
    legend = response_assessments(case.lesions, lines, use_legend_baseline=True)
    legend = legend[legend["role"] == "assessment"].reset_index(drop=True)
    if len(judged) != 3:
        raise ValueError(f"the chapter expects 3 assessments of the mass, found {len(judged)}")
    pac, pd_, eri = (judged.loc[i] for i in range(3))
    return {
        **mass_size_facts(case),
        "pd_increase_pct": float(pd_["recist_pct_vs_nadir"]),
        "pd_increase_mm": float(pd_["recist_change_vs_nadir"]),
        "pac_decrease_pct": -float(pac["recist_pct_vs_baseline"]),
        "eri_decrease_pct": -float(eri["recist_pct_vs_baseline"]),
        "pac_recist": pac["recist_category"],
        "pd_recist": pd_["recist_category"],
        "eri_recist": eri["recist_category"],
        "pac_who_decrease_pct": -float(pac["who_pct_vs_baseline"]),
        "pd_who_increase_pct": float(pd_["who_pct_vs_nadir"]),
        "eri_who_decrease_pct": -float(eri["who_pct_vs_baseline"]),
        "who_base_mm2": float(judged.loc[0, "who_baseline"]),
        "who_legend_base_mm2": float(legend.loc[0, "who_baseline"]),
        "pac_who_legend_decrease_pct": -float(legend.loc[0, "who_pct_vs_baseline"]),
        # The rules' thresholds, so the prose states the numbers the package applies.
        "recist_pr_pct": clinical.RECIST_PR_MIN_DECREASE_PCT,
        "recist_pd_pct": clinical.RECIST_PD_MIN_INCREASE_PCT,
        "recist_pd_mm": clinical.RECIST_PD_MIN_INCREASE_MM,
        "who_pr_pct": clinical.WHO_PR_MIN_DECREASE_PCT,
        "who_pd_pct": clinical.WHO_PD_MIN_INCREASE_PCT,
        "recist_categories": tuple(judged["recist_category"]),
        "who_categories": tuple(judged["who_category"]),
        "who_legend_categories": tuple(legend["who_category"]),
    }


def exercise_facts(response: Facts) -> Facts:
    """RECIST on the breast mass plus the hypothetical liver lesions: the same 10-mm
    growth of the mass is a smaller share of a larger sum (``response``: response_facts)."""
    liver = {k: sum(v) for k, v in HYPOTHETICAL_LIVER_MM.items()}
    base = response["mass_base_mm"] + liver["base"]
    nadir = response["mass_nadir_mm"] + liver["nadir"]
    now = response["mass_pd_mm"] + liver["pd"]
    facts: Facts = {f"ex_liver_{k}_mm": v for k, v in liver.items()}
    for k, (a, b) in HYPOTHETICAL_LIVER_MM.items():
        facts[f"ex_liver_{k}_text"] = f"{a:g} and {b:g} mm"
    return {
        **facts,
        "ex_sum_base_mm": base,
        "ex_sum_nadir_mm": nadir,
        "ex_sum_pd_mm": now,
        "ex_rise_mm": now - nadir,
        "ex_rise_pct": clinical.percent_change(nadir, now),
        "ex_below_base_pct": -clinical.percent_change(base, now),
        "ex_recist": clinical.recist_response(
            baseline_sum_mm=base, nadir_sum_mm=nadir, current_sum_mm=now
        ),
    }


def dose_facts(case: Case, lines: pd.DataFrame) -> Facts:
    """The two flat doses against the standard doses per m² (``lines``: therapy_lines
    indexed by line number); heights at which Mosteller's BSA would make them match."""
    pac, eri = lines.loc[1], lines.loc[2]
    pac_std = clinical.standard_dose("paclitaxel").dose_mg_per_m2
    eri_std = clinical.standard_dose("eribulin").dose_mg_per_m2
    pac_bsa = clinical.bsa_for_flat_dose(dose_mg=pac["dose_value"], dose_mg_per_m2=pac_std)
    eri_bsa = clinical.bsa_for_flat_dose(dose_mg=eri["dose_value"], dose_mg_per_m2=eri_std)
    weights = case.weights.sort_values("date")
    w_start, w_end = float(weights["weight_kg"].iloc[0]), float(weights["weight_kg"].iloc[-1])

    def height(bsa: float, weight: float) -> float:
        return clinical.height_for_bsa_mosteller(bsa_m2=bsa, weight_kg=weight)

    return {
        "pac_dose_text": pac["dose"],
        "pac_dose_mg": float(pac["dose_value"]),
        "pac_std_mg_per_m2": pac_std,
        "pac_bsa_match_m2": pac_bsa,
        "pac_height_match_start_cm": height(pac_bsa, w_start),
        "pac_height_match_end_cm": height(pac_bsa, w_end),
        "eri_dose_text": eri["dose"],
        "eri_dose_mg": float(eri["dose_value"]),
        "eri_std_mg_per_m2": eri_std,
        "eri_std_base_mg_per_m2": clinical.standard_dose_mg_per_m2("eribulin", form="base"),
        "eri_bsa_match_base_m2": clinical.bsa_for_flat_dose(
            dose_mg=eri["dose_value"],
            dose_mg_per_m2=clinical.standard_dose_mg_per_m2("eribulin", form="base"),
        ),
        "eri_bsa_match_m2": eri_bsa,
        "eri_height_match_start_cm": height(eri_bsa, w_start),
        "eri_height_match_end_cm": height(eri_bsa, w_end),
        "eri_cycles": int(eri["cycles"]),
        "pac_start_date": pac["start"],
        "eri_start_date": eri["start"],
        "eri_start_date_provenance": eri["start_date_provenance"],
        "weight_start_kg": w_start,
        "weight_end_kg": w_end,
    }


def support_facts(case: Case) -> Facts:
    """Transfusion trigger against AABB, the TPO-receptor agonists and denosumab."""
    tpo = events_of_kind(case, "tpo_ra")
    denosumab = case.events[case.events["drug"] == "denosumab"]
    return {
        "trigger_10e9_per_l": clinical.case_trigger(
            case.transfusion_trigger_10e9_per_l
        ).platelets_10e9_per_l,
        "aabb_threshold_10e9_per_l": clinical.transfusion_threshold(
            "aabb_prophylaxis"
        ).platelets_10e9_per_l,
        "n_transfusions": len(events_of_kind(case, "transfusion")),
        "transfusion_dose_text": events_of_kind(case, "transfusion")["dose"].iloc[0],
        "tpo_ra_drugs": tuple(tpo["drug"]),
        "tpo_ra_words": " and ".join(tpo["drug"]),
        "denosumab_reported": len(denosumab) == 1,
        "denosumab_dose_reported": bool(denosumab["dose_value"].notna().any()),
    }


def therapy_facts(case: Case) -> Facts:
    """Every fact the therapy chapter states, by name (units in the names)."""
    lines = therapy_lines(case.events).set_index("line")
    facts = platelet_fall_facts(case)
    facts["n_lines"] = len(lines)
    facts.update(biomarker_facts(case))
    facts.update(pathway_facts(case, len(lines)))
    facts.update(trial_facts())
    facts.update(response_facts(case))
    facts.update(exercise_facts(facts))
    facts.update(dose_facts(case, lines))
    facts.update(support_facts(case))
    return facts
