"""Dosing by body-surface area: Mosteller BSA and its inverse, standard doses per m².

Height in cm, weight in kg, BSA in m², doses in mg and mg/m². See
:mod:`casebook.clinical` for the units, error policy and sources of every rule.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ._checks import _above, _between, _one

__all__ = [
    "BSA_HEIGHT_RANGE_CM",
    "BSA_WEIGHT_RANGE_KG",
    "bsa_mosteller",
    "StandardDose",
    "STANDARD_DOSES",
    "standard_dose",
    "bsa_for_flat_dose",
    "height_for_bsa_mosteller",
]


# ----------------------------------------------------------------------------- BSA

#: Plausible adult-and-child ranges accepted by :func:`bsa_mosteller` (inclusive).
BSA_HEIGHT_RANGE_CM: tuple[float, float] = (50.0, 250.0)
BSA_WEIGHT_RANGE_KG: tuple[float, float] = (2.0, 400.0)


def bsa_mosteller(*, height_cm: float, weight_kg: float) -> float:
    """Body-surface area in m² by the Mosteller formula: √(height cm × weight kg / 3600).

    Keyword-only, so height and weight cannot be swapped by accident. Height must
    be 50-250 cm and weight 2-400 kg. The case report gives weights (63 → 45 kg)
    but no height, so a calculator must ask for one rather than assume it.
    Source: general (the Mosteller formula; no entry in the book's bibliography).

    >>> round(bsa_mosteller(height_cm=160, weight_kg=63), 2)
    1.67
    """
    height = _between(height_cm, *BSA_HEIGHT_RANGE_CM, "height", "cm")
    weight = _between(weight_kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg")
    return math.sqrt(float(height) * float(weight) / 3600.0)


# ------------------------------------------------------------ doses per body-surface area


class StandardDose(NamedTuple):
    """A standard dose per m² of body-surface area, with its schedule and source."""

    drug: str
    dose_mg_per_m2: float
    schedule: str
    source: str
    note: str


#: Standard doses the case's flat doses are compared with (BibTeX keys as sources).
STANDARD_DOSES: tuple[StandardDose, ...] = (
    StandardDose(
        "paclitaxel",
        80.0,
        "weekly",
        "seidman2008calgb9840",
        "Weekly paclitaxel 80 mg/m² (CALGB 9840).",
    ),
    StandardDose(
        "eribulin",
        1.4,
        "days 1 and 8 of a 21-day cycle",
        "cortes2011embrace",
        "Eribulin mesylate 1.4 mg/m² (EMBRACE); the report does not say salt or base.",
    ),
)


def standard_dose(drug: str) -> StandardDose:
    """The entry of :data:`STANDARD_DOSES` for ``drug`` (ValueError naming the known drugs)."""
    return _one(STANDARD_DOSES, "drug", drug, "no standard dose for")


def bsa_for_flat_dose(*, dose_mg: float, dose_mg_per_m2: float) -> float:
    """The body-surface area (m²) at which a flat dose (mg) equals a dose per m² (mg/m²).

    >>> bsa_for_flat_dose(dose_mg=120, dose_mg_per_m2=80)
    1.5
    """
    dose = _above(dose_mg, 0, "flat dose", "mg")
    per_m2 = _above(dose_mg_per_m2, 0, "dose per m²", "mg/m²")
    return float(dose) / float(per_m2)


def height_for_bsa_mosteller(*, bsa_m2: float, weight_kg: float) -> float:
    """The height (cm) at which the Mosteller BSA of ``weight_kg`` equals ``bsa_m2``.

    The inverse of :func:`bsa_mosteller`: height = 3600 × BSA² / weight. The result is
    not range-checked, because an impossible height is the point of the exercise that
    uses it (a flat dose that fits one weight and not another).

    >>> round(height_for_bsa_mosteller(bsa_m2=1.5, weight_kg=63), 1)
    128.6
    """
    bsa = _between(bsa_m2, 0.1, 5.0, "body-surface area", "m²")
    weight = _between(weight_kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg")
    return 3600.0 * float(bsa) ** 2 / float(weight)
