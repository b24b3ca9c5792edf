"""Dosing by body-surface area: Mosteller BSA and its inverse, standard doses per m².

Also: a standard dose written as salt or as base (eribulin mesylate or eribulin), a flat
dose per m² (:func:`dose_per_m2`) and the rows of a dose check over assumed heights
(:func:`dose_check_rows`; its DataFrame is ``casebook.charts.dose_check_frame``, since
this package uses the standard library only).

Height in cm, weight in kg, BSA in m², doses in mg and mg/m². See
:mod:`casebook.clinical` for the units, error policy and sources of every rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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
    "DOSE_FORMS",
    "ERIBULIN_BASE_MG_PER_M2",
    "BASE_DOSES_MG_PER_M2",
    "standard_dose_mg_per_m2",
    "dose_per_m2",
    "DoseCheckRow",
    "DOSE_CHECK_COLUMNS",
    "dose_check_rows",
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


# ------------------------------------------------------------- salt or base, and flat doses

#: The two ways a dose can be written: as the salt given (eribulin *mesylate*) or as the
#: free base (eribulin). A drug that is not a salt (paclitaxel) has the same number both ways.
DOSE_FORMS: tuple[str, ...] = ("salt", "base")

#: EU label: 1.23 mg/m² eribulin, equivalent to 1.4 mg/m² eribulin mesylate; general
#: knowledge, not re-checked. The case report's flat 1.9 mg does not say salt or base.
ERIBULIN_BASE_MG_PER_M2 = 1.23

#: The standard dose written as the free base, for the drugs of :data:`STANDARD_DOSES`
#: whose standard is written as a salt. Drugs not listed are not salts.
BASE_DOSES_MG_PER_M2: dict[str, float] = {"eribulin": ERIBULIN_BASE_MG_PER_M2}


def _form(form: str) -> str:
    if form not in DOSE_FORMS:
        raise ValueError(
            f"dose form must be one of {', '.join(repr(f) for f in DOSE_FORMS)}, got {form!r}"
        )
    return form


def standard_dose_mg_per_m2(drug: str, form: str = "salt") -> float:
    """The standard dose of ``drug`` in mg/m², written as the salt or as the base.

    ``salt`` is the number of :data:`STANDARD_DOSES` (eribulin mesylate 1.4 mg/m², as in
    EMBRACE); ``base`` is :data:`BASE_DOSES_MG_PER_M2` (eribulin 1.23 mg/m², as in the EU
    label). Paclitaxel is not a salt, so both forms give 80 mg/m². ValueError for an
    unknown drug or form.

    >>> standard_dose_mg_per_m2("eribulin", "base")
    1.23
    >>> standard_dose_mg_per_m2("paclitaxel", "base")
    80.0
    """
    entry = standard_dose(drug)
    if _form(form) == "base":
        return BASE_DOSES_MG_PER_M2.get(entry.drug, entry.dose_mg_per_m2)
    return entry.dose_mg_per_m2


def dose_per_m2(*, dose_mg: float, height_cm: float, weight_kg: float) -> float:
    """A flat dose (mg) per m² of Mosteller body-surface area (mg/m²).

    >>> round(dose_per_m2(dose_mg=120, height_cm=160, weight_kg=63), 1)
    71.7
    """
    dose = _above(dose_mg, 0, "flat dose", "mg")
    return float(dose) / bsa_mosteller(height_cm=height_cm, weight_kg=weight_kg)


class DoseCheckRow(NamedTuple):
    """One row of :func:`dose_check_rows`: a flat dose at one assumed height and one weight."""

    drug: str
    form: str
    dose_mg: float
    height_cm: float
    weight_label: str
    weight_kg: float
    bsa_m2: float
    dose_mg_per_m2: float
    standard_mg_per_m2: float
    pct_of_standard: float


#: The fields of :class:`DoseCheckRow`, in order: the columns of a dose-check table.
DOSE_CHECK_COLUMNS: tuple[str, ...] = DoseCheckRow._fields


def dose_check_rows(
    *,
    drug: str,
    dose_mg: float,
    weights_kg: Mapping[str, float],
    heights_cm: Sequence[float],
    form: str = "salt",
) -> tuple[DoseCheckRow, ...]:
    """A flat dose against the standard per m², at every assumed height and every weight.

    ``weights_kg`` maps a short name to a weight, e.g. ``{"start": 63, "end": 45}``;
    each row's ``weight_label`` is the name and the weight ("start, 63 kg"). Rows run
    by height, then by weight in the order given. Every number comes from
    :func:`bsa_mosteller`, :func:`dose_per_m2` and :func:`standard_dose_mg_per_m2`;
    ``pct_of_standard`` is 100 × delivered / standard. ValueError for an unknown drug
    or form, a height or weight outside the Mosteller ranges, no heights, no weights,
    a repeated height or a blank weight name.

    >>> rows = dose_check_rows(drug="paclitaxel", dose_mg=120, weights_kg={"end": 45},
    ...                        heights_cm=[180])
    >>> rows[0].weight_label, round(rows[0].pct_of_standard, 1)
    ('end, 45 kg', 100.0)
    """
    standard = standard_dose_mg_per_m2(drug, form)
    dose = float(_above(dose_mg, 0, "flat dose", "mg"))
    if isinstance(heights_cm, (str, bytes)) or not isinstance(heights_cm, Sequence):
        raise ValueError(f"heights must be a list of numbers (in cm), got {heights_cm!r}")
    if len(heights_cm) == 0:
        raise ValueError("at least one assumed height (in cm) is needed, got none")
    if not isinstance(weights_kg, Mapping) or len(weights_kg) == 0:
        raise ValueError(
            f"at least one named weight (in kg) is needed, e.g. {{'start': 63}}, got {weights_kg!r}"
        )
    heights = [float(_between(h, *BSA_HEIGHT_RANGE_CM, "height", "cm")) for h in heights_cm]
    if len(set(heights)) != len(heights):
        raise ValueError(f"each assumed height must appear once, got {list(heights_cm)!r}")
    weights = []
    for name, kg in weights_kg.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"each weight needs a name such as 'start', got {name!r}")
        weight = float(_between(kg, *BSA_WEIGHT_RANGE_KG, "weight", "kg"))
        weights.append((f"{name}, {weight:g} kg", weight))
    rows = []
    for height in heights:
        for label, weight in weights:
            bsa = bsa_mosteller(height_cm=height, weight_kg=weight)
            per_m2 = dose_per_m2(dose_mg=dose, height_cm=height, weight_kg=weight)
            rows.append(
                DoseCheckRow(
                    drug=drug,
                    form=form,
                    dose_mg=dose,
                    height_cm=height,
                    weight_label=label,
                    weight_kg=weight,
                    bsa_m2=bsa,
                    dose_mg_per_m2=per_m2,
                    standard_mg_per_m2=standard,
                    pct_of_standard=100.0 * per_m2 / standard,
                )
            )
    return tuple(rows)
