"""The WHO response criteria (casebook.clinical.who_response) and the case's response
assessments (casebook.assessments.response_assessments), against the case's numbers.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import clinical
from casebook.assessments import CRITERIA, response_assessments
from casebook.timeline import therapy_lines

# ---------------------------------------------------------------------- WHO criteria


def who(baseline, nadir, current, new_lesions=False):
    return clinical.who_response(
        baseline_product_mm2=baseline,
        nadir_product_mm2=nadir,
        current_product_mm2=current,
        new_lesions=new_lesions,
    )


def test_constants_and_categories():
    assert clinical.WHO_PR_MIN_DECREASE_PCT == 50
    assert clinical.WHO_PD_MIN_INCREASE_PCT == 25
    assert set(clinical.WHO_CATEGORIES) == {"CR", "PR", "SD", "PD"}


@pytest.mark.parametrize(
    ("baseline", "nadir", "current", "expected"),
    [
        # PR: a fall of 50 % from baseline, just above / at / just below the boundary.
        (10000, 10000, 5001, "SD"),  # -49.99 %
        (10000, 10000, 5000, "PR"),  # exactly -50 %
        (10000, 10000, 4999, "PR"),  # -50.01 %
        (33.3, 33.3, 16.65, "PR"),  # exactly -50 % in decimal: no float drift
        (33.3, 33.3, 16.66, "SD"),
        # PD: a rise of 25 % over the nadir, just below / at / just above.
        (10000, 1600, 1999, "PR"),  # +24.94 %, and -80 % from baseline
        (10000, 1600, 2000, "PD"),  # exactly +25 %, although -80 % from baseline
        (10000, 1600, 2001, "PD"),
        (10000, 10000, 12499, "SD"),
        (10000, 10000, 12500, "PD"),  # exactly +25 % with the baseline as nadir
        (33.3, 33.3, 41.625, "PD"),  # exactly +25 % in decimal
        (33.3, 33.3, 41.624, "SD"),
        # No absolute minimum (RECIST's 5 mm has no WHO counterpart).
        (100, 4, 5, "PD"),  # +1 mm² is +25 % of a 4 mm² nadir
        # CR, and after a CR any regrowth is +inf % over a nadir of 0.
        (10000, 10000, 0, "CR"),
        (10000, 0, 0, "CR"),
        (10000, 0, 1, "PD"),
        # The case's breast mass: presentation, after paclitaxel, progression, eribulin.
        (10000, 10000, 1600, "PR"),  # -84 %
        (10000, 1600, 2500, "PD"),  # +56.25 % over the nadir
        (2500, 2500, 900, "PR"),  # -64 % from the new baseline
        (8000, 8000, 1600, "PR"),  # with the Figure 1 legend's 10 x 8 cm: -80 %
    ],
)
def test_who_boundaries(baseline, nadir, current, expected):
    assert who(baseline, nadir, current) == expected


def test_who_new_lesions_make_progression_whatever_the_sizes():
    for current in (0, 900, 5000, 10000):
        assert who(10000, 10000, current, new_lesions=True) == "PD"


@given(
    baseline=st.decimals(min_value=1, max_value=20000, places=1),
    nadir_fraction=st.decimals(min_value=0, max_value=1, places=2),
    current=st.decimals(min_value=0, max_value=30000, places=1),
)
def test_who_progression_always_wins_over_partial_response(baseline, nadir_fraction, current):
    nadir = (baseline * nadir_fraction).quantize(Decimal("0.1"))
    got = who(float(baseline), float(nadir), float(current))
    is_pd = current > nadir and (current - nadir) * 100 >= nadir * 25
    is_pr = (baseline - current) * 100 >= baseline * 50
    if is_pd:
        assert got == "PD"  # even when the fall from baseline alone is a PR
    elif current == 0:
        assert got == "CR"
    elif is_pr:
        assert got == "PR"
    else:
        assert got == "SD"


@given(
    baseline=st.decimals(min_value=1, max_value=20000, places=1),
    nadir_fraction=st.decimals(min_value=0, max_value=Decimal("0.8"), places=2),
)
def test_who_pd_wins_where_both_rules_hold(baseline, nadir_fraction):
    """A size that is both ≥ 25 % above the nadir and ≥ 50 % below baseline is PD."""
    nadir = (baseline * nadir_fraction).quantize(Decimal("0.1"))
    current = max(nadir * Decimal("1.25"), Decimal("0.1"))
    if (baseline - current) * 100 >= baseline * 50:
        assert who(float(baseline), float(nadir), float(current)) == "PD"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"baseline_product_mm2": 1600, "nadir_product_mm2": 2500, "current_product_mm2": 10},
            "cannot exceed the baseline sum of products",
        ),
        (
            {"baseline_product_mm2": 0, "nadir_product_mm2": 0, "current_product_mm2": 0},
            "baseline sum of products must be > 0 mm²",
        ),
        (
            {"baseline_product_mm2": 100, "nadir_product_mm2": 100, "current_product_mm2": -1},
            "current sum of products must be ≥ 0 mm², got -1",
        ),
        (
            {"baseline_product_mm2": -5, "nadir_product_mm2": 0, "current_product_mm2": 0},
            "baseline sum of products must be > 0 mm², got -5",
        ),
        (
            {
                "baseline_product_mm2": 100,
                "nadir_product_mm2": float("nan"),
                "current_product_mm2": 5,
            },
            "smallest earlier sum of products",
        ),
        (
            {
                "baseline_product_mm2": 100,
                "nadir_product_mm2": 100,
                "current_product_mm2": 5,
                "new_lesions": "yes",
            },
            "new_lesions must be True or False",
        ),
        (
            {"baseline_product_mm2": "100", "nadir_product_mm2": 100, "current_product_mm2": 5},
            "baseline sum of products must be a number",
        ),
    ],
)
def test_who_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.who_response(**kw)


def test_who_is_keyword_only():
    with pytest.raises(TypeError):
        clinical.who_response(10000, 10000, 1600)  # type: ignore[misc]


def test_who_cites_miller():
    assert "miller1981who" in clinical.who_response.__doc__
    assert "nadir" in clinical.who_response.__doc__ and "RECIST" in clinical.who_response.__doc__


# ------------------------------------------------------------ the case's assessments


@pytest.fixture(scope="module")
def lines(case):
    return therapy_lines(case.events)


@pytest.fixture(scope="module")
def a(case, lines):
    return response_assessments(case.lesions, lines)


def test_one_row_per_measurement_in_date_order(a, case):
    assert len(a) == len(case.lesions)
    assert a["date"].is_monotonic_increasing
    assert list(a["date"]) == sorted(case.lesions["date"])
    for column in ("provenance", "date_provenance", "method"):
        assert list(a[column]) == list(case.lesions.sort_values("date")[column])


def test_lines_roles_and_baselines(a):
    assert list(a["line"]) == [1, 1, 1, 2]
    assert list(a["drug"]) == ["paclitaxel", "paclitaxel", "paclitaxel", "eribulin"]
    assert list(a["role"]) == ["baseline", "assessment", "assessment", "assessment"]
    # The presentation measurement is line 1's baseline; progression on paclitaxel
    # judges line 1 and is the new baseline of line 2.
    assert a["baseline_for"].tolist() == [1, pd.NA, 2, pd.NA]


def test_sizes(a):
    assert list(a["sum_mm"]) == [100, 40, 50, 30]
    assert list(a["product_mm2"]) == [10000, 1600, 2500, 900]
    assert list(a["size_text"]) == ["100 × 100 mm", "40 × 40 mm", "50 × 50 mm", "30 × 30 mm"]


def test_recist_on_the_case(a):
    assert list(a["recist_baseline"]) == [100, 100, 100, 50]
    assert list(a["recist_nadir"]) == [100, 100, 40, 50]
    assert a["recist_category"].tolist() == [None, "PR", "PD", "PR"]
    pac, pd_, eri = a.iloc[1], a.iloc[2], a.iloc[3]
    assert pac["recist_pct_vs_baseline"] == pytest.approx(-60)
    assert pd_["recist_pct_vs_nadir"] == pytest.approx(25)
    assert pd_["recist_change_vs_nadir"] == pytest.approx(10)
    assert pd_["recist_pct_vs_baseline"] == pytest.approx(-50)  # still -50 %: PD wins
    assert eri["recist_pct_vs_baseline"] == pytest.approx(-40)  # from the new baseline of 50


def test_who_on_the_case(a):
    assert list(a["who_baseline"]) == [10000, 10000, 10000, 2500]
    assert list(a["who_nadir"]) == [10000, 10000, 1600, 2500]
    assert a["who_category"].tolist() == [None, "PR", "PD", "PR"]
    assert a.loc[1, "who_pct_vs_baseline"] == pytest.approx(-84)
    assert a.loc[2, "who_pct_vs_nadir"] == pytest.approx(56.25)
    assert a.loc[3, "who_pct_vs_baseline"] == pytest.approx(-64)


def test_baseline_row_has_no_category_and_no_change(a):
    first = a.iloc[0]
    for prefix in CRITERIA:
        assert first[f"{prefix}_category"] is None
        assert pd.isna(first[f"{prefix}_pct_vs_baseline"])
        assert pd.isna(first[f"{prefix}_pct_vs_nadir"])
        assert first[f"{prefix}_baseline"] == first[f"{prefix}_nadir"]


def test_categories_come_from_the_rules(a):
    for _, row in a[a["role"] == "assessment"].iterrows():
        assert row["recist_category"] == clinical.recist_response(
            baseline_sum_mm=row["recist_baseline"],
            nadir_sum_mm=row["recist_nadir"],
            current_sum_mm=row["sum_mm"],
        )
        assert row["who_category"] == clinical.who_response(
            baseline_product_mm2=row["who_baseline"],
            nadir_product_mm2=row["who_nadir"],
            current_product_mm2=row["product_mm2"],
        )


def test_legend_baseline_changes_the_numbers_not_the_categories(case, lines, a):
    legend = response_assessments(case.lesions, lines, use_legend_baseline=True)
    assert legend.loc[0, "product_mm2"] == 8000 and a.loc[0, "product_mm2"] == 10000
    assert legend.loc[0, "size_text"] == "100 × 80 mm"
    assert list(legend["diameters_from"]) == ["figure legend"] + ["case text"] * 3
    assert legend.loc[1, "who_pct_vs_baseline"] == pytest.approx(-80)
    assert list(legend["sum_mm"]) == list(a["sum_mm"])  # the longest diameter is 10 cm in both
    for prefix in CRITERIA:
        assert legend[f"{prefix}_category"].tolist() == a[f"{prefix}_category"].tolist()


def test_empty_table_is_refused(case, lines):
    with pytest.raises(ValueError, match="lesions table is empty"):
        response_assessments(case.lesions.iloc[0:0], lines)


def test_no_lines_is_refused(case, lines):
    with pytest.raises(ValueError, match="no line of therapy"):
        response_assessments(case.lesions, lines.iloc[0:0])


def test_a_measurement_with_no_line_is_refused(case, lines):
    earlier = case.lesions.iloc[[0]].copy()
    earlier["date"] = pd.Timestamp("2024-05-01")
    lesions = pd.concat([earlier, case.lesions], ignore_index=True)
    with pytest.raises(ValueError, match="1 May 2024 judges no line of therapy"):
        response_assessments(lesions, lines)


def test_a_line_without_baseline_is_refused(case, lines):
    later = case.lesions[case.lesions["date"] > lines.loc[0, "start"]]
    with pytest.raises(ValueError, match="line 1 starts on 10 June 2024 with no lesion"):
        response_assessments(later, lines)


def test_two_lesions_on_a_date_are_summed(case, lines):
    second = case.lesions.copy()
    second["site"] = "liver"
    second[["longest_diameter_mm", "second_diameter_mm"]] = [[20.0, 10.0]] * len(second)
    both = response_assessments(pd.concat([case.lesions, second]), lines)
    assert len(both) == 4 and list(both["n_lesions"]) == [2] * 4
    assert list(both["sum_mm"]) == [120, 60, 70, 50]
    assert list(both["product_mm2"]) == [10200, 1800, 2700, 1100]


# ------------------------------------------------------------------ words and sentences


def test_doctests():
    import doctest

    from casebook import assessments

    result = doctest.testmod(assessments, verbose=False)
    assert result.failed == 0 and result.attempted >= 2


@pytest.mark.parametrize(
    ("criterion", "kw", "sentence"),
    [
        (
            "recist",
            {"baseline": 100, "nadir": 40, "current": 50},
            "50 mm is +25 % and +10 mm above the nadir of 40 mm: progressive disease.",
        ),
        (
            "recist",
            {"baseline": 100, "nadir": 100, "current": 40},
            "40 mm is −60 % from the baseline of 100 mm: partial response.",
        ),
        (
            "who",
            {"baseline": 10000, "nadir": 1600, "current": 2500},
            "2,500 mm² is +56.25 % above the nadir of 1,600 mm²: progressive disease.",
        ),
        (
            "who",
            {"baseline": 10000, "nadir": 10000, "current": 5001},
            "5,001 mm² is −49.99 % from the baseline of 10,000 mm² (a partial response needs a "
            "fall of 50 % from the baseline) and −49.99 % from the nadir of 10,000 mm² "
            "(progression needs a rise of 25 % over the nadir): stable disease.",
        ),
        ("recist", {"baseline": 100, "nadir": 40, "current": 0}, None),
        (
            "recist",
            {"baseline": 100, "nadir": 40, "current": 30, "new_lesions": True},
            "New lesions: progressive disease, whatever the sizes (30 mm now, nadir 40 mm).",
        ),
    ],
)
def test_response_sentence(criterion, kw, sentence):
    from casebook.assessments import response_sentence

    got = response_sentence(criterion, **kw)
    if sentence is None:
        assert got.endswith("complete response.")
    else:
        assert got == sentence


def test_sentence_raises_the_rules_errors():
    from casebook.assessments import response_sentence

    with pytest.raises(ValueError, match="cannot exceed the baseline sum"):
        response_sentence("recist", baseline=40, nadir=50, current=60)
    with pytest.raises(ValueError, match="criterion must be one of recist, who"):
        response_sentence("choi", baseline=40, nadir=40, current=60)
