"""Live refeeding planner for the nutrition chapter: NICE CG32's risk and the first week.

Runs only in a live notebook (``make lab``); the static site shows the kernel-free
equivalent, :func:`casebook.charts.refeeding_planner_chart`, which looks up tables that
:mod:`casebook.planner` computed with the same rules. Here the rules are called directly
on whatever the reader types (not only the static page's grid): :func:`casebook.clinical.bmi`,
:func:`~casebook.clinical.refeeding_risk` and :func:`~casebook.clinical.refeeding_plan`.

    from casebook.widgets import RefeedingPlanner
    RefeedingPlanner(case)          # displays itself in a notebook

Bad input (a weight of 0, a height of 20 cm, NaN) never raises out of the widget: the
ValueError's sentence is shown in the widget and kept in ``.message``, and the last good
result stays as it was. A teaching aid, not a prescribing tool.
"""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.charts.live import LiveParts, live_data, live_datasets
from casebook.charts.nutrition import LEVEL_COLORS
from casebook.charts.style import PALETTE, narrow_title
from casebook.planner import LEVEL_WORDS, NO_REASONS, TEACHING_ONLY, case_planner_defaults
from casebook.widgets._display import DrawsLive, LiveChart, ShowsItself
from casebook.widgets._errors import error_html

__all__ = ["RefeedingPlanner", "plan_chart", "plan_parts"]

_INPUTS = (
    "weight_kg",
    "height_cm",
    "height_unknown",
    "weight_loss_pct",
    "over_months",
    "days_little_or_no_intake",
    "low_electrolytes_before_feeding",
    "alcohol_or_risk_drugs",
    "goal_kcal_per_kg",
    "days_to_goal",
)

_DEFAULTS: dict[str, Any] = {
    "weight_kg": 60.0,
    "height_cm": 165.0,
    "height_unknown": False,
    "weight_loss_pct": 0.0,
    "over_months": 6.0,
    "days_little_or_no_intake": 0.0,
    "low_electrolytes_before_feeding": False,
    "alcohol_or_risk_drugs": False,
    "goal_kcal_per_kg": 25.0,
    "days_to_goal": 5,
}


def plan_parts(plan: tuple[clinical.PlanDay, ...], level: str) -> LiveParts:
    """What the plan chart shows for ``plan`` at risk ``level``: the parts a change swaps.

    ``data`` (the live datasets: the days, and the goal), ``params`` (the bars' colour),
    ``title`` and ``description``; :func:`plan_chart` draws them, and the planner patches
    them into the chart it drew first (:class:`~casebook.widgets._display.LiveChart`).
    """
    frame = pd.DataFrame(plan).drop(columns="monitoring")
    frame["level"] = level
    goal = float(frame["kcal"].max())
    return LiveParts(
        data={"plan": frame, "goal": pd.DataFrame({"goal": [goal]})},
        params={"plan_color": LEVEL_COLORS[level]},
        title=narrow_title(
            {"text": f"{LEVEL_WORDS[level]}: the first week", "subtitle": [TEACHING_ONLY]}
        ),
        description=(
            f"Bar chart of the energy to give on each of the first {len(frame)} days of "
            f"feeding, in kcal per day, rising to the goal of {goal:.0f} kcal (a dashed "
            f"line), for {level} risk. {TEACHING_ONLY}"
        ),
    )


