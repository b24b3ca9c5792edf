"""Facts the marrow chapter states: the differential, the stains, transfusion support, CCI."""

from __future__ import annotations

import pandas as pd

from casebook import clinical, differential, ihc
from casebook.data import Case
from casebook.facts.common import Facts, events_of_kind, platelet_fall_facts, platelets

#: The row of ``data/assumptions.csv`` that reads "10 units of platelets" as a dose.
DOSE_ASSUMPTION_ID = "A01"
DOSE_UNIT = "10^11 platelets per transfusion"
#: A body-surface area for the CCI exercise and the explorer's starting value (m²).
#: Hypothetical: the case report gives no height, so the patient's BSA is unknown.
HYPOTHETICAL_BSA_M2 = 1.6
#: A post-transfusion count for the exercise and the explorer (×10⁹/L). Hypothetical:
#: the report gives no post-transfusion count.
HYPOTHETICAL_POST_10E9_PER_L = 32.0
#: The exercise's second, poorer post-transfusion count (×10⁹/L). Hypothetical.
HYPOTHETICAL_POST_LOW_10E9_PER_L = 22.0
#: A hypothetical clotting screen for the DIC exercise: the report gives no clotting
#: results, so only the platelet count in the exercise is hers.
HYPOTHETICAL_DIC_SCREEN = {
    "fibrin_marker": "strong",
    "pt_prolongation_s": 4.0,
    "fibrinogen_g_per_l": 0.8,
}


def assumed_platelet_dose_1e11(assumptions: pd.DataFrame) -> float:
    """The platelet dose per transfusion assumed in ``assumptions.csv`` (×10¹¹ platelets).

    The report's "10 units of platelets" is undefined; assumption A01 reads it as
    about 2 ×10¹¹ platelets and records that number in its ``value`` column
    (ValueError if the row, its value or its unit is missing).
    """
    rows = assumptions[assumptions["assumption_id"] == DOSE_ASSUMPTION_ID]
    if len(rows) != 1 or pd.isna(rows["value"].iloc[0]):
        raise ValueError(
            f"assumptions.csv has no single row {DOSE_ASSUMPTION_ID} with a value "
            "(the platelet dose)"
        )
    if rows["value_unit"].iloc[0] != DOSE_UNIT:
        raise ValueError(f"assumption {DOSE_ASSUMPTION_ID} must give its value in {DOSE_UNIT}")
    return float(rows["value"].iloc[0])


def marrow_window(case: Case) -> pd.DataFrame:
    """Platelet values up to the first count back in CTCAE grade 1 or better after the recheck.

    The window the chapter's grade chart shows (ValueError if the count never recovers).
    """
    plt = platelets(case)
    recheck = plt[plt["provenance"] == "reported"]["date"].iloc[1]
    after = plt[plt["date"] > recheck]
    recovered = after[[clinical.ctcae_platelet_grade(v) <= 1 for v in after["value"]]]
    if recovered.empty:
        raise ValueError("the platelet series never returns to grade 1 after the recheck")
    window = plt[plt["date"] <= recovered["date"].iloc[0]].copy()
    window["grade"] = [clinical.ctcae_platelet_grade(v) for v in window["value"]]
    return window


def differential_facts() -> Facts:
    """The differential with the case's findings, and with a normal screen added."""
    results = differential.evaluate(differential.CASE_FINDINGS)
    by_id = {r.cause_id: r for r in results}
    top = differential.leader(results)
    if top is None:
        raise ValueError("with the case's findings no cause leads alone")
    screened = differential.evaluate({**differential.CASE_FINDINGS, **differential.NORMAL_SCREEN})
    screened_top, screened_by_id = differential.leader(screened), {r.cause_id: r for r in screened}
    return {
        "dd_top_cause": top.cause_id,
        "dd_top_label": top.label,
        "dd_top_score": top.score,
        "dd_n_plausible": sum(r.status == "plausible" for r in results),
        "dd_n_not_yet": sum(r.status == "not_yet_callable" for r in results),
        "dd_n_causes": len(results),
        "dd_itp_status": by_id["itp"].status,
        "dd_hypersplenism_score": differential.format_score(by_id["hypersplenism"].score),
        "dd_hypersplenism_score_value": by_id["hypersplenism"].score,
        "dd_chemotherapy_status": by_id["chemotherapy_induced"].status,
        "dd_screen_top_cause": screened_top.cause_id if screened_top else "",
        "dd_screen_top_label": screened_top.label if screened_top else "no single cause",
        "dd_screen_itp_status": screened_by_id["itp"].status,
        "dd_screen_n_excluded": sum(r.status == "excluded" for r in screened),
    }


