"""Tests for casebook.clinical: thresholds, input checks, worked examples, properties."""

from __future__ import annotations

import ast
import decimal
import doctest
import fractions
import importlib
import math
import pkgutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import clinical
from casebook.clinical import (
    CTCAE_PLATELET_BANDS,
    CTCAE_PLATELET_THRESHOLDS_10E9_PER_L,
    TRANSFUSION_THRESHOLDS,
    bsa_mosteller,
    case_trigger,
    cci_category,
    cci_interpretation,
    corrected_count_increment,
    ctcae_platelet_bands,
    ctcae_platelet_grade,
    percent_change,
    transfusion_thresholds,
)

BAD_NUMBERS = [float("nan"), float("inf"), -float("inf"), None, "18", True, False, [18], object()]

# ------------------------------------------------------------------------ CTCAE grade


@pytest.mark.parametrize(
    "count, grade",
    [
        (1000.0, 0),
        (150.00001, 0),
        (150.0, 0),  # = LLN -> not decreased
        (149.99999, 1),
        (92, 1),  # the case's first count
        (75.00001, 1),
        (75.0, 1),  # exactly 75 is grade 1
        (74.99999, 2),
        (50.00001, 2),
        (50.0, 2),  # exactly 50 is grade 2
        (49.99999, 3),
        (25.00001, 3),
        (25.0, 3),  # exactly 25 is grade 3
        (24.99999, 4),
        (18, 4),  # the case's second count
        (0, 4),
        (0.0, 4),
    ],
)
def test_ctcae_grade_boundaries(count, grade):
    assert ctcae_platelet_grade(count) == grade


@pytest.mark.parametrize(
    "threshold, grade_at, grade_below", [(75.0, 1, 2), (50.0, 2, 3), (25.0, 3, 4)]
)
def test_ctcae_grade_adjacent_floats(threshold, grade_at, grade_below):
    """No drift: the nearest float below a threshold is already the worse grade."""
    assert ctcae_platelet_grade(threshold) == grade_at
    assert ctcae_platelet_grade(math.nextafter(threshold, 0)) == grade_below
    assert ctcae_platelet_grade(math.nextafter(threshold, math.inf)) == grade_at


def test_ctcae_grade_exact_numbers_are_not_rounded():
    # A fraction a hair below 75 must not be rounded up to 75 on the way in.
    just_below = fractions.Fraction(75) - fractions.Fraction(1, 10**30)
    assert ctcae_platelet_grade(just_below) == 2
    assert ctcae_platelet_grade(decimal.Decimal("74.999999999999999999999")) == 2
    assert ctcae_platelet_grade(decimal.Decimal("75")) == 1
    assert ctcae_platelet_grade(fractions.Fraction(75)) == 1


@pytest.mark.parametrize(
    "count, lln, grade",
    [
        (139.9, 140, 1),
        (140, 140, 0),
        (140.1, 140, 0),
        (75.5, 75.5, 0),
        (75.4, 75.5, 1),
        (75, 75.5, 1),
    ],
)
def test_ctcae_grade_custom_lln(count, lln, grade):
    assert ctcae_platelet_grade(count, lln) == grade
    assert ctcae_platelet_grade(count, lln_10e9_per_l=lln) == grade


@pytest.mark.parametrize("lln", [75, 75.0, 70, 0, -150])
def test_ctcae_lln_must_exceed_75(lln):
    with pytest.raises(ValueError, match=r"lower limit of normal.*> 75 ×10⁹/L.*got"):
        ctcae_platelet_grade(50, lln)


@pytest.mark.parametrize("lln", BAD_NUMBERS)
def test_ctcae_lln_rejects_non_numbers(lln):
    with pytest.raises(ValueError, match="lower limit of normal"):
        ctcae_platelet_grade(50, lln)


def test_ctcae_negative_count_message():
    with pytest.raises(ValueError) as info:
        ctcae_platelet_grade(-5)
    assert str(info.value) == "platelet count must be ≥ 0 ×10⁹/L, got -5"


