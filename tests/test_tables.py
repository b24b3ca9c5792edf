"""The pages' HTML tables: scrollable, blanks shown blank, provenance marked, sources named."""

from __future__ import annotations

import pandas as pd
import pytest

from casebook import tables


def test_blank_cells_are_blank():
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None], dtype="Int64"),
            "x": [1.5, float("nan")],
            "d": pd.to_datetime(["2024-06-03", None]),
        }
    )
    out = tables.scroll_table(frame, caption="Caption & more", after="After <note>")
    assert "NaN" not in out and "&lt;NA&gt;" not in out and "NaT" not in out
    assert out.startswith('<div class="cb-table-scroll"><p><strong>Caption &amp; more</strong>')
    assert '<p class="cb-chart-description">After &lt;note&gt;</p></div>' in out


def test_provenance_table_marks_rows():
    frame = pd.DataFrame({"value": [1, 2], "provenance": ["reported", "reconstructed"]})
    out = tables.provenance_table(frame, "Labs")
    assert "● reported" in out and "◇ reconstructed" in out and ">provenance<" not in out


def test_ihc_tables_name_their_sources(case):
    panel = tables.ihc_panel_table(case.pathology)
    assert "CK7" in panel and "Chu 2000" in panel and "chu2000ck" not in panel
    assert "All results reported in the case report" in panel
    patterns = tables.ck_pattern_table()
    assert "Selves 2018" in patterns and "selves2018cup" not in patterns


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="no readable name for the source 'nobody2099'"):
        tables._source_names("chu2000ck, nobody2099")
