"""Response over time: percent change, the RECIST 1.1 and the WHO target-lesion response.

RECIST 1.1 sums longest diameters in mm; the older WHO criteria sum products of two
perpendicular diameters in mm². See :mod:`casebook.clinical` for the units, error policy
and sources of every rule.
"""

from __future__ import annotations

from decimal import Decimal

from ._checks import _above, _at_least, _show

__all__ = [
    "percent_change",
    "RECIST_PD_MIN_INCREASE_PCT",
    "RECIST_PD_MIN_INCREASE_MM",
    "RECIST_PR_MIN_DECREASE_PCT",
    "RECIST_CATEGORIES",
    "recist_response",
    "WHO_PD_MIN_INCREASE_PCT",
    "WHO_PR_MIN_DECREASE_PCT",
    "WHO_CATEGORIES",
    "who_response",
]


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


def _exact(value: object) -> Decimal:
    """A validated number as the Decimal of its written form, so 20 % and 30 % ties are
    compared exactly (48 mm is +20 % of 40 mm, not 19.999... %)."""
    return Decimal(str(value))


def recist_response(
    *,
    baseline_sum_mm: float,
    nadir_sum_mm: float,
    current_sum_mm: float,
    new_lesions: bool = False,
) -> str:
    """RECIST 1.1 response from the sums of the target lesions' longest diameters (mm).

    ``baseline_sum_mm`` is the sum at baseline; ``nadir_sum_mm`` the smallest earlier sum,
    the baseline included (so it cannot exceed the baseline); ``current_sum_mm`` the sum
    now; ``new_lesions`` whether any new lesion has appeared. Returns:

    * ``"PD"`` if there are new lesions, or the sum is at least 20 % above the nadir
      **and** at least 5 mm above it in absolute terms (PD takes precedence over PR);
    * ``"CR"`` if the sum is 0 (every target lesion gone);
    * ``"PR"`` if the sum is at least 30 % below the baseline;
    * ``"SD"`` otherwise.

    Ties count (+20 % with +5 mm is PD; −30 % is PR), compared exactly on the numbers as
    written. Non-target progression, which also makes PD, and the short-axis rule for
    lymph nodes are not modelled. Source: eisenhauer2009recist.

    >>> recist_response(baseline_sum_mm=100, nadir_sum_mm=40, current_sum_mm=50)
    'PD'
    >>> recist_response(baseline_sum_mm=50, nadir_sum_mm=50, current_sum_mm=30)
    'PR'
    """
    if not isinstance(new_lesions, bool):
        raise ValueError(f"new_lesions must be True or False, got {_show(new_lesions)}")
    baseline = _exact(_above(baseline_sum_mm, 0, "baseline sum", "mm"))
    nadir = _exact(_at_least(nadir_sum_mm, 0, "smallest earlier sum (nadir)", "mm"))
    current = _exact(_at_least(current_sum_mm, 0, "current sum", "mm"))
    if nadir > baseline:
        raise ValueError(
            f"the smallest earlier sum ({_show(nadir_sum_mm)} mm) cannot exceed the baseline "
            f"sum ({_show(baseline_sum_mm)} mm): the nadir includes the baseline"
        )
    rise = current - nadir
    if new_lesions or (
        rise >= _exact(RECIST_PD_MIN_INCREASE_MM)
        and rise * 100 >= nadir * _exact(RECIST_PD_MIN_INCREASE_PCT)
    ):
        return "PD"
    if current == 0:
        return "CR"
    if (baseline - current) * 100 >= baseline * _exact(RECIST_PR_MIN_DECREASE_PCT):
        return "PR"
    return "SD"


# ------------------------------------------------------------- WHO (sum of products)

#: WHO criteria (miller1981who): a partial response needs the sum of the products of the
#: two largest perpendicular diameters to fall by at least 50 % from baseline;
#: progression needs it to rise by at least 25 % over the smallest earlier measurement
#: (no absolute minimum, unlike RECIST's 5 mm).
WHO_PR_MIN_DECREASE_PCT = 50.0
WHO_PD_MIN_INCREASE_PCT = 25.0

#: The WHO categories have the same four names as RECIST's.
WHO_CATEGORIES = RECIST_CATEGORIES


def who_response(
    *,
    baseline_product_mm2: float,
    nadir_product_mm2: float,
    current_product_mm2: float,
    new_lesions: bool = False,
) -> str:
    """WHO response from the sum of the products of two perpendicular diameters (mm²).

    Each measurable lesion is measured by its largest diameter times the largest
    diameter perpendicular to it; the lesions' products are summed.
    ``baseline_product_mm2`` is that sum at baseline; ``nadir_product_mm2`` the smallest
    earlier sum, the baseline included (so it cannot exceed the baseline);
    ``current_product_mm2`` the sum now; ``new_lesions`` whether any new lesion has
    appeared. Returns:

    * ``"PD"`` if there are new lesions, or the sum of products is at least 25 % above
      the nadir (PD takes precedence over PR; after a complete response, a nadir of 0,
      any regrowth is PD);
    * ``"CR"`` if the sum is 0 (every lesion gone);
    * ``"PR"`` if the sum is at least 50 % below the baseline;
    * ``"SD"`` otherwise.

    Miller et al. wrote progression as an "increase of 25 % or more in the size of one
    or more measurable lesions", without saying against which measurement. Reading it
    against the smallest earlier measurement (the nadir, baseline included) is the
    convention RECIST later made explicit; it is the reading used here. Like
    :func:`recist_response`, it is applied to the sum, not lesion by lesion, and the
    confirmation of a response four weeks later that WHO asks for is not modelled.

    Ties count (+25 % is PD; −50 % is PR), compared exactly on the numbers as written.
    Source: miller1981who.

    The case's breast mass, 100 × 100 mm at presentation and 40 × 40 mm after paclitaxel
    (−84 %), then 50 × 50 mm (+56 % over the nadir):

    >>> who_response(baseline_product_mm2=10000, nadir_product_mm2=10000, current_product_mm2=1600)
    'PR'
    >>> who_response(baseline_product_mm2=10000, nadir_product_mm2=1600, current_product_mm2=2500)
    'PD'
    """
    if not isinstance(new_lesions, bool):
        raise ValueError(f"new_lesions must be True or False, got {_show(new_lesions)}")
    baseline = _exact(_above(baseline_product_mm2, 0, "baseline sum of products", "mm²"))
    nadir = _exact(
        _at_least(nadir_product_mm2, 0, "smallest earlier sum of products (nadir)", "mm²")
    )
    current = _exact(_at_least(current_product_mm2, 0, "current sum of products", "mm²"))
    if nadir > baseline:
        raise ValueError(
            f"the smallest earlier sum of products ({_show(nadir_product_mm2)} mm²) cannot "
            f"exceed the baseline sum of products ({_show(baseline_product_mm2)} mm²): "
            "the nadir includes the baseline"
        )
    rise = current - nadir
    # ``rise > 0``: after a complete response (nadir 0) a size of 0 is no increase, and
    # any regrowth is one.
    if new_lesions or (rise > 0 and rise * 100 >= nadir * _exact(WHO_PD_MIN_INCREASE_PCT)):
        return "PD"
    if current == 0:
        return "CR"
    if (baseline - current) * 100 >= baseline * _exact(WHO_PR_MIN_DECREASE_PCT):
        return "PR"
    return "SD"