def plan_chart(plan: tuple[clinical.PlanDay, ...], level: str) -> alt.LayerChart:
    """The first week as bars of kcal per day with a dashed goal line (the live chart)."""
    parts = plan_parts(plan, level)
    days = live_data("plan")
    x = alt.X("day:O", title="Day of feeding", axis=alt.Axis(labelAngle=0))
    y = alt.Y("kcal:Q", title="kcal per day")
    bars = (
        alt.Chart(days)
        .mark_bar(color=alt.ExprRef(expr="plan_color"))
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("day:O", title="Day"),
                alt.Tooltip("kcal_per_kg:Q", title="kcal/kg", format=".3g"),
                alt.Tooltip("kcal:Q", title="kcal", format=".0f"),
                alt.Tooltip("pct_of_goal:Q", title="% of goal", format=".0f"),
            ],
        )
    )
    labels = (
        alt.Chart(days)
        .mark_text(baseline="bottom", dy=-3, fontSize=10)
        .encode(x=x, y=y, text=alt.Text("kcal:Q", format=".0f"))
    )
    rule = (
        alt.Chart(live_data("goal"))
        .mark_rule(color=PALETTE["black"], strokeDash=[5, 3])
        .encode(y="goal:Q")
    )
    return (
        alt.layer(bars, labels, rule)
        .add_params(alt.param(name="plan_color", value=parts.params["plan_color"]))
        .properties(
            datasets=live_datasets(parts.data),
            title=parts.title,
            description=parts.description,
            width="container",
            height=220,
        )
    )