@pytest.mark.parametrize("bad", BAD_NUMBERS + [-0.001, -5])
def test_ctcae_rejects_bad_counts(bad):
    with pytest.raises(ValueError, match=r"^platelet count must be .*got "):
        ctcae_platelet_grade(bad)


def test_bands_are_the_single_source_of_truth():
    assert [tuple(b) for b in CTCAE_PLATELET_BANDS] == [
        (0, 150.0, math.inf),
        (1, 75.0, 150.0),
        (2, 50.0, 75.0),
        (3, 25.0, 50.0),
        (4, 0.0, 25.0),
    ]
    assert CTCAE_PLATELET_THRESHOLDS_10E9_PER_L == (75.0, 50.0, 25.0)
    # Bands are contiguous and ordered, and every band's lower edge has its own grade.
    for upper_band, lower_band in zip(CTCAE_PLATELET_BANDS, CTCAE_PLATELET_BANDS[1:], strict=False):
        assert lower_band.upper == upper_band.lower
        assert lower_band.grade == upper_band.grade + 1
    for band in CTCAE_PLATELET_BANDS:
        assert ctcae_platelet_grade(band.lower) == band.grade
        assert isinstance(band.label, str) and f"Grade {band.grade}" in band.label
    grade, lower, upper = CTCAE_PLATELET_BANDS[2]  # unpacks as a plain tuple
    assert (grade, lower, upper) == (2, 50.0, 75.0)


def test_bands_for_other_lln():
    bands = ctcae_platelet_bands(140)
    assert bands[0] == (0, 140, math.inf)
    assert bands[1] == (1, 75.0, 140)
    with pytest.raises(ValueError):
        ctcae_platelet_bands(75)


@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_grade_never_decreases_as_count_falls(a, b):
    low, high = sorted((a, b))
    assert ctcae_platelet_grade(low) >= ctcae_platelet_grade(high)


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.floats(min_value=75, max_value=1000, exclude_min=True, allow_nan=False),
)
def test_grade_in_range_and_matches_a_band(count, lln):
    grade = ctcae_platelet_grade(count, lln)
    assert grade in (0, 1, 2, 3, 4)
    (band,) = [b for b in ctcae_platelet_bands(lln) if b.lower <= count < b.upper]
    assert band.grade == grade


# ------------------------------------------------------------------------------- BSA


def test_bsa_value():
    assert bsa_mosteller(height_cm=180, weight_kg=80) == pytest.approx(math.sqrt(180 * 80 / 3600))
    assert bsa_mosteller(height_cm=160, weight_kg=63) == pytest.approx(1.6733, abs=1e-4)
    assert bsa_mosteller(height_cm=160, weight_kg=45) == pytest.approx(1.4142, abs=1e-4)


def test_bsa_range_edges_are_accepted():
    for h in (50, 250):
        for w in (2, 400):
            assert bsa_mosteller(height_cm=h, weight_kg=w) > 0


def test_bsa_is_keyword_only():
    with pytest.raises(TypeError):
        bsa_mosteller(160, 63)  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"height_cm": 49.9, "weight_kg": 60}, r"^height must be between 50 and 250 cm, got 49.9$"),
        ({"height_cm": 1.6, "weight_kg": 60}, r"^height must be between 50 and 250 cm, got 1.6$"),
        ({"height_cm": 251, "weight_kg": 60}, r"height"),
        ({"height_cm": 160, "weight_kg": 1.9}, r"^weight must be between 2 and 400 kg, got 1.9$"),
        ({"height_cm": 160, "weight_kg": 401}, r"weight"),
        ({"height_cm": 160, "weight_kg": -63}, r"weight"),
        ({"height_cm": 160, "weight_kg": 0}, r"weight"),
    ],
)
def test_bsa_out_of_range(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        bsa_mosteller(**kwargs)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_bsa_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match="height"):
        bsa_mosteller(height_cm=bad, weight_kg=60)
    with pytest.raises(ValueError, match="weight"):
        bsa_mosteller(height_cm=160, weight_kg=bad)


