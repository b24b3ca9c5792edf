"""The live explorer's chart: :func:`lab_curve_snapshot` and its parts.

The kernel-side twin of :func:`casebook.charts.labs.lab_curves_chart`: one lab curve
between two dates as a plain chart with no Vega parameters, which
``casebook.widgets.LabExplorer`` rebuilds from Python on every change. Same encoding
(reported values filled with a solid line, reconstructed ones hollow with a dashed
line, lines of therapy shaded, silent ranges grey). Input is checked first
(:func:`_snapshot_input`), with errors a student can act on.
"""

from __future__ import annotations

import math
import numbers

import altair as alt
import pandas as pd

from casebook.charts.bands import _band_rects
from casebook.charts.labs import (
    ANALYTE_LABELS,
    ANALYTE_NOUNS,
    _lab_curves_gaps,
    _lab_tooltip,
    lab_gaps_frame,
)
from casebook.charts.live import LiveParts, live_data, live_datasets
from casebook.charts.style import (
    PALETTE,
    PROVENANCE_DASH,
    provenance_fill,
    provenance_label,
    provenance_legend_title,
    provenance_shape,
)
from casebook.dates import VEGA_DATE, long_date, month_year
from casebook.timeline import therapy_lines

__all__ = ["lab_curve_snapshot", "lab_snapshot_parts"]


def _snapshot_threshold(value: object) -> float:
    """The threshold as a float, or a ValueError a student can act on."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"the transfusion threshold must be a number in ×10⁹/L, got {value!r}")
    threshold = float(value)
    if not math.isfinite(threshold):
        raise ValueError(
            f"the transfusion threshold must be a finite number in ×10⁹/L, got {threshold}"
        )
    if threshold < 0:
        raise ValueError(f"the transfusion threshold must be ≥ 0 ×10⁹/L, got {threshold:g}")
    return threshold


def _snapshot_date(raw: object, which: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(raw)
    except (TypeError, ValueError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ValueError(f"the {which} date shown must be a date, got {raw!r}")
    return ts


def _snapshot_input(
    analyte: str, start: object, end: object, threshold_10e9_per_l: object, log_scale: bool
) -> tuple[float, pd.Timestamp, pd.Timestamp]:
    """Check the explorer's input in the order a student reads the controls."""
    if analyte not in ANALYTE_LABELS:
        raise ValueError(f"analyte must be one of {', '.join(ANALYTE_LABELS)}, got {analyte!r}")
    threshold = _snapshot_threshold(threshold_10e9_per_l)
    first, last = _snapshot_date(start, "first"), _snapshot_date(end, "last")
    if first > last:
        raise ValueError(
            f"the first date shown ({long_date(first)}) is after the last date shown "
            f"({long_date(last)}): choose a first date on or before the last one"
        )
    if log_scale and analyte == "platelets" and threshold == 0:
        raise ValueError(
            "a threshold of 0 ×10⁹/L cannot be drawn on a log scale: untick the log scale "
            "or enter a threshold above 0"
        )
    return threshold, first, last


