"""The refeeding planner's tables (casebook.planner) and its static chart's spec.

The proof that the page's lookups are right: :func:`planner.planner_lookup`, which reads
only the tables (as the page does), equals ``refeeding_risk`` and ``refeeding_plan`` called
directly, on a seeded sample of a few thousand slider settings and on every setting that
puts an input on or beside each NICE threshold. The browser test then compares the page
with ``planner_lookup``.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re

import altair as alt
import pandas as pd
import pytest
from altair import MaxRowsError

from casebook import charts, clinical, planner
from casebook.planner import GRID

MAX_INLINE_ROWS = 5000  # Altair's default limit for inline data
PAGE_DATA_GZIP_LIMIT = 150_000  # bytes: the chart spec (all its data) gzipped


@pytest.fixture(scope="module")
def tables() -> planner.PlannerTables:
    return planner.planner_tables()


@pytest.fixture(scope="module")
def case_chart(tables, case) -> alt.LayerChart:
    return charts.refeeding_planner_chart(tables, **planner.case_planner_defaults(case))


@pytest.fixture(scope="module")
def case_spec(case_chart) -> dict:
    return case_chart.to_dict()


def check_agrees(inputs: dict) -> None:
    """The lookup shows exactly what the rules return for ``inputs``."""
    view = planner.planner_lookup(**inputs)
    risk, plan = planner.direct_view(**inputs)
    assert (view.level, view.reasons) == (risk.level, risk.reasons), inputs
    assert view.lines == (risk.reasons or (planner.NO_REASONS,)), inputs
    assert view.level_text == planner.LEVEL_WORDS[risk.level]
    assert [(d.day, d.kcal_per_kg, d.kcal, d.pct_of_goal) for d in view.plan] == [
        (d.day, d.kcal_per_kg, d.kcal, d.pct_of_goal) for d in plan
    ], inputs
    assert [d.kcal_text for d in view.plan] == [planner.js_fixed(d.kcal) for d in plan]
    assert view.goal_kcal == pytest.approx(max(d.kcal for d in plan))
    height = inputs["height_cm"]
    if height is not None:
        bmi = clinical.bmi(height_cm=height, weight_kg=inputs["weight_kg"])
        assert view.bmi_text == f"BMI {bmi:.1f} kg/m²"


def random_inputs(rng: random.Random) -> dict:
    return {
        "weight_kg": rng.choice(GRID.weight_kg),
        "height_cm": None if rng.random() < 0.1 else rng.choice(GRID.height_cm),
        "weight_loss_pct": rng.choice(GRID.loss_pct),
        "over_months": rng.choice(GRID.months),
        "days_little_or_no_intake": rng.choice(GRID.days),
        "low_electrolytes_before_feeding": rng.random() < 0.3,
        "alcohol_or_risk_drugs": rng.random() < 0.5,
        "goal_kcal_per_kg": rng.choice(GRID.goal_kcal_per_kg),
        "days_to_goal": rng.choice(GRID.days_to_goal),
    }


def test_the_lookup_equals_the_rules_on_a_seeded_sample(tables):
    rng = random.Random(20261130)
    levels = set()
    for _ in range(4000):
        inputs = random_inputs(rng)
        check_agrees(inputs)
        levels.add(planner.planner_lookup(**inputs).level)
    assert levels == set(clinical.REFEEDING_LEVELS)


def pairs_beside(bmi_threshold: float) -> list[tuple[float, float]]:
    """Grid (weight, height) pairs whose BMI is nearest the threshold from below, on it
    (if any pair lands exactly), and from above."""
    pairs = [(w, h) for w in GRID.weight_kg for h in GRID.height_cm]
    value = {p: clinical.bmi(height_cm=p[1], weight_kg=p[0]) for p in pairs}
    below = max((p for p in pairs if value[p] < bmi_threshold), key=value.get)
    above = min((p for p in pairs if value[p] > bmi_threshold), key=value.get)
    on = [p for p in pairs if value[p] == bmi_threshold]
    return [below, *on[:2], above]


def threshold_values() -> dict[str, list]:
    """For each input, the grid values on and beside every NICE threshold."""
    bmi_cuts = {
        clinical.NICE_EXTREME["bmi_below"],
        clinical.NICE_HIGH_ONE["bmi_below"],
        clinical.NICE_HIGH_TWO["bmi_below"],
    }
    loss_step = GRID.loss_pct[1] - GRID.loss_pct[0]
    loss_cuts = {clinical.NICE_HIGH_ONE["loss_pct_over"], clinical.NICE_HIGH_TWO["loss_pct_over"]}
    days_cuts = {
        clinical.NICE_EXTREME["days_over"],
        clinical.NICE_HIGH_ONE["days_over"],
        clinical.NICE_HIGH_TWO["days_over"],
    }
    window = clinical.NICE_LOSS_WINDOW_MONTHS
    return {
        "bmi": [(GRID.weight_kg[-1], None)]
        + [p for cut in sorted(bmi_cuts) for p in pairs_beside(cut)],
        "loss": [0.0] + [c + d for c in sorted(loss_cuts) for d in (-loss_step, 0, loss_step)],
        "months": [window - 1, window, window + 1],
        "days": [0.0] + [c + d for c in sorted(days_cuts) for d in (-1, 0, 1)],
    }


def test_some_bmi_lands_exactly_on_a_threshold():
    # 36 kg at 150 cm is exactly 16 kg/m² (1.5² = 2.25 in binary): "16 is not below 16".
    exact = [p for cut in (16.0,) for p in pairs_beside(cut)]
    assert (36.0, 150.0) in exact
    assert clinical.bmi(height_cm=150, weight_kg=36) == clinical.NICE_HIGH_ONE["bmi_below"]


def test_the_lookup_equals_the_rules_on_every_threshold(tables):
    v = threshold_values()
    for grid_name, values in (("loss", GRID.loss_pct), ("days", GRID.days)):
        assert set(v[grid_name]) <= set(values), f"a {grid_name} threshold is off the grid"
    count = 0
    for (w, h), loss, months, days, lytes, drugs in itertools.product(
        v["bmi"], v["loss"], v["months"], v["days"], (False, True), (False, True)
    ):
        check_agrees(
            {
                "weight_kg": w,
                "height_cm": h,
                "weight_loss_pct": loss,
                "over_months": months,
                "days_little_or_no_intake": days,
                "low_electrolytes_before_feeding": lytes,
                "alcohol_or_risk_drugs": drugs,
            }
        )
        count += 1
    assert count > 5000


@pytest.mark.parametrize("goal", GRID.goal_kcal_per_kg)
@pytest.mark.parametrize("dtg", GRID.days_to_goal)
@pytest.mark.parametrize("level", clinical.REFEEDING_LEVELS)
def test_every_plan_at_every_weight(tables, goal, dtg, level):
    rows = tables.plan[
        (tables.plan["level"] == level)
        & (tables.plan["goal"] == goal)
        & (tables.plan["dtg"] == dtg)
    ].sort_values("day")
    assert list(rows["day"]) == list(range(1, clinical.REFEEDING_PLAN_MIN_DAYS + 1))
    for w in GRID.weight_kg:
        plan = clinical.refeeding_plan(
            weight_kg=w, risk_level=level, goal_kcal_per_kg=goal, days_to_goal=dtg
        )
        assert [d.kcal for d in plan] == [r * w for r in rows["kcal_per_kg"]]


def test_categories_split_the_rule_where_nice_does(tables):
    # Found by probing the rule, not written here: BMI unknown, ≥ 18.5, < 18.5, < 16,
    # < 14; loss none, > 10, > 15 within the window, > 10 outside it; days ≤ 5, > 5,
    # > 10, > 15.
    assert tables.bmi_values["bmi_cat"].nunique() == 5
    assert tables.loss["loss_cat"].nunique() == 4
    assert tables.days["days_cat"].nunique() == 4
    assert len(tables.combos) == 5 * 4 * 4 * 2 * 2
    days = dict(zip(tables.days["k"], tables.days["days_cat"], strict=True))
    assert days["5"] == days["0"] != days["6"] == days["10"] != days["11"] == days["15"]
    assert days["16"] == days["30"] != days["15"]


def test_js_fixed_rounds_half_up_like_the_browser():
    assert planner.js_fixed(562.5) == "563"  # Python's format gives '562'
    assert planner.js_fixed(618.75) == "619"
    assert planner.js_fixed(0.5) == "1"
    assert planner.js_fixed(1125.0) == "1125"
    assert planner.js_number(28.5) == "28.5" and planner.js_number(45.0) == "45"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"weight_kg": 45.5}, "weight must be a value of the planner's grid"),
        ({"height_cm": 139}, "height must be"),
        ({"weight_loss_pct": 28.57}, "weight loss must be"),
        ({"over_months": 0}, "months must be"),
        ({"days_little_or_no_intake": 31}, "days of little or no intake must be"),
        ({"goal_kcal_per_kg": 22}, "goal must be"),
        ({"days_to_goal": 8}, "days to goal must be"),
        ({"alcohol_or_risk_drugs": 1}, "drugs must be True or False"),
        ({"weight_kg": True}, "weight must be"),
    ],
)
def test_the_lookup_refuses_values_off_the_grid(kw, message):
    inputs = {
        "weight_kg": 45,
        "height_cm": 160,
        "weight_loss_pct": 28.5,
        "over_months": 6,
        "days_little_or_no_intake": 0,
        **kw,
    }
    with pytest.raises(ValueError, match=message):
        planner.planner_lookup(**inputs)


# ------------------------------------------------------------------ sizes


def test_every_dataset_is_under_altairs_inline_limit(tables):
    sizes = planner.dataset_sizes(tables)
    assert set(sizes) == set(planner.PlannerTables._fields)
    for name, size in sizes.items():
        assert 0 < size["rows"] < MAX_INLINE_ROWS, (name, size)


def test_the_chart_holds_each_table_once_under_150_kb_gzipped(tables, case_spec):
    assert alt.data_transformers.active == "default"  # MaxRowsError past 5,000 rows
    gz = len(gzip.compress(json.dumps(case_spec).encode(), 9))
    assert gz < PAGE_DATA_GZIP_LIMIT, f"{gz} bytes gzipped"
    datasets = case_spec["datasets"]
    assert set(datasets) == set(charts.PLANNER_DATASETS.values())
    for name, frame in tables._asdict().items():
        assert len(datasets[charts.PLANNER_DATASETS[name]]) == len(frame) < MAX_INLINE_ROWS


def test_a_table_past_the_inline_limit_is_refused(tables):
    big = tables._replace(days=pd.concat([tables.days] * 200, ignore_index=True))
    with pytest.raises(MaxRowsError):
        charts.refeeding_planner_chart(big)


# ------------------------------------------------------------------ the chart's spec


def test_no_threshold_or_rule_in_the_pages_expressions(case_chart):
    expressions = charts.planner_expressions(case_chart)
    assert len(expressions) > 10
    for expr in expressions:
        # Keys, equality, the slot a reason fills, kcal/kg × kg: no number literal at all
        # (digits inside names and quoted slot names such as 'bmi0' are not numbers).
        bare = re.sub(r"[A-Za-z_][\w.]*", "", re.sub(r"'[^']*'", "''", expr))
        assert not re.search(r"\d", bare), expr
        assert not re.search(r"[<>]", expr), expr


def test_the_chart_says_it_is_for_teaching_and_names_the_assumed_height(case_spec):
    spec = case_spec
    assert planner.TEACHING_ONLY in spec["description"]
    assert " ".join(spec["title"]["subtitle"]) == (
        planner.TEACHING_ONLY + " Height is an assumption: none is reported."
    )
    labels = {p["name"]: p["bind"].get("name", "") for p in spec["params"] if "bind" in p}
    assert set(labels) == set(charts.PLANNER_PARAMS.values())
    assert "assumption" in labels["planner_height"]
    assert all(label.strip() for label in labels.values())


def test_the_case_starts_the_controls_at_her_values(case, case_spec):
    start = planner.case_planner_defaults(case)
    assert start["height_cm"] is None and start["alcohol_or_risk_drugs"]
    assert (start["weight_kg"], start["weight_loss_pct"], start["over_months"]) == (45, 28.5, 6)
    values = {p["name"]: p.get("value") for p in case_spec["params"]}
    assert values["planner_weight"] == 45 and values["planner_height_unknown"] is True
    view = planner.planner_lookup(**{k: v for k, v in start.items() if k != "assumed_height_cm"})
    from casebook import facts

    assert view.level == facts.nutrition_facts(case)["nice_risk_level"] == "high"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"weight_kg": 29}, "weight_kg must start on its slider's grid"),
        ({"height_cm": 160.5}, "assumed_height_cm must start"),
        ({"colour": "red"}, "unknown planner input"),
    ],
)
def test_the_chart_refuses_a_start_off_the_grid(tables, kw, message):
    with pytest.raises(ValueError, match=message):
        charts.refeeding_planner_chart(tables, **kw)


def test_plan_table_is_the_ramp_by_level(tables):
    frame = planner.plan_table(tables)
    assert list(frame.columns) == planner.PLAN_TABLE_COLUMNS
    assert len(frame) == len(clinical.REFEEDING_LEVELS) * clinical.REFEEDING_PLAN_MIN_DAYS
