"""Nutrition rules (casebook.clinical.nutrition): weight loss, GLIM's phenotypic grade,
NICE CG32's refeeding risk and the first week of feeding, at every threshold."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import clinical

# ------------------------------------------------------------------------ weight loss


def test_percent_weight_loss_of_the_case():
    assert clinical.percent_weight_loss(usual_kg=63, current_kg=45) == pytest.approx(28.5714, 1e-4)


def test_a_gain_is_a_negative_loss():
    assert clinical.percent_weight_loss(usual_kg=60, current_kg=63) == pytest.approx(-5.0)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"usual_kg": 0, "current_kg": 45}, "usual weight must be"),
        ({"usual_kg": 63, "current_kg": -1}, "current weight must be"),
        ({"usual_kg": "63", "current_kg": 45}, "usual weight"),
        ({"usual_kg": 63, "current_kg": math.nan}, "current weight"),
    ],
)
def test_percent_weight_loss_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.percent_weight_loss(**kw)


# ------------------------------------------------------------------------------ GLIM


@pytest.mark.parametrize(
    ("loss", "months", "grade"),
    [
        (0, 6, "none"),
        (4.99, 6, "none"),
        (5.0, 6, "none"),  # GLIM's "> 5 %": exactly 5 % does not meet the criterion
        (5.01, 6, "moderate"),
        (10.0, 6, "moderate"),  # "> 10 %" for severe
        (10.01, 6, "severe"),
        (28.6, 6, "severe"),  # the case
        (10.0, 6.01, "none"),  # beyond 6 months the thresholds are 10 and 20
        (10.01, 12, "moderate"),
        (20.0, 12, "moderate"),
        (20.01, 12, "severe"),
        (8.0, 6.0, "moderate"),  # 6 months is still "within"
        (8.0, 6.5, "none"),
    ],
)
def test_glim_weight_loss_thresholds(loss, months, grade):
    assert clinical.glim_severity(loss, months) == grade


@pytest.mark.parametrize(
    ("bmi", "age", "grade"),
    [
        (20.0, 69, "none"),
        (19.99, 69, "moderate"),
        (18.5, 69, "moderate"),
        (18.49, 69, "severe"),
        (22.0, 70, "none"),  # from 70 the cut-offs are 22 and 20
        (21.99, 70, "moderate"),
        (20.0, 70, "moderate"),
        (19.99, 70, "severe"),
    ],
)
def test_glim_bmi_thresholds(bmi, age, grade):
    assert clinical.glim_severity(0, 6, bmi=bmi, age_years=age) == grade


@pytest.mark.parametrize(
    ("bmi", "age", "grade"),
    [
        (18.5, 39, "none"),  # GLIM's Asian low-BMI cut-off: below 18.5 (under 70)
        (18.49, 39, "moderate"),
        (14.0, 39, "moderate"),  # no Asian severity cut-off: never severe from BMI alone
        (20.0, 75, "none"),
        (19.99, 75, "moderate"),
    ],
)
def test_glim_asian_cut_offs_diagnose_but_do_not_grade_severe(bmi, age, grade):
    assert clinical.glim_severity(0, 6, bmi=bmi, age_years=age, asian=True) == grade


def test_glim_takes_the_worse_of_loss_and_bmi():
    assert clinical.glim_severity(6, 6, bmi=18.0, age_years=39) == "severe"
    assert clinical.glim_severity(12, 6, bmi=19.0, age_years=39) == "severe"
    assert clinical.glim_severity(12, 6, bmi=14.0, age_years=39, asian=True) == "severe"


@pytest.mark.parametrize(
    ("args", "kw", "message"),
    [
        ((-1, 6), {}, "weight loss must be"),
        ((101, 6), {}, "weight loss must be"),
        ((5, 0), {}, "time over which the weight was lost must be > 0"),
        ((5, 6), {"bmi": 19}, "give age_years with bmi"),
        ((5, 6), {"bmi": 19, "age_years": 12}, "age must be"),
        ((5, 6), {"asian": "yes"}, "asian must be True or False"),
        ((math.nan, 6), {}, "weight loss"),
    ],
)
def test_glim_rejects_bad_input(args, kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.glim_severity(*args, **kw)


@given(
    a=st.floats(0, 100),
    b=st.floats(0, 100),
    months=st.floats(0.1, 24),
)
def test_more_weight_loss_never_lowers_the_glim_grade(a, b, months):
    low, high = sorted((a, b))
    order = clinical.GLIM_SEVERITIES.index
    assert order(clinical.glim_severity(low, months)) <= order(clinical.glim_severity(high, months))


# ---------------------------------------------------------------- cachexia (Fearon 2011)


@pytest.mark.parametrize(
    ("args", "kw", "met"),
    [
        ((5.0, 6), {}, False),  # "over 5 %": exactly 5 is not
        ((5.01, 6), {}, True),
        ((28.6, 6), {}, True),  # the case
        ((28.6, 6.5), {}, False),  # the criteria look at the past 6 months
        ((2.0, 6), {"bmi": 19.0}, False),  # "over 2 %"
        ((2.01, 6), {"bmi": 19.99}, True),
        ((2.01, 6), {"bmi": 20.0}, False),  # BMI "below 20"
        ((2.01, 6), {"sarcopenia": True}, True),
        ((2.01, 6), {}, False),
    ],
)
def test_cachexia_thresholds(args, kw, met):
    assert clinical.meets_cachexia_criteria(*args, **kw) is met


def test_cachexia_rejects_bad_input():
    with pytest.raises(ValueError, match="sarcopenia must be True or False"):
        clinical.meets_cachexia_criteria(6, 6, sarcopenia="yes")
    with pytest.raises(ValueError, match="weight loss must be"):
        clinical.meets_cachexia_criteria(-1, 6)


# ------------------------------------------------------------------ refeeding (NICE CG32)


def risk(**kw):
    base = {
        "bmi": 22.0,
        "weight_loss_pct": 0.0,
        "over_months": 6,
        "days_little_or_no_intake": 0,
    }
    return clinical.refeeding_risk(**{**base, **kw})


@pytest.mark.parametrize(
    ("kw", "level"),
    [
        ({}, "low"),
        ({"bmi": 16.0}, "low"),  # one "two-or-more" criterion (BMI < 18.5) only
        ({"bmi": 15.99}, "high"),  # BMI < 16 alone
        ({"weight_loss_pct": 15.0}, "low"),  # > 10 % is one of two; "> 15 %" excludes 15
        ({"weight_loss_pct": 15.01}, "high"),
        ({"days_little_or_no_intake": 10}, "low"),  # > 5 days: one of two
        ({"days_little_or_no_intake": 10.5}, "high"),  # > 10 days alone
        ({"low_electrolytes_before_feeding": True}, "high"),
        ({"alcohol_or_risk_drugs": True}, "low"),
        ({"alcohol_or_risk_drugs": True, "weight_loss_pct": 10.01}, "high"),  # two of four
        ({"alcohol_or_risk_drugs": True, "weight_loss_pct": 10.0}, "low"),
        ({"bmi": 18.49, "days_little_or_no_intake": 5.5}, "high"),
        ({"bmi": 18.5, "days_little_or_no_intake": 5.5}, "low"),
        ({"bmi": 14.0}, "high"),  # NICE's 5 kcal/kg group: BMI below 14
        ({"bmi": 13.99}, "extreme"),
        ({"days_little_or_no_intake": 15}, "high"),
        ({"days_little_or_no_intake": 15.5}, "extreme"),
    ],
)
def test_refeeding_risk_thresholds(kw, level):
    assert risk(**kw).level == level


def test_weight_loss_counts_only_within_six_months():
    assert risk(weight_loss_pct=20, over_months=6).level == "high"
    outside = risk(weight_loss_pct=20, over_months=6.5)
    assert outside.level == "low"
    assert any("outside NICE's 3-6-month window" in r for r in outside.reasons)


def test_the_case_is_high_risk_without_a_height():
    got = clinical.refeeding_risk(
        bmi=None,
        weight_loss_pct=clinical.percent_weight_loss(usual_kg=63, current_kg=45),
        over_months=6,
        days_little_or_no_intake=0,
        alcohol_or_risk_drugs=True,  # chemotherapy
    )
    assert got.level == "high"
    assert any(r.startswith("Weight loss of 28.6 % in 6 months") for r in got.reasons)
    assert any("BMI not known" in r for r in got.reasons)


def test_reasons_name_every_criterion_that_fired():
    got = risk(bmi=15, days_little_or_no_intake=12, alcohol_or_risk_drugs=True)
    assert got.level == "high"
    text = " ".join(got.reasons)
    assert "BMI 15.0 kg/m² is below 16" in text
    assert "Little or no intake for 12 days, more than 10" in text
    assert "Alcohol misuse or drugs" in text
    assert risk().reasons == ()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"bmi": 2}, "body-mass index must be"),
        ({"weight_loss_pct": -3}, "weight loss must be"),
        ({"days_little_or_no_intake": -1}, "days of little or no intake must be"),
        ({"over_months": 0}, "time over which the weight was lost"),
        ({"alcohol_or_risk_drugs": "no"}, "alcohol_or_risk_drugs must be True or False"),
        ({"low_electrolytes_before_feeding": 1}, "must be True or False"),
    ],
)
def test_refeeding_risk_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        risk(**kw)


_LEVEL = clinical.REFEEDING_LEVELS.index


@given(
    loss=st.tuples(st.floats(0, 100), st.floats(0, 100)),
    days=st.tuples(st.floats(0, 60), st.floats(0, 60)),
    bmi=st.one_of(st.none(), st.floats(10, 40)),
    drugs=st.booleans(),
)
def test_more_loss_or_fewer_meals_never_lower_the_risk(loss, days, bmi, drugs):
    lo_loss, hi_loss = sorted(loss)
    lo_days, hi_days = sorted(days)
    kw = {"bmi": bmi, "over_months": 4, "alcohol_or_risk_drugs": drugs}
    low = clinical.refeeding_risk(weight_loss_pct=lo_loss, days_little_or_no_intake=lo_days, **kw)
    high = clinical.refeeding_risk(weight_loss_pct=hi_loss, days_little_or_no_intake=hi_days, **kw)
    assert _LEVEL(low.level) <= _LEVEL(high.level)


@given(a=st.floats(10, 40), b=st.floats(10, 40))
def test_a_lower_bmi_never_lowers_the_risk(a, b):
    thin, less_thin = sorted((a, b))
    assert _LEVEL(risk(bmi=less_thin).level) <= _LEVEL(risk(bmi=thin).level)


# --------------------------------------------------------------------- the first week


def test_high_risk_plan_at_45_kg():
    plan = pd.DataFrame(clinical.refeeding_plan(weight_kg=45, risk_level="high"))
    assert list(plan.columns) == ["day", "kcal_per_kg", "kcal", "pct_of_goal", "monitoring"]
    assert list(plan["day"]) == list(range(1, 8))
    assert list(plan["kcal"][:5]) == [450.0, 618.75, 787.5, 956.25, 1125.0]
    assert list(plan["kcal"][4:]) == [1125.0] * 3
    assert "Thiamine" in plan["monitoring"][0] and "Before the first feed" in plan["monitoring"][0]


def test_extreme_risk_starts_at_5_kcal_per_kg():
    plan = clinical.refeeding_plan(weight_kg=45, risk_level="extreme", days_to_goal=7)
    assert (plan[0].kcal_per_kg, plan[0].kcal) == (5.0, 225.0)
    assert plan[6].kcal_per_kg == 25.0


def test_low_risk_gives_half_the_goal_on_days_1_and_2():
    plan = clinical.refeeding_plan(weight_kg=60, risk_level="low", goal_kcal_per_kg=30)
    assert [d.kcal_per_kg for d in plan[:2]] == [15.0, 15.0]
    assert plan[2].kcal_per_kg > 15.0 and plan[4].kcal_per_kg == 30.0


@given(
    weight=st.floats(30, 150),
    level=st.sampled_from(clinical.REFEEDING_LEVELS),
    goal=st.floats(15, 40),
    days=st.integers(4, 7),
)
def test_a_plan_rises_to_its_goal_and_never_past_it(weight, level, goal, days):
    plan = clinical.refeeding_plan(
        weight_kg=weight, risk_level=level, goal_kcal_per_kg=goal, days_to_goal=days
    )
    rates = [d.kcal_per_kg for d in plan]
    assert len(plan) >= 7
    assert all(b >= a for a, b in zip(rates, rates[1:], strict=False))  # never decreases
    assert max(rates) <= goal + 1e-9
    assert rates[days - 1] == pytest.approx(goal)  # the goal on days_to_goal
    if level == "high":
        assert rates[0] <= 10
    if level == "extreme":
        assert rates[0] <= 5
    if level == "low":
        assert rates[0] == rates[1] == pytest.approx(goal / 2)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"risk_level": "medium"}, "risk level must be 'low', 'high' or 'extreme'"),
        ({"days_to_goal": 3}, "days to reach the goal must be a whole number from 4 to 7"),
        ({"days_to_goal": 8}, "from 4 to 7"),
        ({"days_to_goal": 5.0}, "whole number"),
        ({"goal_kcal_per_kg": 50}, "goal must be"),
        ({"weight_kg": 0}, "weight must be"),
    ],
)
def test_refeeding_plan_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        clinical.refeeding_plan(**{"weight_kg": 45, "risk_level": "high", **kw})
