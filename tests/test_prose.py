"""Guard: no patient value is typed into a page's prose; every one is glued from data/."""

from __future__ import annotations

import pytest

from casebook.data import load_case
from tests import prose_check as pc

PAGES = sorted((pc.ROOT / "book").glob("*.md"))


@pytest.fixture(scope="module")
def patterns():
    return pc.patient_value_patterns(load_case())


def test_patterns_cover_the_key_values(patterns):
    whats = {p.what for p in patterns}
    for expected in (
        "reported platelet count 92",
        "reported platelet count 18",
        "age 39",
        "weight 63 kg",
        "weight 45 kg",
        "lesion 100 mm",
        "lesion 5 × 5 cm",
        "interval between the reported counts (4 days)",
        "date 2024-06-03",
    ):
        assert expected in whats, f"no pattern for {expected}"


@pytest.mark.parametrize(
    "typed",
    [
        "Her platelets fell from 92 to a lower value.",
        "a count of 18 ×10⁹/L",
        "a 39-year-old woman",
        "only four days later",
        "she weighed 63 kg",
        "the mass grew to 5 × 5 cm",
        "first seen on 3 June 2024",
        "by January 2025 she",
        "a PD-L1 CPS of 3",
        "paclitaxel 120 mg weekly",
    ],
)
def test_check_catches_a_typed_value(patterns, typed):
    assert pc.find_typed_values(typed, patterns), f"typed value not caught: {typed!r}"


@pytest.mark.parametrize(
    "clean",
    [
        "Her platelets fell from {glue:text}`plt_first:.0f` to {glue:text}`plt_second:.0f`.",
        "ASCO 2018 keeps a threshold of 10 ×10⁹/L {footcite:p}`schiffer2018asco`.",
        "CTCAE grade 3 runs from below 50 down to 25 ×10⁹/L.",
        "In 2019 a trial reported 14/15 responders.",
    ],
)
def test_check_passes_glued_and_unrelated_numbers(patterns, clean):
    text = clean
    for rx in pc._SKIP:
        text = rx.sub(" ", text)
    assert pc.find_typed_values(text, patterns) == []


def test_a_typed_number_in_a_page_fails(tmp_path, patterns):
    page = tmp_path / "typed.md"
    page.write_text("# A page\n\nThe count fell to 18 in four days.\n", encoding="utf-8")
    hits = pc.find_typed_values(pc.prose_of(page), patterns, "typed.md")
    assert {h.what for h in hits} >= {
        "reported platelet count 18",
        "interval between the reported counts (4 days)",
    }


def test_no_page_types_a_patient_value(patterns):
    allow = pc.load_allowlist()
    problems, used = [], set()
    for page in PAGES:
        rel = page.relative_to(pc.ROOT).as_posix()
        for hit in pc.find_typed_values(pc.prose_of(page), patterns, rel):
            entry = pc.is_allowed(hit, allow)
            if entry is None:
                problems.append(f"{rel}: typed {hit.what} ({hit.match!r}) in: …{hit.context}…")
            else:
                used.add((entry["page"], entry["text"]))
    assert not problems, "glue these values from data/ instead:\n" + "\n".join(problems)
    stale = [e for e in allow if (e["page"], e["text"]) not in used]
    assert not stale, f"allowlist entries that no longer match anything: {stale}"
