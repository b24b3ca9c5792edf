"""The therapy chapter's dose check: a flat dose against the standard per m², by height.

The case gives flat doses and two weights but no height, so the body-surface area is
unknown. :func:`dose_check_frame` computes, with the rules of
:mod:`casebook.clinical.dosing`, what the flat dose is per m² (and as a share of the
standard) at every assumed height and each weight; :func:`case_dose_frame` does it for
the case's drugs and weights. :func:`dose_check_chart` draws it with a height slider
(a Vega-Lite parameter bound to a range input, no kernel): a vertical rule at the chosen
height and, at each weight, a label with the delivered mg/m². Every number and every
word the chart shows is a precomputed row of the frame, chosen by filtering on the
parameters; nothing is computed in Vega expressions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from casebook import clinical
from casebook.charts.style import PALETTE, narrow

__all__ = [
    "DEFAULT_HEIGHTS_CM",
    "DOSE_TABLE_COLUMNS",
    "FORM_LABELS",
    "dose_check_frame",
    "case_dose_frame",
    "dose_check_chart",
]

#: The columns of the dose check's data table on the page.
DOSE_TABLE_COLUMNS = [
    "drug",
    "form",
    "height_cm",
    "weight_label",
    "bsa_m2",
    "dose_mg_per_m2",
    "standard_mg_per_m2",
    "pct_of_standard",
]

#: The assumed heights the case's chart offers, in 1-cm steps.
DEFAULT_HEIGHTS_CM: tuple[int, ...] = tuple(range(140, 191))

#: How the salt/base radio names each form.
FORM_LABELS: dict[str, str] = {
    "salt": "as the salt (mesylate), as in the trial",
    "base": "as the base, as in the EU label",
}
_SOURCE_WORDS = {"seidman2008calgb9840": "CALGB 9840", "cortes2011embrace": "EMBRACE"}
_WEIGHT_COLORS = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"], PALETTE["black"]]
_WEIGHT_DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]
_NEEDED = clinical.DOSE_CHECK_COLUMNS
HEIGHT_PARAM = "assumed_height"
DRUG_PARAM = "drug_choice"
FORM_PARAM = "form_choice"
ASSUMPTION = "Height is not reported: the slider picks an assumed height"
#: The assumption as the subtitle writes it, on two lines short enough for a phone.
SUBTITLE_LINES = ("Height is not reported: the slider picks", "an assumed height.")


def dose_check_frame(
    *,
    drug: str,
    dose_mg: float,
    weights_kg: Mapping[str, float],
    heights_cm: Sequence[float],
    form: str = "salt",
) -> pd.DataFrame:
    """:func:`casebook.clinical.dose_check_rows` as a DataFrame (one row per height and weight).

    Columns: drug, form, dose_mg, height_cm, weight_label ("start, 63 kg"), weight_kg,
    bsa_m2, dose_mg_per_m2, standard_mg_per_m2, pct_of_standard. ValueError with a
    plain sentence for an unknown drug or form, a height out of range, no heights.
    """
    rows = clinical.dose_check_rows(
        drug=drug, dose_mg=dose_mg, weights_kg=weights_kg, heights_cm=heights_cm, form=form
    )
    return pd.DataFrame(rows, columns=list(_NEEDED))


def case_dose_frame(
    events: pd.DataFrame, weights: pd.DataFrame, heights_cm: Sequence[float] = DEFAULT_HEIGHTS_CM
) -> pd.DataFrame:
    """The dose check of every flat dose in the case (``case.events``, ``case.weights``).

    One block per drug with a standard dose per m² and a dose in mg, at the first
    ("start") and last ("end") weight by date. A drug whose standard differs as salt
    and as base (eribulin) gets both forms; any other drug only the standard as
    written in :data:`casebook.clinical.STANDARD_DOSES` (form ``salt``).
    """
    known = {d.drug for d in clinical.STANDARD_DOSES}
    drugs = events[
        (events["kind"] == "drug")
        & events["drug"].isin(known)
        & events["dose_value"].notna()
        & (events["dose_unit"] == "mg")
    ].sort_values("date")
    if drugs.empty:
        raise ValueError("the events hold no flat dose in mg of a drug with a standard dose")
    by_date = weights.sort_values("date")["weight_kg"]
    if by_date.empty:
        raise ValueError("the case has no weight, so no dose per m² can be computed")
    named = {"start": float(by_date.iloc[0]), "end": float(by_date.iloc[-1])}
    frames = []
    for drug, dose in zip(drugs["drug"], drugs["dose_value"], strict=True):
        per_form = {f: clinical.standard_dose_mg_per_m2(drug, f) for f in clinical.DOSE_FORMS}
        forms = clinical.DOSE_FORMS if len(set(per_form.values())) > 1 else ("salt",)
        for form in forms:
            frames.append(
                dose_check_frame(
                    drug=drug,
                    dose_mg=float(dose),
                    weights_kg=named,
                    heights_cm=list(heights_cm),
                    form=form,
                )
            )
    return pd.concat(frames, ignore_index=True)


# ----------------------------------------------------------------------------- words


def _mg(value: float) -> str:
    """Three significant figures: 71.7, 84.9, 1.14, 100."""
    return f"{value:.3g}"


def _drug_title(drug: str, dose_mg: float) -> str:
    return f"{drug.capitalize()} {dose_mg:g} mg"


def _standard_text(drug: str, form: str, standard: float, switch: bool) -> str:
    entry = clinical.standard_dose(drug)
    where = "EU label" if form == "base" else _SOURCE_WORDS.get(entry.source, entry.source)
    written = f" as {form}" if switch else ""
    return f"Standard {standard:g} mg/m² {drug}{written} ({where})"


def label_lines(row: Mapping) -> list[str]:
    """The two lines the chart writes beside a weight's curve at the chosen height."""
    return [
        f"{row['weight_kg']:g} kg: {_mg(row['dose_mg_per_m2'])} mg/m²",
        f"{row['pct_of_standard']:.0f} % of standard",
    ]


