"""The case's response assessments, computed once: every lesion measurement judged by
RECIST 1.1 and by the older WHO criteria, against the line of therapy it judges.

    from casebook.assessments import response_assessments
    from casebook.timeline import therapy_lines
    a = response_assessments(case.lesions, therapy_lines(case.events))

Pure pandas; the rules come from :mod:`casebook.clinical`
(:func:`~casebook.clinical.recist_response`, :func:`~casebook.clinical.who_response`).
The therapy chapter's chart (:func:`casebook.charts.response_chart`) and explorer
(:class:`casebook.widgets.ResponseExplorer`) both read this frame.

Which line a measurement judges: each line is judged from its own baseline, the last
measurement on or before the day it starts; every measurement after that day judges
the last line started before it (still after that line's last dose, until the next
line starts). So the case's presentation measurement is line 1's baseline, and the
measurement at progression on paclitaxel judges line 1 (progression) and is line 2's
baseline (``baseline_for`` says so).
"""

from __future__ import annotations

import math

import pandas as pd

from casebook import clinical
from casebook.dates import long_date
from casebook.timeline import therapy_lines

__all__ = [
    "CRITERIA",
    "CRITERION_UNITS",
    "CRITERION_RULES",
    "size_words",
    "pct_words",
    "judge_response",
    "response_sentence",
    "response_assessments",
    "case_assessments",
]

#: The criteria, by the prefix of their columns.
CRITERIA: dict[str, str] = {
    "recist": "RECIST 1.1: sum of longest diameters (mm)",
    "who": "WHO: product of two diameters (mm²)",
}
#: The unit of each criterion's measure.
CRITERION_UNITS: dict[str, str] = {"recist": "mm", "who": "mm²"}
#: What each criterion needs, in words (for sentences and tooltips).
CRITERION_RULES: dict[str, dict[str, str]] = {
    "recist": {
        "PR": f"a partial response needs a fall of {clinical.RECIST_PR_MIN_DECREASE_PCT:g} % "
        "from the baseline",
        "PD": f"progression needs a rise of {clinical.RECIST_PD_MIN_INCREASE_PCT:g} % and "
        f"{clinical.RECIST_PD_MIN_INCREASE_MM:g} mm over the nadir",
    },
    "who": {
        "PR": f"a partial response needs a fall of {clinical.WHO_PR_MIN_DECREASE_PCT:g} % "
        "from the baseline",
        "PD": f"progression needs a rise of {clinical.WHO_PD_MIN_INCREASE_PCT:g} % over the nadir",
    },
}

_MINUS = "\u2212"


def size_words(value: float, criterion: str) -> str:
    """'50 mm' (RECIST) or '2,500 mm²' (WHO)."""
    return f"{float(value):,.10g} {CRITERION_UNITS[criterion]}"


def pct_words(pct: float, digits: int = 2) -> str:
    """'+25 %', '−60 %', '+56.25 %' (at most ``digits`` decimals, trailing zeros dropped)."""
    text = f"{abs(pct):.{digits}f}".rstrip("0").rstrip(".") if digits else f"{abs(pct):.0f}"
    if text == "0":
        return "0 %"
    return f"{'+' if pct > 0 else _MINUS}{text} %"


def judge_response(
    criterion: str,
    *,
    baseline: float,
    nadir: float,
    current: float,
    new_lesions: bool = False,
) -> str:
    """The category by one criterion ("recist": sums in mm; "who": products in mm²).

    Raises the rule's :class:`ValueError` on bad input, and one for an unknown criterion.
    """
    if criterion == "recist":
        return clinical.recist_response(
            baseline_sum_mm=baseline,
            nadir_sum_mm=nadir,
            current_sum_mm=current,
            new_lesions=new_lesions,
        )
    if criterion == "who":
        return clinical.who_response(
            baseline_product_mm2=baseline,
            nadir_product_mm2=nadir,
            current_product_mm2=current,
            new_lesions=new_lesions,
        )
    raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, got {criterion!r}")


