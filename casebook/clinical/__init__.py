"""Pure clinical rules used by the case book's calculators, charts and quizzes.

Everything here is a small, side-effect-free function or a constant. Nothing is
imported from the rest of ``casebook``; only the standard library is used, so the
rules can be tested (and read) on their own.

Units are written into every name and docstring:

* platelet counts in **×10⁹/L** (the same number as ×10³/µL, i.e. "thousands per
  microlitre"), so 18 means 18 ×10⁹/L = 18,000/µL;
* height in **cm**, weight in **kg**, body-surface area (BSA) in **m²**;
* a platelet dose in units of **×10¹¹ platelets**.

Every function checks its input and raises :class:`ValueError` with a sentence a
student can act on, naming the quantity, the unit and the value received, e.g.
``platelet count must be ≥ 0 ×10⁹/L, got -5``. ``True``/``False``, ``None``,
strings, NaN and infinity are all refused.

Thresholds are the exact published numbers and are compared directly (no
tolerance), so a value sitting on a boundary always lands in the category the
source assigns it to.

Sources are given as BibTeX keys of the book's bibliography. ``general`` marks
general medical knowledge that has no entry of its own.

The rules are grouped by domain; import them from here, as before the split:

* :mod:`~casebook.clinical.haematology`: CTCAE v5.0 platelet grades, the CCI,
  transfusion thresholds, platelet lifespan, the ISTH overt-DIC score;
* :mod:`~casebook.clinical.dosing`: Mosteller BSA and its inverse, standard doses per m²
  (as salt or as base), a flat dose per m² and the rows of a dose check over assumed
  heights;
* :mod:`~casebook.clinical.response`: percent change, RECIST 1.1 and the older WHO
  criteria (target lesions);
* :mod:`~casebook.clinical.nutrition`: BMI, weight loss, GLIM grade, NICE refeeding risk
  and a first week of feeding;
* :mod:`~casebook.clinical.pathway`: biomarker routing of treatment for metastatic TNBC
  (every branch with its trial and eligibility; marrow failure as a separate modifier);
* :mod:`~casebook.clinical._checks`: the shared input checks (private).
"""

from __future__ import annotations

from ._checks import PLATELET_UNIT
from .dosing import (
    BASE_DOSES_MG_PER_M2,
    BSA_HEIGHT_RANGE_CM,
    BSA_WEIGHT_RANGE_KG,
    DOSE_CHECK_COLUMNS,
    DOSE_FORMS,
    ERIBULIN_BASE_MG_PER_M2,
    STANDARD_DOSES,
    DoseCheckRow,
    StandardDose,
    bsa_for_flat_dose,
    bsa_mosteller,
    dose_check_rows,
    dose_per_m2,
    height_for_bsa_mosteller,
    standard_dose,
    standard_dose_mg_per_m2,
)
from .haematology import (
    CCI_POOR_RESPONSE,
    CCI_STRICT_CENTRE_CUTOFF,
    CTCAE_PLATELET_BANDS,
    CTCAE_PLATELET_THRESHOLDS_10E9_PER_L,
    DEFAULT_PLATELET_LLN_10E9_PER_L,
    DIC_FIBRIN_MARKER_POINTS,
    DIC_OVERT_MIN_SCORE,
    MAX_DAILY_FALL_FAILED_PRODUCTION_PCT,
    PLATELET_LIFESPAN_DAYS,
    TRANSFUSION_THRESHOLDS,
    DicScore,
    GradeBand,
    TransfusionThreshold,
    case_trigger,
    cci_category,
    cci_interpretation,
    corrected_count_increment,
    ctcae_platelet_bands,
    ctcae_platelet_grade,
    isth_overt_dic_score,
    transfusion_threshold,
    transfusion_thresholds,
)
from .nutrition import (
    CACHEXIA_LOSS_PCT,
    CACHEXIA_LOSS_WITH_LOW_BMI_OR_SARCOPENIA_PCT,
    CACHEXIA_LOW_BMI_KG_PER_M2,
    CACHEXIA_WINDOW_MONTHS,
    ESPEN_ENERGY_KCAL_PER_KG,
    ESPEN_PROTEIN_G_PER_KG,
    GLIM_BMI,
    GLIM_BMI_ASIA,
    GLIM_LOSS_PCT,
    GLIM_LOW_BMI_ASIA_KG_PER_M2,
    GLIM_OLDER_AGE_YEARS,
    GLIM_SEVERITIES,
    GLIM_WEIGHT_LOSS_PCT,
    GLIM_WINDOW_MONTHS,
    NICE_EXTREME,
    NICE_HIGH_ONE,
    NICE_HIGH_TWO,
    NICE_LOSS_WINDOW_MONTHS,
    REFEEDING_DAYS_TO_GOAL,
    REFEEDING_GOAL_RANGE_KCAL_PER_KG,
    REFEEDING_LEVELS,
    REFEEDING_LOW_RISK_START_FRACTION,
    REFEEDING_PLAN_MIN_DAYS,
    REFEEDING_START_KCAL_PER_KG,
    PlanDay,
    RefeedingRisk,
    bmi,
    glim_severity,
    height_for_bmi_cm,
    meets_cachexia_criteria,
    percent_weight_loss,
    refeeding_plan,
    refeeding_risk,
)
from .pathway import (
    ACCESS_COMBINATIONS,
    ACCESS_KEYS,
    ALWAYS_AVAILABLE_KEYS,
    ASCENT_MIN_PRIOR_CHEMO_LINES,
    BRANCH_KEYS,
    CASE_PATHWAY_INPUTS,
    CPS_BANDS,
    EMBRACE_PRIOR_REGIMENS,
    GBRCA_VALUES,
    HER2_VALUES,
    INTERVAL_VALUES,
    KEYNOTE355_CPS_CUTOFF,
    OLYMPIAD_MAX_PRIOR_CHEMO_LINES,
    PATHWAY_SOURCES,
    PRIOR_LINE_VALUES,
    STATUSES,
    Branch,
    CpsBand,
    Modifier,
    Routing,
    all_combinations,
    case_route,
    cps_band,
    marrow_failure_modifier,
    route_treatment,
)
from .response import (
    RECIST_CATEGORIES,
    RECIST_PD_MIN_INCREASE_MM,
    RECIST_PD_MIN_INCREASE_PCT,
    RECIST_PR_MIN_DECREASE_PCT,
    WHO_CATEGORIES,
    WHO_PD_MIN_INCREASE_PCT,
    WHO_PR_MIN_DECREASE_PCT,
    percent_change,
    recist_response,
    who_response,
)

