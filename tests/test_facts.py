"""The facts each page states, checked against the case report.

These are the numbers the pages glue. They used to be asserted in hidden cells on
every page; here they are checked once, with plain values from the report (and the
book's stated assumptions), so a page keeps only guards on what its prose says in words.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from casebook import clinical, facts
from casebook.data import DATA_DIR, load_case, rehash
from casebook.dates import long_date


@pytest.fixture(scope="module")
def pres(case):
    return facts.presentation_facts(case)


@pytest.fixture(scope="module")
def course(case):
    return facts.course_facts(case)


@pytest.fixture(scope="module")
def therapy(case):
    return facts.therapy_facts(case)


@pytest.fixture(scope="module")
def marrow(case):
    return facts.marrow_facts(case)


def test_platelet_fall_is_the_reports(case):
    f = facts.platelet_fall_facts(case)
    assert f["age_years"] == 39
    assert (f["plt_first_10e9_per_l"], f["plt_second_10e9_per_l"]) == (92, 18)
    assert (f["plt_first_date"], f["plt_second_date"]) == (
        pd.Timestamp("2024-06-03"),
        pd.Timestamp("2024-06-07"),
    )
    assert f["plt_interval_days"] == 4
    assert round(f["plt_fall_pct"]) == 80 and round(f["plt_fall_pct_per_day"]) == 20
    assert (f["plt_first_grade"], f["plt_second_grade"]) == (1, 4)
    assert f["treatment_started_after_plt_second"] is True
    assert "four days" in f["plt_second_locator"]


def test_every_page_opens_with_the_same_fall(case, pres, course, marrow):
    shared = facts.platelet_fall_facts(case)
    for page in (pres, course, marrow, facts.intro_facts(case)):
        assert {k: page[k] for k in shared} == shared


def test_presentation_first_visit(pres):
    assert (
        pres["visit_date"] == pd.Timestamp("2024-06-03") and "first visit" in pres["visit_locator"]
    )
    assert pres["mass_size_text"] == "10 × 10 cm" and pres["mass_legend_size_text"] == "10 × 8 cm"
    assert pres["mass_longest_mm"] == 100
    assert pres["n_first_visit_events"] == 5


def test_presentation_knows_nothing_from_later(case, pres):
    """The chapter's facts stop at the recheck: no treatment, marrow or outcome facts."""
    later = {
        "pac_start_date",
        "n_lines",
        "ck7_positive",
        "dd_top_cause",
        "weight_end_kg",
        "contact_month",
        "n_transfusions",
        "marrow_biopsy_date",
    }
    assert not later & set(pres)
    record = facts.first_visit_record(case)
    assert len(record) == 5 and record["date"].eq("3 June 2024").all()
    assert record["finding"].iloc[0].startswith("First visit")
    assert (
        not record["finding"].str.contains("Platelet recheck|marrow|Paclitaxel", case=False).any()
    )
    assert set(record["provenance"]) == {"reported"}
    assert (
        list(record["date from"]) == ["reported in the case report"] + ["chosen by this book"] * 4
    )
    path = facts.first_visit_pathology(case)
    assert set(path["specimen"]) == {"breast core biopsy", "axillary lymph node biopsy"}
    assert "bone marrow biopsy" not in set(path["specimen"]) and len(path) == 8


def test_presentation_biomarkers(pres):
    # Breast biopsy: Ki-67 50 %; HER2 "negative (c-erbB2 stain)" with no IHC score, so
    # HER2-0 and HER2-low cannot be told apart. Node: only ER reported (Supplementary Figure 1).
    assert pres["ki67_pct"] == 50
    assert (
        pres["her2_result"] == "negative (c-erbB2 stain)" and pres["her2_score_reported"] is False
    )
    assert pres["node_receptors"] == ("ER",)
    # BRCA1/2 and PD-L1: the report names no sample and gives no date.
    assert pres["brca_specimen"] == pres["cps_specimen"] == "not specified"
    assert pres["biomarkers_dated"] is False


