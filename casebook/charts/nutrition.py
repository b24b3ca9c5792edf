"""The nutrition chapter's refeeding planner as one chart that works without a kernel.

Sliders and tick boxes (Vega-Lite parameters bound to inputs) set the weight, an assumed
height (or "height not known"), the weight loss and over how many months, the days of
little or no intake, low electrolytes before feeding, alcohol or risk drugs, and the
plan's goal and days to reach it. The chart writes the NICE CG32 risk level in words and
its reasons, and draws the first week's energy as bars (kcal per day, with kcal/kg) up to
a dashed goal line.

Every level, reason and kcal/kg is a row of :func:`casebook.planner.planner_tables`,
computed by the rules at build time. The page's expressions only build the tables' keys
from the controls, compare keys for equality, pick the sentence a slot names and multiply
kcal/kg by the weight: no threshold and no rule is written in them (a unit test checks
that no expression holds a number or a comparison other than equality). :func:`casebook.planner.planner_lookup` says what the
page must show for given slider values.
"""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.charts.style import PALETTE, narrow
from casebook.planner import (
    GRID,
    TEACHING_ONLY,
    PlannerTables,
    js_number,
)

__all__ = [
    "PLANNER_PARAMS",
    "PLANNER_DATASETS",
    "LEVEL_COLORS",
    "refeeding_planner_chart",
    "planner_expressions",
]

#: The Vega-Lite parameter (and input ``name``) of each control.
PLANNER_PARAMS = {
    "weight_kg": "planner_weight",
    "height_cm": "planner_height",
    "height_unknown": "planner_height_unknown",
    "weight_loss_pct": "planner_loss",
    "over_months": "planner_months",
    "days_little_or_no_intake": "planner_days",
    "low_electrolytes_before_feeding": "planner_lytes",
    "alcohol_or_risk_drugs": "planner_drugs",
    "goal_kcal_per_kg": "planner_goal",
    "days_to_goal": "planner_days_to_goal",
}
P = PLANNER_PARAMS

#: Colour of the bars by level (Okabe-Ito); the level is also written in words.
LEVEL_COLORS = {
    "low": PALETTE["bluish_green"],
    "high": PALETTE["orange"],
    "extreme": PALETTE["vermillion"],
}

_LINE_PX = 13  # one line of reasons
_LEVEL_Y = 0
_BMI_Y = 20
_REASONS_Y = 40
_BARS_PX = 220
_GAP_PX = 36  # between the reasons and the bars, room for the bar labels


def _max_reason_lines(t: PlannerTables) -> int:
    """The most lines any combination's reasons can take on the page."""

    def lines(text: str) -> int:
        return text.count("\n") + 1 if text else 0

    most = {
        "bmi0": t.bmi_values["bmi_s0"].map(lines).max(),
        "bmi1": t.bmi_values["bmi_s1"].map(lines).max(),
        "loss0": t.loss["loss_s0"].map(lines).max(),
        "days0": t.days["days_s0"].map(lines).max(),
        "days1": t.days["days_s1"].map(lines).max(),
    }
    per_row = [
        most.get(slot, lines(fixed))
        for slot, fixed in zip(t.reasons["slot"], t.reasons["fixed"], strict=True)
    ]
    return int(pd.Series(per_row).groupby(t.reasons["combo"].values).sum().max())


#: The name of each table among the chart's top-level datasets.
PLANNER_DATASETS = {name: f"planner_{name}" for name in PlannerTables._fields}


def _data(name: str) -> alt.NamedData:
    return alt.NamedData(name=PLANNER_DATASETS[name])


def _datasets(t: PlannerTables) -> dict[str, list[dict[str, Any]]]:
    """Each table as inline rows, through Altair's active data transformer (the default
    one raises MaxRowsError past 5,000 rows: the grid is chosen to stay under it)."""
    return {
        PLANNER_DATASETS[name]: alt.data_transformers.get()(frame)["values"]
        for name, frame in t._asdict().items()
    }


