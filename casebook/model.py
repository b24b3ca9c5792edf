"""Bone-remodelling models for the mechanisms chapter: ODEs in, sampled frames out.

Two published models, each solved with SciPy's LSODA (``odeint``):

* :func:`simulate_remodeling`: Komarova et al. 2003, one remodelling cycle of a single
  basic multicellular unit (BioModels BIOMD0000000148), with an optional RANKL
  inhibition (a modelling convention for denosumab, see below);
* :func:`simulate_tumour_bone`: Ayati et al. 2010, the same power-law model with a
  Gompertzian tumour that disturbs it (BIOMD0000000402 untreated, BIOMD0000000403
  treated). The tumour in that paper is **multiple myeloma, not breast cancer**: the
  chapter uses it as a picture of how any tumour in the marrow can unbalance
  remodelling, not as a model of this case.

Units: time in **days**; cell "counts" are the models' dimensionless cell numbers;
bone mass is a **percentage** of its starting value (100 %). Both functions return a
:class:`pandas.DataFrame` with the columns ``day``, ``osteoclasts``, ``osteoblasts``,
``bone_mass_pct`` (and ``tumour`` for the tumour model).

Parameters are frozen dataclasses (:class:`RemodelingParams`, :class:`TumourBoneParams`)
whose defaults are the published values; ``params=None`` means those defaults. They
check themselves when made, and every rejected input raises :class:`ValueError` with a
sentence naming the quantity and the value received (the wording of
:mod:`casebook.clinical._checks`, reused here).

This module is not part of :mod:`casebook.clinical` (it needs NumPy, pandas and
SciPy); like the rules, it imports nothing from the higher layers (charts, widgets,
pages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.integrate import odeint

from casebook.clinical._checks import _above, _at_least, _number

__all__ = [
    "RemodelingParams",
    "TumourBoneParams",
    "SteadyState",
    "steady_state",
    "simulate_remodeling",
    "simulate_tumour_bone",
    "SOLVER",
]

#: The tolerances both models are solved with (LSODA). LSODA switches between a non-stiff (Adams) and a stiff
#: (BDF) method as the problem demands: the tumour model's cell numbers swing over six
#: orders of magnitude in each cycle. With these tolerances the published features
#: agree to three decimals with a run at rtol 1e-10, atol 1e-12 (and with BDF and Radau).
#: ``odeint`` calls ODEPACK's LSODA directly: the same method as ``solve_ivp``'s
#: "LSODA", without a Python layer per step, about 2.8× faster (a live explorer reruns
#: two solves per change); the runs agree within 3e-4 percentage points of bone mass.
SOLVER = {"rtol": 1e-8, "atol": 1e-10}

#: Rows per day of the returned frames: one remodelling cycle is resolved finely
#: (its bone-mass minimum lasts hours); the tumour model's years are sampled daily.
REMODELING_SAMPLES_PER_DAY = 10
TUMOUR_SAMPLES_PER_DAY = 1

# A cell number the solver probes just below zero is read as this (no NaN from x**g).
_TINY = 1e-300


# ------------------------------------------------------------------------ parameters


class SteadyState(NamedTuple):
    """The non-trivial steady state (x̄1, x̄2): cells above it resorb or form bone."""

    osteoclasts: float  # x̄1 (cells)
    osteoblasts: float  # x̄2 (cells)


def _power_law_steady_state(alpha1, alpha2, beta1, beta2, g11, g12, g21, g22) -> SteadyState:
    """x̄1, x̄2 of dx1/dt = α1·x1^g11·x2^g21 − β1·x1, dx2/dt = α2·x1^g12·x2^g22 − β2·x2.

    The form of BIOMD0000000148 (its curators report a typo in the paper's equation A2).
    """
    gamma = g12 * g21 - (1 - g11) * (1 - g22)
    r1, r2 = beta1 / alpha1, beta2 / alpha2
    return SteadyState(
        r1 ** ((1 - g22) / gamma) * r2 ** (g21 / gamma),
        r1 ** (g12 / gamma) * r2 ** ((1 - g11) / gamma),
    )


def _check_fields(params, positive: tuple[str, ...], non_negative: tuple[str, ...]) -> None:
    """Every field a finite number; the named ones > 0 or ≥ 0 (sentences name the field)."""
    for f in fields(params):
        value = getattr(params, f.name)
        if f.name in positive:
            _above(value, 0, f.name, "")
        elif f.name in non_negative:
            _at_least(value, 0, f.name, "")
        else:
            _number(value, f.name, "")


def _check_gamma(g11, g12, g21, g22, which: str) -> None:
    gamma = g12 * g21 - (1 - g11) * (1 - g22)
    if gamma == 0:
        raise ValueError(
            f"the exponents{which} give γ = g12·g21 − (1 − g11)(1 − g22) = 0, "
            "so the model has no steady state; change g11, g12, g21 or g22"
        )


@dataclass(frozen=True)
class RemodelingParams:
    """Komarova 2003 (BIOMD0000000148): one remodelling cycle. Defaults are published.

    Power-law (S-system) model: osteoclasts x1 and osteoblasts x2 regulate each other
    through the exponents g (autocrine g11, g22; paracrine g12, g21); bone mass z falls
    with osteoclasts above their steady state and rises with osteoblasts above theirs.
    The α are in cells^(1 − sum of the exponents)/day; cell numbers are dimensionless.
    """

    alpha1: float = 3.0  # osteoclast production (per day, power-law scaled)
    alpha2: float = 4.0  # osteoblast production (per day, power-law scaled)
    beta1: float = 0.2  # osteoclast removal (per day)
    beta2: float = 0.02  # osteoblast removal (per day)
    g11: float = 0.5  # osteoclast autocrine exponent (dimensionless)
    g12: float = 1.0  # osteoclast → osteoblast paracrine exponent (dimensionless)
    g21: float = -0.5  # osteoblast → osteoclast paracrine exponent (dimensionless)
    g22: float = 0.0  # osteoblast autocrine exponent (dimensionless)
    k1: float = 0.24  # bone resorbed per osteoclast above steady state (% per cell per day)
    k2: float = 0.0017  # bone formed per osteoblast above steady state (% per cell per day)
    osteoclasts0: float = 11.0  # x1(0): osteoclasts at day 0 (cells)
    osteoblasts0: float = 212.0  # x2(0): osteoblasts at day 0 (cells)
    bone_mass0_pct: float = 100.0  # z(0): bone mass at day 0 (%)

    _POSITIVE = ("alpha1", "alpha2", "beta1", "beta2", "k1", "k2", "osteoclasts0")
    _POSITIVE += ("osteoblasts0", "bone_mass0_pct")

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> RemodelingParams:
        """Return self, or raise ValueError with a sentence naming the first bad field.

        Every field must be a finite number (not a bool or a string); rates,
        coefficients and starting values must be > 0; the exponents must give the
        model a steady state (γ ≠ 0).
        """
        _check_fields(self, self._POSITIVE, ())
        _check_gamma(self.g11, self.g12, self.g21, self.g22, "")
        return self


@dataclass(frozen=True)
class TumourBoneParams:
    """Ayati 2010 (BIOMD0000000402/403): remodelling disturbed by a tumour (myeloma).

    The tumour T grows by a Gompertz law towards its maximum L_T and changes the
    exponents by the fraction T/L_T through the sensitivities r. Treatment (403) lowers
    osteoblast removal by V1 and the tumour's growth rate by V2, so that γ_T − V2 < 0
    shrinks the tumour. Defaults are the published values.
    """

    alpha1: float = 3.0  # osteoclast production (per day, power-law scaled)
    alpha2: float = 4.0  # osteoblast production (per day, power-law scaled)
    beta1: float = 0.2  # osteoclast removal (per day)
    beta2: float = 0.02  # osteoblast removal (per day)
    g11: float = 1.1  # osteoclast autocrine exponent (dimensionless)
    g12: float = 1.0  # osteoclast → osteoblast paracrine exponent (dimensionless)
    g21: float = -0.5  # osteoblast → osteoclast paracrine exponent (dimensionless)
    g22: float = 0.0  # osteoblast autocrine exponent (dimensionless)
    k1: float = 0.0748  # bone resorbed per osteoclast above steady state (% per cell per day)
    k2: float = 0.0006395  # bone formed per osteoblast above steady state (% per cell per day)
    gamma_t: float = 0.005  # γ_T: tumour growth rate (per day)
    l_t: float = 100.0  # L_T: maximum tumour size (tumour units)
    r11: float = 0.005  # tumour effect on g11 (dimensionless, ≥ 0)
    r12: float = 0.0  # tumour effect on g12 (dimensionless, ≥ 0)
    r21: float = 0.0  # tumour effect on g21 (dimensionless, ≥ 0)
    r22: float = 0.2  # tumour effect on g22 (dimensionless, ≥ 0)
    v1: float = 0.001  # V1: treatment's cut in osteoblast removal β2 (per day)
    v2: float = 0.008  # V2: treatment's cut in tumour growth rate γ_T (per day)
    osteoclasts0: float = 13.0  # C(0): osteoclasts at day 0 (cells)
    osteoblasts0: float = 300.0  # B(0): osteoblasts at day 0 (cells)
    tumour0: float = 1.0  # T(0): tumour at day 0 (tumour units)
    bone_mass0_pct: float = 100.0  # z(0): bone mass at day 0 (%)

    _POSITIVE = ("alpha1", "alpha2", "beta1", "beta2", "k1", "k2", "gamma_t", "l_t")
    _POSITIVE += ("osteoclasts0", "osteoblasts0", "tumour0", "bone_mass0_pct")
    _NON_NEGATIVE = ("r11", "r12", "r21", "r22", "v1", "v2")

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> TumourBoneParams:
        """Return self, or raise ValueError with a sentence naming the first bad field.

        As :meth:`RemodelingParams.validate`, and: the sensitivities r and the
        treatment effects V are ≥ 0; treatment must leave osteoblast removal positive
        (β2 − V1 > 0); the exponents modified by a full-size tumour must still give a
        steady state.
        """
        _check_fields(self, self._POSITIVE, self._NON_NEGATIVE)
        _check_gamma(self.g11, self.g12, self.g21, self.g22, "")
        if not self.beta2 - self.v1 > 0:
            raise ValueError(
                f"treatment must leave osteoblast removal positive (beta2 − v1 > 0), "
                f"got beta2 = {self.beta2:g} and v1 = {self.v1:g} per day"
            )
        _check_gamma(*self.full_tumour_exponents(), " modified by a full-size tumour (T = L_T)")
        return self

    def full_tumour_exponents(self) -> tuple[float, float, float, float]:
        """(g11, g12, g21, g22) as the tumour modifies them at T = L_T."""
        return (
            self.g11 * (1 + self.r11),
            self.g12 / (1 + self.r12),
            self.g21 * (1 + self.r21),
            self.g22 - self.r22,
        )


def steady_state(params: RemodelingParams | TumourBoneParams | None = None) -> SteadyState:
    """The steady state (x̄1, x̄2) that the bone-mass equation measures cells against.

    For :class:`RemodelingParams` (``None``: the published defaults) it is the
    non-trivial steady state of the two cell equations. For :class:`TumourBoneParams`
    it is computed with the tumour-modified exponents, as if T = L_T (Ayati 2010, as in
    BIOMD0000000402): C̄ ≈ 4.99, B̄ ≈ 315.9 with the defaults.

    >>> round(steady_state().osteoclasts, 3), round(steady_state().osteoblasts, 2)
    (1.061, 212.13)
    """
    p = _params_of(params, RemodelingParams, TumourBoneParams)
    if isinstance(p, TumourBoneParams):
        exponents = p.full_tumour_exponents()
    else:
        exponents = (p.g11, p.g12, p.g21, p.g22)
    return _power_law_steady_state(p.alpha1, p.alpha2, p.beta1, p.beta2, *exponents)


def _describe(value) -> str:
    """A rejected ``params`` as quoted back: a parameter set by its class, else its repr."""
    if isinstance(value, (RemodelingParams, TumourBoneParams)):
        return f"a {type(value).__name__}"
    return repr(value)


def _params_of(params, *kinds):
    """``params`` checked, or the first kind's published defaults when it is None."""
    if params is None:
        return kinds[0]()
    if type(params) not in kinds:
        names = " or ".join(kind.__name__ for kind in kinds)
        raise ValueError(
            f"params must be a {names} (or None for the published defaults), "
            f"got {_describe(params)}"
        )
    return params.validate()


# --------------------------------------------------------------------------- solving


def _days(days) -> float:
    return float(_above(days, 0, "days", ""))


def _grid(days: float, per_day: int) -> np.ndarray:
    """Sample times 0, 1/per_day, … up to ``days``, which is always the last."""
    n = math.floor(days * per_day + 1e-9)
    t = np.arange(n + 1) / per_day
    if days - t[-1] > 1e-9:
        t = np.append(t, days)
    else:
        t[-1] = days
    return t


def _solve(rhs, t0: float, t1: float, y0, t_eval: np.ndarray) -> np.ndarray:
    """The states at ``t_eval`` (within [t0, t1]); the last column is the state at t1."""
    t_eval = np.append(t_eval[t_eval < t1], t1)
    times = t_eval if t_eval[0] == t0 else np.concatenate([[t0], t_eval])  # odeint starts at t0
    y, info = odeint(
        rhs,
        y0,
        times,
        tfirst=True,
        full_output=True,
        **SOLVER,
    )
    if info["message"] != "Integration successful.":  # pragma: no cover - valid parameters
        raise RuntimeError(
            f"the ODE solver failed between day {t0:g} and {t1:g}: {info['message']}"
        )
    return y[len(times) - len(t_eval) :].T


def _non_negative(cells: np.ndarray) -> np.ndarray:
    """Cell numbers and tumour sizes, with the solver's sub-tolerance negatives as 0."""
    return np.maximum(cells, 0.0)


def simulate_remodeling(
    days, *, rankl_inhibition=0.0, params: RemodelingParams | None = None
) -> pd.DataFrame:
    """One remodelling cycle (Komarova 2003), sampled every 0.1 day from day 0 to ``days``.

    Returns columns ``day``, ``osteoclasts``, ``osteoblasts`` (cells) and
    ``bone_mass_pct`` (% of the starting bone mass). With the published defaults the
    bone mass bottoms at ≈ 89.8 % near day 12.3, osteoblasts peak at ≈ 396 near
    day 14, and bone mass is back to ≈ 99.8 % by day 100.

    ``rankl_inhibition`` E, in [0, 1), scales osteoclast production α1 → α1·(1 − E).
    This is a **modelling convention** for denosumab (an antibody that acts as a RANKL
    decoy), not a published parameter set. E = 1 would stop osteoclast production
    altogether and is refused, as are values outside [0, 1), NaN and non-numbers.

    **Convention for the steady state:** the steady state (x̄1, x̄2) that bone
    resorption and formation are measured against is kept at its *uninhibited* value
    (:func:`steady_state` of ``params``), i.e. bone turnover is referred to the
    untreated skeleton's set point. Consequence: inhibition lowers the osteoclasts
    *and* the osteoblasts they recruit, fewer osteoblasts rise above x̄2, and bone
    mass at day 100 ends *below* 100 %, lower the stronger the inhibition (≈ 98.4 %
    at E = 0.1, ≈ 96.4 % at E = 0.5). Recomputing x̄ from the inhibited α1 instead
    would lower x̄2 too, and bone mass would end *above* 100 %.
    """
    days = _days(days)
    p = _params_of(params, RemodelingParams)
    e = _number(rankl_inhibition, "rankl_inhibition", "")
    if not 0 <= e < 1:
        raise ValueError(
            "rankl_inhibition must be ≥ 0 and < 1 (the fraction by which osteoclast "
            f"production is cut; 1 would stop it altogether), got {rankl_inhibition}"
        )
    alpha1 = p.alpha1 * (1 - float(e))
    x1_bar, x2_bar = steady_state(p)  # uninhibited, by convention (see the docstring)
    alpha2, beta1, beta2 = p.alpha2, p.beta1, p.beta2
    g11, g12, g21, g22, k1, k2 = p.g11, p.g12, p.g21, p.g22, p.k1, p.k2

    def rhs(_t, y):
        x1, x2, _z = y.tolist()
        x1, x2 = max(x1, _TINY), max(x2, _TINY)
        return [
            alpha1 * x1**g11 * x2**g21 - beta1 * x1,
            alpha2 * x1**g12 * x2**g22 - beta2 * x2,
            -k1 * max(0.0, x1 - x1_bar) + k2 * max(0.0, x2 - x2_bar),
        ]

    t = _grid(days, REMODELING_SAMPLES_PER_DAY)
    y = _solve(rhs, 0.0, days, [p.osteoclasts0, p.osteoblasts0, p.bone_mass0_pct], t)
    cells = _non_negative(y[:2])
    return pd.DataFrame(
        {"day": t, "osteoclasts": cells[0], "osteoblasts": cells[1], "bone_mass_pct": y[2]}
    )


def simulate_tumour_bone(
    days, *, treatment_start_day=None, params: TumourBoneParams | None = None
) -> pd.DataFrame:
    """Remodelling disturbed by a growing tumour (Ayati 2010), sampled daily.

    The tumour in Ayati et al. is **multiple myeloma**, not breast cancer; the model
    shows how a tumour in the marrow can unbalance remodelling, not this case's course.

    Returns columns ``day``, ``osteoclasts``, ``osteoblasts`` (cells), ``tumour``
    (tumour units, at most L_T = 100) and ``bone_mass_pct`` (% of the starting bone
    mass). The equations (BIOMD0000000402), with s = T/L_T::

        dC/dt = α1·C^(g11(1+r11·s))·B^(g21(1+r21·s)) − β1·C
        dB/dt = α2·C^(g12/(1+r12·s))·B^(g22 − r22·s) − β2·B
        dT/dt = γ_T·T·ln(L_T/T)
        dz/dt = −k1·max(0, C − C̄) + k2·max(0, B − B̄)

    where C̄, B̄ are :func:`steady_state` of ``params`` (the tumour-modified exponents,
    as if T = L_T). Untreated, with the defaults, bone mass is ≈ 76 % at day 600 and
    ≈ 3 % at day 1,200. Cell numbers and tumour sizes that the solver leaves a
    rounding error below zero (they can fall to 10⁻⁷⁰ under treatment) are reported as 0.

    ``treatment_start_day`` (None: untreated) switches on the treatment of
    BIOMD0000000403 (published from day 600): β2 → β2 − V1 and γ_T → γ_T − V2. The
    integration is split at that day, so the switch is exact. A start day at or after
    ``days`` leaves the whole window untreated.
    """
    days = _days(days)
    p = _params_of(params, TumourBoneParams)
    if treatment_start_day is not None:
        start = float(_at_least(treatment_start_day, 0, "treatment_start_day", ""))
    else:
        start = math.inf
    c_bar, b_bar = steady_state(p)

    def make_rhs(beta2: float, gamma_t: float):
        alpha1, alpha2, beta1, l_t = p.alpha1, p.alpha2, p.beta1, p.l_t
        g11, g12, g21, g22 = p.g11, p.g12, p.g21, p.g22
        r11, r12, r21, r22, k1, k2 = p.r11, p.r12, p.r21, p.r22, p.k1, p.k2

        def rhs(_t, y):
            c, b, tumour, _z = y.tolist()
            c, b, tumour = max(c, _TINY), max(b, _TINY), max(tumour, _TINY)
            s = tumour / l_t
            return [
                alpha1 * c ** (g11 * (1 + r11 * s)) * b ** (g21 * (1 + r21 * s)) - beta1 * c,
                alpha2 * c ** (g12 / (1 + r12 * s)) * b ** (g22 - r22 * s) - beta2 * b,
                gamma_t * tumour * math.log(l_t / tumour),
                -k1 * max(0.0, c - c_bar) + k2 * max(0.0, b - b_bar),
            ]

        return rhs

    t = _grid(days, TUMOUR_SAMPLES_PER_DAY)
    y0 = [p.osteoclasts0, p.osteoblasts0, p.tumour0, p.bone_mass0_pct]
    untreated = make_rhs(p.beta2, p.gamma_t)
    if start >= days:
        y = _solve(untreated, 0.0, days, y0, t)
    else:
        treated = make_rhs(p.beta2 - p.v1, p.gamma_t - p.v2)
        if start == 0:
            y = _solve(treated, 0.0, days, y0, t)
        else:
            n_before = np.count_nonzero(t <= start)
            before = _solve(untreated, 0.0, start, y0, t[:n_before])
            # The treated run starts from the state at the start day exactly.
            after = _solve(treated, start, days, before[:, -1], t[n_before:])
            y = np.concatenate([before[:, :n_before], after], axis=1)
    cells = _non_negative(y[:3])
    return pd.DataFrame(
        {
            "day": t,
            "osteoclasts": cells[0],
            "osteoblasts": cells[1],
            "tumour": cells[2],
            "bone_mass_pct": y[3],
        }
    )
