"""Platelet rules: CTCAE v5.0 grading, CCI, transfusion thresholds, lifespan, ISTH DIC.

Counts are in ×10⁹/L (:data:`PLATELET_UNIT`), a platelet dose in ×10¹¹ platelets.
See :mod:`casebook.clinical` for the units, error policy and sources of every rule.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ._checks import PLATELET_UNIT, _above, _at_least, _between, _number, _one, _show

__all__ = [
    "DEFAULT_PLATELET_LLN_10E9_PER_L",
    "CTCAE_PLATELET_THRESHOLDS_10E9_PER_L",
    "GradeBand",
    "ctcae_platelet_bands",
    "CTCAE_PLATELET_BANDS",
    "ctcae_platelet_grade",
    "corrected_count_increment",
    "CCI_POOR_RESPONSE",
    "CCI_STRICT_CENTRE_CUTOFF",
    "cci_category",
    "cci_interpretation",
    "PLATELET_LIFESPAN_DAYS",
    "MAX_DAILY_FALL_FAILED_PRODUCTION_PCT",
    "TransfusionThreshold",
    "TRANSFUSION_THRESHOLDS",
    "transfusion_threshold",
    "transfusion_thresholds",
    "case_trigger",
    "DIC_FIBRIN_MARKER_POINTS",
    "DIC_OVERT_MIN_SCORE",
    "DicScore",
    "isth_overt_dic_score",
]


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
        "Prophylaxis in hospitalised adults with therapy-induced "
        "hypoproliferative thrombocytopenia",
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
    return _one(TRANSFUSION_THRESHOLDS, "id", threshold_id, "no transfusion threshold called")


#: Alias of :data:`TRANSFUSION_THRESHOLDS`.
transfusion_thresholds = TRANSFUSION_THRESHOLDS


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