def _lookups(chart: alt.Chart) -> alt.Chart:
    """The page's lookups: from the controls to the rows of the reader's inputs."""
    yes_no = "? 'yes' : 'no'"
    return (
        chart.transform_calculate(
            bmi_k=f"{P['height_unknown']} ? 'unknown' : {P['weight_kg']} + '|' + {P['height_cm']}",
            loss_k=f"{P['weight_loss_pct']} + '|' + {P['over_months']}",
            days_k=f"'' + {P['days_little_or_no_intake']}",
        )
        .transform_lookup(
            lookup="bmi_k", from_=alt.LookupData(data=_data("bmi_keys"), key="k", fields=["b"])
        )
        .transform_lookup(
            lookup="b",
            from_=alt.LookupData(
                data=_data("bmi_values"),
                key="b",
                fields=["bmi_text", "bmi_cat", "bmi_s0", "bmi_s1"],
            ),
        )
        .transform_lookup(
            lookup="loss_k",
            from_=alt.LookupData(data=_data("loss"), key="k", fields=["loss_cat", "loss_s0"]),
        )
        .transform_lookup(
            lookup="days_k",
            from_=alt.LookupData(
                data=_data("days"), key="k", fields=["days_cat", "days_s0", "days_s1"]
            ),
        )
        .transform_calculate(
            current=(
                "datum.bmi_cat + '|' + datum.loss_cat + '|' + datum.days_cat + '|' + "
                f"({P['low_electrolytes_before_feeding']} {yes_no}) + '|' + "
                f"({P['alcohol_or_risk_drugs']} {yes_no})"
            )
        )
    )


def _slider(name: str, value: float, grid: tuple[float, ...], label: str) -> alt.Parameter:
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=grid[0], max=grid[-1], step=grid[1] - grid[0], name=label),
    )


def _params(start: dict[str, Any]) -> list[alt.Parameter]:
    window = js_number(clinical.NICE_LOSS_WINDOW_MONTHS)
    return [
        _slider(P["weight_kg"], start["weight_kg"], GRID.weight_kg, "Current weight (kg) "),
        _slider(
            P["height_cm"],
            start["assumed_height_cm"],
            GRID.height_cm,
            "Height (cm): an assumption, not reported ",
        ),
        alt.param(
            name=P["height_unknown"],
            value=start["height_cm"] is None,
            bind=alt.binding_checkbox(name="Height not known (BMI not assessed) "),
        ),
        _slider(
            P["weight_loss_pct"],
            start["weight_loss_pct"],
            GRID.loss_pct,
            "Weight loss (% of usual weight) ",
        ),
        _slider(
            P["over_months"],
            start["over_months"],
            GRID.months,
            f"Months over which it was lost (NICE counts loss within {window}) ",
        ),
        _slider(
            P["days_little_or_no_intake"],
            start["days_little_or_no_intake"],
            GRID.days,
            "Days of little or no intake ",
        ),
        alt.param(
            name=P["low_electrolytes_before_feeding"],
            value=start["low_electrolytes_before_feeding"],
            bind=alt.binding_checkbox(name="Low potassium, phosphate or magnesium before feeding "),
        ),
        alt.param(
            name=P["alcohol_or_risk_drugs"],
            value=start["alcohol_or_risk_drugs"],
            bind=alt.binding_checkbox(
                name="Alcohol misuse, or drugs such as insulin, chemotherapy, antacids or "
                "diuretics "
            ),
        ),
        _slider(
            P["goal_kcal_per_kg"],
            start["goal_kcal_per_kg"],
            GRID.goal_kcal_per_kg,
            "Goal (kcal/kg a day) ",
        ),
        _slider(
            P["days_to_goal"], start["days_to_goal"], GRID.days_to_goal, "Day the goal is reached "
        ),
    ]


_DEFAULTS: dict[str, Any] = {
    "weight_kg": 45.0,
    "height_cm": None,
    "assumed_height_cm": 160.0,
    "weight_loss_pct": 0.0,
    "over_months": 6.0,
    "days_little_or_no_intake": 0.0,
    "low_electrolytes_before_feeding": False,
    "alcohol_or_risk_drugs": False,
    "goal_kcal_per_kg": 25.0,
    "days_to_goal": 5,
}