def test_presentation_nutrition_and_the_bmi_exercise(pres):
    # 63 kg (the start of the reported decline, undated: A13); no height in the report.
    assert pres["weight_start_kg"] == 63 and pres["weight_start_date_provenance"] == "reconstructed"
    assert pres["height_reported"] is False
    assert [pres[f"ex_height_{i}_cm"] for i in (1, 2, 3)] == [150, 160, 170]
    # 63 / 1.5² = 28.0; 63 / 1.6² = 24.6; 63 / 1.7² = 21.8 kg/m².
    assert [round(pres[f"ex_bmi_{i}_kg_per_m2"], 1) for i in (1, 2, 3)] == [28.0, 24.6, 21.8]
    # BMI 18.5 at 63 kg needs √(63 / 18.5) = 1.845 m.
    assert round(pres["ex_height_glim_low_bmi_cm"]) == 185
    assert round(pres["ex_weight_after_5pct_loss_kg"], 2) == 59.85
    assert round(pres["ex_weight_after_10pct_loss_kg"], 2) == 56.7


def test_a_her2_score_in_the_data_reaches_the_fact(tmp_path):
    """The chapter's "no HER2 score" follows data/: give the breast HER2 row a score of 1."""
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "pathology.csv"
    row = "breast core biopsy,HER2,negative (c-erbB2 stain),"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(row + ",", row + "1,"), encoding="utf-8")
    rehash(tmp_path)  # a deliberate change: new checksums
    assert facts.presentation_facts(load_case(tmp_path))["her2_score_reported"] is True


def test_course_states_sizes_and_doses_without_arithmetic(course):
    """The course page gives the sizes and doses as reported; the therapy chapter owns
    the RECIST calls and the doses per m²."""
    assert [course[k] for k in ("mass_after_pac_text", "mass_pd_text", "mass_after_eri_text")] == [
        "4 × 4 cm",
        "5 × 5 cm",
        "3 × 3 cm",
    ]
    assert not {k for k in course if k.endswith("_recist") or "bsa" in k or "height" in k}
    assert course["n_lines"] == 2
    assert course["pac_start_date"] == pd.Timestamp("2024-06-10")
    assert course["pac_start_after_visit_days"] == 7
    assert course["pac_dose_text"].startswith("120 mg") and course["eri_dose_text"].startswith(
        "1.9 mg"
    )
    assert (course["pac_cycles_before_response"], course["eri_cycles"]) == (12, 4)
    assert (course["weight_start_kg"], course["weight_end_kg"]) == (63, 45)
    assert round(course["weight_loss_pct"]) == 29 and course["weight_end_month"] == "January 2025"


def test_therapy_breast_mass_and_recist_on_it_alone(therapy):
    assert (
        therapy["mass_size_text"] == "10 × 10 cm"
        and therapy["mass_legend_size_text"] == "10 × 8 cm"
    )
    mm = [therapy[k] for k in ("mass_base_mm", "mass_nadir_mm", "mass_pd_mm", "mass_eri_mm")]
    assert mm == [100, 40, 50, 30]
    # +25 % and +10 mm from the 40-mm nadir: progression; -60 % and -40 %: partial responses.
    assert (therapy["pd_increase_pct"], therapy["pd_increase_mm"]) == (25, 10)
    assert (therapy["pac_decrease_pct"], therapy["eri_decrease_pct"]) == (60, 40)
    assert (therapy["pac_recist"], therapy["pd_recist"], therapy["eri_recist"]) == (
        "PR",
        "PD",
        "PR",
    )
    assert therapy["mass_methods"] == ("clinical examination",)  # the report names none


def test_therapy_flat_doses(therapy):
    assert (therapy["pac_dose_mg"], therapy["eri_dose_mg"]) == (120, 1.9)
    assert (therapy["pac_std_mg_per_m2"], therapy["eri_std_mg_per_m2"]) == (80, 1.4)
    assert therapy["eri_cycles"] == 4 and therapy["eri_prior_lines_words"] == "one"
    # 120 mg = 80 mg/m² at 1.50 m², which Mosteller reaches at about 129 cm for 63 kg
    # and 180 cm for 45 kg; 1.9 mg = 1.4 mg/m² at about 1.36 m²: about 105 cm for 63 kg,
    # about 147 cm for 45 kg.
    assert round(therapy["pac_bsa_match_m2"], 2) == 1.50
    assert round(therapy["eri_bsa_match_m2"], 2) == 1.36
    assert round(therapy["pac_height_match_start_cm"]) == 129
    assert round(therapy["pac_height_match_end_cm"]) == 180
    assert round(therapy["eri_height_match_start_cm"]) == 105
    assert round(therapy["eri_height_match_end_cm"]) == 147
    assert (therapy["weight_start_kg"], therapy["weight_end_kg"]) == (63, 45)