@given(
    st.floats(min_value=50, max_value=250),
    st.floats(min_value=2, max_value=400),
    st.floats(min_value=2, max_value=400),
)
def test_bsa_increases_with_weight(height, w1, w2):
    lighter, heavier = sorted((w1, w2))
    assert bsa_mosteller(height_cm=height, weight_kg=lighter) <= bsa_mosteller(
        height_cm=height, weight_kg=heavier
    )
    if heavier > lighter * (1 + 1e-9):
        assert bsa_mosteller(height_cm=height, weight_kg=lighter) < bsa_mosteller(
            height_cm=height, weight_kg=heavier
        )


# ------------------------------------------------------------------------------- CCI


def _cci(pre=10, post=30, bsa=1.8, dose=3):
    return corrected_count_increment(
        pre_10e9_per_l=pre, post_10e9_per_l=post, bsa_m2=bsa, platelets_transfused_1e11=dose
    )


def test_cci_worked_example():
    # +20 x10^9/L = +20,000/uL; 20,000 x 1.8 / 3 = 12,000
    assert _cci() == pytest.approx(12000)
    assert _cci(pre=0, post=20) == pytest.approx(12000)


def test_cci_negative_increment_is_information():
    assert _cci(pre=30, post=25) == pytest.approx(-3000)
    assert _cci(pre=30, post=30) == 0