def response_sentence(
    criterion: str,
    *,
    baseline: float,
    nadir: float,
    current: float,
    new_lesions: bool = False,
) -> str:
    """The category by ``criterion`` (:func:`judge_response`) and its arithmetic, as a sentence.

    >>> response_sentence("recist", baseline=100, nadir=40, current=50)
    '50 mm is +25 % and +10 mm above the nadir of 40 mm: progressive disease.'
    >>> response_sentence("who", baseline=2500, nadir=2500, current=900)
    '900 mm² is \u221264 % from the baseline of 2,500 mm²: partial response.'

    Raises the rule's :class:`ValueError` on bad input (a nadir above the baseline...).
    """
    category = judge_response(
        criterion, baseline=baseline, nadir=nadir, current=current, new_lesions=new_lesions
    )
    words = clinical.RECIST_CATEGORIES[category]
    cur, base, low = (size_words(v, criterion) for v in (current, baseline, nadir))
    rise = float(current) - float(nadir)
    vs_nadir = (
        pct_words(clinical.percent_change(nadir, current)) if float(nadir) > 0 else "any rise"
    )
    if criterion == "recist" and float(nadir) > 0:
        vs_nadir = f"{vs_nadir} and {'+' if rise > 0 else _MINUS if rise < 0 else ''}" + (
            size_words(abs(rise), criterion)
        )
    vs_baseline = pct_words(clinical.percent_change(baseline, current))
    if new_lesions and category == "PD":
        return f"New lesions: {words}, whatever the sizes ({cur} now, nadir {low})."
    if category == "PD":
        if float(nadir) == 0:
            return f"{cur} after a complete response (nadir 0): {words}."
        return f"{cur} is {vs_nadir} above the nadir of {low}: {words}."
    if category == "CR":
        return f"{cur}: every measured lesion has gone: {words}."
    if category == "PR":
        return f"{cur} is {vs_baseline} from the baseline of {base}: {words}."
    rules = CRITERION_RULES[criterion]
    return (
        f"{cur} is {vs_baseline} from the baseline of {base} ({rules['PR']}) and "
        f"{vs_nadir} from the nadir of {low} ({rules['PD']}): {words}."
    )


_COLUMNS = [
    "date",
    "line",
    "drug",
    "role",
    "baseline_for",
    "n_lesions",
    "size_text",
    "diameters_from",
    "sum_mm",
    "product_mm2",
]
_PER_CRITERION = [
    "baseline",
    "nadir",
    "pct_vs_baseline",
    "pct_vs_nadir",
    "change_vs_nadir",
    "category",
]
_CARRIED = ["provenance", "date_provenance", "method", "locator", "note"]


def _joined(values: pd.Series) -> str:
    """The distinct values of a column over one date's lesions, in order, joined."""
    return "; ".join(dict.fromkeys(str(v) for v in values if pd.notna(v)))


def _worst(codes: pd.Series) -> str:
    """One provenance for a date's lesions: 'reported' only if every lesion's is."""
    distinct = set(codes)
    return distinct.pop() if len(distinct) == 1 else "reconstructed"


def _measurements(lesions: pd.DataFrame, use_legend_baseline: bool) -> pd.DataFrame:
    """One row per date: the RECIST sum and the WHO sum of products over its lesions."""
    les = lesions.copy()
    les["date"] = pd.to_datetime(les["date"])
    longest = les["longest_diameter_mm"].astype(float)
    second = les["second_diameter_mm"].astype(float)
    from_legend = pd.Series(False, index=les.index)
    if use_legend_baseline:
        if "legend_longest_diameter_mm" not in les or "legend_second_diameter_mm" not in les:
            raise ValueError(
                "use_legend_baseline needs the columns legend_longest_diameter_mm and "
                "legend_second_diameter_mm, which the lesions table does not have"
            )
        from_legend = (
            les["legend_longest_diameter_mm"].notna() & les["legend_second_diameter_mm"].notna()
        )
        longest = longest.where(~from_legend, les["legend_longest_diameter_mm"].astype(float))
        second = second.where(~from_legend, les["legend_second_diameter_mm"].astype(float))
    if longest.isna().any() or second.isna().any():
        when = long_date(les.loc[longest.isna() | second.isna(), "date"].iloc[0])
        raise ValueError(f"the lesion measured on {when} lacks a diameter: cannot judge it")
    les["_longest"], les["_second"], les["_legend"] = longest, second, from_legend
    les["_product"] = longest * second
    les["_size"] = [f"{a:g} × {b:g} mm" for a, b in zip(longest, second, strict=True)]
    for col in _CARRIED:
        if col not in les:
            les[col] = pd.NA
    rows = []
    for date, group in les.sort_values("date", kind="stable").groupby("date", sort=True):
        rows.append(
            {
                "date": date,
                "n_lesions": len(group),
                "size_text": "; ".join(group["_size"]),
                "diameters_from": "figure legend" if group["_legend"].any() else "case text",
                "sum_mm": float(group["_longest"].sum()),
                "product_mm2": float(group["_product"].sum()),
                "provenance": _worst(group["provenance"]),
                "date_provenance": _worst(group["date_provenance"]),
                "method": _joined(group["method"]),
                "locator": _joined(group["locator"]),
                "note": _joined(group["note"]),
            }
        )
    return pd.DataFrame(rows)


