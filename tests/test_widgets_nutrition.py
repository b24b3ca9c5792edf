"""The live refeeding planner (casebook.widgets.RefeedingPlanner): it calls the rules
directly, shows the ValueError's sentence on bad input and keeps the last good result."""

from __future__ import annotations

import html
import math

import pytest

from casebook import clinical, planner
from casebook.widgets import RefeedingPlanner


@pytest.fixture()
def live(case) -> RefeedingPlanner:
    return RefeedingPlanner(case)


def test_it_starts_at_the_case_and_agrees_with_the_facts(live, case):
    from casebook import facts

    f = facts.nutrition_facts(case)
    assert live.height_unknown.value and live.bmi is None
    assert live.alcohol_or_risk_drugs.value
    assert live.risk.level == f["nice_risk_level"] == "high"
    assert live.plan[0].kcal == f["plan_day1_kcal"]
    assert live.message == ""
    assert planner.LEVEL_WORDS["high"] in live.result_html.value
    assert "BMI not known (no height)" in live.result_html.value


def test_it_calls_the_rules_on_any_typed_value(live):
    # Off the static page's grid: 47.3 kg, 158.5 cm, 12.34 % over 4 months, 7 days.
    live.update(
        weight_kg=47.3,
        height_unknown=False,
        height_cm=158.5,
        weight_loss_pct=12.34,
        over_months=4,
        days_little_or_no_intake=7,
        alcohol_or_risk_drugs=False,
        goal_kcal_per_kg=27.5,
        days_to_goal=6,
    )
    bmi = clinical.bmi(height_cm=158.5, weight_kg=47.3)
    risk = clinical.refeeding_risk(
        bmi=bmi, weight_loss_pct=12.34, over_months=4, days_little_or_no_intake=7
    )
    assert live.bmi == bmi and live.risk == risk
    assert live.plan == clinical.refeeding_plan(
        weight_kg=47.3, risk_level=risk.level, goal_kcal_per_kg=27.5, days_to_goal=6
    )
    for reason in risk.reasons:
        assert html.escape(reason) in live.result_html.value


def test_the_widget_follows_its_controls(live):
    live.days_little_or_no_intake.value = 16  # as a reader typing in the box
    assert live.risk.level == "extreme"
    assert live.plan[0].kcal_per_kg == clinical.REFEEDING_START_KCAL_PER_KG["extreme"]
    assert html.escape(planner.LEVEL_WORDS["extreme"]) in live.result_html.value


def test_no_criterion_says_so(live):
    live.update(
        weight_loss_pct=0,
        days_little_or_no_intake=0,
        alcohol_or_risk_drugs=False,
        height_unknown=False,
        height_cm=150,
    )
    assert live.risk == ("low", ())
    assert planner.NO_REASONS in live.result_html.value


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        ({"weight_kg": 0}, "weight must be"),
        ({"height_unknown": False, "height_cm": 20}, "height must be"),
        ({"weight_loss_pct": -3}, "weight loss must be"),
        ({"weight_loss_pct": math.nan}, "weight loss"),
        ({"over_months": 0}, "time over which the weight was lost must be"),
        ({"days_little_or_no_intake": -1}, "days of little or no intake must be"),
        ({"goal_kcal_per_kg": 50}, "goal must be"),
    ],
)
def test_bad_input_shows_the_sentence_and_keeps_the_last_result(live, values, sentence):
    before = (live.risk, live.plan, live.result_html.value)
    live.update(**values)
    assert sentence in live.message
    assert 'role="alert"' in live.message_html.value and sentence in live.message_html.value
    assert "still the last valid one" in live.message_html.value
    assert (live.risk, live.plan, live.result_html.value) == before
    live.update(
        **{
            k: v
            for k, v in {
                "weight_kg": 45,
                "height_cm": 160,
                "weight_loss_pct": 28.5,
                "over_months": 6,
                "days_little_or_no_intake": 0,
                "goal_kcal_per_kg": 25,
            }.items()
            if k in values
        }
    )
    assert live.message == "" and live.message_html.value == ""


def test_unknown_inputs_are_a_type_error(live):
    with pytest.raises(TypeError, match="unknown input"):
        live.update(colour="red")


def test_without_a_case_it_starts_at_neutral_values():
    live = RefeedingPlanner()
    assert live.risk == ("low", ()) and live.bmi is not None
    assert len(live.plan) == clinical.REFEEDING_PLAN_MIN_DAYS


def test_the_live_chart_is_the_plan_and_says_it_is_for_teaching(live):
    spec = live.spec  # what is drawn
    assert planner.TEACHING_ONLY in spec["description"]
    assert [v["kcal"] for v in spec["datasets"]["live_plan"]] == [d.kcal for d in live.plan]
    live.update(days_to_goal=3)
    assert [v["kcal"] for v in live.spec["datasets"]["live_plan"]] == [d.kcal for d in live.plan]