def test_cci_is_keyword_only():
    with pytest.raises(TypeError):
        corrected_count_increment(10, 30, 1.8, 3)  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"bsa": 0}, r"^body-surface area must be > 0 m², got 0$"),
        ({"bsa": -1.8}, r"body-surface area must be > 0"),
        ({"dose": 0}, r"^platelet dose must be > 0 ×10¹¹ platelets, got 0$"),
        ({"dose": -3}, r"platelet dose must be > 0"),
        ({"pre": -1}, r"^pre-transfusion platelet count must be ≥ 0 ×10⁹/L, got -1$"),
        ({"post": -1}, r"^post-transfusion platelet count must be ≥ 0 ×10⁹/L, got -1$"),
    ],
)
def test_cci_rejects_bad_values(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        _cci(**kwargs)


@pytest.mark.parametrize("name", ["pre", "post", "bsa", "dose"])
@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_cci_rejects_non_numbers(name, bad):
    with pytest.raises(ValueError):
        _cci(**{name: bad})


@given(
    st.floats(min_value=0, max_value=1000),
    st.floats(min_value=0, max_value=1000),
    st.floats(min_value=0.1, max_value=5),
    st.floats(min_value=0.1, max_value=10),
)
def test_cci_sign_follows_increment(pre, post, bsa, dose):
    value = _cci(pre=pre, post=post, bsa=bsa, dose=dose)
    if post > pre:
        assert value > 0
    elif post < pre:
        assert value < 0
    else:
        assert value == 0


@pytest.mark.parametrize(
    "cci, category",
    [
        (-3000, "poor"),
        (0, "poor"),
        (4999.999, "poor"),
        (5000, "borderline"),
        (7499.999, "borderline"),
        (7500, "adequate"),
        (12000, "adequate"),
    ],
)
def test_cci_category_boundaries(cci, category):
    assert cci_category(cci) == category


def test_cci_interpretation_sentences():
    poor = cci_interpretation(3000)
    assert (
        poor.startswith("A CCI of 3,000 is below 5,000")
        and "two consecutive ABO-compatible" in poor
    )
    assert "refractory" in poor
    assert "7,500" in cci_interpretation(6000)
    assert (
        cci_interpretation(12000)
        == "A CCI of 12,000 is at least 7,500, an adequate response to the transfusion."
    )
    assert "count fell" in cci_interpretation(-3000)
    # Display rounding never moves a value across a cut-off.
    assert "4,999.9" in cci_interpretation(4999.9)
    assert "7,499.6" in cci_interpretation(7499.6)
    for bad in BAD_NUMBERS:
        with pytest.raises(ValueError, match="CCI"):
            cci_interpretation(bad)


# -------------------------------------------------------------------- percent change


def test_percent_change_case_fall():
    assert percent_change(92, 18) == pytest.approx(-80.4347826, abs=1e-6)
    assert round(percent_change(92, 18), 1) == -80.4
    assert percent_change(63, 45) == pytest.approx(-28.5714, abs=1e-4)
    assert percent_change(40, 50) == pytest.approx(25)
    assert percent_change(10, 10) == 0


@pytest.mark.parametrize(
    "before, after, pattern",
    [
        (0, 18, r"^value before must be > 0, got 0$"),
        (-92, 18, r"value before must be > 0"),
        (92, -18, r"^value after must be ≥ 0, got -18$"),
    ],
)
def test_percent_change_rejects(before, after, pattern):
    with pytest.raises(ValueError, match=pattern):
        percent_change(before, after)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_percent_change_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        percent_change(bad, 18)
    with pytest.raises(ValueError):
        percent_change(92, bad)


# -------------------------------------------------------------- transfusion thresholds


def test_transfusion_thresholds_data():
    assert transfusion_thresholds is TRANSFUSION_THRESHOLDS
    by_id = {t.id: t for t in TRANSFUSION_THRESHOLDS}
    assert (
        by_id["aabb_prophylaxis"].platelets_10e9_per_l,
        by_id["aabb_prophylaxis"].comparison,
    ) == (10, "≤")
    assert by_id["aabb_central_line"].platelets_10e9_per_l == 20
    assert by_id["aabb_lp_major_surgery"].platelets_10e9_per_l == 50
    assert by_id["asco_solid_tumour"].platelets_10e9_per_l == 10
    assert "case_trigger" not in by_id  # the case's trigger is patient data (data/)
    assert {t.source for t in TRANSFUSION_THRESHOLDS} == {"kaufman2015aabb", "schiffer2018asco"}
    values = [t.platelets_10e9_per_l for t in TRANSFUSION_THRESHOLDS]
    assert values == sorted(values)
    for t in TRANSFUSION_THRESHOLDS:
        assert t.comparison in ("≤", "<") and t.setting and t.note


def test_transfusion_threshold_applies():
    by_id = {t.id: t for t in TRANSFUSION_THRESHOLDS}
    assert by_id["aabb_prophylaxis"].applies(10) and not by_id["aabb_prophylaxis"].applies(10.001)
    trigger = case_trigger(30)
    assert trigger.applies(18) and trigger.applies(29.9) and not trigger.applies(30)
    assert (trigger.id, trigger.comparison, trigger.source) == ("case_trigger", "<", "casereport")
    assert "case authors" in trigger.note
    with pytest.raises(ValueError, match="platelet count"):
        trigger.applies(-1)
    with pytest.raises(ValueError, match="transfusion trigger must be between 0 and 1000"):
        case_trigger(-5)


CLINICAL_DIR = Path(clinical.__file__).resolve().parent
#: The package and every module in it (a new module is checked without listing it here).
CLINICAL_MODULES = [clinical.__name__] + [
    f"{clinical.__name__}.{info.name}" for info in pkgutil.iter_modules([str(CLINICAL_DIR)])
]


def _imported_modules(path: Path) -> list[str]:
    """Every module a file of the package imports, relative imports made absolute."""
    package = clinical.__name__.split(".")  # the files sit directly in the package
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom):
            up = node.level - 1
            base = package[: len(package) - up] if up < len(package) else ["<above the root>"]
            names.append(".".join(base + ([node.module] if node.module else [])))
    return names


def test_module_is_standalone():
    """The clinical package imports nothing from casebook but itself, and only the stdlib."""
    files = {path.name: path for path in CLINICAL_DIR.glob("*.py")}
    assert {"__init__.py", "_checks.py", "haematology.py", "dosing.py"} <= set(files)
    assert {"response.py", "nutrition.py"} <= set(files)
    for name, path in files.items():
        for module in _imported_modules(path):
            if module == clinical.__name__ or module.startswith(clinical.__name__ + "."):
                continue
            root = module.split(".")[0]
            assert root != "casebook" and root in sys.stdlib_module_names, (
                f"{name} imports {module}"
            )


