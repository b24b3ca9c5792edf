"""The provenance wording has one home, and it covers every code the schema allows."""

from __future__ import annotations

import pandas as pd
import pytest

from casebook import dates, provenance


def _enum(case, resource: str, field: str) -> set[str]:
    res = next(r for r in case.package["resources"] if r["name"] == resource)
    spec = next(f for f in res["schema"]["fields"] if f["name"] == field)
    return set(spec["constraints"]["enum"])


def test_every_schema_code_has_words(case):
    value_codes = set().union(
        *(_enum(case, r, "provenance") for r in ("labs", "events", "lesions"))
    )
    date_codes = set().union(*(_enum(case, r, "date_provenance") for r in ("labs", "events")))
    assert value_codes == set(provenance.VALUE_CODES) == set(provenance.VALUE_LABELS)
    assert value_codes == set(provenance.VALUE_MARKS)
    assert date_codes == set(provenance.DATE_WORDS) == set(provenance.DATE_WORDS_SHORT)


def test_marks_replace_the_code_with_a_symbol():
    frame = pd.DataFrame({"value": [1, 2], "provenance": ["reported", "reconstructed"]})
    marked = provenance.with_marks(frame)
    assert list(marked.columns) == ["source", "value"]
    assert list(marked["source"]) == ["● reported", "◇ reconstructed"]
    with pytest.raises(ValueError, match="no provenance column"):
        provenance.with_marks(frame.drop(columns="provenance"))


def test_period_words():
    assert provenance.period_words("reported", "reported") == "start and end reported"
    assert provenance.period_words("reported", "reconstructed") == (
        "start reported, end chosen by this book"
    )


def test_one_date_format():
    assert dates.long_date("2024-06-03") == "3 June 2024"
    assert dates.long_date(pd.Timestamp("2024-12-25")) == "25 December 2024"
    assert dates.long_date(pd.NaT) == "" and dates.long_date(None) == ""
    assert dates.month_year("2025-01-15") == "January 2025"
    assert dates.date_text("2025-01-15", "month-reported") == "January 2025 (month only)"
    assert dates.date_text("2025-01-15", "reconstructed") == "15 January 2025"
    assert dates.VEGA_DATE == "%-d %B %Y"