def support_facts(case: Case) -> Facts:
    """Transfusion support in the chart window: trigger, AABB threshold, dose, TPO-RAs."""
    trigger = clinical.case_trigger(case.transfusion_trigger_10e9_per_l)
    aabb = clinical.transfusion_threshold("aabb_prophylaxis")
    tx, tpo = events_of_kind(case, "transfusion"), events_of_kind(case, "tpo_ra")
    window = marrow_window(case)
    dose = case.assumptions.set_index("assumption_id").loc[DOSE_ASSUMPTION_ID]
    return {
        "transfusion_dose_text": tx["dose"].iloc[0],
        "n_transfusions": len(tx),
        "transfusion_dose_1e11": assumed_platelet_dose_1e11(case.assumptions),
        "transfusion_dose_assumption": dose["assumption"],
        "trigger_10e9_per_l": trigger.platelets_10e9_per_l,
        "aabb_threshold_10e9_per_l": aabb.platelets_10e9_per_l,
        "trigger_to_aabb_ratio": trigger.platelets_10e9_per_l / aabb.platelets_10e9_per_l,
        "tpo_drugs": " and ".join(tpo["drug"]),
        "window_end_date": window["date"].max(),
        "n_window": len(window),
        "n_window_reported": int((window["provenance"] == "reported").sum()),
        "n_window_below_trigger": sum(trigger.applies(v) for v in window["value"]),
        "n_window_below_aabb": sum(aabb.applies(v) for v in window["value"]),
    }


def cci_exercise_facts(case: Case, pre: float) -> Facts:
    """The worked CCI exercise: the reported pre-count ``pre`` (×10⁹/L, the recheck),
    hypothetical post-counts and BSA, and the assumed dose."""
    dose = assumed_platelet_dose_1e11(case.assumptions)
    facts: Facts = {"ex_bsa_m2": HYPOTHETICAL_BSA_M2}
    for suffix, post in (
        ("", HYPOTHETICAL_POST_10E9_PER_L),
        ("_low", HYPOTHETICAL_POST_LOW_10E9_PER_L),
    ):
        cci = clinical.corrected_count_increment(
            pre_10e9_per_l=pre,
            post_10e9_per_l=post,
            bsa_m2=HYPOTHETICAL_BSA_M2,
            platelets_transfused_1e11=dose,
        )
        facts[f"ex_post{suffix}_10e9_per_l"] = post
        facts[f"ex_increment{suffix}_per_ul"] = (post - pre) * 1000
        facts[f"ex_cci{suffix}"] = cci
        facts[f"ex_cci{suffix}_reading"] = clinical.cci_interpretation(cci)
        facts[f"ex_cci{suffix}_category"] = clinical.cci_category(cci)
    return facts


def dic_exercise_facts(count: float) -> Facts:
    """The DIC exercise: her reported recheck count (×10⁹/L) with a hypothetical screen."""
    screen = HYPOTHETICAL_DIC_SCREEN
    score = clinical.isth_overt_dic_score(
        platelets_10e9_per_l=count, underlying_disorder=True, **screen
    )
    return {
        "dic_ex_pt_prolongation_s": screen["pt_prolongation_s"],
        "dic_ex_fibrinogen_g_per_l": screen["fibrinogen_g_per_l"],
        "dic_ex_fibrin_marker": screen["fibrin_marker"],
        "dic_ex_points_platelets": score.platelets,
        "dic_ex_points_fibrin_marker": score.fibrin_marker,
        "dic_ex_points_pt": score.prothrombin_time,
        "dic_ex_points_fibrinogen": score.fibrinogen,
        "dic_ex_total": score.total,
        "dic_ex_overt": score.overt,
        "dic_ex_reading": score.reading(),
        "dic_overt_min_score": clinical.DIC_OVERT_MIN_SCORE,
    }


def marrow_facts(case: Case) -> Facts:
    """Every fact the marrow chapter states, by name (units in the names)."""
    facts = platelet_fall_facts(case)
    facts.update(differential_facts())
    facts.update(support_facts(case))
    facts.update(cci_exercise_facts(case, facts["plt_second_10e9_per_l"]))
    facts.update(dic_exercise_facts(facts["plt_second_10e9_per_l"]))
    facts["ck_candidates"] = ", ".join(ihc.case_candidates(case.pathology))
    facts["ck7_positive"], facts["ck20_positive"] = ihc.marrow_ck_status(case.pathology)
    return facts