# Neither the package's __init__ nor the shared input checks carry examples.
WITHOUT_DOCTESTS = {clinical.__name__, f"{clinical.__name__}._checks"}


@pytest.mark.parametrize("name", CLINICAL_MODULES)
def test_doctests(name):
    """The examples in each module's docstrings run and give what they show."""
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.failed == 0
    if name not in WITHOUT_DOCTESTS:
        assert result.attempted >= 1, f"{name} has no examples"


def test_transfusion_threshold_lookup_by_id():
    from casebook.clinical import transfusion_threshold

    assert transfusion_threshold("aabb_prophylaxis").comparison == "≤"
    with pytest.raises(ValueError, match="no transfusion threshold called 'who_knows'"):
        transfusion_threshold("who_knows")


# ------------------------------------------------------- flat doses, inverse Mosteller


def test_standard_doses_have_sources():
    pac, eri = clinical.standard_dose("paclitaxel"), clinical.standard_dose("eribulin")
    assert (pac.dose_mg_per_m2, pac.source) == (80.0, "seidman2008calgb9840")
    assert (eri.dose_mg_per_m2, eri.source) == (1.4, "cortes2011embrace")
    with pytest.raises(
        ValueError, match="no standard dose for 'aspirin'; known: paclitaxel, eribulin"
    ):
        clinical.standard_dose("aspirin")


@pytest.mark.parametrize(
    ("dose_mg", "per_m2", "bsa"), [(120, 80, 1.5), (1.9, 1.4, 1.9 / 1.4), (80, 80, 1.0)]
)
def test_bsa_for_flat_dose(dose_mg, per_m2, bsa):
    assert clinical.bsa_for_flat_dose(dose_mg=dose_mg, dose_mg_per_m2=per_m2) == pytest.approx(bsa)


@pytest.mark.parametrize(
    ("dose_mg", "per_m2", "message"),
    [
        (0, 80, "flat dose must be > 0 mg, got 0"),
        (120, 0, "dose per m² must be > 0 mg/m², got 0"),
        (-1, 80, "flat dose must be > 0 mg, got -1"),
        ("120", 80, "flat dose"),
    ],
)
def test_bsa_for_flat_dose_rejects(dose_mg, per_m2, message):
    with pytest.raises(ValueError, match=message):
        clinical.bsa_for_flat_dose(dose_mg=dose_mg, dose_mg_per_m2=per_m2)


@pytest.mark.parametrize(("height", "weight"), [(160, 63), (147.3, 45), (105.2, 63), (200, 120)])
def test_height_for_bsa_inverts_mosteller(height, weight):
    bsa = bsa_mosteller(height_cm=height, weight_kg=weight)
    assert clinical.height_for_bsa_mosteller(bsa_m2=bsa, weight_kg=weight) == pytest.approx(height)


def test_height_for_bsa_rejects_nonsense():
    with pytest.raises(ValueError, match="body-surface area must be between 0.1 and 5"):
        clinical.height_for_bsa_mosteller(bsa_m2=0, weight_kg=63)
    with pytest.raises(ValueError, match="weight must be between"):
        clinical.height_for_bsa_mosteller(bsa_m2=1.5, weight_kg=0)