def test_therapy_biomarkers_and_route(therapy):
    # BRCA1/2 negative, PD-L1 CPS 3, "HER2 negative" with no IHC score.
    assert therapy["brca_negative"] and therapy["cps"] == 3 and therapy["cps_band"] == "1 to <10"
    assert therapy["cps_below_keynote_cutoff"] and not therapy["her2_score_reported"]
    assert therapy["route_line1"] == ("single_agent_chemotherapy",)
    assert (therapy["parp_line1_status"], therapy["pembro_line1_status"]) == ("not met", "not met")
    # At the second line (one prior line) neither ASCENT (≥ 2) nor EMBRACE (2-5) applies;
    # trastuzumab deruxtecan hangs on the HER2 score the report does not give.
    assert (therapy["sg_line2_status"], therapy["eribulin_line2_status"]) == ("not met", "not met")
    assert therapy["tdxd_line2_status"] == "unknown"


def test_therapy_trials_and_support(therapy):
    # KEYNOTE-355: the authors' untraceable HR for 1 <= CPS < 10, and the published
    # exploratory CPS 1-9 figures (SABCS 2021).
    assert therapy["kn355_authors_hr_text"] == "0.94 (0.64–1.38)"
    assert therapy["kn355_authors_confidence"] == "U"
    assert therapy["kn355_pfs_cps1_9_hr_text"] == "0.85 (0.65–1.11)"
    assert therapy["kn355_os_cps1_9_hr_text"] == "1.09 (0.85–1.40)"
    assert therapy["ascent_pfs_hr_text"] == "0.41 (0.32–0.52)"
    assert therapy["stopeck_sre_hr_text"] == "0.82 (0.71–0.95)"
    assert (therapy["trigger_10e9_per_l"], therapy["aabb_threshold_10e9_per_l"]) == (30, 10)
    assert therapy["tpo_ra_words"] == "hetrombopag and romiplostim"
    assert therapy["denosumab_reported"] and not therapy["denosumab_dose_reported"]


def test_transfusions_and_the_platelet_series(course):
    assert course["transfusion_dose_text"] == "10 units" and course["n_transfusions"] == 5
    assert (course["trigger_10e9_per_l"], course["aabb_threshold_10e9_per_l"]) == (30, 10)
    assert course["n_plt_below_trigger"] == 5 and course["n_plt_below_trigger_reported"] == 1
    assert course["last_below_trigger_date"] == pd.Timestamp("2024-06-28")
    assert (course["n_plt"], course["n_plt_reported"], course["n_plt_reconstructed"]) == (13, 2, 11)
    # Nothing drawn where the report is silent: the series stops with paclitaxel.
    assert course["n_plt_after_pac"] == 0 and course["plt_only_during_pac"]
    assert course["plt_last_month"] == "September 2024"
    assert course["transfusions_all_reconstructed"]


def test_the_record_and_the_quiz_dates(course):
    # The recheck's date is derived (the first visit plus the four days the report states).
    assert (course["n_events"], course["n_events_dated"], course["n_events_derived"]) == (24, 2, 1)
    assert course["contact_month"] == "February 2025" and course["months_total"] == 8
    assert (course["n_ca125"], course["ca125_lowest_ratio"]) == (5, 0.44)
    assert course["ca125_all_reconstructed"] and course["ca125_only_during_pac"]
    assert course["quiz_dates_reported"] == ("pac_start",)
    assert course["marrow_biopsy_date"] == pd.Timestamp("2024-06-08")
    assert course["progression_date"] == pd.Timestamp("2024-10-07")
    assert course["eri_start_date"] == pd.Timestamp("2024-10-14")