class RefeedingPlanner(DrawsLive, ShowsItself):
    """Weight, height, weight loss, intake and two yes/no criteria in; the risk and a plan out.

    Controls (ipywidgets): ``weight_kg``, ``height_cm`` (FloatText; the case report gives
    no height, so any height is an assumption) with ``height_unknown`` (Checkbox: the BMI
    is then not assessed), ``weight_loss_pct`` and ``over_months`` (FloatText: NICE
    counts loss within 6 months), ``days_little_or_no_intake`` (FloatText),
    ``low_electrolytes_before_feeding`` and ``alcohol_or_risk_drugs`` (Checkbox),
    ``goal_kcal_per_kg`` (FloatText) and ``days_to_goal`` (IntSlider, 4-7).

    ``case``: start from the case (:func:`casebook.planner.case_planner_defaults`: her
    last weight, her loss over the reported months, chemotherapy, height not known).

    Attributes for tests and for the notebook: ``risk`` (:class:`~casebook.clinical.RefeedingRisk`),
    ``plan`` (the :class:`~casebook.clinical.PlanDay` rows), ``bmi`` (kg/m², or None),
    ``message`` (the last error sentence, ``""`` when the inputs are fine), ``chart``
    (:func:`plan_chart` for the last valid input) and ``widget`` (the ipywidgets box).
    """

    def __init__(self, case: Any = None) -> None:
        import ipywidgets as w

        start = dict(_DEFAULTS)
        if case is not None:
            defaults = case_planner_defaults(case)
            start.update({k: v for k, v in defaults.items() if k in start})
            start["height_unknown"] = defaults["height_cm"] is None
            start["height_cm"] = defaults["assumed_height_cm"]
        self.risk: clinical.RefeedingRisk | None = None
        self.plan: tuple[clinical.PlanDay, ...] = ()
        self.bmi: float | None = None
        self.message = ""
        self._quiet = False

        style = {"description_width": "22em"}
        layout = w.Layout(width="34em")
        window = f"{clinical.NICE_LOSS_WINDOW_MONTHS:g}"
        low, high = clinical.REFEEDING_DAYS_TO_GOAL
        self.weight_kg = w.FloatText(description="Current weight (kg)", style=style, layout=layout)
        self.height_cm = w.FloatText(
            description="Height (cm): an assumption, not reported", style=style, layout=layout
        )
        self.height_unknown = w.Checkbox(
            description="Height not known (BMI not assessed)", indent=False
        )
        self.weight_loss_pct = w.FloatText(
            description="Weight loss (% of usual weight)", style=style, layout=layout
        )
        self.over_months = w.FloatText(
            description=f"Over how many months (NICE counts loss within {window})",
            style=style,
            layout=layout,
        )
        self.days_little_or_no_intake = w.FloatText(
            description="Days of little or no intake", style=style, layout=layout
        )
        self.low_electrolytes_before_feeding = w.Checkbox(
            description="Low potassium, phosphate or magnesium before feeding", indent=False
        )
        self.alcohol_or_risk_drugs = w.Checkbox(
            description="Alcohol misuse, or drugs such as insulin, chemotherapy, antacids or diuretics",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.goal_kcal_per_kg = w.FloatText(
            description="Goal (kcal/kg a day)", style=style, layout=layout
        )
        self.days_to_goal = w.IntSlider(
            min=low, max=high, description="Day the goal is reached", style=style, layout=layout
        )
        self._set(start)
        self.message_html = w.HTML()
        self.result_html = w.HTML()
        self.chart_out = w.Output()
        self.live = LiveChart(self.chart_out)
        self.widget = w.VBox(
            [
                w.HTML(
                    f"<p><strong>{html.escape(TEACHING_ONLY)}</strong> The risk is NICE CG32's, "
                    "computed by <code>casebook.clinical.refeeding_risk</code>; the plan by "
                    "<code>refeeding_plan</code>.</p>"
                ),
                *(getattr(self, name) for name in _INPUTS),
                self.message_html,
                self.result_html,
                self.chart_out,
            ]
        )
        for name in _INPUTS:
            getattr(self, name).observe(self._on_edit, names="value")
        self.update()

    # ------------------------------------------------------------------ callbacks

    def _set(self, values: dict[str, Any]) -> None:
        self._quiet = True
        try:
            for name, value in values.items():
                getattr(self, name).value = value
        finally:
            self._quiet = False

    def _on_edit(self, change: Any = None) -> None:
        if not self._quiet:
            self.update()

    def update(self, change: Any = None, **values: Any) -> None:
        """Recompute the risk and the plan; show the sentence of a ValueError instead.

        ``values`` may set inputs first, e.g. ``planner.update(days_little_or_no_intake=16)``.
        """
        unknown = set(values) - set(_INPUTS)
        if unknown:
            raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
        if values:
            self._set(values)
        try:
            weight = self.weight_kg.value
            value = (
                None
                if self.height_unknown.value
                else clinical.bmi(height_cm=self.height_cm.value, weight_kg=weight)
            )
            risk = clinical.refeeding_risk(
                bmi=value,
                weight_loss_pct=self.weight_loss_pct.value,
                over_months=self.over_months.value,
                days_little_or_no_intake=self.days_little_or_no_intake.value,
                low_electrolytes_before_feeding=self.low_electrolytes_before_feeding.value,
                alcohol_or_risk_drugs=self.alcohol_or_risk_drugs.value,
            )
            plan = clinical.refeeding_plan(
                weight_kg=weight,
                risk_level=risk.level,
                goal_kcal_per_kg=self.goal_kcal_per_kg.value,
                days_to_goal=self.days_to_goal.value,
            )
        except ValueError as err:
            self.message = str(err)
            self.message_html.value = error_html(
                f"{self.message}.",
                heading="Check the input:",
                after="The result below is still the last valid one.",
            )
            return
        self.message = ""
        self.message_html.value = ""
        self.bmi, self.risk, self.plan = value, risk, plan
        self.result_html.value = self._result_html()
        self._show_chart()

    def _result_html(self) -> str:
        assert self.risk is not None
        bmi = "BMI not known (no height)" if self.bmi is None else f"BMI {self.bmi:.1f} kg/m²"
        reasons = self.risk.reasons or (NO_REASONS,)
        items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
        rows = "".join(
            f"<tr><td>{d.day}</td><td>{d.kcal_per_kg:.3g}</td><td>{d.kcal:.0f}</td>"
            f"<td>{d.pct_of_goal:.0f} %</td><td>{html.escape(d.monitoring)}</td></tr>"
            for d in self.plan
        )
        return (
            f'<p class="cb-explorer-results"><strong>{html.escape(LEVEL_WORDS[self.risk.level])}'
            f"</strong> ({html.escape(bmi)}).</p><ul>{items}</ul>"
            '<table class="cb-data-table"><thead><tr><th>Day</th><th>kcal/kg</th><th>kcal</th>'
            f"<th>Share of goal</th><th>Monitoring</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def _show_chart(self) -> None:
        plan, level = self.plan, self.risk.level
        self.live.draw("plan", lambda: plan_chart(plan, level), **plan_parts(plan, level).patch())