def _snapshot_frame(
    labs: pd.DataFrame, analyte: str, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    """The values of one analyte between two dates (ValueError when there are none)."""
    data = labs[(labs["analyte"] == analyte) & labs["date"].between(first, last)].copy()
    if data.empty:
        what = "platelet count" if analyte == "platelets" else "CA125 value"
        silent = lab_gaps_frame(labs[labs["analyte"] == analyte], last)
        why = (
            f" (the report says nothing about {ANALYTE_NOUNS[analyte]} after "
            f"{month_year(silent['start'].iloc[0])})"
            if len(silent)
            else ""
        )
        raise ValueError(
            f"there is no {what} between {long_date(first)} and {long_date(last)}{why}: "
            "widen the date range"
        )
    data["provenance_label"] = provenance_label(data["provenance"])
    data["analyte_label"] = ANALYTE_LABELS[analyte]
    return data


def _snapshot_bands(events: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The lines of therapy overlapping the range, with their own dates: the chart clips
    each rect at the plot's edge (``clip``), so a band's row does not change with the
    range."""
    bands = therapy_lines(events)
    return bands[(bands["end"] >= first) & (bands["start"] <= last)].copy()


def _snapshot_domain(first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    """The x domain's ends: a day either side of a single day, for a readable axis."""
    pad = pd.Timedelta(days=1) if first == last else pd.Timedelta(0)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


#: The x scale: its ends are the parameters ``lab_first`` and ``lab_last`` (ISO dates),
#: which the live explorer patches when the dates change.
_X_SCALE = alt.Scale(
    domainMin=alt.ExprRef(expr="toDate(lab_first)"),
    domainMax=alt.ExprRef(expr="toDate(lab_last)"),
    padding=10,
)


def _snapshot_axes(analyte: str, one_day: bool, log_scale: bool) -> tuple[alt.X, alt.Y]:
    """The axes (the x domain is the parameters', see ``_X_SCALE``)."""
    x = alt.X(
        "date:T",
        title="Date",
        scale=_X_SCALE,
        axis=alt.Axis(
            format=VEGA_DATE,
            labelAngle=-30,
            tickCount={"interval": "day", "step": 1} if one_day else alt.Undefined,
        ),
    )
    y_title = ANALYTE_LABELS[analyte] + (", log scale" if log_scale else "")
    y = alt.Y(
        "value:Q",
        title=y_title,
        scale=alt.Scale(type="log") if log_scale else alt.Scale(type="linear", zero=True),
    )
    return x, y


def _snapshot_curve(x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Dashed line through every value, solid over the reported ones (a line through
    fewer than two values draws nothing), then the points."""
    base = alt.Chart(live_data("lab_values"))
    layers = [base.mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[1]).encode(x=x, y=y)]
    layers.append(
        alt.Chart(live_data("lab_reported"))
        .mark_line(color=PALETTE["blue"], strokeDash=PROVENANCE_DASH[0], strokeWidth=2)
        .encode(x=x, y=y)
    )
    shape, fill = provenance_shape(), provenance_fill(PALETTE["blue"])
    fill.legend, fill.title = alt.Legend(title=provenance_legend_title()), provenance_legend_title()
    layers.append(
        base.mark_point(size=80, strokeWidth=2, color=PALETTE["blue"], opacity=1).encode(
            x=x, y=y, shape=shape, fill=fill, tooltip=_lab_tooltip()
        )
    )
    return layers


def _snapshot_rule_frame(threshold: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"value": [threshold], "label": [f"transfusion threshold {threshold:g} ×10⁹/L"]}
    )


def _snapshot_rule() -> list[alt.Chart]:
    """The transfusion threshold as a rule and its label."""
    rule = live_data("lab_rule")
    return [
        alt.Chart(rule)
        .mark_rule(color=PALETTE["vermillion"], strokeDash=[2, 2], size=2)
        .encode(y=alt.Y("value:Q"), tooltip=alt.Tooltip("label:N", title="Threshold")),
        alt.Chart(rule)
        .mark_text(
            align="right", baseline="top", dx=-4, dy=4, x="width", color=PALETTE["vermillion"]
        )
        .encode(y=alt.Y("value:Q"), text="label:N"),
    ]


def _snapshot_title(data: pd.DataFrame, analyte: str, span: str, threshold: float) -> str:
    """The finding: values below the threshold (platelets) or the trend (CA125)."""
    if analyte != "platelets":
        return (
            f"CA125 trend (reconstructed), {span}: from {data['value'].iloc[0]:g} to "
            f"{data['value'].iloc[-1]:g} times its first value"
        )
    n = len(data)
    below = data[data["value"] < threshold]
    lowest = data.loc[data["value"].idxmin()]
    count = "none" if below.empty else f"{len(below)}"
    n_below_reported = int((below["provenance"] == "reported").sum())
    which = "" if below.empty else f"{n_below_reported} reported; "
    return (
        f"Platelets, {span}: {count} of {n} value{'' if n == 1 else 's'} below "
        f"{threshold:g} ×10⁹/L ({which}lowest {lowest['value']:g} on "
        f"{long_date(lowest['date'])})"
    )


def _snapshot_words(
    data: pd.DataFrame,
    analyte: str,
    first: pd.Timestamp,
    last: pd.Timestamp,
    threshold: float,
    log_scale: bool,
    has_bands: bool,
) -> tuple[dict, str]:
    """The title (with its subtitle) and the description of a snapshot."""
    is_platelets = analyte == "platelets"
    span = f"{long_date(first)} to {long_date(last)}"
    n, n_reported = len(data), int((data["provenance"] == "reported").sum())
    if n_reported == 0:
        what = "CA125 value" if not is_platelets else "platelet count in this range"
        subtitle = [
            f"No {what} is reported: every point is an illustrative reconstruction by this book."
        ]
    else:
        subtitle = [
            "Filled points: reported in the case report. Hollow points: reconstructed by this book."
        ]
    if has_bands:
        subtitle.append(
            "Shaded lines of therapy with a dashed outline: a start or end date this book chose."
        )
    rule_words = (
        f" A red dotted rule marks a transfusion threshold of {threshold:g} ×10⁹/L."
        if is_platelets
        else " No transfusion threshold is drawn: it applies to platelets only."
    )
    description = (
        f"{ANALYTE_LABELS[analyte]} from {span}: {n} values, {n_reported} reported in the case "
        f"report (filled) and {n - n_reported} reconstructed (hollow), on a "
        f"{'log' if log_scale else 'linear'} scale.{rule_words}"
    )
    title = {"text": _snapshot_title(data, analyte, span, threshold), "subtitle": subtitle}
    return title, description


def lab_curve_snapshot(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    analyte: str,
    start: object,
    end: object,
    threshold_10e9_per_l: float,
    log_scale: bool = False,
) -> alt.LayerChart:
    """One lab curve between two dates, as a plain chart with no Vega parameters.

    The kernel-side twin of :func:`lab_curves_chart`: a Python control rebuilds it
    on every change (``casebook.widgets.LabExplorer``). Same encoding: reported
    values filled with a solid line, reconstructed values hollow with a dashed line,
    lines of therapy shaded.

    ``analyte`` is a key of :data:`ANALYTE_LABELS`. ``start`` and ``end`` are the
    first and last dates shown, inclusive (anything ``pd.Timestamp`` accepts).
    ``threshold_10e9_per_l`` is a platelet-transfusion threshold in ×10⁹/L (≥ 0),
    drawn as a rule on platelet charts only (it has no meaning for CA125).
    ``log_scale`` puts the value axis on a log scale.

    Raises ``ValueError`` with a sentence a student can act on: an unknown analyte,
    a threshold that is negative or not a finite number, a date that is not a date,
    a first date after the last, no value in the range, or a zero threshold on a
    log scale.
    """
    parts = lab_snapshot_parts(
        labs,
        events,
        analyte=analyte,
        start=start,
        end=end,
        threshold_10e9_per_l=threshold_10e9_per_l,
        log_scale=log_scale,
    )
    analyte, log_scale, one_day, has_gaps, _lines = parts.extra["structure"]
    x, y = _snapshot_axes(analyte, one_day, log_scale)
    bands = parts.extra["bands"]
    layers: list[alt.Chart] = []
    if not bands.empty:
        layers.extend(
            _band_rects(
                bands,
                x=alt.X("start:T", scale=_X_SCALE),
                legend=alt.Legend(labelLimit=360),
                clip=True,
            )
        )
    if has_gaps:
        gaps = parts.data["lab_gaps"]
        layers.extend(
            _lab_curves_gaps(gaps, alt.X("start:T", scale=_X_SCALE), data=live_data("lab_gaps"))
        )
    layers.extend(_snapshot_curve(x, y))
    if analyte == "platelets":
        layers.extend(_snapshot_rule())
    # One constructor call (not .properties() and .resolve_scale(), which each copy
    # the whole chart): a new structure is built once, then patched (LiveChart).
    return alt.LayerChart(
        layer=layers,
        params=[alt.VariableParameter(name=k, value=v) for k, v in parts.params.items()],
        datasets=live_datasets(parts.data),
        title=parts.title,
        description=parts.description,
        width=640,
        height=300,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", stroke="independent")),
    )


def lab_snapshot_parts(
    labs: pd.DataFrame,
    events: pd.DataFrame,
    *,
    analyte: str,
    start: object,
    end: object,
    threshold_10e9_per_l: float,
    log_scale: bool = False,
) -> LiveParts:
    """What :func:`lab_curve_snapshot` draws: the parts a live change swaps.

    Datasets ``lab_values``, ``lab_reported``, ``lab_rule`` and ``lab_gaps``; the
    parameters ``lab_first`` and ``lab_last`` (the x domain); the title and the
    description. ``extra["structure"]`` is what needs another chart: the analyte, the
    log scale, a single day, gaps, and which lines of therapy the range overlaps (their
    rects are clipped at the plot's edge, so their rows do not change with the dates).
    Raises ``ValueError`` as :func:`lab_curve_snapshot`.
    """
    threshold, first, last = _snapshot_input(analyte, start, end, threshold_10e9_per_l, log_scale)
    data = _snapshot_frame(labs, analyte, first, last)
    bands = _snapshot_bands(events, first, last)
    gaps = lab_gaps_frame(labs[labs["analyte"] == analyte], last)
    gaps["start"] = gaps["start"].clip(lower=first)
    reported = data[data["provenance"] == "reported"]
    title, description = _snapshot_words(
        data, analyte, first, last, threshold, log_scale, has_bands=not bands.empty
    )
    description += "".join(f" {why}" for why in gaps["why"])
    lab_first, lab_last = _snapshot_domain(first, last)
    structure = (
        analyte,
        bool(log_scale),
        first == last,
        not gaps.empty,
        tuple(int(line) for line in bands["line"]),
    )
    return LiveParts(
        data={
            "lab_values": data,
            "lab_reported": reported,
            "lab_rule": _snapshot_rule_frame(threshold),
            "lab_gaps": gaps,
        },
        params={"lab_first": lab_first, "lab_last": lab_last},
        title=title,
        description=description,
        extra={"structure": structure, "bands": bands},
    )