def _chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the words the chart writes, each row's own, precomputed."""
    missing = [c for c in _NEEDED if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the dose-check frame lacks the column(s) {', '.join(missing)}: "
            "build it with dose_check_frame or case_dose_frame"
        )
    if frame.empty:
        raise ValueError("the dose-check frame has no row, so there is nothing to draw")
    data = frame.loc[:, list(_NEEDED)].copy().reset_index(drop=True)
    forms = data.groupby("drug")["form"].nunique()
    data["form_switch"] = data["drug"].map(forms > 1)
    data["drug_title"] = [
        _drug_title(d, m) for d, m in zip(data["drug"], data["dose_mg"], strict=True)
    ]
    data["standard_text"] = [
        _standard_text(d, f, s, w)
        for d, f, s, w in zip(
            data["drug"], data["form"], data["standard_mg_per_m2"], data["form_switch"], strict=True
        )
    ]
    data["label"] = [label_lines(r) for r in data.to_dict("records")]
    middle = (data["height_cm"].min() + data["height_cm"].max()) / 2
    data["label_side"] = data["height_cm"].map(lambda h: "right" if h <= middle else "left")
    data["height_text"] = data["height_cm"].map(lambda h: f"assumed {h:g} cm")
    return data


def _height_grid(data: pd.DataFrame) -> tuple[float, float, float]:
    """First and last height and the step of the slider; ValueError if not a regular grid."""
    heights = sorted(set(data["height_cm"]))
    steps = {round(b - a, 9) for a, b in zip(heights, heights[1:], strict=False)}
    if len(steps) > 1:
        raise ValueError(
            "the assumed heights must be evenly spaced for the slider to land on each, "
            f"got steps of {', '.join(f'{s:g}' for s in sorted(steps))} cm"
        )
    return heights[0], heights[-1], (steps.pop() if steps else 1.0)


