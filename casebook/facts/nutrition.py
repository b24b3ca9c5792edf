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

__all__ = [
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
    return facts
