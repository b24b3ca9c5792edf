"""Response over time: percent change and the RECIST 1.1 target-lesion response.

Sums of diameters in mm. See :mod:`casebook.clinical` for the units, error policy and
sources of every rule.
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
