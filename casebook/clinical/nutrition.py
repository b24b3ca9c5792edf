"""Nutrition: BMI, weight loss, GLIM's phenotypic grade, NICE CG32's refeeding risk and a
first week of feeding.

Height in cm, weight in kg, BMI in kg/m²; the accepted height and weight ranges are
those of the BSA (:mod:`casebook.clinical.dosing`). See :mod:`casebook.clinical` for
the units, error policy and sources of every rule.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ._checks import _above, _between, _show
from .dosing import BSA_HEIGHT_RANGE_CM, BSA_WEIGHT_RANGE_KG

__all__ = [
    "GLIM_LOW_BMI_ASIA_KG_PER_M2",
    "GLIM_WEIGHT_LOSS_PCT",
    "GLIM_WINDOW_MONTHS",
    "GLIM_OLDER_AGE_YEARS",
    "GLIM_LOSS_PCT",
    "GLIM_BMI",
    "GLIM_BMI_ASIA",
    "GLIM_SEVERITIES",
    "CACHEXIA_LOSS_PCT",
    "CACHEXIA_LOSS_WITH_LOW_BMI_OR_SARCOPENIA_PCT",
    "CACHEXIA_LOW_BMI_KG_PER_M2",
    "CACHEXIA_WINDOW_MONTHS",
    "meets_cachexia_criteria",
    "NICE_LOSS_WINDOW_MONTHS",
    "NICE_HIGH_ONE",
    "NICE_HIGH_TWO",
    "NICE_EXTREME",
    "REFEEDING_LEVELS",
    "ESPEN_ENERGY_KCAL_PER_KG",
    "ESPEN_PROTEIN_G_PER_KG",
    "REFEEDING_START_KCAL_PER_KG",
    "REFEEDING_LOW_RISK_START_FRACTION",
    "REFEEDING_DAYS_TO_GOAL",
    "REFEEDING_GOAL_RANGE_KCAL_PER_KG",
    "REFEEDING_PLAN_MIN_DAYS",
    "RefeedingRisk",
    "PlanDay",
    "bmi",
    "height_for_bmi_cm",
    "percent_weight_loss",
    "glim_severity",
    "refeeding_risk",
    "refeeding_plan",
]


# ------------------------------------------------------------------ body-mass index, GLIM

#: GLIM's low-BMI threshold for Asian adults younger than 70 (kg/m²): below it, the
#: phenotypic criterion "low BMI" is met (cederholm2019glim).
GLIM_LOW_BMI_ASIA_KG_PER_M2 = 18.5
#: GLIM's weight-loss thresholds within six months (% of the usual weight): more than
#: the first meets the phenotypic criterion, more than the second grades it severe
#: (cederholm2019glim).
GLIM_WEIGHT_LOSS_PCT: tuple[float, float] = (5.0, 10.0)


def bmi(*, height_cm: float, weight_kg: float) -> float:
    """Body-mass index in kg/m²: weight (kg) over height (m) squared.

    Keyword-only; height 50-250 cm, weight 2-400 kg (the BSA ranges). The case report
    gives no height, so her BMI is unknown: a calculator must ask for one.

    >>> round(bmi(height_cm=160, weight_kg=64), 1)
    25.0
    """
    height = _between(height_cm, *BSA_HEIGHT_RANGE_CM, "height", "cm")
    weight = _between(weight_kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg")
    return float(weight) / (float(height) / 100.0) ** 2


def height_for_bmi_cm(*, bmi_kg_per_m2: float, weight_kg: float) -> float:
    """The height (cm) at which ``weight_kg`` gives ``bmi_kg_per_m2`` (taller: lower BMI).

    >>> round(height_for_bmi_cm(bmi_kg_per_m2=25, weight_kg=64))
    160
    """
    index = _between(bmi_kg_per_m2, 5, 100, "body-mass index", "kg/m²")
    weight = _between(weight_kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg")
    return 100.0 * math.sqrt(float(weight) / float(index))


# ------------------------------------------------------------------------ weight loss


def percent_weight_loss(*, usual_kg: float, current_kg: float) -> float:
    """Weight lost as a percentage of the usual weight: (usual − current) / usual × 100.

    Keyword-only, so the two weights cannot be swapped. Both 2-400 kg. A gain gives a
    negative number (the grading functions below refuse it). The case: 63 → 45 kg is
    28.57 %.

    >>> round(percent_weight_loss(usual_kg=63, current_kg=45), 2)
    28.57
    """
    usual = _between(usual_kg, *BSA_WEIGHT_RANGE_KG, "usual weight", "kg")
    current = _between(current_kg, *BSA_WEIGHT_RANGE_KG, "current weight", "kg")
    return (float(usual) - float(current)) / float(usual) * 100.0


def _loss(weight_loss_pct: object) -> float:
    loss = _between(weight_loss_pct, 0, 100, "weight loss", "%")
    return float(loss)


def _months(over_months: object) -> float:
    months = _above(over_months, 0, "time over which the weight was lost", "months")
    if float(months) > 120:
        raise ValueError(
            f"time over which the weight was lost must be at most 120 months, got {_show(months)}"
        )
    return float(months)


# ------------------------------------------------------------------------------ GLIM

#: GLIM (cederholm2019glim): the weight-loss window that splits the table (months).
GLIM_WINDOW_MONTHS = 6.0
#: GLIM's age split for the BMI cut-offs (years): the cut-offs are higher from 70.
GLIM_OLDER_AGE_YEARS = 70
#: Weight loss (%), within 6 months and beyond: more than ``diagnosis`` meets the
#: phenotypic criterion (stage 1, moderate, up to ``severe``); more than ``severe`` is
#: stage 2, severe. Exactly on a threshold falls below it: GLIM writes "> 5 %".
GLIM_LOSS_PCT = {
    "within": {"diagnosis": 5.0, "severe": 10.0},
    "beyond": {"diagnosis": 10.0, "severe": 20.0},
}
#: Low BMI (kg/m², "below"), by age group: below ``moderate`` is stage 1, below
#: ``severe`` stage 2. GLIM's grading table gives these for all adults.
GLIM_BMI = {
    "under_70": {"moderate": 20.0, "severe": 18.5},
    "70_and_over": {"moderate": 22.0, "severe": 20.0},
}
#: GLIM's low-BMI *diagnostic* cut-offs for Asian adults (kg/m², "below"). GLIM gives no
#: Asian severity cut-offs, so for Asian patients a low BMI grades no higher than
#: moderate here (the book invents none).
GLIM_BMI_ASIA = {"under_70": 18.5, "70_and_over": 20.0}

GLIM_SEVERITIES = ("none", "moderate", "severe")


def _glim_loss_grade(loss: float, months: float) -> str:
    cut = GLIM_LOSS_PCT["within" if months <= GLIM_WINDOW_MONTHS else "beyond"]
    if loss > cut["severe"]:
        return "severe"
    if loss > cut["diagnosis"]:
        return "moderate"
    return "none"


def _glim_bmi_grade(bmi_value: float, age: float, asian: bool) -> str:
    group = "under_70" if age < GLIM_OLDER_AGE_YEARS else "70_and_over"
    if asian:
        return "moderate" if bmi_value < GLIM_BMI_ASIA[group] else "none"
    cut = GLIM_BMI[group]
    if bmi_value < cut["severe"]:
        return "severe"
    if bmi_value < cut["moderate"]:
        return "moderate"
    return "none"


def glim_severity(
    weight_loss_pct: float,
    over_months: float,
    *,
    bmi: float | None = None,
    age_years: float | None = None,
    asian: bool = False,
) -> str:
    """GLIM's phenotypic grade: ``"none"``, ``"moderate"`` (stage 1) or ``"severe"`` (stage 2).

    Weight loss (% of usual weight) over ``over_months``: within 6 months, more than 5 %
    is moderate and more than 10 % severe; beyond 6 months, more than 10 % and more than
    20 %. **Exactly 5 % within 6 months is "none"**: GLIM's diagnostic criterion is
    "> 5 %", and a grade needs the criterion met, though its grading table prints
    "5–10 %". Exactly 10 % within 6 months is moderate ("> 10 %" for severe).

    ``bmi`` (kg/m²), if given, needs ``age_years``: below 20 (22 from age 70) is moderate,
    below 18.5 (20 from 70) severe. With ``asian=True`` the low-BMI criterion uses GLIM's
    Asian cut-offs (below 18.5, or 20 from 70), which GLIM gives for diagnosis only: with
    no Asian severity cut-offs, a low BMI then grades moderate, never severe (no cut-off
    is invented). The worse of the weight-loss and BMI grades is returned.

    This grades the *phenotype* only: a GLIM diagnosis of malnutrition also needs an
    etiologic criterion (reduced intake or absorption, or inflammation/disease), and
    reduced muscle mass, the third phenotypic criterion, is not modelled.
    Source: cederholm2019glim.

    >>> glim_severity(28.6, 6)
    'severe'
    >>> glim_severity(5, 6), glim_severity(5.01, 6), glim_severity(10, 6)
    ('none', 'moderate', 'moderate')
    """
    loss, months = _loss(weight_loss_pct), _months(over_months)
    if not isinstance(asian, bool):
        raise ValueError(f"asian must be True or False, got {_show(asian)}")
    grades = [_glim_loss_grade(loss, months)]
    if bmi is not None:
        if age_years is None:
            raise ValueError(
                "give age_years with bmi: GLIM's BMI cut-offs differ below and from age 70"
            )
        value = float(_between(bmi, 5, 100, "body-mass index", "kg/m²"))
        age = float(_between(age_years, 18, 120, "age", "years"))
        grades.append(_glim_bmi_grade(value, age, asian))
    elif age_years is not None:
        _between(age_years, 18, 120, "age", "years")
    return max(grades, key=GLIM_SEVERITIES.index)


# ------------------------------------------------------------- cancer cachexia (Fearon)

#: Fearon 2011's diagnostic criteria (fearon2011cachexia): weight loss over 5 % in the
#: past 6 months; or over 2 % with BMI below 20 or with sarcopenia.
CACHEXIA_LOSS_PCT = 5.0
CACHEXIA_LOSS_WITH_LOW_BMI_OR_SARCOPENIA_PCT = 2.0
CACHEXIA_LOW_BMI_KG_PER_M2 = 20.0
CACHEXIA_WINDOW_MONTHS = 6.0


def meets_cachexia_criteria(
    weight_loss_pct: float,
    over_months: float,
    *,
    bmi: float | None = None,
    sarcopenia: bool = False,
) -> bool:
    """Whether the international consensus's diagnostic criteria for cancer cachexia are met.

    Weight loss over 5 % in the past 6 months; or over 2 % with a BMI below 20 kg/m² or
    with sarcopenia. A loss over more than 6 months does not count (the criteria look at
    the past 6 months). Thresholds are strict: exactly 5 % is not "over 5 %". The stages
    (pre-cachexia, refractory cachexia) need clinical judgement and are not modelled.
    Source: fearon2011cachexia.

    >>> meets_cachexia_criteria(28.6, 6), meets_cachexia_criteria(5, 6)
    (True, False)
    >>> meets_cachexia_criteria(3, 6, bmi=19.5)
    True
    """
    loss, months = _loss(weight_loss_pct), _months(over_months)
    sarcopenic = _flag(sarcopenia, "sarcopenia")
    low_bmi = (
        bmi is not None
        and float(_between(bmi, 5, 100, "body-mass index", "kg/m²")) < CACHEXIA_LOW_BMI_KG_PER_M2
    )
    if months > CACHEXIA_WINDOW_MONTHS:
        return False
    if loss > CACHEXIA_LOSS_PCT:
        return True
    small = loss > CACHEXIA_LOSS_WITH_LOW_BMI_OR_SARCOPENIA_PCT
    return small and (low_bmi or sarcopenic)


# ------------------------------------------------------------------ refeeding (NICE CG32)

#: NICE CG32 (nice2006cg32): weight loss counts when it happened within the last 3-6 months.
NICE_LOSS_WINDOW_MONTHS = 6.0
#: One of these makes a patient high risk (``"below"`` BMI, ``"over"`` loss % and days).
NICE_HIGH_ONE = {"bmi_below": 16.0, "loss_pct_over": 15.0, "days_over": 10}
#: Two or more of these (alcohol misuse or risk drugs count as one) make a patient high risk.
NICE_HIGH_TWO = {"bmi_below": 18.5, "loss_pct_over": 10.0, "days_over": 5}
#: NICE's 5 kcal/kg group, which this book calls "extreme": BMI below 14, or negligible
#: intake for more than 15 days.
NICE_EXTREME = {"bmi_below": 14.0, "days_over": 15}
REFEEDING_LEVELS = ("low", "high", "extreme")


class RefeedingRisk(NamedTuple):
    """``level``: ``"low"``, ``"high"`` or ``"extreme"``; ``reasons``: the criteria that
    fired, as sentences (empty for low risk, apart from what could not be assessed)."""

    level: str
    reasons: tuple[str, ...]


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {_show(value)}")
    return value


def refeeding_risk(
    *,
    bmi: float | None,
    weight_loss_pct: float,
    over_months: float,
    days_little_or_no_intake: float,
    low_electrolytes_before_feeding: bool = False,
    alcohol_or_risk_drugs: bool = False,
) -> RefeedingRisk:
    """Refeeding-syndrome risk by NICE CG32's criteria.

    **High** with one of: BMI below 16; unintentional weight loss over 15 % within the
    last 3-6 months; little or no intake for more than 10 days; low potassium, phosphate
    or magnesium before feeding. Or with two or more of: BMI below 18.5; weight loss over
    10 % within 3-6 months; little or no intake for more than 5 days; alcohol misuse or
    drugs such as insulin, chemotherapy, antacids or diuretics.
    **Extreme** (our name for NICE's group fed at 5 kcal/kg): BMI below 14, or
    negligible intake for more than 15 days (``days_little_or_no_intake`` stands for
    both "little or no" and "negligible" intake). **Low** otherwise.

    Weight loss counts only when ``over_months`` ≤ 6 (NICE's "within the last 3-6
    months"). ``bmi=None`` means unknown (no height): the BMI criteria are not assessed,
    and a reason says so. Thresholds are strict: BMI 16 is not "below 16", 15 % is not
    "over 15 %", 10 days is not "more than 10 days". Source: nice2006cg32.

    >>> refeeding_risk(bmi=None, weight_loss_pct=28.6, over_months=6,
    ...                days_little_or_no_intake=0, alcohol_or_risk_drugs=True).level
    'high'
    """
    loss, months = _loss(weight_loss_pct), _months(over_months)
    days = float(_between(days_little_or_no_intake, 0, 365, "days of little or no intake", "days"))
    low_lytes = _flag(low_electrolytes_before_feeding, "low_electrolytes_before_feeding")
    risk_drugs = _flag(alcohol_or_risk_drugs, "alcohol_or_risk_drugs")
    value = None if bmi is None else float(_between(bmi, 5, 100, "body-mass index", "kg/m²"))
    loss_counts = months <= NICE_LOSS_WINDOW_MONTHS

    extreme, one, two, notes = [], [], [], []
    if value is None:
        notes.append("BMI not known (no height): the BMI criteria were not assessed.")
    else:
        if value < NICE_EXTREME["bmi_below"]:
            extreme.append(f"BMI {value:.1f} kg/m² is below {NICE_EXTREME['bmi_below']:g}.")
        if value < NICE_HIGH_ONE["bmi_below"]:
            one.append(f"BMI {value:.1f} kg/m² is below {NICE_HIGH_ONE['bmi_below']:g}.")
        elif value < NICE_HIGH_TWO["bmi_below"]:
            two.append(f"BMI {value:.1f} kg/m² is below {NICE_HIGH_TWO['bmi_below']:g}.")
    if days > NICE_EXTREME["days_over"]:
        extreme.append(
            f"Negligible intake for {days:g} days, more than {NICE_EXTREME['days_over']}."
        )
    if days > NICE_HIGH_ONE["days_over"]:
        one.append(
            f"Little or no intake for {days:g} days, more than {NICE_HIGH_ONE['days_over']}."
        )
    elif days > NICE_HIGH_TWO["days_over"]:
        two.append(
            f"Little or no intake for {days:g} days, more than {NICE_HIGH_TWO['days_over']}."
        )
    if loss_counts:
        if loss > NICE_HIGH_ONE["loss_pct_over"]:
            one.append(
                f"Weight loss of {loss:.1f} % in {months:g} months, over "
                f"{NICE_HIGH_ONE['loss_pct_over']:g} %."
            )
        elif loss > NICE_HIGH_TWO["loss_pct_over"]:
            two.append(
                f"Weight loss of {loss:.1f} % in {months:g} months, over "
                f"{NICE_HIGH_TWO['loss_pct_over']:g} %."
            )
    elif loss > NICE_HIGH_TWO["loss_pct_over"]:
        notes.append(
            f"Weight loss of {loss:.1f} % over {months:g} months is outside NICE's "
            "3-6-month window, so it does not count."
        )
    if low_lytes:
        one.append("Low potassium, phosphate or magnesium before feeding.")
    if risk_drugs:
        two.append("Alcohol misuse or drugs such as insulin, chemotherapy, antacids or diuretics.")

    if extreme:
        return RefeedingRisk("extreme", tuple(extreme + one + two + notes))
    if one or len(two) >= 2:
        return RefeedingRisk("high", tuple(one + two + notes))
    return RefeedingRisk("low", tuple(notes))


#: ESPEN's guideline for patients with cancer (arends2017espen): energy 25-30 kcal/kg a
#: day; protein above 1 g/kg a day, up to 1.5.
ESPEN_ENERGY_KCAL_PER_KG: tuple[float, float] = (25.0, 30.0)
ESPEN_PROTEIN_G_PER_KG: tuple[float, float] = (1.0, 1.5)


# --------------------------------------------------------------------- the first week

#: Day-1 energy (kcal/kg) by risk level (nice2006cg32): at most 10 for high risk, 5 for
#: NICE's extreme group. Low risk: no more than half the goal on days 1 and 2 (NICE's rule
#: after more than 5 days of poor intake, the only reason a low-risk patient needs a plan).
REFEEDING_START_KCAL_PER_KG = {"high": 10.0, "extreme": 5.0}
REFEEDING_LOW_RISK_START_FRACTION = 0.5
#: NICE: reach full needs over 4-7 days.
REFEEDING_DAYS_TO_GOAL = (4, 7)
#: The goals the planner accepts (kcal/kg/day); ESPEN's usual goal is 25-30 (arends2017espen).
REFEEDING_GOAL_RANGE_KCAL_PER_KG = (15.0, 40.0)
REFEEDING_PLAN_MIN_DAYS = 7


class PlanDay(NamedTuple):
    """One day of a refeeding plan: ``pd.DataFrame(plan)`` makes the table."""

    day: int
    kcal_per_kg: float
    kcal: float
    pct_of_goal: float
    monitoring: str


def _monitoring(day: int, level: str) -> str:
    checks = "Potassium, phosphate and magnesium daily; replace what is low."
    if level == "low":
        return checks if day <= 3 else "Electrolytes as the clinical course needs."
    vitamins = "Thiamine 200-300 mg a day, vitamin B compound strong and a multivitamin."
    first = "Before the first feed: electrolytes, and thiamine given. " if day == 1 else ""
    return f"{first}{checks} {vitamins}"


def refeeding_plan(
    *,
    weight_kg: float,
    risk_level: str,
    goal_kcal_per_kg: float = 25.0,
    days_to_goal: int = 5,
) -> tuple[PlanDay, ...]:
    """The first week of feeding, day by day: energy (kcal/kg and kcal) and what to monitor.

    Day 1 starts at NICE CG32's rate for the risk level: 10 kcal/kg for ``"high"``, 5 for
    ``"extreme"``; for ``"low"``, half the goal on days 1 and 2 (NICE's rule after more
    than 5 days of poor intake: a low-risk patient who has been eating normally needs no
    plan). The energy then rises in equal steps to the goal on ``days_to_goal`` (4-7,
    NICE's "full needs over 4-7 days"), never decreases and never exceeds the goal; at
    least 7 days are returned. Monitoring follows NICE: electrolytes daily, and for high
    and extreme risk thiamine with vitamin B for the first 10 days. The rows are
    NamedTuples, so ``pandas.DataFrame(plan)`` is the table (this package stays
    standard-library only). A teaching aid, not a prescription. Source: nice2006cg32.

    >>> [d.kcal for d in refeeding_plan(weight_kg=45, risk_level="high")][:5]
    [450.0, 618.75, 787.5, 956.25, 1125.0]
    """
    weight = float(_between(weight_kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg"))
    if risk_level not in REFEEDING_LEVELS:
        raise ValueError(f"risk level must be 'low', 'high' or 'extreme', got {_show(risk_level)}")
    goal = float(_between(goal_kcal_per_kg, *REFEEDING_GOAL_RANGE_KCAL_PER_KG, "goal", "kcal/kg"))
    low, high = REFEEDING_DAYS_TO_GOAL
    if (
        isinstance(days_to_goal, bool)
        or not isinstance(days_to_goal, int)
        or not (low <= days_to_goal <= high)
    ):
        raise ValueError(
            f"days to reach the goal must be a whole number from {low} to {high} "
            f"(NICE: full needs over 4-7 days), got {_show(days_to_goal)}"
        )
    if risk_level == "low":
        start, first_ramp_day = goal * REFEEDING_LOW_RISK_START_FRACTION, 2
    else:
        start, first_ramp_day = min(REFEEDING_START_KCAL_PER_KG[risk_level], goal), 1
    steps = days_to_goal - first_ramp_day
    rows = []
    for day in range(1, max(REFEEDING_PLAN_MIN_DAYS, days_to_goal) + 1):
        if day <= first_ramp_day:
            rate = start
        elif day >= days_to_goal:
            rate = goal
        else:
            rate = start + (goal - start) * (day - first_ramp_day) / steps
        rate = min(rate, goal)
        rows.append(
            PlanDay(day, rate, rate * weight, 100.0 * rate / goal, _monitoring(day, risk_level))
        )
    return tuple(rows)
