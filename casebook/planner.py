"""The nutrition chapter's refeeding planner, precomputed for a page without a kernel.

The rules live once, in :mod:`casebook.clinical.nutrition` (``refeeding_risk`` and
``refeeding_plan``). This module calls them over a grid of slider values and factorises
what they return into small lookup tables, so that the static page
(:func:`casebook.charts.refeeding_planner_chart`) only *looks things up*: its Vega
expressions build table keys from the sliders, compare keys for equality and multiply
kcal/kg by kg. No threshold and no rule is written in the page.

**The grid** (:data:`GRID`): weight 30-110 kg and height 140-195 cm in 1-unit steps (or
height unknown), weight loss 0-40 % in 0.5 % steps over 1-24 months, 0-30 days of little
or no intake, and two yes/no criteria. The plan's goal is 20, 25 or 30 kcal/kg/day,
reached on day 4-7.

**Categories come from the rule itself.** Each input dimension (BMI from weight and
height; weight loss with its months; days; the two flags) is split into categories by
calling :func:`~casebook.clinical.refeeding_risk` at every grid value with the other
inputs *neutral* (a probe that meets no criterion), alone and with one probe criterion
added (low electrolytes, which makes the level high so that every sentence shows; and
alcohol or risk drugs, a second-tier criterion). Two values fall in the same category
when every probe returns the same level and the same sentences in the same places (the
value's own sentences aside). The value's own sentences are kept per grid value.

**Combinations.** For every combination of categories, ``refeeding_risk`` is called on a
representative input (the first grid value of each category); its level is kept, and its
reasons as *slots* ("bmi0", "loss0", "days1", "lytes", "drugs": which sentence of which
input, in order). The page fills each slot with the sentence of the reader's own value.
``tests/test_planner.py`` checks this factorisation against direct calls on thousands of
sampled inputs and on every NICE threshold.

**The plan** depends on the weight only through kcal = kcal/kg × weight, so it is kept as
kcal/kg per (level, goal, days to goal, day) and multiplied in the page.

:func:`planner_lookup` returns what the page shows for given slider values, by the same
lookups; the browser test compares the page with it. A teaching aid, not a prescribing
tool (:data:`TEACHING_ONLY`).
"""

from __future__ import annotations

import functools
import gzip
import json
import textwrap
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from itertools import product
from typing import Any, NamedTuple

import pandas as pd

from casebook import clinical

__all__ = [
    "TEACHING_ONLY",
    "Grid",
    "GRID",
    "LEVEL_WORDS",
    "NO_REASONS",
    "WRAP_CHARS",
    "PlannerTables",
    "PlanRow",
    "PlannerView",
    "planner_tables",
    "planner_lookup",
    "direct_view",
    "js_number",
    "js_fixed",
    "bmi_key",
    "loss_key",
    "combo_key",
    "flag_word",
    "wrap",
    "dataset_sizes",
    "plan_table",
    "PLAN_TABLE_COLUMNS",
    "case_planner_defaults",
]

#: Said in the chart's subtitle and description, and on the page.
TEACHING_ONLY = "For teaching only: this planner is not a prescribing tool."
#: What the page writes when no criterion is met (the rule returns no reason then).
NO_REASONS = "No NICE CG32 criterion met."
#: Reasons are wrapped at this many characters so that they fit a 390-px phone.
WRAP_CHARS = 44

#: The risk levels in words, as the page writes them.
LEVEL_WORDS: dict[str, str] = {
    "low": "Low risk of refeeding syndrome",
    "high": "High risk of refeeding syndrome",
    "extreme": "Extreme risk (NICE's 5 kcal/kg group)",
}


def _steps(first: float, last: float, step: float) -> tuple[float, ...]:
    n = round((last - first) / step)
    return tuple(round(first + i * step, 6) for i in range(n + 1))


class Grid(NamedTuple):
    """The slider values: each tuple is a slider's values, first to last, evenly spaced."""

    weight_kg: tuple[float, ...]
    height_cm: tuple[float, ...]
    loss_pct: tuple[float, ...]
    months: tuple[float, ...]
    days: tuple[float, ...]
    goal_kcal_per_kg: tuple[float, ...]
    days_to_goal: tuple[int, ...]