def test_marrow_facts(marrow):
    assert marrow["dd_top_cause"] == "marrow_infiltration" and marrow["dd_top_score"] == 3
    assert (
        marrow["dd_hypersplenism_score"] == "\u22121"
        and marrow["dd_hypersplenism_score_value"] == -1
    )
    assert marrow["dd_chemotherapy_status"] == "excluded"
    assert (marrow["dd_n_plausible"], marrow["dd_n_not_yet"], marrow["dd_n_causes"]) == (8, 1, 10)
    assert marrow["dd_itp_status"] == marrow["dd_screen_itp_status"] == "not_yet_callable"
    assert marrow["dd_screen_top_cause"] == "marrow_infiltration"
    assert marrow["dd_screen_n_excluded"] == 4
    assert (marrow["ck7_positive"], marrow["ck20_positive"]) == (True, False)
    assert marrow["ck_candidates"].split(", ")[0] == "breast"
    assert marrow["tpo_drugs"] == "hetrombopag and romiplostim"
    assert (marrow["transfusion_dose_1e11"], marrow["trigger_to_aabb_ratio"]) == (2.0, 3.0)
    assert marrow["transfusion_dose_assumption"].startswith("'10 units of platelets'")
    assert marrow["window_end_date"] == pd.Timestamp("2024-08-26")
    assert (marrow["n_window"], marrow["n_window_reported"]) == (11, 2)
    assert (marrow["n_window_below_trigger"], marrow["n_window_below_aabb"]) == (5, 0)


def test_cci_exercise(marrow):
    # (32 - 18) × 1000 × 1.6 / 2 = 11,200; (22 - 18) × 1000 × 1.6 / 2 = 3,200.
    assert (marrow["ex_increment_per_ul"], marrow["ex_increment_low_per_ul"]) == (14000, 4000)
    assert (round(marrow["ex_cci"]), round(marrow["ex_cci_low"])) == (11200, 3200)
    assert (marrow["ex_cci_category"], marrow["ex_cci_low_category"]) == ("adequate", "poor")
    assert marrow["ex_cci_reading"] == clinical.cci_interpretation(11200)


def test_dic_exercise(marrow):
    # Hypothetical screen with her reported recheck count: 2 + 3 + 1 + 1 = 7, overt.
    parts = [
        marrow[f"dic_ex_points_{k}"] for k in ("platelets", "fibrin_marker", "pt", "fibrinogen")
    ]
    assert parts == [2, 3, 1, 1] and marrow["dic_ex_total"] == 7 and marrow["dic_ex_overt"]
    assert marrow["dic_ex_fibrin_marker"] == "strong" and marrow["dic_overt_min_score"] == 5
    assert marrow["dic_ex_reading"].startswith("A score of 7")


def test_marrow_window_has_grades(case):
    window = facts.marrow_window(case)
    assert list(window["grade"]) == [clinical.ctcae_platelet_grade(v) for v in window["value"]]
    assert window["grade"].iloc[-1] <= 1 and window["grade"].iloc[:-1].ge(2).iloc[1:].all()


def test_data_page_counts(case):
    f = facts.data_facts(case)
    assert f["n_tables"] == 6 and f["n_assumptions"] == 16
    assert f["n_rows"] == f["n_reported"] + f["n_reconstructed"] == 68
    assert not f["ca125_any_reported"] and f["plt_after_recheck_all_reconstructed"]


def test_facts_follow_the_data(tmp_path):
    """A changed copy of data/ changes the facts (nothing is cached or typed)."""
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    labs = tmp_path / "labs.csv"
    labs.write_text(
        labs.read_text(encoding="utf-8").replace(
            "2024-06-07,platelets,18.0,", "2024-06-07,platelets,26.0,"
        ),
        encoding="utf-8",
    )
    rehash(tmp_path)  # a deliberate change: new checksums
    f = facts.platelet_fall_facts(load_case(tmp_path))
    assert f["plt_second_10e9_per_l"] == 26 and f["plt_second_grade"] == 3


def test_assumed_dose_needs_its_value(case):
    broken = case.assumptions.copy()
    broken.loc[broken["assumption_id"] == "A01", "value"] = float("nan")
    with pytest.raises(ValueError, match="no single row A01 with a value"):
        facts.assumed_platelet_dose_1e11(broken)
    broken = case.assumptions.copy()
    broken.loc[broken["assumption_id"] == "A01", "value_unit"] = "units"
    with pytest.raises(ValueError, match="must give its value in 10\\^11 platelets"):
        facts.assumed_platelet_dose_1e11(broken)


