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
"""

from __future__ import annotations

import decimal
import math
import numbers
from typing import NamedTuple

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
    "RECIST_PD_MIN_INCREASE_PCT",
    "RECIST_PD_MIN_INCREASE_MM",
    "RECIST_PR_MIN_DECREASE_PCT",
    "RECIST_CATEGORIES",
    "recist_target_response",
    "DIC_FIBRIN_MARKER_POINTS",
    "DIC_OVERT_MIN_SCORE",
    "DicScore",
    "isth_overt_dic_score",
    "GLIM_LOW_BMI_ASIA_KG_PER_M2",
    "GLIM_WEIGHT_LOSS_PCT",
    "bmi",
    "height_for_bmi_cm",
]

PLATELET_UNIT = "×10⁹/L"

# --------------------------------------------------------------------------- input checks


def _show(value: object) -> str:
    """How a received value is quoted back in an error message."""
    if isinstance(value, (numbers.Real, decimal.Decimal)) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _unit_suffix(unit: str) -> str:
    return f" {unit}" if unit else ""


def _number(value: object, quantity: str, unit: str) -> numbers.Real | decimal.Decimal:
    """Return ``value`` unchanged if it is a finite real number, else raise ValueError.

    The value is not converted to float here, so callers that only compare it with
    a threshold compare the exact number they were given.
    """
    where = f" (in {unit})" if unit else ""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise ValueError(f"{quantity} must be a number{where}, got {_show(value)}")
    finite = value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)
    if not finite:
        raise ValueError(f"{quantity} must be a finite number{where}, got {_show(value)}")
    return value


def _at_least(value: object, minimum: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if number < minimum:
        raise ValueError(
            f"{quantity} must be ≥ {minimum:g}{_unit_suffix(unit)}, got {_show(value)}"
        )
    return number


def _above(value: object, minimum: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if not number > minimum:
        raise ValueError(
            f"{quantity} must be > {minimum:g}{_unit_suffix(unit)}, got {_show(value)}"
        )
    return number


def _between(value: object, low: float, high: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if not low <= number <= high:
        raise ValueError(
            f"{quantity} must be between {low:g} and {high:g}{_unit_suffix(unit)}, got {_show(value)}"
        )
    return number


# ------------------------------------------------------------------- CTCAE v5.0 grading

#: Lower normal limit of the platelet count used when none is given (×10⁹/L).
DEFAULT_PLATELET_LLN_10E9_PER_L = 150.0

#: CTCAE v5.0 "platelet count decreased" (nci2017ctcae5): the lower, inclusive
#: limits of grades 1, 2 and 3 in ×10⁹/L. Grade 1 runs from 75.0 up to (not
#: including) the LLN, grade 2 from 50.0 to <75.0, grade 3 from 25.0 to <50.0 and
#: grade 4 is anything below 25.0. These three numbers are the single source of
#: truth for both :func:`ctcae_platelet_grade` and :data:`CTCAE_PLATELET_BANDS`.
CTCAE_PLATELET_THRESHOLDS_10E9_PER_L: tuple[float, float, float] = (75.0, 50.0, 25.0)


class GradeBand(NamedTuple):
    """One CTCAE grade as a half-open interval of platelet counts (×10⁹/L).

    A count ``p`` is in the band when ``lower <= p < upper``. Grade 0 ("not
    decreased") has ``upper = math.inf``; grade 4 has ``lower = 0.0``.
    Unpacks as ``grade, lower, upper``.
    """

    grade: int
    lower: float
    upper: float

    @property
    def label(self) -> str:
        """A short chart label, e.g. ``'Grade 2 (50 to <75 ×10⁹/L)'``."""
        if math.isinf(self.upper):
            return f"Grade {self.grade} (≥{self.lower:g} {PLATELET_UNIT}, not decreased)"
        if self.lower == 0:
            return f"Grade {self.grade} (<{self.upper:g} {PLATELET_UNIT})"
        return f"Grade {self.grade} ({self.lower:g} to <{self.upper:g} {PLATELET_UNIT})"


def _check_lln(lln_10e9_per_l: object):
    lln = _number(lln_10e9_per_l, "lower limit of normal (LLN) for platelets", PLATELET_UNIT)
    grade_1_floor = CTCAE_PLATELET_THRESHOLDS_10E9_PER_L[0]
    if not lln > grade_1_floor:
        raise ValueError(
            "lower limit of normal (LLN) for platelets must be > "
            f"{grade_1_floor:g} {PLATELET_UNIT} (grade 1 starts at {grade_1_floor:g}), "
            f"got {_show(lln_10e9_per_l)}"
        )
    return lln


def ctcae_platelet_bands(
    lln_10e9_per_l: float = DEFAULT_PLATELET_LLN_10E9_PER_L,
) -> tuple[GradeBand, ...]:
    """The five CTCAE v5.0 platelet grade bands for a given LLN, grade 0 first.

    Units: ×10⁹/L. Source: nci2017ctcae5. Raises ValueError if the LLN is not a
    finite number above 75 ×10⁹/L (grade 1 would otherwise be empty).
    """
    lln = _check_lln(lln_10e9_per_l)
    g1, g2, g3 = CTCAE_PLATELET_THRESHOLDS_10E9_PER_L
    return (
        GradeBand(0, lln, math.inf),
        GradeBand(1, g1, lln),
        GradeBand(2, g2, g1),
        GradeBand(3, g3, g2),
        GradeBand(4, 0.0, g3),
    )


#: The CTCAE v5.0 platelet bands for the default LLN of 150 ×10⁹/L, for charts:
#: ``((0, 150.0, inf), (1, 75.0, 150.0), (2, 50.0, 75.0), (3, 25.0, 50.0), (4, 0.0, 25.0))``.
#: Each item is a :class:`GradeBand` (``grade, lower_inclusive, upper_exclusive``,
#: plus a ``.label``). For another LLN call :func:`ctcae_platelet_bands`.
CTCAE_PLATELET_BANDS: tuple[GradeBand, ...] = ctcae_platelet_bands()


def ctcae_platelet_grade(
    platelets_10e9_per_l: float, lln_10e9_per_l: float = DEFAULT_PLATELET_LLN_10E9_PER_L
) -> int:
    """CTCAE v5.0 grade (0-4) of "platelet count decreased" (nci2017ctcae5).

    ``platelets_10e9_per_l`` is the count in ×10⁹/L; ``lln_10e9_per_l`` the
    laboratory's lower limit of normal in ×10⁹/L (default 150, must be > 75).

    Grade 0 if the count is at or above the LLN; grade 1 from 75.0 to below the
    LLN; grade 2 from 50.0 to below 75.0; grade 3 from 25.0 to below 50.0; grade 4
    below 25.0. A count exactly on a threshold takes the milder grade: 75.0 → 1,
    50.0 → 2, 25.0 → 3, LLN → 0.

    >>> ctcae_platelet_grade(92), ctcae_platelet_grade(18)
    (1, 4)
    """
    count = _at_least(platelets_10e9_per_l, 0, "platelet count", PLATELET_UNIT)
    bands = (
        CTCAE_PLATELET_BANDS
        if type(lln_10e9_per_l) is float and lln_10e9_per_l == DEFAULT_PLATELET_LLN_10E9_PER_L
        else ctcae_platelet_bands(lln_10e9_per_l)
    )
    for band in bands:
        if band.lower <= count < band.upper:
            return band.grade
    raise AssertionError("the CTCAE bands cover every count ≥ 0")  # pragma: no cover


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


# ----------------------------------------------------------------------------- CCI

#: CCI below this (platelets/µL × m² per 10¹¹ platelets) is a poor response.
CCI_POOR_RESPONSE = 5000
#: Some centres use this stricter cut-off instead.
CCI_STRICT_CENTRE_CUTOFF = 7500


def corrected_count_increment(
    *,
    pre_10e9_per_l: float,
    post_10e9_per_l: float,
    bsa_m2: float,
    platelets_transfused_1e11: float,
) -> float:
    """Corrected count increment (CCI) of a platelet transfusion.

    CCI = (post − pre count, per µL) × BSA (m²) / platelets transfused (×10¹¹).
    Counts are given in ×10⁹/L, which is the same number as ×10³/µL, so the
    increment is multiplied by 1000 to express it per µL. The post-transfusion
    count is normally taken 10-60 minutes after the transfusion ends.

    Example: a rise of 20 ×10⁹/L (20,000/µL) in a patient of 1.8 m² after
    3 ×10¹¹ platelets gives 20,000 × 1.8 / 3 = 12,000.

    A negative result (the count fell) is returned as information, not treated
    as an error. Counts must be ≥ 0; BSA and dose must be > 0 (keyword-only).
    Source: general (the standard CCI formula; see also :func:`cci_interpretation`).

    >>> corrected_count_increment(pre_10e9_per_l=10, post_10e9_per_l=30,
    ...                           bsa_m2=1.8, platelets_transfused_1e11=3)
    12000.0
    """
    pre = _at_least(pre_10e9_per_l, 0, "pre-transfusion platelet count", PLATELET_UNIT)
    post = _at_least(post_10e9_per_l, 0, "post-transfusion platelet count", PLATELET_UNIT)
    bsa = _above(bsa_m2, 0, "body-surface area", "m²")
    dose = _above(platelets_transfused_1e11, 0, "platelet dose", "×10¹¹ platelets")
    increment_per_ul = (float(post) - float(pre)) * 1000.0
    return increment_per_ul * float(bsa) / float(dose)


def cci_category(cci: float) -> str:
    """Classify a CCI as ``"poor"`` (< 5,000), ``"borderline"`` (5,000 to < 7,500) or
    ``"adequate"`` (≥ 7,500). Negative values are allowed (they are "poor").

    Source: general (usual refractoriness definition: CCI < 5,000 after two
    consecutive ABO-compatible, fresh transfusions; some centres use < 7,500).
    """
    value = _number(cci, "corrected count increment (CCI)", "")
    if value < CCI_POOR_RESPONSE:
        return "poor"
    if value < CCI_STRICT_CENTRE_CUTOFF:
        return "borderline"
    return "adequate"


def _format_cci(cci, category: str) -> str:
    """Round for display, but never so far that the shown number changes category."""
    value = float(cci) + 0.0  # turns -0.0 into 0.0
    for decimals in range(0, 7):
        shown = f"{value:,.{decimals}f}"
        if cci_category(float(shown.replace(",", ""))) == category:
            return shown
    return f"{value:,}"


def cci_interpretation(cci: float) -> str:
    """A one- or two-sentence reading of a CCI for students.

    Below 5,000 suggests a poor response; if it happens after two consecutive
    ABO-compatible, fresh transfusions, the patient meets the usual definition of
    platelet refractoriness. Some centres use 7,500 as the cut-off, so 5,000 to
    below 7,500 is reported as borderline. Assumes the count was taken 10-60
    minutes after the transfusion. Source: general (see :func:`cci_category`).
    """
    category = cci_category(cci)
    shown = _format_cci(cci, category)
    if category == "poor":
        fell = " (the count fell)" if cci < 0 else " (the count did not rise)" if cci == 0 else ""
        return (
            f"A CCI of {shown}{fell} is below 5,000, which suggests a poor response to the "
            "transfusion. If this happens after two consecutive ABO-compatible, fresh "
            "transfusions, the patient is refractory to platelet transfusion and the "
            "cause (immune or non-immune) should be looked for."
        )
    if category == "borderline":
        return (
            f"A CCI of {shown} is between 5,000 and 7,500: adequate by the usual 5,000 "
            "cut-off, but poor in centres that use 7,500, so repeat it after the next "
            "transfusion."
        )
    return f"A CCI of {shown} is at least 7,500, an adequate response to the transfusion."


# ------------------------------------------------------- how fast can a count fall?

#: Platelets circulate for about 7 to 10 days (general physiology). If production
#: stopped completely, the count would fall by at most about 1/7 of its value a day.
PLATELET_LIFESPAN_DAYS: tuple[float, float] = (7.0, 10.0)
#: The fastest fall (% of the starting count per day) that failed production alone
#: explains: 100 / the shortest lifespan. A faster fall points to consumption,
#: destruction or an artefact as well (general physiology, no entry of its own).
MAX_DAILY_FALL_FAILED_PRODUCTION_PCT = 100.0 / PLATELET_LIFESPAN_DAYS[0]


# -------------------------------------------------------------------- percent change


def percent_change(before: float, after: float) -> float:
    """Percentage change from ``before`` to ``after``: (after − before) / before × 100.

    Both values are in the same unit (whatever it is); ``before`` must be > 0 and
    ``after`` ≥ 0. The case's platelet fall, 92 → 18 ×10⁹/L, is −80.43 %.

    >>> round(percent_change(92, 18), 2)
    -80.43
    """
    start = _above(before, 0, "value before", "")
    end = _at_least(after, 0, "value after", "")
    return (float(end) - float(start)) / float(start) * 100.0


# -------------------------------------------------------- platelet transfusion thresholds


class TransfusionThreshold(NamedTuple):
    """A platelet-transfusion threshold that a chart can draw as a line.

    ``platelets_10e9_per_l`` is the count in ×10⁹/L; ``comparison`` is ``"≤"`` or
    ``"<"`` (transfuse when the count is at or below / below it); ``source`` is a
    BibTeX key (``casereport`` is the case report itself: the trigger reported by the
    case authors).
    """

    id: str
    platelets_10e9_per_l: float
    comparison: str
    setting: str
    source: str
    note: str

    def applies(self, platelets_10e9_per_l: float) -> bool:
        """True if a count (×10⁹/L) is at/below (``≤``) or below (``<``) this threshold."""
        count = _at_least(platelets_10e9_per_l, 0, "platelet count", PLATELET_UNIT)
        if self.comparison == "≤":
            return count <= self.platelets_10e9_per_l
        return count < self.platelets_10e9_per_l


#: Guideline platelet-transfusion thresholds (×10⁹/L), lowest first. The case's own
#: trigger is patient data (``Case.transfusion_trigger_10e9_per_l``): see :func:`case_trigger`.
TRANSFUSION_THRESHOLDS: tuple[TransfusionThreshold, ...] = (
    TransfusionThreshold(
        "aabb_prophylaxis",
        10.0,
        "≤",
        "Prophylaxis in hospitalised adults with therapy-induced hypoproliferative thrombocytopenia",
        "kaufman2015aabb",
        "AABB 2015: one apheresis unit (or equivalent) at a count of 10 ×10⁹/L or less.",
    ),
    TransfusionThreshold(
        "asco_solid_tumour",
        10.0,
        "<",
        "Prophylaxis in patients receiving therapy for solid tumours",
        "schiffer2018asco",
        "ASCO 2018 keeps 10 ×10⁹/L; a higher threshold may be chosen with active bleeding "
        "or necrotic tumours (general knowledge, not re-checked against the guideline text).",
    ),
    TransfusionThreshold(
        "aabb_central_line",
        20.0,
        "<",
        "Before elective central venous catheter placement",
        "kaufman2015aabb",
        "AABB 2015.",
    ),
    TransfusionThreshold(
        "aabb_lp_major_surgery",
        50.0,
        "<",
        "Before elective diagnostic lumbar puncture or major elective non-neuraxial surgery",
        "kaufman2015aabb",
        "AABB 2015.",
    ),
)


def case_trigger(trigger_10e9_per_l: float) -> TransfusionThreshold:
    """The case's transfusion trigger as a threshold a chart can draw beside the guidelines.

    The value is the patient's (``Case.transfusion_trigger_10e9_per_l``, from ``data/``);
    this function only gives it the shape of a :class:`TransfusionThreshold`.
    """
    value = _between(trigger_10e9_per_l, 0, 1000, "transfusion trigger", PLATELET_UNIT)
    return TransfusionThreshold(
        "case_trigger",
        float(value),
        "<",
        "Trigger used for this patient",
        "casereport",
        "Reported by the case authors; higher than the guideline prophylactic thresholds.",
    )


def transfusion_threshold(threshold_id: str) -> TransfusionThreshold:
    """The entry of :data:`TRANSFUSION_THRESHOLDS` with this id (e.g. ``"aabb_prophylaxis"``)."""
    for threshold in TRANSFUSION_THRESHOLDS:
        if threshold.id == threshold_id:
            return threshold
    known = ", ".join(t.id for t in TRANSFUSION_THRESHOLDS)
    raise ValueError(f"no transfusion threshold called {threshold_id!r}; known: {known}")


#: Alias of :data:`TRANSFUSION_THRESHOLDS`.
transfusion_thresholds = TRANSFUSION_THRESHOLDS


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
    for dose in STANDARD_DOSES:
        if dose.drug == drug:
            return dose
    known = ", ".join(d.drug for d in STANDARD_DOSES)
    raise ValueError(f"no standard dose for {drug!r}; known: {known}")


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


# ---------------------------------------------------------------- RECIST 1.1 (target sum)

#: RECIST 1.1 (eisenhauer2009recist): progression needs the sum to rise by at least 20 %
#: over the smallest sum so far AND by at least 5 mm; a partial response needs a fall of
#: at least 30 % from baseline.
RECIST_PD_MIN_INCREASE_PCT = 20.0
RECIST_PD_MIN_INCREASE_MM = 5.0
RECIST_PR_MIN_DECREASE_PCT = 30.0

RECIST_CATEGORIES = {
    "CR": "complete response",
    "PR": "partial response",
    "SD": "stable disease",
    "PD": "progressive disease",
}


def recist_target_response(*, baseline_mm: float, nadir_mm: float, current_mm: float) -> str:
    """RECIST 1.1 response of the target lesions from their sums of diameters (mm).

    ``baseline_mm`` is the sum at baseline, ``nadir_mm`` the smallest sum so far
    (baseline included, so ``nadir_mm ≤ baseline_mm``) and ``current_mm`` the sum now.
    Returns "CR" (sum 0), "PD" (≥ 20 % and ≥ 5 mm above the nadir), "PR" (≥ 30 %
    below baseline) or "SD". Target lesions only: new lesions and non-target
    progression, which also make PD, are not modelled here. Source: eisenhauer2009recist.

    >>> recist_target_response(baseline_mm=100, nadir_mm=40, current_mm=50)
    'PD'
    """
    baseline = _above(baseline_mm, 0, "baseline sum", "mm")
    nadir = _at_least(nadir_mm, 0, "smallest sum so far", "mm")
    current = _at_least(current_mm, 0, "current sum", "mm")
    if nadir > baseline:
        raise ValueError(
            f"the smallest sum so far ({_show(nadir_mm)} mm) cannot exceed the baseline sum "
            f"({_show(baseline_mm)} mm)"
        )
    if current == 0:
        return "CR"
    rise_mm = float(current) - float(nadir)
    if rise_mm >= RECIST_PD_MIN_INCREASE_MM and (
        nadir == 0 or rise_mm / float(nadir) * 100 >= RECIST_PD_MIN_INCREASE_PCT
    ):
        return "PD"
    if (float(baseline) - float(current)) / float(baseline) * 100 >= RECIST_PR_MIN_DECREASE_PCT:
        return "PR"
    return "SD"


# ---------------------------------------------------------------- ISTH overt-DIC score

#: Levels of a fibrin-related marker (D-dimer or fibrin degradation products) and their
#: points. "Moderate" and "strong" have no universal cut-offs: each laboratory sets them.
DIC_FIBRIN_MARKER_POINTS: dict[str, int] = {"none": 0, "moderate": 2, "strong": 3}
#: A total at or above this is compatible with overt DIC (repeat daily); below it,
#: suggestive of non-overt DIC (repeat in 1-2 days). Source: taylor2001isth.
DIC_OVERT_MIN_SCORE = 5


class DicScore(NamedTuple):
    """An ISTH overt-DIC score with its four parts (points) and its reading."""

    platelets: int
    fibrin_marker: int
    prothrombin_time: int
    fibrinogen: int

    @property
    def total(self) -> int:
        return self.platelets + self.fibrin_marker + self.prothrombin_time + self.fibrinogen

    @property
    def overt(self) -> bool:
        return self.total >= DIC_OVERT_MIN_SCORE

    def reading(self) -> str:
        """One sentence for the student, with the score and what to do next."""
        if self.overt:
            return (
                f"A score of {self.total} (≥ {DIC_OVERT_MIN_SCORE}) is compatible with overt DIC; "
                "repeat the score daily."
            )
        return (
            f"A score of {self.total} (< {DIC_OVERT_MIN_SCORE}) is suggestive of non-overt DIC, "
            "not proof against DIC; repeat the score in 1 to 2 days."
        )


def isth_overt_dic_score(
    *,
    platelets_10e9_per_l: float,
    fibrin_marker: str,
    pt_prolongation_s: float,
    fibrinogen_g_per_l: float,
    underlying_disorder: bool,
) -> DicScore:
    """The ISTH overt-DIC score (Taylor 2001, ``taylor2001isth``), as published.

    Use it only when a disorder known to cause DIC is present (cancer qualifies):
    ``underlying_disorder=False`` is refused with a sentence. Points:

    * platelets ≥ 100 ×10⁹/L → 0, < 100 → 1, < 50 → 2;
    * fibrin-related marker (D-dimer, FDP): ``"none"`` 0, ``"moderate"`` 2, ``"strong"`` 3
      (the laboratory sets what counts as moderate and strong);
    * prothrombin time prolonged by < 3 s → 0, ≥ 3 and < 6 s → 1, ≥ 6 s → 2;
    * fibrinogen ≥ 1.0 g/L → 0, < 1.0 g/L → 1.

    Total ≥ 5: compatible with overt DIC. Some secondary tables print other boundaries
    (> 100, 50-100 and < 50; 1 and 2 for the marker); this follows the original.

    >>> isth_overt_dic_score(platelets_10e9_per_l=18, fibrin_marker="strong",
    ...     pt_prolongation_s=4, fibrinogen_g_per_l=0.8, underlying_disorder=True).total
    7
    """
    if underlying_disorder is not True:
        raise ValueError(
            "the ISTH overt-DIC score applies only when a disorder known to cause DIC (such as "
            "cancer, sepsis or trauma) is present; confirm one before scoring"
        )
    count = _at_least(platelets_10e9_per_l, 0, "platelet count", PLATELET_UNIT)
    if fibrin_marker not in DIC_FIBRIN_MARKER_POINTS:
        known = ", ".join(repr(k) for k in DIC_FIBRIN_MARKER_POINTS)
        raise ValueError(f"fibrin-related marker must be one of {known}, got {fibrin_marker!r}")
    pt = _at_least(pt_prolongation_s, 0, "prothrombin time prolongation", "s")
    fibrinogen = _at_least(fibrinogen_g_per_l, 0, "fibrinogen", "g/L")
    return DicScore(
        platelets=2 if count < 50 else 1 if count < 100 else 0,
        fibrin_marker=DIC_FIBRIN_MARKER_POINTS[fibrin_marker],
        prothrombin_time=2 if pt >= 6 else 1 if pt >= 3 else 0,
        fibrinogen=1 if fibrinogen < 1.0 else 0,
    )


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