GRID = Grid(
    weight_kg=_steps(30, 110, 1),
    height_cm=_steps(140, 195, 1),
    loss_pct=_steps(0, 40, 0.5),
    months=_steps(1, 24, 1),
    days=_steps(0, 30, 1),
    goal_kcal_per_kg=(20.0, 25.0, 30.0),
    days_to_goal=tuple(
        range(clinical.REFEEDING_DAYS_TO_GOAL[0], clinical.REFEEDING_DAYS_TO_GOAL[1] + 1)
    ),
)


# ------------------------------------------------------------------ keys and formats


def js_number(value: float) -> str:
    """A number as JavaScript's ``String(x)`` writes it, for grid values: 45, 28.5."""
    x = float(value)
    return str(int(x)) if x.is_integer() else repr(x)


def js_fixed(value: float, digits: int = 0) -> str:
    """``x`` rounded as the page rounds it: half up on the exact binary value, like
    JavaScript's ``x.toFixed(digits)`` and, for ``digits=0`` and positive ``x``, Vega's
    ``round(x)`` (``Math.round``), which the page uses for kcal.

    Python's ``format`` rounds half to even: 562.5 kcal (12.5 kcal/kg × 45 kg) is "563"
    in the page and "562" by ``f"{562.5:.0f}"``, so the page's numbers are written with this.
    """
    quantum = Decimal(1).scaleb(-digits)
    return str(Decimal(float(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def bmi_key(weight_kg: float, height_cm: float | None) -> str:
    """The BMI table's key: "45|160", or "unknown" when the height is not known."""
    return "unknown" if height_cm is None else f"{js_number(weight_kg)}|{js_number(height_cm)}"


def loss_key(loss_pct: float, months: float) -> str:
    return f"{js_number(loss_pct)}|{js_number(months)}"


def flag_word(value: bool) -> str:
    return "yes" if value else "no"


def combo_key(bmi_cat: str, loss_cat: str, days_cat: str, lytes: bool, drugs: bool) -> str:
    """The combination's key, as the page builds it: "b2|l1|d0|no|yes"."""
    return f"{bmi_cat}|{loss_cat}|{days_cat}|{flag_word(lytes)}|{flag_word(drugs)}"


def wrap(sentence: str, width: int = WRAP_CHARS) -> str:
    """``sentence`` in lines of at most ``width`` characters, joined by newlines (never
    breaking a word or a hyphenated word, so joining the lines with spaces gives it back)."""
    return "\n".join(textwrap.wrap(sentence, width, break_long_words=False, break_on_hyphens=False))


# ------------------------------------------------------------------ probing the rule


_FLAGS = ("low_electrolytes_before_feeding", "alcohol_or_risk_drugs")


def _neutral() -> dict[str, Any]:
    """Inputs that meet no criterion: the grid's highest BMI, no loss, no days, no flags."""
    inputs = {
        "bmi": clinical.bmi(height_cm=GRID.height_cm[0], weight_kg=GRID.weight_kg[-1]),
        "weight_loss_pct": GRID.loss_pct[0],
        "over_months": GRID.months[0],
        "days_little_or_no_intake": GRID.days[0],
        "low_electrolytes_before_feeding": False,
        "alcohol_or_risk_drugs": False,
    }
    if clinical.refeeding_risk(**inputs) != ("low", ()):
        raise AssertionError(f"the planner's neutral inputs meet a criterion: {inputs}")
    return inputs


class _Probe(NamedTuple):
    neutral: dict[str, Any]
    lytes: str  # the sentence of low electrolytes
    drugs: str  # the sentence of alcohol or risk drugs
    contexts: tuple[dict[str, Any], ...]


@functools.cache
def _probe() -> _Probe:
    n = _neutral()
    lytes = clinical.refeeding_risk(**{**n, _FLAGS[0]: True}).reasons
    both = clinical.refeeding_risk(**{**n, _FLAGS[0]: True, _FLAGS[1]: True}).reasons
    drugs = tuple(r for r in both if r not in lytes)
    if len(lytes) != 1 or len(drugs) != 1:
        raise AssertionError("each yes/no criterion should give exactly one sentence")
    contexts = (n, {**n, _FLAGS[0]: True}, {**n, _FLAGS[1]: True})
    return _Probe(n, lytes[0], drugs[0], contexts)


def _value_signature(overrides: Mapping[str, Any]) -> tuple[tuple, tuple[str, ...]]:
    """How the rule treats one input value, with its own sentences masked; and those sentences."""
    p = _probe()
    known = {p.lytes, p.drugs}
    signature = []
    for context in p.contexts:
        risk = clinical.refeeding_risk(**{**context, **overrides})
        signature.append((risk.level, tuple(r if r in known else "•" for r in risk.reasons)))
    # With low electrolytes the level is high, so every sentence of the value shows.
    shown = clinical.refeeding_risk(**{**p.contexts[1], **overrides}).reasons
    return tuple(signature), tuple(r for r in shown if r not in known)


class _Dimension(NamedTuple):
    rows: list[dict[str, Any]]  # key, cat, sentences (+ extras)
    reps: dict[str, dict[str, Any]]  # category -> representative overrides
    sentences: dict[str, tuple[str, ...]]  # category -> the representative's sentences


def _categorise(prefix: str, values: Iterable[tuple[str, dict[str, Any], dict]]) -> _Dimension:
    cats: dict[tuple, str] = {}
    rows, reps, sentences = [], {}, {}
    for key, overrides, extra in values:
        signature, own = _value_signature(overrides)
        if signature not in cats:
            cats[signature] = f"{prefix}{len(cats)}"
            reps[cats[signature]] = overrides
            sentences[cats[signature]] = own
        rows.append({"key": key, "cat": cats[signature], "sentences": own, **extra})
    return _Dimension(rows, reps, sentences)


# ------------------------------------------------------------------ the tables


class PlannerTables(NamedTuple):
    """The page's datasets (DataFrames), each well under Altair's 5,000 inline rows.

    ``bmi_keys``: k ("45|160" or "unknown") -> b, the id of a distinct BMI value;
    ``bmi_values``: b -> bmi_text, bmi_cat, bmi_s0, bmi_s1 (its sentences, wrapped);
    ``loss``: k ("28.5|6") -> loss_cat, loss_s0; ``days``: k (days) -> days_cat, days_s0,
    days_s1; ``combos``: combo -> level, level_text; ``reasons``: combo, order, slot, fixed
    (the text of a slot that is not an input's: lytes, drugs, none); ``plan``: level,
    goal, dtg (days to goal), day -> kcal_per_kg, pct_of_goal, rate_text, pct_text,
    monitoring.
    """

    bmi_keys: pd.DataFrame
    bmi_values: pd.DataFrame
    loss: pd.DataFrame
    days: pd.DataFrame
    combos: pd.DataFrame
    reasons: pd.DataFrame
    plan: pd.DataFrame


def _sentence_columns(prefix: str, sentences: tuple[str, ...], n: int) -> dict[str, str]:
    if len(sentences) > n:
        raise AssertionError(f"{prefix}: {len(sentences)} sentences, the page has room for {n}")
    padded = [*sentences, *[""] * (n - len(sentences))]
    return {f"{prefix}_s{i}": wrap(s) for i, s in enumerate(padded)}


def _bmi_dimension() -> tuple[_Dimension, list[tuple[str, float | None]]]:
    keyed: list[tuple[str, float | None]] = [("unknown", None)]
    for w, h in product(GRID.weight_kg, GRID.height_cm):
        keyed.append((bmi_key(w, h), clinical.bmi(height_cm=h, weight_kg=w)))
    values = ((k, {"bmi": v}, {"bmi": v}) for k, v in keyed)
    return _categorise("b", values), keyed


def _loss_dimension() -> _Dimension:
    values = (
        (loss_key(x, m), {"weight_loss_pct": x, "over_months": m}, {})
        for x, m in product(GRID.loss_pct, GRID.months)
    )
    return _categorise("l", values)


def _days_dimension() -> _Dimension:
    values = ((js_number(d), {"days_little_or_no_intake": d}, {}) for d in GRID.days)
    return _categorise("d", values)


def _bmi_text(value: float | None) -> str:
    return "BMI not known (no height)" if value is None else f"BMI {value:.1f} kg/m²"


@functools.cache
def planner_tables() -> PlannerTables:
    """Every table the page looks things up in, computed from the rules (cached)."""
    p = _probe()
    bmi_dim, _ = _bmi_dimension()
    loss_dim, days_dim = _loss_dimension(), _days_dimension()

    # BMI: many (weight, height) pairs share a value's category, sentences and text.
    distinct: dict[tuple, int] = {}
    bmi_keys, bmi_values = [], []
    for row in bmi_dim.rows:
        entry = (row["cat"], row["sentences"], _bmi_text(row["bmi"]))
        if entry not in distinct:
            distinct[entry] = len(distinct)
            bmi_values.append(
                {
                    "b": distinct[entry],
                    "bmi_text": entry[2],
                    "bmi_cat": entry[0],
                    **_sentence_columns("bmi", entry[1], 2),
                }
            )
        bmi_keys.append({"k": row["key"], "b": distinct[entry]})
    loss = [
        {"k": r["key"], "loss_cat": r["cat"], **_sentence_columns("loss", r["sentences"], 1)}
        for r in loss_dim.rows
    ]
    days = [
        {"k": r["key"], "days_cat": r["cat"], **_sentence_columns("days", r["sentences"], 2)}
        for r in days_dim.rows
    ]

    combos, reasons = [], []
    for b, lo, d, lytes, drugs in product(
        bmi_dim.reps, loss_dim.reps, days_dim.reps, (False, True), (False, True)
    ):
        inputs = {
            **p.neutral,
            **bmi_dim.reps[b],
            **loss_dim.reps[lo],
            **days_dim.reps[d],
            _FLAGS[0]: lytes,
            _FLAGS[1]: drugs,
        }
        risk = clinical.refeeding_risk(**inputs)
        key = combo_key(b, lo, d, lytes, drugs)
        combos.append({"combo": key, "level": risk.level, "level_text": LEVEL_WORDS[risk.level]})
        owners = {
            "bmi": bmi_dim.sentences[b],
            "loss": loss_dim.sentences[lo],
            "days": days_dim.sentences[d],
        }
        for order, reason in enumerate(risk.reasons):
            slots = [
                f"{name}{i}"
                for name, own in owners.items()
                for i, s in enumerate(own)
                if s == reason
            ]
            fixed = {p.lytes: "lytes", p.drugs: "drugs"}
            if reason in fixed:
                slots.append(fixed[reason])
            if len(slots) != 1:
                raise AssertionError(f"reason {reason!r} of {key} has slots {slots}")
            text = wrap(reason) if slots[0] in ("lytes", "drugs") else ""
            reasons.append({"combo": key, "order": order, "slot": slots[0], "fixed": text})
        if not risk.reasons:
            reasons.append({"combo": key, "order": 0, "slot": "none", "fixed": NO_REASONS})

    plan = []
    for level, goal, dtg in product(
        clinical.REFEEDING_LEVELS, GRID.goal_kcal_per_kg, GRID.days_to_goal
    ):
        # kcal/kg and % of goal do not depend on the weight; any valid weight will do.
        for day in clinical.refeeding_plan(
            weight_kg=GRID.weight_kg[0], risk_level=level, goal_kcal_per_kg=goal, days_to_goal=dtg
        ):
            plan.append(
                {
                    "level": level,
                    "goal": goal,
                    "dtg": dtg,
                    "day": day.day,
                    "kcal_per_kg": day.kcal_per_kg,
                    "pct_of_goal": day.pct_of_goal,
                    "rate_text": f"{day.kcal_per_kg:.3g}/kg",
                    "pct_text": f"{day.pct_of_goal:.0f} % of goal",
                    "monitoring": day.monitoring,
                }
            )
    return PlannerTables(
        bmi_keys=pd.DataFrame(bmi_keys),
        bmi_values=pd.DataFrame(bmi_values),
        loss=pd.DataFrame(loss),
        days=pd.DataFrame(days),
        combos=pd.DataFrame(combos),
        reasons=pd.DataFrame(reasons),
        plan=pd.DataFrame(plan),
    )


def dataset_sizes(tables: PlannerTables | None = None) -> dict[str, dict[str, int]]:
    """Rows, bytes of JSON and gzipped bytes of each table, as the page inlines them."""
    tables = planner_tables() if tables is None else tables
    out = {}
    for name, frame in tables._asdict().items():
        raw = json.dumps(frame.to_dict("records"), ensure_ascii=False).encode()
        out[name] = {"rows": len(frame), "bytes": len(raw), "gzip": len(gzip.compress(raw, 9))}
    return out


# ------------------------------------------------------------------ what the page shows


class PlanRow(NamedTuple):
    """One day of the ramp as the page shows it."""

    day: int
    kcal_per_kg: float
    kcal: float
    pct_of_goal: float
    kcal_text: str
    rate_text: str


class PlannerView(NamedTuple):
    """What the page shows: the level, its words, the BMI text, the reasons (the rule's
    sentences), the lines it draws (the reasons, or :data:`NO_REASONS`), the plan, the goal."""

    level: str
    level_text: str
    bmi_text: str
    reasons: tuple[str, ...]
    lines: tuple[str, ...]
    plan: tuple[PlanRow, ...]
    goal_kcal: float
    goal_text: str


def _on_grid(name: str, value: Any, grid: tuple) -> None:
    if isinstance(value, bool) or value not in grid:
        raise ValueError(
            f"{name} must be a value of the planner's grid ({grid[0]:g} to {grid[-1]:g} "
            f"in steps of {grid[1] - grid[0]:g}), got {value!r}"
        )


def goal_text(goal_kcal: float, goal_per_kg: float) -> str:
    """The goal line's label, as the page writes it."""
    return f"goal {js_fixed(goal_kcal)} kcal ({js_number(goal_per_kg)} kcal/kg)"


def planner_lookup(
    *,
    weight_kg: float,
    height_cm: float | None,
    weight_loss_pct: float,
    over_months: float,
    days_little_or_no_intake: float,
    low_electrolytes_before_feeding: bool = False,
    alcohol_or_risk_drugs: bool = False,
    goal_kcal_per_kg: float = 25.0,
    days_to_goal: int = 5,
    tables: PlannerTables | None = None,
) -> PlannerView:
    """What the page shows for these slider values, found by the page's own lookups.

    ``height_cm=None``: "height not known" ticked. Every value must be on :data:`GRID`
    (ValueError otherwise). Nothing here calls the rules: only the tables are read, as
    the page reads them, so comparing this with the rules tests the factorisation, and
    comparing the page with this tests the page.
    """
    t = planner_tables() if tables is None else tables
    _on_grid("weight", weight_kg, GRID.weight_kg)
    if height_cm is not None:
        _on_grid("height", height_cm, GRID.height_cm)
    _on_grid("weight loss", weight_loss_pct, GRID.loss_pct)
    _on_grid("months", over_months, GRID.months)
    _on_grid("days of little or no intake", days_little_or_no_intake, GRID.days)
    _on_grid("goal", goal_kcal_per_kg, GRID.goal_kcal_per_kg)
    _on_grid("days to goal", days_to_goal, GRID.days_to_goal)
    for name, flag in (
        ("low electrolytes", low_electrolytes_before_feeding),
        ("drugs", alcohol_or_risk_drugs),
    ):
        if not isinstance(flag, bool):
            raise ValueError(f"{name} must be True or False, got {flag!r}")

    ix = _index(t)
    bmi = ix.bmi_values[ix.bmi_keys[bmi_key(weight_kg, height_cm)]]
    loss = ix.loss[loss_key(weight_loss_pct, over_months)]
    days = ix.days[js_number(days_little_or_no_intake)]
    key = combo_key(
        bmi["bmi_cat"],
        loss["loss_cat"],
        days["days_cat"],
        low_electrolytes_before_feeding,
        alcohol_or_risk_drugs,
    )
    combo = ix.combos[key]
    slots = ix.reasons[key]
    texts = {
        "bmi0": bmi["bmi_s0"],
        "bmi1": bmi["bmi_s1"],
        "loss0": loss["loss_s0"],
        "days0": days["days_s0"],
        "days1": days["days_s1"],
    }
    lines = tuple((texts.get(r["slot"]) or r["fixed"]).replace("\n", " ") for r in slots)
    reasons = () if [r["slot"] for r in slots] == ["none"] else lines
    plan = tuple(
        PlanRow(
            int(r["day"]),
            float(r["kcal_per_kg"]),
            float(r["kcal_per_kg"]) * weight_kg,
            float(r["pct_of_goal"]),
            js_fixed(float(r["kcal_per_kg"]) * weight_kg),
            r["rate_text"],
        )
        for r in ix.plan[(combo["level"], float(goal_kcal_per_kg), int(days_to_goal))]
    )
    goal = goal_kcal_per_kg * weight_kg
    return PlannerView(
        level=combo["level"],
        level_text=combo["level_text"],
        bmi_text=bmi["bmi_text"],
        reasons=reasons,
        lines=lines,
        plan=plan,
        goal_kcal=goal,
        goal_text=goal_text(goal, goal_kcal_per_kg),
    )


class _Index(NamedTuple):
    """The tables as dictionaries, keyed as the page's lookups key them."""

    bmi_keys: dict[str, int]
    bmi_values: dict[int, dict[str, Any]]
    loss: dict[str, dict[str, Any]]
    days: dict[str, dict[str, Any]]
    combos: dict[str, dict[str, Any]]
    reasons: dict[str, list[dict[str, Any]]]
    plan: dict[tuple[str, float, int], list[dict[str, Any]]]


_INDEXES: dict[int, tuple[PlannerTables, _Index]] = {}


def _unique(frame: pd.DataFrame, key: str) -> dict[Any, dict[str, Any]]:
    if frame[key].duplicated().any():
        raise LookupError(f"the planner's table has repeated keys in {key!r}")
    return {row[key]: row for row in frame.to_dict("records")}


def _grouped(frame: pd.DataFrame, keys: list[str], order: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {}
    for row in frame.sort_values(order).to_dict("records"):
        key = tuple(row[k] for k in keys)
        out.setdefault(key[0] if len(keys) == 1 else key, []).append(row)
    return out


def _index(t: PlannerTables) -> _Index:
    cached = _INDEXES.get(id(t))
    if cached is not None and cached[0] is t:
        return cached[1]
    ix = _Index(
        bmi_keys={k: v["b"] for k, v in _unique(t.bmi_keys, "k").items()},
        bmi_values=_unique(t.bmi_values, "b"),
        loss=_unique(t.loss, "k"),
        days=_unique(t.days, "k"),
        combos=_unique(t.combos, "combo"),
        reasons=_grouped(t.reasons, ["combo"], "order"),
        plan=_grouped(t.plan, ["level", "goal", "dtg"], "day"),
    )
    _INDEXES[id(t)] = (t, ix)
    return ix


def direct_view(**inputs: Any) -> tuple[clinical.RefeedingRisk, tuple[clinical.PlanDay, ...]]:
    """The rules called directly on the same slider values (what the lookup must equal)."""
    height = inputs["height_cm"]
    bmi = None if height is None else clinical.bmi(height_cm=height, weight_kg=inputs["weight_kg"])
    risk = clinical.refeeding_risk(
        bmi=bmi,
        weight_loss_pct=inputs["weight_loss_pct"],
        over_months=inputs["over_months"],
        days_little_or_no_intake=inputs["days_little_or_no_intake"],
        low_electrolytes_before_feeding=inputs.get("low_electrolytes_before_feeding", False),
        alcohol_or_risk_drugs=inputs.get("alcohol_or_risk_drugs", False),
    )
    plan = clinical.refeeding_plan(
        weight_kg=inputs["weight_kg"],
        risk_level=risk.level,
        goal_kcal_per_kg=inputs.get("goal_kcal_per_kg", 25.0),
        days_to_goal=inputs.get("days_to_goal", 5),
    )
    return risk, plan


# ------------------------------------------------------------------ the page's extras

#: The columns of the planner's data table on the page.
PLAN_TABLE_COLUMNS = ["level", "day", "kcal_per_kg", "pct_of_goal"]


def plan_table(
    tables: PlannerTables | None = None, *, goal: float = 25.0, dtg: int = 5
) -> pd.DataFrame:
    """The ramp in kcal/kg by level at one goal and days to goal: the chart's data table."""
    t = planner_tables() if tables is None else tables
    rows = t.plan[(t.plan["goal"] == goal) & (t.plan["dtg"] == dtg)]
    return rows.loc[:, PLAN_TABLE_COLUMNS].reset_index(drop=True)


def _nearest(value: float, grid: tuple[float, ...]) -> float:
    return min(grid, key=lambda g: (abs(g - value), g))


def case_planner_defaults(case: Any) -> dict[str, Any]:
    """Where the case's page starts the sliders: her last weight, her loss (on the grid's
    0.5 % steps) over the reported months, the days assumed in the chapter's facts, her
    chemotherapy (a NICE "drugs" criterion), electrolytes not reported (no), and height
    not known (the report gives none; the height slider starts at an assumed 160 cm)."""
    from casebook.facts.nutrition import ASSUMED_DAYS_LITTLE_INTAKE, nutrition_facts

    f = nutrition_facts(case)
    return {
        "weight_kg": _nearest(f["weight_now_kg"], GRID.weight_kg),
        "height_cm": None,
        "assumed_height_cm": 160.0,
        "weight_loss_pct": _nearest(f["loss_pct"], GRID.loss_pct),
        "over_months": _nearest(f["loss_period_months"], GRID.months),
        "days_little_or_no_intake": float(ASSUMED_DAYS_LITTLE_INTAKE),
        "low_electrolytes_before_feeding": False,
        "alcohol_or_risk_drugs": True,
    }
