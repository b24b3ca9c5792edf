"""casebook.model: the bone-remodelling models (Komarova 2003, Ayati 2010).

Published or re-run features are checked with the numbers this solver gives
(LSODA, rtol 1e-8, atol 1e-10), each with a tolerance that a change of method or
tighter tolerances stays well inside. No timings here: see scripts/benchmark.py.
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

import numpy as np
import pytest

import casebook
from casebook.model import (
    RemodelingParams,
    TumourBoneParams,
    simulate_remodeling,
    simulate_tumour_bone,
    steady_state,
)

NAN = float("nan")
INF = float("inf")


@pytest.fixture(scope="module")
def cycle():
    """One remodelling cycle, the published defaults, 100 days."""
    return simulate_remodeling(100)


@pytest.fixture(scope="module")
def untreated():
    return simulate_tumour_bone(1200)


@pytest.fixture(scope="module")
def treated():
    """BIOMD0000000403: treatment from day 600."""
    return simulate_tumour_bone(1200, treatment_start_day=600)


def at(frame, day):
    (row,) = frame.index[np.isclose(frame["day"], day)]
    return frame.loc[row]


# ---------------------------------------------------------------------- steady state


def test_komarova_steady_state_has_the_published_values():
    x1, x2 = steady_state()
    assert x1 == pytest.approx(1.06, abs=0.005)
    assert x2 == pytest.approx(212.13, abs=0.005)
    # With these exponents γ = −1: x̄1 = (α1/β1)·√(β2/α2), x̄2 = (α1/β1)·√(α2/β2).
    assert x1 == pytest.approx(15 * math.sqrt(0.02 / 4), rel=1e-12)
    assert x2 == pytest.approx(15 * math.sqrt(4 / 0.02), rel=1e-12)
    assert steady_state(RemodelingParams()) == steady_state(None)


@pytest.mark.parametrize("params", [RemodelingParams(), RemodelingParams(alpha1=1.5, g22=0.2)])
def test_the_steady_state_is_a_fixed_point_of_the_cell_equations(params):
    """Checks the formula used (BIOMD0000000148's, not the paper's mistyped A2)."""
    p = params
    x1, x2 = steady_state(p)
    assert p.alpha1 * x1**p.g11 * x2**p.g21 == pytest.approx(p.beta1 * x1, rel=1e-12)
    assert p.alpha2 * x1**p.g12 * x2**p.g22 == pytest.approx(p.beta2 * x2, rel=1e-12)


def test_tumour_steady_state_uses_the_exponents_of_a_full_size_tumour():
    p = TumourBoneParams()
    c, b = steady_state(p)
    assert (c, b) == pytest.approx((4.994, 315.90), abs=0.01)
    # A fixed point of the cell equations at T = L_T (s = 1) ...
    s = 1.0
    assert p.alpha1 * c ** (p.g11 * (1 + p.r11 * s)) * b ** (p.g21 * (1 + p.r21 * s)) == (
        pytest.approx(p.beta1 * c, rel=1e-12)
    )
    assert p.alpha2 * c ** (p.g12 / (1 + p.r12 * s)) * b ** (p.g22 - p.r22 * s) == (
        pytest.approx(p.beta2 * b, rel=1e-12)
    )
    # ... and not the tumour-free one.
    plain = steady_state(RemodelingParams(g11=1.1))
    assert plain.osteoclasts == pytest.approx(1.159, abs=0.001)
    assert c != pytest.approx(plain.osteoclasts, abs=1)


# ------------------------------------------------------------------ Komarova features


def test_frame_columns_and_sampling(cycle):
    assert list(cycle.columns) == ["day", "osteoclasts", "osteoblasts", "bone_mass_pct"]
    assert len(cycle) == 1001
    assert cycle["day"].iloc[0] == 0 and cycle["day"].iloc[-1] == 100
    assert np.allclose(np.diff(cycle["day"]), 0.1)
    first = cycle.iloc[0]
    assert (first["osteoclasts"], first["osteoblasts"], first["bone_mass_pct"]) == (11, 212, 100)


def test_bone_mass_bottoms_near_89_8_percent_around_day_12(cycle):
    low = cycle.loc[cycle["bone_mass_pct"].idxmin()]
    assert low["bone_mass_pct"] == pytest.approx(89.84, abs=0.05)
    assert 12.0 <= low["day"] <= 12.5  # 12.3 here


def test_osteoblasts_peak_near_396_around_day_14(cycle):
    peak = cycle.loc[cycle["osteoblasts"].idxmax()]
    assert peak["osteoblasts"] == pytest.approx(395.8, abs=0.5)
    assert 13.5 <= peak["day"] <= 14.5  # 14.1 here


def test_bone_mass_is_back_within_half_a_percent_by_day_100(cycle):
    end = cycle["bone_mass_pct"].iloc[-1]
    assert abs(end - 100) < 0.5
    assert end == pytest.approx(99.77, abs=0.02)
    # The cycle is over: the cells are back near their steady state.
    x1, x2 = steady_state()
    assert cycle["osteoclasts"].iloc[-1] == pytest.approx(x1, abs=0.1)
    assert cycle["osteoblasts"].iloc[-1] == pytest.approx(x2, rel=0.05)


def test_days_need_not_be_whole():
    frame = simulate_remodeling(12.35)
    assert frame["day"].iloc[-1] == 12.35
    assert frame["day"].iloc[-2] == pytest.approx(12.3)
    assert frame["bone_mass_pct"].iloc[-1] == pytest.approx(89.84, abs=0.05)


# ------------------------------------------------- RANKL inhibition and its convention

#: Day-100 bone mass (%) with the steady state kept at its uninhibited value.
INHIBITED_DAY_100 = {0.1: 98.39, 0.25: 97.30, 0.5: 96.43, 0.75: 96.06, 0.9: 95.96}


def test_no_inhibition_is_the_default(cycle):
    assert simulate_remodeling(100, rankl_inhibition=0).equals(cycle)


def test_inhibition_lowers_day_100_bone_mass_below_100_percent_monotonically(cycle):
    """The chosen convention (x̄ kept uninhibited): bone mass ends lower the more E."""
    ends = {
        e: simulate_remodeling(100, rankl_inhibition=e)["bone_mass_pct"].iloc[-1]
        for e in INHIBITED_DAY_100
    }
    for e, expected in INHIBITED_DAY_100.items():
        assert ends[e] == pytest.approx(expected, abs=0.05), e
    values = [cycle["bone_mass_pct"].iloc[-1], *ends.values()]
    assert all(later < earlier for earlier, later in zip(values, values[1:], strict=False))
    assert max(ends.values()) < 100


def test_the_other_convention_would_rebuild_bone_above_100_percent():
    """Cutting α1 in the parameters instead recomputes x̄ from it: the opposite result.

    This is what simulate_remodeling does *not* do; it shows the convention matters.
    """
    for e in (0.25, 0.5):
        fixed = simulate_remodeling(100, rankl_inhibition=e)["bone_mass_pct"].iloc[-1]
        moved = simulate_remodeling(100, params=RemodelingParams(alpha1=3 * (1 - e)))
        assert fixed < 100 < moved["bone_mass_pct"].iloc[-1]


def test_inhibition_lowers_osteoclasts_and_the_osteoblasts_they_recruit(cycle):
    inhibited = simulate_remodeling(100, rankl_inhibition=0.5)
    assert inhibited["osteoclasts"].iloc[-1] < 0.5 * cycle["osteoclasts"].iloc[-1]
    assert inhibited["osteoblasts"].max() < cycle["osteoblasts"].max()
    # The resorption pit is shallower: the minimum is higher.
    assert inhibited["bone_mass_pct"].min() > cycle["bone_mass_pct"].min()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1, "rankl_inhibition must be ≥ 0 and < 1 .*, got 1$"),
        (1.5, "rankl_inhibition must be ≥ 0 and < 1 .*, got 1.5$"),
        (-0.1, "rankl_inhibition must be ≥ 0 and < 1 .*, got -0.1$"),
        (NAN, "rankl_inhibition must be a finite number, got nan"),
        (INF, "rankl_inhibition must be a finite number, got inf"),
        ("a", "rankl_inhibition must be a number, got 'a'"),
        (None, "rankl_inhibition must be a number, got None"),
        (True, "rankl_inhibition must be a number, got True"),
    ],
)
def test_rankl_inhibition_outside_0_to_1_is_refused(value, message):
    with pytest.raises(ValueError, match=message):
        simulate_remodeling(100, rankl_inhibition=value)


# -------------------------------------------------------------------- Ayati: untreated


def test_tumour_frame_columns(untreated):
    assert list(untreated.columns) == [
        "day",
        "osteoclasts",
        "osteoblasts",
        "tumour",
        "bone_mass_pct",
    ]
    assert len(untreated) == 1201
    assert np.array_equal(untreated["day"], np.arange(1201.0))
    assert (untreated[["osteoclasts", "osteoblasts", "tumour"]] >= 0).all().all()


def test_untreated_bone_mass_is_about_76_percent_at_day_600(untreated):
    assert at(untreated, 600)["bone_mass_pct"] == pytest.approx(76.27, abs=0.5)


def test_untreated_bone_is_nearly_gone_by_day_1200(untreated):
    assert at(untreated, 1200)["bone_mass_pct"] == pytest.approx(3.1, abs=1)


def gompertz(t, t0, tumour0, rate, l_t=100.0):
    """Closed form of dT/dt = rate·T·ln(L_T/T) from T(t0) = tumour0."""
    return l_t * np.exp(np.log(tumour0 / l_t) * np.exp(-rate * (t - t0)))


def test_the_tumour_follows_the_gompertz_law(untreated):
    expected = gompertz(untreated["day"], 0, 1, 0.005)
    assert np.allclose(untreated["tumour"], expected, rtol=1e-6)
    assert at(untreated, 600)["tumour"] == pytest.approx(79.51, abs=0.01)
    assert at(untreated, 1200)["tumour"] == pytest.approx(98.86, abs=0.01)


# ---------------------------------------------------------------------- Ayati: treated


def test_treatment_changes_nothing_before_its_start(untreated, treated):
    before = untreated["day"] <= 600
    assert np.allclose(treated[before], untreated[before], rtol=1e-5, atol=1e-6)


def test_treatment_from_day_600_shrinks_the_tumour(treated):
    after = treated[treated["day"] >= 600]
    assert (np.diff(after["tumour"]) < 0).all()
    assert at(treated, 1200)["tumour"] == pytest.approx(24.98, abs=0.01)
    # Exactly: γ_T − V2 = −0.003 per day from the state at day 600.
    expected = gompertz(after["day"], 600, at(treated, 600)["tumour"], 0.005 - 0.008)
    assert np.allclose(after["tumour"], expected, rtol=1e-6)


def test_treatment_from_day_600_slows_the_bone_loss(untreated, treated):
    lost_untreated = at(untreated, 600)["bone_mass_pct"] - at(untreated, 1200)["bone_mass_pct"]
    lost_treated = at(treated, 600)["bone_mass_pct"] - at(treated, 1200)["bone_mass_pct"]
    assert lost_untreated == pytest.approx(73.1, abs=1)
    assert lost_treated == pytest.approx(19.0, abs=1)
    assert at(treated, 1200)["bone_mass_pct"] == pytest.approx(57.2, abs=1)


def test_the_treatment_switch_need_not_fall_on_a_sampled_day(treated):
    later = simulate_tumour_bone(1200, treatment_start_day=600.5)
    assert np.array_equal(later["day"], np.arange(1201.0))
    assert at(later, 601)["tumour"] == pytest.approx(
        gompertz(601, 600.5, gompertz(600.5, 0, 1, 0.005), -0.003), rel=1e-6
    )
    # Half a day later barely matters.
    assert at(later, 1200)["tumour"] == pytest.approx(at(treated, 1200)["tumour"], rel=0.01)


def test_treatment_from_day_0_and_after_the_window(untreated):
    from_start = simulate_tumour_bone(100, treatment_start_day=0)
    assert (np.diff(from_start["tumour"]) < 0).all()
    assert np.allclose(from_start["tumour"], gompertz(from_start["day"], 0, 1, -0.003), rtol=1e-6)
    too_late = simulate_tumour_bone(1200, treatment_start_day=1200)
    assert np.allclose(too_late, untreated)


# ------------------------------------------------------------------ rejected input


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-5, "days must be > 0, got -5"),
        (0, "days must be > 0, got 0"),
        (NAN, "days must be a finite number, got nan"),
        (INF, "days must be a finite number, got inf"),
        ("100", "days must be a number, got '100'"),
        (None, "days must be a number, got None"),
    ],
)
@pytest.mark.parametrize("simulate", [simulate_remodeling, simulate_tumour_bone])
def test_days_must_be_a_positive_number(simulate, days, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        simulate(days)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "treatment_start_day must be ≥ 0, got -1"),
        (NAN, "treatment_start_day must be a finite number, got nan"),
        ("600", "treatment_start_day must be a number, got '600'"),
    ],
)
def test_treatment_start_day_must_be_a_day(value, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        simulate_tumour_bone(100, treatment_start_day=value)


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        (RemodelingParams, {"beta1": -0.2}, "beta1 must be > 0, got -0.2"),
        (RemodelingParams, {"alpha1": 0}, "alpha1 must be > 0, got 0"),
        (RemodelingParams, {"k2": INF}, "k2 must be a finite number, got inf"),
        (RemodelingParams, {"g11": NAN}, "g11 must be a finite number, got nan"),
        (RemodelingParams, {"alpha2": "4"}, "alpha2 must be a number, got '4'"),
        (RemodelingParams, {"k1": True}, "k1 must be a number, got True"),
        (RemodelingParams, {"osteoclasts0": -11}, "osteoclasts0 must be > 0, got -11"),
        (
            RemodelingParams,
            {"g11": 1.0, "g12": 0.0},
            "the exponents give γ = g12·g21 − (1 − g11)(1 − g22) = 0, so the model has no steady state",
        ),
        (TumourBoneParams, {"gamma_t": 0}, "gamma_t must be > 0, got 0"),
        (TumourBoneParams, {"l_t": -100}, "l_t must be > 0, got -100"),
        (TumourBoneParams, {"r22": -0.2}, "r22 must be ≥ 0, got -0.2"),
        (TumourBoneParams, {"v2": NAN}, "v2 must be a finite number, got nan"),
        (TumourBoneParams, {"tumour0": 0}, "tumour0 must be > 0, got 0"),
        (
            TumourBoneParams,
            {"v1": 0.02},
            "treatment must leave osteoblast removal positive (beta2 − v1 > 0), "
            "got beta2 = 0.02 and v1 = 0.02 per day",
        ),
        (
            TumourBoneParams,
            {"g12": 0.0, "g22": 1.5, "r22": 0.5},
            "the exponents modified by a full-size tumour",
        ),
    ],
)
def test_invalid_parameters_are_refused_with_a_sentence(kind, change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        kind(**change)


def test_validate_returns_the_parameters():
    p = TumourBoneParams()
    assert p.validate() is p


def test_parameters_are_frozen():
    with pytest.raises(AttributeError):
        RemodelingParams().alpha1 = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("simulate", "params", "message"),
    [
        (
            simulate_remodeling,
            TumourBoneParams(),
            "params must be a RemodelingParams .*, got a TumourBoneParams",
        ),
        (
            simulate_tumour_bone,
            RemodelingParams(),
            "params must be a TumourBoneParams .*, got a RemodelingParams",
        ),
        (simulate_remodeling, {"alpha1": 3}, "params must be a RemodelingParams"),
    ],
)
def test_the_wrong_parameter_set_is_refused(simulate, params, message):
    with pytest.raises(ValueError, match=message):
        simulate(100, params=params)


def test_steady_state_refuses_what_is_not_a_parameter_set():
    with pytest.raises(ValueError, match="params must be a RemodelingParams or TumourBoneParams"):
        steady_state("defaults")


# --------------------------------------------------------------------------- layering


def test_the_model_imports_only_science_libraries_and_the_shared_checks():
    """Below the charts and widgets: numpy, pandas, scipy, the stdlib, the input checks."""
    path = Path(casebook.__file__).parent / "model.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    casebook_modules = {m for m in imported if m.startswith("casebook")}
    assert casebook_modules == {"casebook.clinical._checks"}
    assert imported - casebook_modules <= {
        "__future__",
        "math",
        "dataclasses",
        "typing",
        "numpy",
        "pandas",
        "scipy",
        "scipy.integrate",
    }