# ---------------------------------------------------------------------- RECIST 1.1


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "expected"),
    [
        (100, 40, 50, "PD"),  # +25 % and +10 mm over the nadir (the case's breast mass)
        (100, 40, 48, "PD"),  # exactly +20 % and +8 mm: the boundary counts
        (100, 40, 47.9, "PR"),  # +19.75 %: not yet progression, and -52 % from baseline is PR
        (100, 20, 24.9, "PR"),  # +24.5 % but only +4.9 mm: not progression
        (100, 20, 25, "PD"),  # exactly +25 % and exactly +5 mm: both limits met
        (100, 25, 30, "PD"),  # exactly +20 % and exactly +5 mm together
        (100, 25, 29.99, "PR"),  # just under both
        (33.3, 33.3, 39.96, "PD"),  # exactly +20 % and +6.66 mm in decimal: no float drift
        (100, 100, 70, "PR"),  # exactly -30 %
        (33.3, 33.3, 23.31, "PR"),  # exactly -30 % in decimal
        (100, 100, 70.1, "SD"),
        (100, 100, 0, "CR"),
        (50, 50, 30, "PR"),  # the eribulin response on the mass alone (-40 %)
        (10, 0, 4.9, "PR"),  # after a CR, +4.9 mm is short of 5 mm: still 51 % below baseline
        (10, 0, 5, "PD"),
    ],
)
def test_recist_response_boundaries(baseline, nadir, current, expected):
    got = clinical.recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current
    )
    assert got == expected
    assert got in clinical.RECIST_CATEGORIES


def test_new_lesions_make_progression_whatever_the_sums():
    for current in (0, 30, 70):
        assert (
            clinical.recist_response(
                baseline_sum_mm=100, nadir_sum_mm=100, current_sum_mm=current, new_lesions=True
            )
            == "PD"
        )


@given(
    baseline=st.decimals(min_value=1, max_value=500, places=1),
    nadir_fraction=st.decimals(min_value=0, max_value=1, places=2),
    current=st.decimals(min_value=0, max_value=800, places=1),
)
def test_progression_always_wins_over_partial_response(baseline, nadir_fraction, current):
    nadir = (baseline * nadir_fraction).quantize(Decimal("0.1"))
    got = clinical.recist_response(
        baseline_sum_mm=float(baseline), nadir_sum_mm=float(nadir), current_sum_mm=float(current)
    )
    rise = current - nadir
    is_pd = rise >= 5 and rise * 100 >= nadir * 20
    is_pr = current > 0 and (baseline - current) * 100 >= baseline * 30
    if is_pd:
        assert got == "PD"
    elif current == 0:
        assert got == "CR"
    elif is_pr:
        assert got == "PR"
    else:
        assert got == "SD"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"baseline_sum_mm": 40, "nadir_sum_mm": 50, "current_sum_mm": 60},
            "cannot exceed the baseline sum",
        ),
        (
            {"baseline_sum_mm": 0, "nadir_sum_mm": 0, "current_sum_mm": 0},
            "baseline sum must be > 0 mm",
        ),
        (
            {"baseline_sum_mm": 10, "nadir_sum_mm": 10, "current_sum_mm": -1},
            "current sum must be ≥ 0 mm, got -1",
        ),
        (
            {"baseline_sum_mm": 10, "nadir_sum_mm": float("nan"), "current_sum_mm": 5},
            "smallest earlier sum",
        ),
        (
            {"baseline_sum_mm": 10, "nadir_sum_mm": 10, "current_sum_mm": 5, "new_lesions": "yes"},
            "new_lesions must be True or False",
        ),
    ],
)
def test_recist_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.recist_response(**kw)


def test_fastest_fall_failed_production_explains():
    assert clinical.MAX_DAILY_FALL_FAILED_PRODUCTION_PCT == pytest.approx(100 / 7)
    # The case: 92 -> 18 in 4 days is about 20 % of the first count a day: faster.
    assert -clinical.percent_change(92, 18) / 4 > clinical.MAX_DAILY_FALL_FAILED_PRODUCTION_PCT


# ------------------------------------------------------------------ ISTH overt-DIC score


def _dic(**kw):
    args = dict(
        platelets_10e9_per_l=150,
        fibrin_marker="none",
        pt_prolongation_s=0,
        fibrinogen_g_per_l=3.0,
        underlying_disorder=True,
    )
    args.update(kw)
    return clinical.isth_overt_dic_score(**args)


@pytest.mark.parametrize(
    ("count", "points"), [(100, 0), (99.9, 1), (50, 1), (49.9, 2), (18, 2), (0, 2)]
)
def test_dic_platelet_points_at_the_boundaries(count, points):
    assert _dic(platelets_10e9_per_l=count).platelets == points