def test_glue_facts_writes_dates_the_books_way(monkeypatch):
    from casebook import notebook

    glued = {}
    monkeypatch.setattr(notebook, "glue_value", lambda name, value: glued.setdefault(name, value))
    notebook.glue_facts({"d": pd.Timestamp("2024-06-03"), "n": 4.5, "s": "x"})
    assert glued == {"d": "3 June 2024", "n": 4.5, "s": "x"}
    assert long_date(pd.Timestamp("2024-06-03")) == "3 June 2024"


def test_nutrition_facts_use_the_reported_duration(case):
    n = facts.nutrition_facts(case)
    # 63 -> 45 kg over "a six-month therapeutic course": the typed duration, not the
    # 7.2 months between the two placeholder dates (which would leave NICE's window).
    assert (n["weight_usual_kg"], n["weight_now_kg"], n["loss_period_months"]) == (63, 45, 6)
    assert round(n["loss_pct"], 1) == 28.6 and n["loss_kg"] == 18
    assert n["weight_now_month"] == "January 2025"
    assert n["glim_severity"] == "severe" and n["cachexia_met"]
    # ESPEN at 45 kg: 25-30 kcal/kg is 1125-1350 kcal; protein 1-1.5 g/kg is 45-67.5 g.
    assert (n["espen_goal_low_kcal"], n["espen_goal_high_kcal"]) == (1125, 1350)
    assert (n["espen_protein_low_g"], n["espen_protein_high_g"]) == (45, 67.5)
    # NICE: > 15 % within 3-6 months is high risk on its own; chemotherapy counts too.
    assert n["nice_risk_level"] == "high"
    assert any("Weight loss of 28.6 % in 6 months" in r for r in n["nice_risk_reasons"])
    assert n["nice_risk_level_if_days_for_extreme"] == "extreme"
    assert n["days_for_extreme"] == 16
    # Day 1 at 10 kcal/kg of 45 kg; the goal 25 kcal/kg.
    assert (n["plan_day1_kcal_per_kg"], n["plan_day1_kcal"], n["plan_goal_kcal"]) == (
        10,
        450,
        1125,
    )
    assert [round(n[f"screen_weight_{p}pct_kg"], 2) for p in (5, 10, 15)] == [59.85, 56.7, 53.55]
    # The placeholder dates are 7.2 months apart: outside NICE's 3-6-month window.
    assert round(n["placeholder_gap_months"], 1) == 7.2 and n["placeholder_gap_outside_nice"]
    # BMI at 45 kg for assumed heights of 150, 160 and 170 cm.
    bmis = [round(n[f"ex_bmi_{i}_kg_per_m2"], 1) for i in (1, 2, 3)]
    assert bmis == [20.0, 17.6, 15.6]
    # The exercise: 52 kg, 165 cm (BMI 19.1), 12 % in 4 months, 7 days of little intake:
    # two of NICE's second list -> high; 10 to 25 kcal/kg over five days.
    assert round(n["pt_bmi"], 1) == 19.1 and n["pt_risk"] == "high"
    assert [n[f"pt_day{d}_kcal"] for d in range(1, 6)] == [520, 715, 910, 1105, 1300]


def test_nutrition_facts_need_the_reported_duration(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "weights.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2025-01-15,45.0,6,", "2025-01-15,45.0,,"),
        encoding="utf-8",
    )
    rehash(folder)  # a deliberate change: new checksums
    with pytest.raises(ValueError, match="reported duration of the loss"):
        facts.nutrition_facts(load_case(folder))


def test_mechanisms_facts_are_the_models(case):
    m = facts.mechanisms_facts(case)
    # Komarova 2003: steady state 1.06 / 212.13; minimum 89.8 % near day 12; 99.8 % by day 100.
    assert round(m["ko_steady_osteoclasts"], 2) == 1.06
    assert round(m["ko_steady_osteoblasts"], 2) == 212.13
    assert round(m["ko_min_bone_pct"], 1) == 89.8 and 11.5 <= m["ko_min_day"] <= 13
    assert round(m["ko_day100_bone_pct"], 1) == 99.8
    # The book's convention (steady state kept): inhibition lowers day-100 bone mass.
    assert m["ko_inhibition_lowers_day100"]
    assert round(m["ko_inhibition_1_day100_bone_pct"], 1) == 96.4
    # Ayati 2010 (myeloma): about 76 % at day 600 untreated; treatment from day 600 helps.
    assert round(m["ay_day600_bone_pct"]) == 76
    assert m["ay_treated_day1200_bone_pct"] > m["ay_day1200_bone_pct"]
    # The exercise: day-100 bone mass first falls below 97 % at an inhibition of 0.4.
    assert (m["ex_inhibition"], round(m["ex_day100_bone_pct"], 1)) == (0.4, 96.7)
    assert m["marrow_histology"].startswith("infiltration by breast cancer cells")
    assert m["denosumab_reported"]