__all__ = [
    "PLATELET_UNIT",
    "DEFAULT_PLATELET_LLN_10E9_PER_L",
    "CTCAE_PLATELET_THRESHOLDS_10E9_PER_L",
    "GradeBand",
    "ctcae_platelet_bands",
    "CTCAE_PLATELET_BANDS",
    "ctcae_platelet_grade",
    "BSA_HEIGHT_RANGE_CM",
    "BSA_WEIGHT_RANGE_KG",
    "bsa_mosteller",
    "corrected_count_increment",
    "CCI_POOR_RESPONSE",
    "CCI_STRICT_CENTRE_CUTOFF",
    "cci_category",
    "cci_interpretation",
    "percent_change",
    "PLATELET_LIFESPAN_DAYS",
    "MAX_DAILY_FALL_FAILED_PRODUCTION_PCT",
    "TransfusionThreshold",
    "TRANSFUSION_THRESHOLDS",
    "transfusion_threshold",
    "transfusion_thresholds",
    "case_trigger",
    "StandardDose",
    "STANDARD_DOSES",
    "standard_dose",
    "bsa_for_flat_dose",
    "height_for_bsa_mosteller",
    "DOSE_FORMS",
    "ERIBULIN_BASE_MG_PER_M2",
    "BASE_DOSES_MG_PER_M2",
    "standard_dose_mg_per_m2",
    "dose_per_m2",
    "DoseCheckRow",
    "DOSE_CHECK_COLUMNS",
    "dose_check_rows",
    "RECIST_PD_MIN_INCREASE_PCT",
    "RECIST_PD_MIN_INCREASE_MM",
    "RECIST_PR_MIN_DECREASE_PCT",
    "RECIST_CATEGORIES",
    "recist_response",
    "WHO_PD_MIN_INCREASE_PCT",
    "WHO_PR_MIN_DECREASE_PCT",
    "WHO_CATEGORIES",
    "who_response",
    "DIC_FIBRIN_MARKER_POINTS",
    "DIC_OVERT_MIN_SCORE",
    "DicScore",
    "isth_overt_dic_score",
    "GLIM_LOW_BMI_ASIA_KG_PER_M2",
    "GLIM_WEIGHT_LOSS_PCT",
    "bmi",
    "height_for_bmi_cm",
    "GBRCA_VALUES",
    "HER2_VALUES",
    "CPS_BANDS",
    "PRIOR_LINE_VALUES",
    "INTERVAL_VALUES",
    "STATUSES",
    "ACCESS_KEYS",
    "ALWAYS_AVAILABLE_KEYS",
    "ACCESS_COMBINATIONS",
    "KEYNOTE355_CPS_CUTOFF",
    "ASCENT_MIN_PRIOR_CHEMO_LINES",
    "OLYMPIAD_MAX_PRIOR_CHEMO_LINES",
    "EMBRACE_PRIOR_REGIMENS",
    "BRANCH_KEYS",
    "PATHWAY_SOURCES",
    "CASE_PATHWAY_INPUTS",
    "CpsBand",
    "Branch",
    "Routing",
    "Modifier",
    "route_treatment",
    "case_route",
    "cps_band",
    "all_combinations",
    "marrow_failure_modifier",
    "GLIM_WINDOW_MONTHS",
    "GLIM_OLDER_AGE_YEARS",
    "GLIM_LOSS_PCT",
    "GLIM_BMI",
    "GLIM_BMI_ASIA",
    "GLIM_SEVERITIES",
    "NICE_LOSS_WINDOW_MONTHS",
    "NICE_HIGH_ONE",
    "NICE_HIGH_TWO",
    "NICE_EXTREME",
    "REFEEDING_LEVELS",
    "REFEEDING_START_KCAL_PER_KG",
    "REFEEDING_LOW_RISK_START_FRACTION",
    "REFEEDING_DAYS_TO_GOAL",
    "REFEEDING_GOAL_RANGE_KCAL_PER_KG",
    "REFEEDING_PLAN_MIN_DAYS",
    "RefeedingRisk",
    "PlanDay",
    "percent_weight_loss",
    "ESPEN_ENERGY_KCAL_PER_KG",
    "ESPEN_PROTEIN_G_PER_KG",
    "CACHEXIA_LOSS_PCT",
    "CACHEXIA_LOSS_WITH_LOW_BMI_OR_SARCOPENIA_PCT",
    "CACHEXIA_LOW_BMI_KG_PER_M2",
    "CACHEXIA_WINDOW_MONTHS",
    "meets_cachexia_criteria",
    "glim_severity",
    "refeeding_risk",
    "refeeding_plan",
]
