"""The mechanisms chapter's model explorers: bone-remodelling ODEs, solved at build time.

The static site has no kernel, so each model is solved here over a small grid of its
own parameters and the curves are embedded in the chart; Vega-Lite parameters bound
to native inputs (a slider, radios: the keyboard moves them) pick the curve to draw.
Every number and word the charts write is a precomputed row (the summary frames);
nothing is computed in Vega expressions.

* :func:`remodeling_frame` / :func:`remodeling_chart`: Komarova 2003's remodelling
  cycle under RANKL inhibition E (α1 → α1·(1 − E), the steady state x̄ kept at its
  uninhibited value: see :func:`casebook.model.simulate_remodeling`). The inhibition
  is a **modelling convention** for denosumab, not a published parameter set.
* :func:`tumour_bone_frame` / :func:`tumour_bone_chart`: Ayati 2010's tumour
  extension, over the tumour's growth rate γ_T and the day treatment starts. Ayati
  et al. built it for **multiple myeloma**, not breast cancer: a caricature.

:func:`model_data_sizes` gives the rows and gzip bytes each chart embeds (the page's
chart data must stay under about 150 KB gzipped).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from casebook.charts.live import LiveParts, live_data, live_datasets
from casebook.charts.style import PALETTE, narrow, narrow_title
from casebook.model import TumourBoneParams, simulate_remodeling, simulate_tumour_bone

__all__ = [
    "DEFAULT_INHIBITIONS",
    "DEFAULT_GROWTH_RATES",
    "DEFAULT_TREATMENT_STARTS",
    "MAX_INLINE_ROWS",
    "REMODELING_TABLE_COLUMNS",
    "TUMOUR_BONE_TABLE_COLUMNS",
    "INHIBITION_PARAM",
    "GROWTH_PARAM",
    "START_PARAM",
    "remodeling_frame",
    "remodeling_summary",
    "remodeling_chart",
    "tumour_bone_frame",
    "tumour_bone_summary",
    "tumour_bone_chart",
    "start_key",
    "model_data_sizes",
]

#: RANKL inhibition E on the static slider: 0 to 0.9 in steps of 0.1.
DEFAULT_INHIBITIONS: tuple[float, ...] = tuple(round(0.1 * i, 1) for i in range(10))
#: Tumour growth rates γ_T (per day), up to Ayati's published 0.005. Not faster: the
#: model's bone mass has no floor, and at 0.0052/day and above it falls below 0 % before
#: day 1,200 untreated (−2 % at 0.0052, −8.6 % at 0.006), which no chart should draw.
DEFAULT_GROWTH_RATES: tuple[float, ...] = (0.003, 0.004, 0.005)
#: Days treatment starts (None: untreated); Ayati's treated run starts at day 600.
DEFAULT_TREATMENT_STARTS: tuple[int | None, ...] = (None, 300, 600, 900)
#: The most rows any one inline dataset may hold.
MAX_INLINE_ROWS = 5000

INHIBITION_PARAM = "rankl_inhibition"
GROWTH_PARAM = "tumour_growth"
START_PARAM = "treatment_start"
NO_TREATMENT = "none"

#: The columns of the remodelling chart's data table (one row per inhibition).
REMODELING_TABLE_COLUMNS = [
    "inhibition",
    "bone_mass_min_pct",
    "bone_mass_min_day",
    "bone_mass_end_pct",
]
#: The columns of the tumour chart's data table (one row per growth rate and start).
TUMOUR_BONE_TABLE_COLUMNS = [
    "growth_per_day",
    "treatment_start",
    "bone_mass_min_pct",
    "bone_mass_end_pct",
    "tumour_end",
]

# Fixed plot widths for the stacked panels (Vega-Lite cannot fit a concatenated chart to
# its container): plot plus axes, about 265 px, fit a 320-px phone (WCAG 1.4.10).
_PANEL_WIDTH_PX = 210
_BONE_HEIGHT_PX = 200
_CONVENTION_LINES = (
    "RANKL inhibition cuts osteoclast production (a modelling",
    "convention for denosumab, not a published parameter set);",
    "cells are measured against the uninhibited steady state.",
)
_TUMOUR_TITLE = ("A tumour in the marrow unbalances remodelling;", "treatment slows the loss")
_TUMOUR_LINES = (
    "Ayati 2010 built this model for myeloma, not breast cancer:",
    "a caricature of a remodelling unit with a tumour in it.",
)


# ----------------------------------------------------------------------------- frames


def _on_step(day: pd.Series, step_days: float, last: float) -> np.ndarray:
    """Rows whose day is a multiple of ``step_days``, and the last day."""
    ratio = day.to_numpy() / step_days
    return np.isclose(ratio, np.round(ratio), atol=1e-6) | np.isclose(day.to_numpy(), last)


def _step(step_days, name: str) -> float:
    if isinstance(step_days, bool) or not isinstance(step_days, (int, float)):
        raise ValueError(f"{name} must be a number of days > 0, got {step_days!r}")
    if not np.isfinite(step_days) or step_days <= 0:
        raise ValueError(f"{name} must be a number of days > 0, got {step_days!r}")
    return float(step_days)


def remodeling_frame(
    inhibitions: Sequence[float] = DEFAULT_INHIBITIONS, days: float = 100, step_days: float = 1
) -> pd.DataFrame:
    """One :func:`~casebook.model.simulate_remodeling` run per RANKL inhibition, long.

    Columns: inhibition, day, osteoclasts, osteoblasts, bone_mass_pct; the model's
    0.1-day samples resampled to every ``step_days`` (and the last day). ValueError
    (the model's sentence) for an inhibition outside [0, 1) or bad days.
    """
    step = _step(step_days, "step_days")
    if len(inhibitions) == 0:
        raise ValueError("inhibitions must hold at least one RANKL inhibition, got none")
    frames = []
    for e in inhibitions:
        run = simulate_remodeling(days, rankl_inhibition=e)
        run = run[_on_step(run["day"], step, float(run["day"].iloc[-1]))]
        frames.append(run.assign(inhibition=float(e)))
    frame = pd.concat(frames, ignore_index=True)
    return frame.loc[:, ["inhibition", "day", "osteoclasts", "osteoblasts", "bone_mass_pct"]]


def start_key(start: float | None) -> str:
    """How the treatment-start radio names a start day: "none" or "600"."""
    return NO_TREATMENT if start is None else f"{start:g}"


def tumour_bone_frame(
    growth_rates: Sequence[float] = DEFAULT_GROWTH_RATES,
    treatment_starts: Sequence[float | None] = DEFAULT_TREATMENT_STARTS,
    days: float = 1200,
    step_days: float = 5,
) -> pd.DataFrame:
    """One :func:`~casebook.model.simulate_tumour_bone` run per growth rate and start day.

    Growth is γ_T (``TumourBoneParams(gamma_t=...)``, other parameters published).
    Columns: growth_per_day, treatment_start ("none" or the day as text), day,
    osteoclasts, osteoblasts, tumour, bone_mass_pct; sampled every ``step_days``.
    """
    step = _step(step_days, "step_days")
    if len(growth_rates) == 0 or len(treatment_starts) == 0:
        raise ValueError("the grid needs at least one growth rate and one treatment start")
    frames = []
    for g in growth_rates:
        params = TumourBoneParams(gamma_t=g)
        for start in treatment_starts:
            run = simulate_tumour_bone(days, treatment_start_day=start, params=params)
            run = run[_on_step(run["day"], step, float(run["day"].iloc[-1]))]
            frames.append(run.assign(growth_per_day=float(g), treatment_start=start_key(start)))
    frame = pd.concat(frames, ignore_index=True)
    columns = ["growth_per_day", "treatment_start", "day", "osteoclasts", "osteoblasts"]
    return frame.loc[:, [*columns, "tumour", "bone_mass_pct"]]


# ----------------------------------------------------------------------------- summaries


def _pct(value: float) -> str:
    return f"{value:.1f} %"


def remodeling_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per inhibition: the lowest bone mass (and its day), the last day's, a label.

    ``label`` is what the chart writes: "E = 0.5: 96.4 % at day 100".
    """
    rows = []
    for e, run in frame.groupby("inhibition", sort=True):
        low = run.loc[run["bone_mass_pct"].idxmin()]
        end = run.iloc[-1]
        rows.append(
            {
                "inhibition": float(e),
                "bone_mass_min_pct": round(float(low["bone_mass_pct"]), 2),
                "bone_mass_min_day": float(low["day"]),
                "end_day": float(end["day"]),
                "bone_mass_end_pct": round(float(end["bone_mass_pct"]), 2),
                "label": f"E = {e:g}: {_pct(end['bone_mass_pct'])} at day {end['day']:g}",
            }
        )
    return pd.DataFrame(rows)


def tumour_bone_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per growth rate and start: lowest and last bone mass, last tumour, labels."""
    rows = []
    for (g, start), run in frame.groupby(["growth_per_day", "treatment_start"], sort=False):
        end = run.iloc[-1]
        day = f"{end['day']:g}"
        rows.append(
            {
                "growth_per_day": float(g),
                "treatment_start": start,
                "bone_mass_min_pct": round(float(run["bone_mass_pct"].min()), 2),
                "end_day": float(end["day"]),
                "bone_mass_end_pct": round(float(end["bone_mass_pct"]), 2),
                "tumour_end": round(float(end["tumour"]), 2),
                "bone_label": f"Day {day}: bone {_pct(end['bone_mass_pct'])}",
                "tumour_label": f"Day {day}: tumour {end['tumour']:.1f}",
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- charts


def _curves(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The curves as embedded: rounded (4 significant figures are plenty to draw)."""
    data = frame.loc[:, list(columns)].copy()
    for col in data.columns:
        if pd.api.types.is_float_dtype(data[col]) and col not in ("inhibition", "growth_per_day"):
            data[col] = data[col].map(lambda v: float(f"{v:.4g}"))
    return data


def _grid_step(values: Sequence[float], what: str) -> float:
    grid = sorted(set(values))
    steps = {round(b - a, 9) for a, b in zip(grid, grid[1:], strict=False)}
    if len(steps) > 1:
        raise ValueError(
            f"the {what} must be evenly spaced for the slider to land on each, "
            f"got steps of {', '.join(f'{s:g}' for s in sorted(steps))}"
        )
    return steps.pop() if steps else 0.1


def _check(frame: pd.DataFrame, needed: Sequence[str], builder: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the frame lacks the column(s) {', '.join(missing)}: build it with {builder}"
        )
    if frame.empty:
        raise ValueError("the frame has no row, so there is nothing to draw")


def remodeling_parts(
    frame: pd.DataFrame, *, inhibition: float | None = None, controls: bool = True
) -> LiveParts:
    """What :func:`remodeling_chart` draws from ``frame``: the parts a live change swaps.

    Datasets ``remodel_curves`` and ``remodel_summary``; parameters: the inhibition,
    the last day and the bone-mass axis's ends; the title and the description.
    ``extra``: the inhibition grid and its step (for the slider).
    """
    _check(
        frame,
        ["inhibition", "day", "osteoclasts", "osteoblasts", "bone_mass_pct"],
        "remodeling_frame",
    )
    grid = sorted(set(float(e) for e in frame["inhibition"]))
    if 0.0 not in grid:
        raise ValueError("the frame must include inhibition 0, the uninhibited curve")
    if inhibition is None:
        inhibition = min(grid, key=lambda e: abs(e - 0.5))
    if inhibition not in grid:
        raise ValueError(
            f"the slider must start at an inhibition of the frame ({number_words(grid)}), "
            f"got {inhibition!r}"
        )
    summary = remodeling_summary(frame)
    step = _grid_step(grid, "inhibitions") if len(grid) > 1 else 0.1
    end_day = float(frame["day"].max())
    title = (
        "Bone mass falls further the more RANKL is inhibited"
        if summary["bone_mass_end_pct"].is_monotonic_decreasing and len(summary) > 1
        else "Bone mass over one remodelling cycle"
    )
    return LiveParts(
        data={
            "remodel_curves": _curves(
                frame, ["inhibition", "day", "osteoclasts", "osteoblasts", "bone_mass_pct"]
            ),
            "remodel_summary": summary,
        },
        params={
            INHIBITION_PARAM: inhibition,
            "remodel_last_day": end_day,
            "remodel_bone_low": min(float(frame["bone_mass_pct"].min()), 100.0) - 1,
            "remodel_bone_high": max(float(frame["bone_mass_pct"].max()), 100.0) + 1,
        },
        title=narrow_title(
            {
                "text": title,
                "subtitle": list(_CONVENTION_LINES),
                "anchor": "start",
                "fontSize": 13,
                "subtitleFontSize": 11,
            }
        ),
        description=_remodeling_description(summary, end_day, grid, step, controls),
        extra={"grid": grid, "step": step},
    )


def _remodeling_description(summary, end_day: float, grid, step: float, controls: bool) -> str:
    uninhibited = summary.loc[summary["inhibition"] == 0].iloc[0]
    strongest = summary.iloc[-1]
    return (
        "Line chart of bone mass, as a percentage of its starting value, over "
        f"{end_day:g} days of one remodelling cycle in the Komarova 2003 model, for a "
        "chosen RANKL inhibition; the uninhibited curve is drawn faint and dashed, and a "
        "dotted rule marks 100 %. A second panel shows osteoclasts (solid) and "
        "osteoblasts (dashed) on their own axes. "
        f"Uninhibited, bone mass bottoms at {_pct(uninhibited['bone_mass_min_pct'])} on day "
        f"{uninhibited['bone_mass_min_day']:g} and is {_pct(uninhibited['bone_mass_end_pct'])} "
        f"on day {end_day:g}; at inhibition {strongest['inhibition']:g} it is "
        f"{_pct(strongest['bone_mass_end_pct'])} on day {end_day:g}. "
        + (
            "A slider picks the inhibition, from "
            f"{grid[0]:g} to {grid[-1]:g} in steps of "
            f"{step:g}; a label gives bone mass on the last day. "
            if controls
            else ""
        )
        + "RANKL inhibition is a modelling convention for denosumab, not a published "
        "parameter set; the steady state the model measures cells against stays at its "
        "uninhibited value."
    )


def _expr_domain(low: str | float, high: str, **scale: object) -> alt.Scale:
    """A scale from ``low`` to ``high``, where a name is a parameter's (live-patched)."""
    lo = alt.ExprRef(expr=low) if isinstance(low, str) else low
    return alt.Scale(domainMin=lo, domainMax=alt.ExprRef(expr=high), nice=False, **scale)


@narrow
def remodeling_chart(
    frame: pd.DataFrame, *, inhibition: float | None = None, controls: bool = True
) -> alt.VConcatChart:
    """Bone mass over one remodelling cycle, with a RANKL-inhibition slider (no kernel).

    ``frame``: :func:`remodeling_frame` (must include inhibition 0, drawn faintly for
    comparison). Top panel: bone mass (% of start) for the chosen inhibition, a rule at
    100 %, and the precomputed label of its last day. Bottom panel: osteoclasts and
    osteoblasts (two y axes). ``inhibition``: where the slider starts (default: the
    grid value nearest 0.5). ``controls=False`` leaves the parameter unbound (the live
    explorer's chart, one inhibition, whose parts it swaps: :func:`remodeling_parts`).
    """
    parts = remodeling_parts(frame, inhibition=inhibition, controls=controls)
    grid, step = parts.extra["grid"], parts.extra["step"]
    bind = (
        alt.binding_range(min=grid[0], max=grid[-1], step=step, name="RANKL inhibition E ")
        if controls
        else None
    )
    params = [
        alt.param(name=INHIBITION_PARAM, value=parts.params[INHIBITION_PARAM], **_bound(bind))
    ]
    params += [alt.param(name=k, value=v) for k, v in parts.params.items() if k != INHIBITION_PARAM]
    chosen = f"datum.inhibition == {INHIBITION_PARAM}"
    x = alt.X("day:Q", title="Day", scale=_expr_domain(0, "remodel_last_day"))
    y = alt.Y(
        "bone_mass_pct:Q",
        title="Bone mass (% of start)",
        scale=_expr_domain("remodel_bone_low", "remodel_bone_high", zero=False),
    )
    tooltip = [
        alt.Tooltip("inhibition:Q", title="RANKL inhibition E"),
        alt.Tooltip("day:Q", title="Day"),
        alt.Tooltip("bone_mass_pct:Q", title="Bone mass (%)", format=".1f"),
    ]
    base = alt.Chart(live_data("remodel_curves"))
    summary = alt.Chart(live_data("remodel_summary"))
    reference = (
        base.transform_filter("datum.inhibition == 0")
        .mark_line(color=PALETTE["black"], opacity=0.35, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    line = (
        base.transform_filter(chosen)
        .mark_line(color=PALETTE["blue"], strokeWidth=2.5)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    hundred = (
        summary.transform_aggregate(n="count()")
        .mark_rule(color=PALETTE["black"], strokeDash=[2, 2], aria=False)  # decorative
        .encode(y=alt.datum(100))
    )
    label = (
        summary.transform_filter(chosen)
        .mark_text(align="right", baseline="bottom", fontSize=11, fontWeight="bold")
        .encode(
            x=alt.value(_PANEL_WIDTH_PX - 4),
            y=alt.value(_BONE_HEIGHT_PX - 6),
            text="label:N",
            color=alt.value(PALETTE["blue"]),
        )
    )
    bone = alt.layer(hundred, reference, line, label).properties(
        width=_PANEL_WIDTH_PX, height=_BONE_HEIGHT_PX
    )
    cells = _cells_panel(base.transform_filter(chosen), _expr_domain(0, "remodel_last_day"))
    return (
        alt.vconcat(bone, cells, spacing=12)
        .add_params(*params)
        .properties(
            datasets=live_datasets(parts.data),
            title=parts.title,
            description=parts.description,
        )
    )


def _cells_panel(cell_base: alt.Chart, x_scale: alt.Scale) -> alt.LayerChart:
    """Osteoclasts (solid) and osteoblasts (dashed), each on its own y axis."""
    cells_x = alt.X("day:Q", title="Day", scale=x_scale)
    clasts = cell_base.mark_line(color=PALETTE["vermillion"], strokeWidth=2).encode(
        x=cells_x,
        y=alt.Y(
            "osteoclasts:Q", axis=alt.Axis(title="Osteoclasts", titleColor=PALETTE["vermillion"])
        ),
        tooltip=[
            alt.Tooltip("day:Q", title="Day"),
            alt.Tooltip("osteoclasts:Q", title="Osteoclasts", format=".2f"),
        ],
    )
    blasts = cell_base.mark_line(
        color=PALETTE["bluish_green"], strokeWidth=2, strokeDash=[6, 3]
    ).encode(
        x=cells_x,
        y=alt.Y(
            "osteoblasts:Q",
            axis=alt.Axis(title="Osteoblasts (dashed)", titleColor=PALETTE["bluish_green"]),
        ),
        tooltip=[
            alt.Tooltip("day:Q", title="Day"),
            alt.Tooltip("osteoblasts:Q", title="Osteoblasts", format=".0f"),
        ],
    )
    return (
        alt.layer(clasts, blasts)
        .resolve_scale(y="independent")
        .properties(width=_PANEL_WIDTH_PX - 40, height=120)
    )


def _bound(bind) -> dict:
    """``bind=`` for :func:`altair.param`, or nothing (Altair refuses ``bind=None``)."""
    return {} if bind is None else {"bind": bind}


def number_words(values: Sequence[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def tumour_bone_parts(
    frame: pd.DataFrame,
    *,
    growth: float | None = None,
    start: str | None = None,
    controls: bool = True,
) -> LiveParts:
    """What :func:`tumour_bone_chart` draws from ``frame``: the parts a live change swaps.

    Datasets ``tumour_curves`` and ``tumour_summary``; parameters: the growth rate,
    the treatment start, the last day and the bone-mass axis's ends; the title and the
    description. ``extra``: the frame's growth rates and treatment starts (the radios).
    """
    needed = ["growth_per_day", "treatment_start", "day", "tumour", "bone_mass_pct"]
    _check(frame, needed, "tumour_bone_frame")
    growths = list(dict.fromkeys(float(g) for g in frame["growth_per_day"]))
    starts = list(dict.fromkeys(frame["treatment_start"]))
    if NO_TREATMENT not in starts:
        raise ValueError("the frame must include the untreated runs (treatment start None)")
    growth = min(growths, key=lambda g: abs(g - 0.005)) if growth is None else growth
    start = (NO_TREATMENT if "600" not in starts else "600") if start is None else start
    if growth not in growths or start not in starts:
        raise ValueError(
            f"the radios must start at a growth rate ({number_words(growths)}) and a "
            f"treatment start ({', '.join(starts)}) of the frame, got {growth!r}, {start!r}"
        )
    summary = tumour_bone_summary(frame)
    end_day = float(frame["day"].max())
    title = {
        "text": list(_TUMOUR_TITLE) if starts != [NO_TREATMENT] else _TUMOUR_TITLE[0][:-1],
        "subtitle": list(_TUMOUR_LINES),
        "anchor": "start",
        "fontSize": 13,
        "subtitleFontSize": 11,
    }
    return LiveParts(
        data={"tumour_curves": _curves(frame, needed), "tumour_summary": summary},
        params={
            GROWTH_PARAM: growth,
            START_PARAM: start,
            "tumour_last_day": end_day,
            "tumour_bone_low": min(0.0, float(frame["bone_mass_pct"].min())),
            "tumour_bone_high": max(105.0, float(frame["bone_mass_pct"].max())) + 10,
        },
        title=narrow_title(title),
        description=_tumour_bone_description(summary, end_day, growths, starts, controls),
        extra={"growths": growths, "starts": starts},
    )


def _tumour_bone_description(summary, end_day: float, growths, starts, controls: bool) -> str:
    published = summary[(summary["growth_per_day"] == 0.005)]
    facts = ""
    for key, words in ((NO_TREATMENT, "untreated"), ("600", "treated from day 600")):
        row = published[published["treatment_start"] == key]
        if not row.empty:
            facts += (
                f"At the published growth rate, {words}, bone mass is "
                f"{_pct(row['bone_mass_end_pct'].iloc[0])} on day {end_day:g}. "
            )
    return (
        "Two stacked line charts from the Ayati 2010 model of a tumour in bone: bone mass "
        f"as a percentage of its start (a dotted rule at 100 %) and tumour size, over "
        f"{end_day:g} days, for a chosen tumour growth rate and treatment start; the "
        "untreated bone curve at that growth rate is drawn faint and dashed. "
        + facts
        + (
            f"One radio picks the growth rate ({number_words(growths)} per day), another "
            f"the treatment start ({', '.join(starts)}); labels"
            if controls
            else "Labels"
        )
        + " give bone mass and tumour on the last day. "
        "Ayati et al. built the model for multiple myeloma, not breast cancer; it is a "
        "caricature of how a tumour can unbalance remodelling, not this case's course."
    )


def _tumour_bone_params(parts: LiveParts, controls: bool) -> list[alt.Parameter]:
    """The two radios (unbound without ``controls``), then the live numbers."""
    growths, starts = parts.extra["growths"], parts.extra["starts"]
    growth_bind = alt.binding_radio(
        options=growths,
        labels=[f"{g:g}/day" + (" (published)" if g == 0.005 else "") for g in growths],
        name="Tumour growth γT ",
    )
    start_bind = alt.binding_radio(
        options=starts,
        labels=["none" if s == NO_TREATMENT else f"day {s}" for s in starts],
        name="Treatment starts ",
    )
    radios = {GROWTH_PARAM: growth_bind, START_PARAM: start_bind}
    return [
        alt.param(name=k, value=v, **_bound(radios[k] if controls else None))
        if k in radios
        else alt.param(name=k, value=v)
        for k, v in parts.params.items()
    ]


def _tumour_panel(base, summary, chosen: str, x: alt.X, tooltip) -> alt.LayerChart:
    """The bottom panel: the chosen run's tumour, and its size on the last day."""
    tumour_y = alt.Y("tumour:Q", title="Tumour (units, max 100)", scale=alt.Scale(domain=[0, 105]))
    tumour_line = (
        base.transform_filter(chosen)
        .mark_line(color=PALETTE["vermillion"], strokeWidth=2)
        .encode(x=x, y=tumour_y, tooltip=tooltip)
    )
    tumour_label = (
        summary.transform_filter(chosen)
        .mark_text(align="left", color=PALETTE["black"], **_LABEL_TEXT)
        .encode(x=alt.value(4), y=alt.value(3), text="tumour_label:N")
    )
    return alt.layer(tumour_line, tumour_label).properties(width=_PANEL_WIDTH_PX, height=110)


#: The last-day labels' text style.
_LABEL_TEXT = {"baseline": "top", "fontSize": 11, "fontWeight": "bold"}


@narrow
def tumour_bone_chart(
    frame: pd.DataFrame,
    *,
    growth: float | None = None,
    start: str | None = None,
    controls: bool = True,
) -> alt.VConcatChart:
    """Bone mass and tumour over the Ayati 2010 model, with radios for growth and treatment.

    ``frame``: :func:`tumour_bone_frame`. A radio picks the tumour growth rate γ_T, a
    second the day treatment starts ("none" included); the top panel draws bone mass
    (the untreated curve at that growth faint for comparison, a rule at 100 %), the
    bottom panel the tumour. Labels on the last day come from precomputed rows.
    ``growth`` and ``start`` (a :func:`start_key`): where the radios start (default:
    0.005/day, treated from day 600 when the frame has it). ``controls=False`` leaves
    the parameters unbound (the live explorer's chart, one run, whose parts it swaps:
    :func:`tumour_bone_parts`).
    """
    parts = tumour_bone_parts(frame, growth=growth, start=start, controls=controls)
    at_growth = f"datum.growth_per_day == {GROWTH_PARAM}"
    chosen = f"{at_growth} && datum.treatment_start == {START_PARAM}"
    x = alt.X("day:Q", title="Day", scale=_expr_domain(0, "tumour_last_day"))
    tooltip = [
        alt.Tooltip("growth_per_day:Q", title="Growth γT (/day)"),
        alt.Tooltip("treatment_start:N", title="Treatment starts"),
        alt.Tooltip("day:Q", title="Day"),
        alt.Tooltip("bone_mass_pct:Q", title="Bone mass (%)", format=".1f"),
        alt.Tooltip("tumour:Q", title="Tumour", format=".1f"),
    ]
    bone_y = alt.Y(
        "bone_mass_pct:Q",
        title="Bone mass (% of start)",
        scale=_expr_domain("tumour_bone_low", "tumour_bone_high"),
    )
    base = alt.Chart(live_data("tumour_curves"))
    summary = alt.Chart(live_data("tumour_summary"))
    untreated = (
        base.transform_filter(f"{at_growth} && datum.treatment_start == '{NO_TREATMENT}'")
        .mark_line(color=PALETTE["black"], opacity=0.35, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, y=bone_y, tooltip=tooltip)
    )
    bone_line = (
        base.transform_filter(chosen)
        .mark_line(color=PALETTE["blue"], strokeWidth=2.5)
        .encode(x=x, y=bone_y, tooltip=tooltip)
    )
    hundred = (
        summary.transform_aggregate(n="count()")
        .mark_rule(color=PALETTE["black"], strokeDash=[2, 2], aria=False)  # decorative
        .encode(y=alt.datum(100))
    )
    bone_label = (
        summary.transform_filter(chosen)
        .mark_text(align="right", color=PALETTE["blue"], **_LABEL_TEXT)
        .encode(x=alt.value(_PANEL_WIDTH_PX - 4), y=alt.value(3), text="bone_label:N")
    )
    bone = alt.layer(hundred, untreated, bone_line, bone_label).properties(
        width=_PANEL_WIDTH_PX, height=180
    )
    tumour = _tumour_panel(base, summary, chosen, x, tooltip)
    return (
        alt.vconcat(bone, tumour, spacing=12)
        .add_params(*_tumour_bone_params(parts, controls))
        .properties(
            datasets=live_datasets(parts.data),
            title=parts.title,
            description=parts.description,
        )
    )


# ----------------------------------------------------------------------------- sizes


def _data_size(chart: alt.TopLevelMixin) -> dict[str, int]:
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    payload = json.dumps(datasets, separators=(",", ":")).encode()
    whole = json.dumps(spec, separators=(",", ":")).encode()
    return {
        "rows": sum(len(rows) for rows in datasets.values()),
        "largest_dataset_rows": max((len(rows) for rows in datasets.values()), default=0),
        "data_gzip_bytes": len(gzip.compress(payload, 9)),
        "spec_gzip_bytes": len(gzip.compress(whole, 9)),
    }


def model_data_sizes(
    remodeling: pd.DataFrame | None = None, tumour_bone: pd.DataFrame | None = None
) -> dict[str, dict[str, int]]:
    """Rows and gzip bytes each chart embeds (default grids when frames are not given).

    ``{"remodeling": {...}, "tumour_bone": {...}}``, each with ``rows`` (all its inline
    datasets), ``largest_dataset_rows``, ``data_gzip_bytes`` (the datasets as compact
    JSON, gzipped) and ``spec_gzip_bytes`` (the whole Vega-Lite spec).
    """
    remodeling = remodeling_frame() if remodeling is None else remodeling
    tumour_bone = tumour_bone_frame() if tumour_bone is None else tumour_bone
    return {
        "remodeling": _data_size(remodeling_chart(remodeling)),
        "tumour_bone": _data_size(tumour_bone_chart(tumour_bone)),
    }
