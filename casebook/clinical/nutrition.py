"""Nutrition: body-mass index, the height for a given BMI, and the GLIM thresholds.

Height in cm, weight in kg, BMI in kg/m²; the accepted height and weight ranges are
those of the BSA (:mod:`casebook.clinical.dosing`). See :mod:`casebook.clinical` for
the units, error policy and sources of every rule.
"""

from __future__ import annotations

import math

from ._checks import _between
from .dosing import BSA_HEIGHT_RANGE_CM, BSA_WEIGHT_RANGE_KG

__all__ = [
    "GLIM_LOW_BMI_ASIA_KG_PER_M2",
    "GLIM_WEIGHT_LOSS_PCT",
    "bmi",
    "height_for_bmi_cm",
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
