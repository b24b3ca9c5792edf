"""Facts the nutrition chapter will state: the case's weight loss, graded by GLIM and
NICE CG32, and the first days of feeding at her last weight.

The loss runs over the duration the report gives ("a six-month therapeutic course",
``weights.csv`` column ``loss_period_months``), not over the gap between the two
weights' placeholder dates. Her height is not reported, so no BMI is stated here; the
days of poor intake are not reported either, so the risk is given for the assumption
the chapter states (:data:`ASSUMED_DAYS_LITTLE_INTAKE`) and for the days at which it
would change.
"""

from __future__ import annotations

import pandas as pd

from casebook import clinical
from casebook.data import Case
from casebook.dates import month_year
from casebook.facts.common import Facts
from casebook.facts.presentation import HYPOTHETICAL_HEIGHTS_CM

__all__ = [
    "EXERCISE_PATIENT",
    "ASSUMED_DAYS_LITTLE_INTAKE",
    "SCREEN_LOSS_PCTS",
    "weight_at_loss_kg",
    "nutrition_facts",
]

#: Days of little or no intake assumed for the case (not reported): none, so that the
#: risk rests on what the report does say.
ASSUMED_DAYS_LITTLE_INTAKE = 0
#: Weight losses at which screening rules fire: GLIM's > 5 % and > 10 % within six
#: months, NICE CG32's > 10 % and > 15 % within three to six months.
SCREEN_LOSS_PCTS = (5.0, 10.0, 15.0)
#: The exercise's patient (invented for teaching): weight, height, loss over months,
#: days of little intake, no alcohol or risk drugs.
EXERCISE_PATIENT = {
    "weight_kg": 52.0,
    "height_cm": 165.0,
    "weight_loss_pct": 12.0,
    "over_months": 4.0,
    "days_little_or_no_intake": 7,
}


def weight_at_loss_kg(usual_kg: float, loss_pct: float) -> float:
    """The weight (kg) at which ``usual_kg`` has lost ``loss_pct`` per cent."""
    return usual_kg * (1.0 - loss_pct / 100.0)


def _loss_rows(case: Case) -> tuple[pd.Series, pd.Series]:
    weights = case.weights.sort_values("date").reset_index(drop=True)
    ends = weights[weights["loss_period_months"].notna()]
    if len(weights) < 2 or len(ends) != 1:
        raise ValueError(
            "weights.csv needs a first weight and one later weight carrying the "
            "reported duration of the loss (loss_period_months)"
        )
    return weights.iloc[0], ends.iloc[0]


def nutrition_facts(case: Case) -> Facts:
    """Every case fact of the nutrition chapter, by name (units in the names)."""
    first, last = _loss_rows(case)
    usual, now = float(first["weight_kg"]), float(last["weight_kg"])
    months = float(last["loss_period_months"])
    loss = clinical.percent_weight_loss(usual_kg=usual, current_kg=now)
    # Chemotherapy is one of NICE's "drugs" criteria: she was on it throughout.
    risk = clinical.refeeding_risk(
        bmi=None,
        weight_loss_pct=loss,
        over_months=months,
        days_little_or_no_intake=ASSUMED_DAYS_LITTLE_INTAKE,
        alcohol_or_risk_drugs=True,
    )
    days_extreme = clinical.NICE_EXTREME["days_over"] + 1
    extreme = clinical.refeeding_risk(
        bmi=None,
        weight_loss_pct=loss,
        over_months=months,
        days_little_or_no_intake=days_extreme,
        alcohol_or_risk_drugs=True,
    )
    plan = clinical.refeeding_plan(weight_kg=now, risk_level=risk.level)
    facts: Facts = {
        "weight_usual_kg": usual,
        "weight_now_kg": now,
        "weight_now_month": month_year(last["date"]),
        "loss_period_months": months,
        "loss_pct": loss,
        "loss_kg": usual - now,
        "glim_severity": clinical.glim_severity(loss, months),
        "cachexia_met": clinical.meets_cachexia_criteria(loss, months),
        "espen_goal_low_kcal": clinical.ESPEN_ENERGY_KCAL_PER_KG[0] * now,
        "espen_goal_high_kcal": clinical.ESPEN_ENERGY_KCAL_PER_KG[1] * now,
        "espen_protein_low_g": clinical.ESPEN_PROTEIN_G_PER_KG[0] * now,
        "espen_protein_high_g": clinical.ESPEN_PROTEIN_G_PER_KG[1] * now,
        "nice_risk_level": risk.level,
        "nice_risk_reasons": risk.reasons,
        "assumed_days_little_intake": ASSUMED_DAYS_LITTLE_INTAKE,
        "days_for_extreme": days_extreme,
        "nice_risk_level_if_days_for_extreme": extreme.level,
        "plan_day1_kcal": plan[0].kcal,
        "plan_day1_kcal_per_kg": plan[0].kcal_per_kg,
        "plan_goal_kcal": max(d.kcal for d in plan),
    }
    for pct in SCREEN_LOSS_PCTS:
        facts[f"screen_weight_{pct:.0f}pct_kg"] = weight_at_loss_kg(usual, pct)
    # The two placeholder dates are further apart than the reported six months.
    gap_days = (last["date"] - first["date"]).days
    facts["placeholder_gap_months"] = gap_days / 30.4375
    facts["placeholder_gap_outside_nice"] = gap_days / 30.4375 > clinical.NICE_LOSS_WINDOW_MONTHS
    # Her BMI at heights a reader might assume (the report gives none).
    for i, height in enumerate(HYPOTHETICAL_HEIGHTS_CM, start=1):
        value = clinical.bmi(height_cm=height, weight_kg=now)
        facts[f"ex_height_{i}_cm"] = height
        facts[f"ex_bmi_{i}_kg_per_m2"] = value
        facts[f"ex_bmi_{i}_risk"] = clinical.refeeding_risk(
            bmi=value,
            weight_loss_pct=loss,
            over_months=months,
            days_little_or_no_intake=ASSUMED_DAYS_LITTLE_INTAKE,
            alcohol_or_risk_drugs=True,
        ).level
    facts.update(_exercise_facts())
    return facts


def _exercise_facts() -> Facts:
    """The worked exercise: NICE risk and days 1-5 of feeding for :data:`EXERCISE_PATIENT`."""
    p = EXERCISE_PATIENT
    value = clinical.bmi(height_cm=p["height_cm"], weight_kg=p["weight_kg"])
    risk = clinical.refeeding_risk(
        bmi=value,
        weight_loss_pct=p["weight_loss_pct"],
        over_months=p["over_months"],
        days_little_or_no_intake=p["days_little_or_no_intake"],
    )
    plan = clinical.refeeding_plan(weight_kg=p["weight_kg"], risk_level=risk.level)
    facts: Facts = {f"pt_{k}": v for k, v in p.items()}
    facts.update({"pt_bmi": value, "pt_risk": risk.level, "pt_reasons": risk.reasons})
    for day in plan[:5]:
        facts[f"pt_day{day.day}_kcal"] = day.kcal
        facts[f"pt_day{day.day}_kcal_per_kg"] = day.kcal_per_kg
    return facts