@pytest.mark.parametrize(("pt", "points"), [(0, 0), (2.9, 0), (3, 1), (5.9, 1), (6, 2), (12, 2)])
def test_dic_prothrombin_points_at_the_boundaries(pt, points):
    assert _dic(pt_prolongation_s=pt).prothrombin_time == points


@pytest.mark.parametrize(("fib", "points"), [(1.0, 0), (0.99, 1), (0, 1), (4, 0)])
def test_dic_fibrinogen_points_at_the_boundaries(fib, points):
    assert _dic(fibrinogen_g_per_l=fib).fibrinogen == points


@pytest.mark.parametrize(("marker", "points"), [("none", 0), ("moderate", 2), ("strong", 3)])
def test_dic_fibrin_marker_points(marker, points):
    assert _dic(fibrin_marker=marker).fibrin_marker == points


def test_dic_overt_from_five():
    four = _dic(platelets_10e9_per_l=40, fibrin_marker="moderate")  # 2 + 2
    five = _dic(platelets_10e9_per_l=40, fibrin_marker="strong")  # 2 + 3
    assert (four.total, four.overt) == (4, False) and (five.total, five.overt) == (5, True)
    assert (
        "compatible with overt DIC" in five.reading() and "repeat the score daily" in five.reading()
    )
    assert "non-overt DIC" in four.reading() and "1 to 2 days" in four.reading()
    worst = _dic(
        platelets_10e9_per_l=10, fibrin_marker="strong", pt_prolongation_s=7, fibrinogen_g_per_l=0.5
    )
    assert worst.total == 8 == 2 + 3 + 2 + 1


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"underlying_disorder": False}, "applies only when a disorder known to cause DIC"),
        (
            {"fibrin_marker": "high"},
            "fibrin-related marker must be one of 'none', 'moderate', 'strong'",
        ),
        ({"platelets_10e9_per_l": -1}, "platelet count must be ≥ 0"),
        ({"pt_prolongation_s": float("nan")}, "prothrombin time prolongation"),
        ({"fibrinogen_g_per_l": "low"}, "fibrinogen"),
    ],
)
def test_dic_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        _dic(**kw)


# ------------------------------------------------------------------------ BMI and GLIM


@pytest.mark.parametrize(
    ("height", "weight", "expected"), [(160, 64, 25.0), (150, 63, 28.0), (185, 63, 18.41)]
)
def test_bmi(height, weight, expected):
    assert clinical.bmi(height_cm=height, weight_kg=weight) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(("bmi_value", "weight"), [(25, 64), (18.5, 63), (18.5, 45), (40, 120)])
def test_height_for_bmi_inverts_bmi(bmi_value, weight):
    height = clinical.height_for_bmi_cm(bmi_kg_per_m2=bmi_value, weight_kg=weight)
    assert clinical.bmi(height_cm=height, weight_kg=weight) == pytest.approx(bmi_value)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"height_cm": 0, "weight_kg": 63}, "height must be between 50 and 250 cm, got 0"),
        ({"height_cm": 160, "weight_kg": -1}, "weight must be between 2 and 400 kg, got -1"),
        ({"height_cm": "160", "weight_kg": 63}, "height"),
        ({"height_cm": 160, "weight_kg": float("nan")}, "weight"),
    ],
)
def test_bmi_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.bmi(**kw)


def test_height_for_bmi_rejects_bad_input():
    with pytest.raises(ValueError, match="body-mass index must be between 5 and 100 kg/m², got 0"):
        clinical.height_for_bmi_cm(bmi_kg_per_m2=0, weight_kg=63)
    with pytest.raises(ValueError, match="weight must be between"):
        clinical.height_for_bmi_cm(bmi_kg_per_m2=18.5, weight_kg=-1)


def test_glim_thresholds():
    assert clinical.GLIM_LOW_BMI_ASIA_KG_PER_M2 == 18.5
    assert clinical.GLIM_WEIGHT_LOSS_PCT == (5.0, 10.0)