def _judged_line(dates: pd.Series, lines: pd.DataFrame) -> tuple[list[int], list[object]]:
    """For each date: the line it judges, and the line it is the baseline of (or NA)."""
    starts = list(zip(lines["line"].astype(int), pd.to_datetime(lines["start"]), strict=True))
    judged: list[int | None] = []
    for date in dates:
        started = [line for line, start in starts if start < date]
        judged.append(started[-1] if started else None)
    baseline_for: list[object] = [pd.NA] * len(dates)
    for line, start in starts:
        before = [i for i, date in enumerate(dates) if date <= start]
        if not before:
            raise ValueError(
                f"line {line} starts on {long_date(start)} with no lesion measurement on or "
                "before that day: it has no baseline to be judged from"
            )
        baseline_for[before[-1]] = line
    first_line = starts[0][0]
    for i, date in enumerate(dates):
        if judged[i] is None:
            if baseline_for[i] is pd.NA:
                raise ValueError(
                    f"the lesion measurement of {long_date(date)} judges no line of therapy: "
                    f"it is before line {first_line} starts and is not its baseline (the last "
                    "measurement before the start)"
                )
            judged[i] = first_line
    return [int(j) for j in judged], baseline_for


def _judge(values: list[float], rule, names: tuple[str, str, str]) -> list[dict]:
    """Baseline, nadir, changes and category of each value after the first (the baseline)."""
    out = [
        {
            "baseline": values[0],
            "nadir": values[0],
            "pct_vs_baseline": math.nan,
            "pct_vs_nadir": math.nan,
            "change_vs_nadir": math.nan,
            "category": None,
        }
    ]
    for i, current in enumerate(values[1:], start=1):
        baseline, nadir = values[0], min(values[:i])
        kwargs = dict(zip(names, (baseline, nadir, current), strict=True))
        out.append(
            {
                "baseline": baseline,
                "nadir": nadir,
                "pct_vs_baseline": clinical.percent_change(baseline, current),
                "pct_vs_nadir": (
                    clinical.percent_change(nadir, current) if nadir > 0 else math.nan
                ),
                "change_vs_nadir": current - nadir,
                "category": rule(**kwargs),
            }
        )
    return out