def _findings(data: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The title lines (how each weight's doses sit against the standard) and description."""
    title = []
    for _, rows in data.groupby("weight_label", sort=False):
        kg = rows["weight_kg"].iloc[0]
        if (rows["pct_of_standard"] < 100).all():
            title.append(f"At {kg:g} kg: below the standard at every height")
        elif (rows["pct_of_standard"] > 100).all():
            title.append(f"At {kg:g} kg: above the standard at every height")
        else:
            title.append(f"At {kg:g} kg: ≥ the standard at some heights")
    low, high = data["height_cm"].min(), data["height_cm"].max()
    lines = []
    for (drug, form), rows in data.groupby(["drug", "form"], sort=False):
        dose, standard = rows["dose_mg"].iloc[0], rows["standard_mg_per_m2"].iloc[0]
        parts = []
        for label, w in rows.groupby("weight_label", sort=False):
            match = clinical.height_for_bsa_mosteller(
                bsa_m2=clinical.bsa_for_flat_dose(dose_mg=dose, dose_mg_per_m2=standard),
                weight_kg=w["weight_kg"].iloc[0],
            )
            tall, short = w.loc[w["height_cm"].idxmax()], w.loc[w["height_cm"].idxmin()]
            parts.append(
                f"at {label} it is {_mg(tall['dose_mg_per_m2'])} mg/m² "
                f"({tall['pct_of_standard']:.0f} %) at {high:g} cm and "
                f"{_mg(short['dose_mg_per_m2'])} mg/m² ({short['pct_of_standard']:.0f} %) at "
                f"{low:g} cm, and would equal the standard at a height of {match:.0f} cm"
            )
        written = f" written as the {form}" if rows["form_switch"].iloc[0] else ""
        lines.append(
            f"{_drug_title(drug, dose)} against {standard:g} mg/m²{written}: " + "; ".join(parts)
        )
    return title, lines


# ---------------------------------------------------------------------------- chart


def _params(data: pd.DataFrame, height: float) -> tuple[list[alt.Parameter], list[str]]:
    """The controls and the Vega filters they drive (all on precomputed columns)."""
    low, high, step = _height_grid(data)
    params = [
        alt.param(
            name=HEIGHT_PARAM,
            value=height,
            bind=alt.binding_range(
                min=low, max=high, step=step, name="Assumed height (cm; not reported) "
            ),
        )
    ]
    filters = []
    drugs = list(dict.fromkeys(data["drug"]))
    if len(drugs) > 1:
        titles = data.drop_duplicates("drug").set_index("drug")["drug_title"]
        params.append(
            alt.param(
                name=DRUG_PARAM,
                value=drugs[0],
                bind=alt.binding_select(
                    options=drugs, labels=[titles[d] for d in drugs], name="Drug "
                ),
            )
        )
        filters.append(f"datum.drug == {DRUG_PARAM}")
    forms = [f for f in clinical.DOSE_FORMS if f in set(data.loc[data["form_switch"], "form"])]
    if len(forms) > 1:
        params.append(
            alt.param(
                name=FORM_PARAM,
                value=forms[0],
                bind=alt.binding_radio(
                    options=forms,
                    labels=[FORM_LABELS.get(f, f) for f in forms],
                    name="Standard dose written ",
                ),
            )
        )
        filters.append(f"(!datum.form_switch || datum.form == {FORM_PARAM})")
    return params, filters


def _layers(data: pd.DataFrame, shown: str, at_height: str) -> list[alt.Chart]:
    low, high = data["height_cm"].min(), data["height_cm"].max()
    pct = data["pct_of_standard"]
    y_domain = [min(pct.min(), 100.0) * 0.95, max(pct.max(), 100.0) * 1.05]
    x = alt.X(
        "height_cm:Q",
        title="Assumed height (cm): not reported",
        scale=alt.Scale(domain=[low, high], nice=False),
    )
    y = alt.Y(
        "pct_of_standard:Q",
        title="Flat dose per m², % of the standard",
        scale=alt.Scale(domain=y_domain, nice=False, zero=False),
    )
    weights = list(dict.fromkeys(data["weight_label"]))
    legend = alt.Legend(title="Weight", orient="top", direction="horizontal")
    color_scale = alt.Scale(domain=weights, range=_WEIGHT_COLORS[: len(weights)])
    color = alt.Color("weight_label:N", scale=color_scale, legend=legend)
    dash = alt.StrokeDash(
        "weight_label:N",
        scale=alt.Scale(domain=weights, range=_WEIGHT_DASHES[: len(weights)]),
        legend=legend,
    )
    tooltip = [
        alt.Tooltip("drug_title:N", title="Flat dose"),
        alt.Tooltip("height_cm:Q", title="Assumed height (cm)"),
        alt.Tooltip("weight_label:N", title="Weight"),
        alt.Tooltip("bsa_m2:Q", title="BSA, Mosteller (m²)", format=".2f"),
        alt.Tooltip("dose_mg_per_m2:Q", title="Dose per m² (mg/m²)", format=".3g"),
        alt.Tooltip("pct_of_standard:Q", title="% of the standard", format=".0f"),
        alt.Tooltip("standard_text:N", title="Standard"),
    ]
    base = alt.Chart().transform_filter(shown)
    chosen = alt.Chart().transform_filter(f"{shown} && {at_height}")
    one_per = base.transform_aggregate(n="count()", groupby=["standard_text"])
    standard = one_per.mark_rule(color=PALETTE["black"], strokeDash=[2, 2]).encode(
        y=alt.datum(100), tooltip=alt.Tooltip("standard_text:N", title="Standard")
    )
    standard_text = one_per.mark_text(
        align="left", baseline="bottom", dx=4, dy=-3, x=0, fontSize=10, color=PALETTE["black"]
    ).encode(y=alt.datum(100), text="standard_text:N")
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip
    )
    at = chosen.transform_aggregate(n="count()", groupby=["height_cm", "height_text"])
    rule = at.mark_rule(color=PALETTE["black"], strokeWidth=1.5).encode(x=x)
    rule_text = at.mark_text(
        align="center", baseline="top", y=2, fontSize=11, fontWeight="bold", color=PALETTE["black"]
    ).encode(x=x, text="height_text:N")
    points = chosen.mark_point(size=70, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("weight_label:N", scale=color_scale, legend=None), tooltip=tooltip
    )
    labels = [
        chosen.transform_filter(f"datum.label_side == '{side}'")
        .mark_text(align=align, baseline="middle", dx=dx, fontSize=11, lineHeight=13)
        .encode(
            x=x,
            y=y,
            text="label:N",
            color=alt.Color("weight_label:N", scale=color_scale, legend=None),
        )
        for side, align, dx in (("right", "left", 8), ("left", "right", -8))
    ]
    return [standard, standard_text, lines, rule, rule_text, points, *labels]


@narrow
def dose_check_chart(frame: pd.DataFrame, *, height_cm: float | None = None) -> alt.LayerChart:
    """Flat doses as a share of the standard per m², over assumed heights (no kernel needed).

    ``frame``: :func:`dose_check_frame` or :func:`case_dose_frame` (one or more drugs,
    heights on a regular grid). One line per weight, a dotted rule at 100 % (the
    standard, named), and a height slider (range input, keyboard arrows move it) that
    draws a vertical rule and, at each weight, the delivered mg/m² and its share of the
    standard, taken from the frame's row for that height. With several drugs a select
    picks one; when a drug's standard differs as salt and as base (eribulin), a radio
    picks which standard. ``height_cm``: where the slider starts (default: the grid
    height nearest the middle). ValueError for a frame it cannot draw.
    """
    data = _chart_frame(frame)
    grid = sorted(set(data["height_cm"]))
    if height_cm is None:
        height = grid[(len(grid) - 1) // 2]
    elif height_cm in grid:
        height = height_cm
    else:
        raise ValueError(
            f"the slider must start at a height of the frame ({grid[0]:g}–{grid[-1]:g} cm), "
            f"got {height_cm!r}"
        )
    params, filters = _params(data, height)
    shown = " && ".join(filters) or "true"
    at_height = f"datum.height_cm == {HEIGHT_PARAM}"
    title, lines = _findings(data)
    controls = ["A slider picks the assumed height"]
    if DRUG_PARAM in [p.name for p in params]:
        controls.append("a select picks the drug")
    if FORM_PARAM in [p.name for p in params]:
        controls.append("a radio picks whether eribulin's standard is written as salt or base")
    description = (
        "Line chart of each flat dose per m² of body-surface area (Mosteller), as a "
        "percentage of the standard dose, over assumed heights from "
        f"{grid[0]:g} to {grid[-1]:g} cm, one line per weight; a dotted rule marks 100 %, "
        f"the standard. {ASSUMPTION}. " + ". ".join(lines) + ". " + ", ".join(controls) + "; "
        "a vertical rule and labels then give the dose per m² at each weight."
    )
    return (
        alt.layer(*_layers(data, shown, at_height), data=data)
        .add_params(*params)
        .properties(
            title=alt.Title(
                title,
                # Short lines: a Vega title does not wrap, and must fit a 390-px phone.
                subtitle=[*SUBTITLE_LINES, "Dotted rule: the standard dose, 100 %."],
                anchor="start",
                fontSize=13,
                subtitleFontSize=11,
            ),
            description=description,
            width="container",
            height=300,
        )
    )
