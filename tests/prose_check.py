"""Find patient values typed into a page's prose instead of glued from data/.

A number typed in Markdown goes stale the moment data/ changes; a glued one cannot.
This module derives, from the validated case data, a pattern for every patient value
(and its spelled-out or unit-bearing forms) and scans the Markdown cells of every
book page (quiz, exercise and solution text included, since they are Markdown). Code
cells and glue roles are not prose and are skipped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pandas as pd

from casebook.data import Case

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).with_name("prose_allowlist.toml")

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    18: "eighteen",
    39: "thirty-nine",
    45: "forty-five",
    63: "sixty-three",
    92: "ninety-two",
}


@dataclass(frozen=True)
class ValuePattern:
    regex: re.Pattern[str]
    what: str  # which patient value this is, for the failure message


@dataclass(frozen=True)
class Hit:
    page: str
    what: str
    match: str
    context: str


def _num(value: float) -> str:
    """92.0 -> '92', 1.9 -> '1\\.9' (as a regex)."""
    text = f"{value:g}"
    return re.escape(text)


def _bare(value: float) -> str:
    """The number on its own: not part of a longer number, a decimal or a year."""
    return rf"(?<![\d.,])(?:{_num(value)})(?![\d]|[.,]\d)"


def _word_or_digit(value: float) -> str:
    word = NUMBER_WORDS.get(int(value)) if float(value).is_integer() else None
    return rf"(?:{_bare(value)}{'|' + word if word else ''})"


def _date_forms(ts: pd.Timestamp, month_only: bool) -> list[str]:
    month, year, day = ts.strftime("%B"), ts.year, ts.day
    if month_only:
        return [rf"{month}\s+{year}", rf"{ts:%b}\.?\s+{year}"]
    return [
        re.escape(f"{ts:%Y-%m-%d}"),
        rf"(?<!\d){day}(?:st|nd|rd|th)?\s+{month}",
        rf"{month}\s+{day}(?!\d)",
        rf"(?<!\d){day}(?:st|nd|rd|th)?\s+{ts:%b}\b",
        rf"{ts:%b}\.?\s+{day}(?!\d)",
    ]


def patient_value_patterns(case: Case) -> list[ValuePattern]:
    """One pattern per patient value (and its forms) in the case data."""
    pats: list[tuple[str, str]] = []
    unit_109 = r"\s*(?:×|x|\*)\s*10"

    age = int(case.patient["age_years"].iloc[0])
    pats.append((rf"{_word_or_digit(age)}[- ](?:year|yr)", f"age {age}"))

    for row in case.labs.itertuples():
        if row.analyte != "platelets":
            continue
        if row.provenance == "reported":
            pats.append((_bare(row.value), f"reported platelet count {row.value:g}"))
        else:
            pats.append(
                (_bare(row.value) + unit_109, f"reconstructed platelet value {row.value:g}")
            )

    reported_plt = case.labs[
        (case.labs["analyte"] == "platelets") & (case.labs["provenance"] == "reported")
    ]
    if len(reported_plt) >= 2:
        days = int((reported_plt["date"].iloc[-1] - reported_plt["date"].iloc[0]).days)
        pats.append(
            (
                rf"{_word_or_digit(days)}[- ]days?\b",
                f"interval between the reported counts ({days} days)",
            )
        )

    for row in case.weights.itertuples():
        pats.append(
            (rf"{_word_or_digit(row.weight_kg)}\s*(?:kg|kilo)", f"weight {row.weight_kg:g} kg")
        )

    for row in case.lesions.itertuples():
        mm, mm2 = row.longest_diameter_mm, row.second_diameter_mm
        pats.append((rf"{_bare(mm)}\s*mm", f"lesion {mm:g} mm"))
        pats.append((rf"{_bare(mm / 10)}\s*cm", f"lesion {mm / 10:g} cm"))
        if pd.notna(mm2):
            pats.append(
                (
                    rf"{_bare(mm / 10)}\s*(?:cm\s*)?[×x]\s*{_bare(mm2 / 10)}(?![⁰¹²³⁴⁵⁶⁷⁸⁹^])",
                    f"lesion {mm / 10:g} × {mm2 / 10:g} cm",
                )
            )

    for row in case.pathology.itertuples():
        if pd.isna(row.result_value):
            continue
        if "CPS" in row.marker or "PD-L1" in row.marker:
            pats.append(
                (
                    rf"CPS\W+(?:of\W+|score\W+)?{_word_or_digit(row.result_value)}",
                    f"PD-L1 CPS {row.result_value:g}",
                )
            )
        else:
            pats.append((rf"{_bare(row.result_value)}\s*%", f"{row.marker} {row.result_value:g} %"))

    for row in case.events.itertuples():
        if pd.notna(row.dose_value) and row.dose_unit:
            pats.append(
                (
                    rf"{_word_or_digit(row.dose_value)}\s*{re.escape(row.dose_unit)}",
                    f"dose {row.dose_value:g} {row.dose_unit}",
                )
            )

    for table in (case.labs, case.events, case.lesions, case.weights):
        for ts, prov in zip(table["date"], table["date_provenance"], strict=True):
            if prov in ("reported", "derived", "month-reported"):
                for form in _date_forms(ts, month_only=prov == "month-reported"):
                    pats.append((form, f"date {ts:%Y-%m-%d}"))

    seen: dict[str, ValuePattern] = {}
    for rx, what in pats:
        seen.setdefault(rx, ValuePattern(re.compile(rx, re.IGNORECASE), what))
    return list(seen.values())


_SKIP = [
    re.compile(r"\{glue(?::\w+)?\}`[^`]*`"),  # glued values are the right way
    re.compile(r"\{(?:foot)?cite(?::\w+)?\}`[^`]*`"),  # citation keys hold years
    re.compile(r"\{(?:term|ref|numref|doc|eq)\}`[^`]*`"),
    re.compile(r"^:(?:label|name|class|tags):.*$", re.MULTILINE),  # directive options
    re.compile(r"^```\{glue:figure\}.*$", re.MULTILINE),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"\(([\w./-]+\.md|#[\w-]+)\)"),  # link targets
]


def prose_of(page: Path) -> str:
    """The Markdown cells of a MyST notebook (or a plain Markdown page), roles stripped."""
    nb = jupytext.read(page)
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for rx in _SKIP:
        text = rx.sub(" ", text)
    return text


def find_typed_values(text: str, patterns: list[ValuePattern], page: str = "<text>") -> list[Hit]:
    hits = []
    for p in patterns:
        for m in p.regex.finditer(text):
            start, end = max(0, m.start() - 40), min(len(text), m.end() + 40)
            hits.append(Hit(page, p.what, m.group(0), " ".join(text[start:end].split())))
    return hits


def load_allowlist(path: Path = ALLOWLIST) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("allow", [])
    for e in entries:
        missing = {"page", "text", "reason"} - set(e)
        if missing or not e.get("reason", "").strip():
            raise ValueError(f"allowlist entry {e} needs page, text and a reason")
    return entries


def is_allowed(hit: Hit, allow: list[dict[str, str]]) -> dict[str, str] | None:
    for e in allow:
        if e["page"] == hit.page and e["text"] in hit.context:
            return e
    return None