def response_assessments(
    lesions: pd.DataFrame, lines: pd.DataFrame, *, use_legend_baseline: bool = False
) -> pd.DataFrame:
    """Every lesion measurement (date order) with the line it judges and its response.

    ``lesions`` is ``case.lesions`` (one row per lesion and date; the lesions measured on
    one date are summed); ``lines`` is :func:`casebook.timeline.therapy_lines`
    ``(case.events)``. Columns:

    * ``date``, ``line`` (the line of therapy the measurement judges), ``drug``,
      ``role`` (``"baseline"`` for the measurement before the first line, else
      ``"assessment"``), ``baseline_for`` (the line this measurement is the baseline
      of: the last measurement on or before its start; NA otherwise);
    * ``n_lesions``, ``size_text`` ("100 × 100 mm"), ``diameters_from`` ("case text",
      or "figure legend" where ``use_legend_baseline`` took the legend's diameters);
    * ``sum_mm`` (RECIST: the sum of longest diameters) and ``product_mm2`` (WHO: the
      sum of the products of the two diameters);
    * for each criterion, prefixed ``recist_`` or ``who_`` and in its unit:
      ``baseline`` (the line's baseline), ``nadir`` (the smallest earlier value in the
      line, baseline included), ``pct_vs_baseline``, ``pct_vs_nadir`` (percent),
      ``change_vs_nadir`` (mm or mm²) and ``category`` ("CR", "PR", "SD", "PD", from
      :func:`~casebook.clinical.recist_response` / :func:`~casebook.clinical.who_response`;
      None on the baseline row, whose changes are NaN: it is compared with nothing);
    * ``provenance``, ``date_provenance``, ``method``, ``locator``, ``note``, carried
      from ``lesions``.

    ``use_legend_baseline=True`` takes the diameters of any measurement that has
    ``legend_longest_diameter_mm`` and ``legend_second_diameter_mm`` from those columns:
    the case's text gives the mass at presentation as 10 × 10 cm, its Figure 1 legend as
    10 × 8 cm, so the WHO baseline is 10000 mm² by default and 8000 mm² with the legend's
    (the RECIST sum, 100 mm, is the same either way).

    Raises :class:`ValueError` with a sentence for an empty table, a line with no
    measurement before it to serve as its baseline, or a measurement that judges no line
    (an earlier one before the first line's baseline).
    """
    if lesions.empty:
        raise ValueError("the lesions table is empty: there is no measurement to assess")
    if lines.empty:
        raise ValueError("there is no line of therapy: no measurement can be judged")
    sizes = _measurements(lesions, use_legend_baseline)
    judged, baseline_for = _judged_line(list(sizes["date"]), lines.sort_values("line"))
    sizes["line"] = judged
    sizes["baseline_for"] = pd.array(baseline_for, dtype="Int64")
    drugs = dict(zip(lines["line"].astype(int), lines["drug"], strict=True))
    sizes["drug"] = sizes["line"].map(drugs)
    sizes["role"] = "assessment"
    sizes.loc[sizes["line"] == sizes["baseline_for"], "role"] = "baseline"

    rules = {
        "recist": (
            "sum_mm",
            clinical.recist_response,
            ("baseline_sum_mm", "nadir_sum_mm", "current_sum_mm"),
        ),
        "who": (
            "product_mm2",
            clinical.who_response,
            ("baseline_product_mm2", "nadir_product_mm2", "current_product_mm2"),
        ),
    }
    judged_rows: dict[int, dict[str, object]] = {}
    for line in sorted(set(judged)):
        start_at = int(sizes.index[sizes["baseline_for"] == line][0])
        in_line = [start_at, *sizes.index[(sizes["line"] == line) & (sizes.index > start_at)]]
        for prefix, (column, rule, names) in rules.items():
            values = [float(sizes.at[i, column]) for i in in_line]
            for position, (i, result) in enumerate(
                zip(in_line, _judge(values, rule, names), strict=True)
            ):
                if position == 0 and sizes.at[i, "line"] != line:
                    continue  # this line's baseline judges the line before: keep its result
                row = judged_rows.setdefault(i, {})
                row.update({f"{prefix}_{key}": value for key, value in result.items()})
    judged_frame = pd.DataFrame.from_dict(judged_rows, orient="index").sort_index()
    out = sizes.join(judged_frame)
    per = [f"{p}_{k}" for p in rules for k in _PER_CRITERION]
    for prefix in rules:
        out[f"{prefix}_category"] = out[f"{prefix}_category"].astype(object)
        out[f"{prefix}_category"] = out[f"{prefix}_category"].where(
            out[f"{prefix}_category"].notna(), None
        )
    return out.loc[:, [*_COLUMNS, *per, *_CARRIED]].reset_index(drop=True)


def case_assessments(case, *, use_legend_baseline: bool = False) -> pd.DataFrame:
    """:func:`response_assessments` of a loaded case (``casebook.data.Case``): its lesion
    table judged against its lines of therapy (:func:`casebook.timeline.therapy_lines`)."""
    return response_assessments(
        case.lesions, therapy_lines(case.events), use_legend_baseline=use_legend_baseline
    )
