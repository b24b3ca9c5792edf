"""The pages' HTML tables: scrollable, blanks shown blank, provenance marked, sources named."""

from __future__ import annotations

from html.parser import HTMLParser

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
    assert '"><p><strong>Caption &amp; more</strong>' in out
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


# ------------------------------------------------- the scroll box, without JavaScript


def _box_attributes(out: str) -> dict[str, str | None]:
    """The attributes of the first element of ``out`` (the scroll box), unescaped."""
    found: list[dict[str, str | None]] = []

    class First(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if not found:
                found.append({"tag": tag, **dict(attrs)})

    First().feed(out)
    return found[0]


SMALL = pd.DataFrame({"a": ["x"], "See": ["y"], "href": ["p.html"]})


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda case: tables.scroll_table(SMALL, caption="Tom & Jerry"), "Tom & Jerry"),
        (lambda case: tables.scroll_table(SMALL, caption="Shown", label="Named"), "Named"),
        (lambda case: tables.scroll_table(SMALL, label='A "quoted" <b>'), 'A "quoted" <b>'),
        (
            lambda case: tables.linked_table(
                SMALL, link_column="See", href_column="href", caption="Linked"
            ),
            "Linked",
        ),
        (lambda case: tables.provenance_table(case.labs, "Labs"), "Labs"),
        (
            lambda case: tables.ihc_panel_table(case.pathology),
            "The marrow's stains: result, purpose and source of each",
        ),
        (lambda case: tables.ck_pattern_table(), "CK7 and CK20 patterns by primary site"),
    ],
)
def test_the_scroll_box_is_a_focusable_named_region_in_the_html(case, make, name):
    """tabindex, role and name are written by Python (no script needed to reach the box)."""
    box = _box_attributes(make(case))
    assert box == {
        "tag": "div",
        "class": "cb-table-scroll",
        "tabindex": "0",
        "role": "region",
        "aria-label": name,
    }


@pytest.mark.parametrize(
    "make",
    [
        lambda: tables.scroll_table(SMALL),
        lambda: tables.scroll_table(SMALL, caption="  "),
        lambda: tables.linked_table(SMALL, link_column="See", href_column="href"),
    ],
)
def test_a_table_without_a_name_is_refused(make):
    with pytest.raises(ValueError) as caught:
        make()
    assert str(caught.value) == (
        "A scrollable table needs a name for screen readers: give it a caption or a label."
    )