def test_glance_is_the_course_and_the_therapy_calls(case):
    glance = facts.glance_facts(case)
    assert {k: glance[k] for k in facts.course_facts(case)} == dict(facts.course_facts(case))
    # The report: CPS 3, no BRCA mutation, HER2 negative with no score; PR, PD, PR.
    assert (glance["cps"], glance["brca_negative"], glance["her2_score_reported"]) == (
        3,
        True,
        False,
    )
    assert (glance["pac_recist"], glance["pd_recist"], glance["eri_recist"]) == ("PR", "PD", "PR")
    assert glance["pac_decrease_pct"] == pytest.approx(60)  # 100 -> 40 mm
    assert glance["eri_decrease_pct"] == pytest.approx(40)  # 50 -> 30 mm, the new baseline


def test_howmade_names_the_reports_silences(case):
    made = facts.howmade_facts(case)
    assert made["n_rows"] == facts.data_facts(case)["n_rows"]
    assert not made["height_reported"]  # the report gives no height
    assert made["plt_only_during_pac"]  # and no blood count during eribulin


def test_appraisal_facts(case):
    """The report's own numbers where it contradicts itself or leaves something out."""
    a = facts.appraisal_facts(case)
    # 10 x 10 cm in the text, 10 x 8 cm in the Figure 1 legend; 100 mm longest either way.
    assert (a["mass_size_text"], a["mass_legend_size_text"]) == ("10 × 10 cm", "10 × 8 cm")
    assert a["mass_text_legend_disagree"] and a["mass_longest_same"]
    assert a["mass_longest_mm"] == 100
    assert (a["mass_after_pac_text"], a["mass_pd_text"]) == ("4 × 4 cm", "5 × 5 cm")
    # Flat doses; "12 cycles" of weekly paclitaxel; "10 units" below 30 x10^9/L (AABB: 10).
    assert (a["pac_dose_mg"], a["eri_dose_mg"]) == (120, 1.9)
    assert a["pac_dose_text"].startswith("120 mg") and a["eri_dose_text"].startswith("1.9 mg")
    assert a["pac_cycles_before_response"] == 12
    assert (a["trigger_10e9_per_l"], a["aabb_threshold_10e9_per_l"]) == (30, 10)
    assert a["transfusion_dose_text"] == "10 units"
    # No height; two reported platelet counts; CA125 only in an image.
    assert not a["height_reported"] and not a["ca125_any_reported"]
    assert a["n_plt_reported"] == 2 and a["n_events_dated"] == 2
    assert (a["plt_first_10e9_per_l"], a["plt_second_10e9_per_l"]) == (92, 18)
    assert a["plt_interval_days"] == 4
    # The authors' KEYNOTE-355 figure, untraceable, and the published CPS 1-9 ones.
    assert a["kn355_authors_hr_text"] == "0.94 (0.64–1.38)"
    assert a["kn355_authors_confidence"] == "U"
    assert a["kn355_pfs_cps1_9_hr_text"] == "0.85 (0.65–1.11)"
    assert a["kn355_os_cps1_9_hr_text"] == "1.09 (0.85–1.40)"
    # The exercise's timeline: the dates the report gives.
    assert (a["visit_date"], a["plt_second_date"], a["pac_start_date"]) == (
        pd.Timestamp("2024-06-03"),
        pd.Timestamp("2024-06-07"),
        pd.Timestamp("2024-06-10"),
    )
    assert (a["weight_end_month"], a["contact_month"]) == ("January 2025", "February 2025")
    # CARE: 2 present, 6 partial, 2 missing, 3 that our copy cannot show.
    assert a["n_care_items"] == 13
    assert (a["n_care_present"], a["n_care_partial"]) == (2, 6)
    assert (a["n_care_missing"], a["n_care_cannot_tell"]) == (2, 3)
    assert a["care_missing"] == ("Timeline", "Patient perspective")
    assert (a["n_inconsistencies"], a["n_authors_claims"]) == (12, 2)
