"""Response over time: percent change and the RECIST 1.1 target-lesion response.

Sums of diameters in mm. See :mod:`casebook.clinical` for the units, error policy and
sources of every rule.
"""

from __future__ import annotations

from ._checks import _above, _at_least, _show

__all__ = [
    "percent_change",
    "RECIST_PD_MIN_INCREASE_PCT",
    "RECIST_PD_MIN_INCREASE_MM",
    "RECIST_PR_MIN_DECREASE_PCT",
    "RECIST_CATEGORIES",
    "recist_target_response",
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