def _start(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown planner input(s): {', '.join(sorted(unknown))}")
    start = {**_DEFAULTS, **values}
    if start["height_cm"] is not None:
        start["assumed_height_cm"] = start["height_cm"]
    grids = {
        "weight_kg": GRID.weight_kg,
        "assumed_height_cm": GRID.height_cm,
        "weight_loss_pct": GRID.loss_pct,
        "over_months": GRID.months,
        "days_little_or_no_intake": GRID.days,
        "goal_kcal_per_kg": GRID.goal_kcal_per_kg,
        "days_to_goal": GRID.days_to_goal,
    }
    for name, grid in grids.items():
        if isinstance(start[name], bool) or start[name] not in grid:
            raise ValueError(
                f"the planner's {name} must start on its slider's grid "
                f"({grid[0]:g} to {grid[-1]:g} in steps of {grid[1] - grid[0]:g}), "
                f"got {start[name]!r}"
            )
    return start


@narrow
def refeeding_planner_chart(t: PlannerTables, **start: Any) -> alt.LayerChart:
    """The refeeding planner: controls, the risk level and reasons, and the first week.

    ``t``: :func:`casebook.planner.planner_tables`. ``start``: where the controls start,
    with the names of :func:`casebook.planner.planner_lookup` (``height_cm=None`` ticks
    "height not known"; ``assumed_height_cm`` places the height slider then), e.g.
    ``**planner.case_planner_defaults(case)``. ValueError for a start off the grid.
    """
    s = _start(start)
    top_bars = _REASONS_Y + _max_reason_lines(t) * _LINE_PX + _GAP_PX
    height = top_bars + _BARS_PX

    level = (
        _lookups(alt.Chart(_data("combos")))
        .transform_filter("datum.combo == datum.current")
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.value(_LEVEL_Y), text="level_text:N")
        .properties(name="cb_planner_level")
    )
    bmi = (
        _lookups(alt.Chart(_data("combos")))
        .transform_filter("datum.combo == datum.current")
        .mark_text(align="left", baseline="top", fontSize=11)
        .encode(x=alt.value(0), y=alt.value(_BMI_Y), text="bmi_text:N")
        .properties(name="cb_planner_bmi")
    )
    slot_text = (
        "datum.slot == 'bmi0' ? datum.bmi_s0 : datum.slot == 'bmi1' ? datum.bmi_s1 : "
        "datum.slot == 'loss0' ? datum.loss_s0 : datum.slot == 'days0' ? datum.days_s0 : "
        "datum.slot == 'days1' ? datum.days_s1 : datum.fixed"
    )
    most = _max_reason_lines(t)
    reasons = (
        _lookups(alt.Chart(_data("reasons")))
        .transform_filter("datum.combo == datum.current")
        .transform_calculate(text=slot_text)
        .transform_calculate(n="length(split(datum.text, '\\n'))", shown="'• ' + datum.text")
        .transform_window(below="sum(n)", sort=[alt.SortField("order")], frame=[None, 0])
        .transform_calculate(line="datum.below - datum.n")
        .mark_text(align="left", baseline="top", fontSize=11, lineHeight=_LINE_PX, lineBreak="\n")
        .encode(
            x=alt.value(0),
            y=alt.Y(
                "line:Q",
                axis=None,
                scale=alt.Scale(domain=[0, most], range=[_REASONS_Y, _REASONS_Y + most * _LINE_PX]),
            ),
            text="shown:N",
        )
        .properties(name="cb_planner_reasons")
    )

    ramp = (
        _lookups(alt.Chart(_data("plan")))
        .transform_lookup(
            lookup="current",
            from_=alt.LookupData(data=_data("combos"), key="combo", fields=["level"]),
            as_=["current_level"],
        )
        .transform_filter(
            f"datum.level == datum.current_level && datum.goal == {P['goal_kcal_per_kg']} "
            f"&& datum.dtg == {P['days_to_goal']}"
        )
        .transform_calculate(
            kcal=f"datum.kcal_per_kg * {P['weight_kg']}",
            goal_kcal=f"{P['goal_kcal_per_kg']} * {P['weight_kg']}",
        )
        .transform_calculate(
            kcal_text="round(datum.kcal) + ''",
            goal_text=(
                f"'goal ' + round(datum.goal_kcal) + ' kcal (' + {P['goal_kcal_per_kg']} "
                "+ ' kcal/kg)'"
            ),
        )
    )
    y = alt.Y(
        "kcal:Q",
        title="kcal per day",
        scale=alt.Scale(range=[height, top_bars], zero=True),
        axis=alt.Axis(titleFontWeight="normal"),
    )
    x = alt.X("day:O", title="Day of feeding", axis=alt.Axis(labelAngle=0))
    color = alt.Color(
        "level:N",
        scale=alt.Scale(domain=list(LEVEL_COLORS), range=list(LEVEL_COLORS.values())),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("day:O", title="Day"),
        alt.Tooltip("kcal_per_kg:Q", title="kcal/kg", format=".3g"),
        alt.Tooltip("kcal:Q", title="kcal", format=".0f"),
        alt.Tooltip("pct_text:N", title="Share of the goal"),
        alt.Tooltip("monitoring:N", title="Monitoring (NICE CG32)"),
    ]
    bars = (
        ramp.mark_bar(opacity=0.9)
        .encode(x=x, y=y, color=color, tooltip=tooltip)
        .properties(name="cb_planner_bars")
    )
    kcal_labels = (
        ramp.mark_text(baseline="bottom", dy=-3, fontSize=10)
        .encode(x=x, y=y, text="kcal_text:N")
        .properties(name="cb_planner_kcal")
    )
    rate_labels = (
        ramp.mark_text(baseline="top", dy=3, fontSize=10)
        .encode(x=x, y=y, text="rate_text:N")
        .properties(name="cb_planner_rate")
    )
    goal_rows = ramp.transform_aggregate(n="count()", groupby=["goal_kcal", "goal_text"])
    goal = goal_rows.mark_rule(color=PALETTE["black"], strokeDash=[5, 3]).encode(
        y=alt.Y("goal_kcal:Q", scale=alt.Scale(range=[height, top_bars]))
    )
    goal_label = (
        goal_rows.mark_text(align="left", baseline="bottom", dy=-3, x=2, fontSize=10)
        .encode(y=alt.Y("goal_kcal:Q"), text="goal_text:N")
        .properties(name="cb_planner_goal")
    )
    plan_layer = alt.layer(bars, goal, kcal_labels, rate_labels, goal_label)

    window = js_number(clinical.NICE_LOSS_WINDOW_MONTHS)
    description = (
        "Refeeding planner. Controls set the current weight, an assumed height (the case "
        "report gives none) or height not known, the weight loss and over how many months "
        f"(NICE counts loss within {window} months), the days of little or no intake, low "
        "electrolytes before feeding, and alcohol or risk drugs, then the goal in kcal/kg and "
        "the day it is reached. The chart writes the NICE CG32 refeeding risk (low, high or "
        "extreme) and the criteria met, each computed in Python when the page was built, "
        "and draws the first seven days of feeding as bars of kcal per day, labelled with "
        f"kcal/kg, rising to the goal (a dashed line). {TEACHING_ONLY}"
    )
    return (
        alt.layer(level, bmi, reasons, plan_layer)
        .resolve_scale(y="independent")
        .configure_view(stroke=None)
        .add_params(*_params(s))
        .properties(
            title=alt.Title(
                ["Refeeding risk (NICE CG32)", "and the first week of feeding"],
                subtitle=[
                    *textwrap.wrap(TEACHING_ONLY, 40),
                    "Height is an assumption: none is reported.",
                ],
                anchor="start",
                fontSize=13,
                subtitleFontSize=11,
            ),
            description=description,
            datasets=_datasets(t),
            width="container",
            height=height,
        )
    )


def planner_expressions(chart: alt.TopLevelMixin) -> list[str]:
    """Every Vega expression of the chart (calculate, filter, param expressions)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("calculate", "filter", "expr") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(chart.to_dict())
    return found
