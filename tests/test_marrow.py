"""Tests for the marrow chapter's package code: casebook.ihc, the platelet grade chart
(casebook.charts.platelet_grade_chart) and the live explorer (casebook.widgets.marrow, also
imported by its old path casebook.widgets_marrow)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import pytest

from casebook import charts, clinical, ihc
from casebook.widgets_marrow import (
    HYPOTHETICAL_BSA_M2,
    PlateletExplorer,
    assumed_platelet_dose_1e11,
    threshold_summary,
)

UNTIL = "2024-08-26"


@pytest.fixture(scope="module")
def thresholds(case):
    trigger = clinical.case_trigger(case.transfusion_trigger_10e9_per_l)
    return (clinical.transfusion_threshold("aabb_prophylaxis"), trigger)


# ------------------------------------------------------------------------- ihc


@pytest.mark.parametrize(
    "ck7, ck20",
    [("positive", "negative"), (True, False), ("+", "-"), (" Positive ", "negative (focal)")],
)
def test_ck7_positive_ck20_negative_includes_breast(ck7, ck20):
    primaries = ihc.candidate_primaries(ck7, ck20)
    assert "breast" in primaries
    assert "colorectal" not in primaries


def test_ck7_negative_ck20_positive_is_colorectal():
    assert ihc.candidate_primaries("negative", "positive") == ("colorectal",)
    assert ihc.pattern_for(False, True).label == "CK7−/CK20+"


def test_every_combination_has_candidates():
    seen = {(p.ck7_positive, p.ck20_positive) for p in ihc.CK_PATTERNS}
    assert seen == {(True, True), (True, False), (False, True), (False, False)}
    assert all(p.primaries for p in ihc.CK_PATTERNS)
    assert "urothelial (bladder)" in ihc.candidate_primaries("positive", "positive")
    assert "prostate" in ihc.candidate_primaries("negative", "negative")


@pytest.mark.parametrize("bad", ["equivocal", "", None, 1, float("nan"), "pos-ish"])
def test_unreadable_result_names_the_marker(bad):
    with pytest.raises(ValueError, match="CK20 result must be 'positive' or 'negative'"):
        ihc.candidate_primaries("positive", bad)


def test_pattern_table_has_four_rows_with_sources():
    table = ihc.pattern_table()
    assert len(table) == 4
    assert list(table.columns) == ["pattern", "CK7", "CK20", "typical primary sites", "sources"]
    assert table["sources"].str.contains("chu2000ck").all()
    row = table[table["pattern"] == "CK7+/CK20−"].iloc[0]
    assert row["typical primary sites"].startswith("breast")


def test_case_panel_is_read_from_data(case):
    panel = ihc.marrow_panel(case.pathology)
    results = panel.set_index("marker")["result"].to_dict()
    for marker, result in {
        "CK-pan": "positive",
        "CK7": "positive",
        "CK20": "negative",
        "ER": "negative",
        "PR": "negative",
        "HER2": "negative",
        "Mum-1": "negative",
    }.items():
        assert results[marker] == result
    positive = panel.set_index("marker")["positive"]
    assert bool(positive["CK7"]) is True and bool(positive["CK20"]) is False
    assert pd.isna(positive["histology"])
    assert (panel["provenance"] == "reported").all()
    assert set(panel["purpose_source"]) <= {"general", "chu2000ck", "vanpoznak2015asco"}
    assert ihc.marrow_ck_status(case.pathology) == (True, False)
    assert "breast" in ihc.case_candidates(case.pathology)


def test_panel_from_a_changed_table(case):
    changed = case.pathology.copy()
    changed.loc[
        (changed["specimen"] == "bone marrow biopsy") & (changed["marker"] == "CK7"), "result"
    ] = "negative"
    changed.loc[
        (changed["specimen"] == "bone marrow biopsy") & (changed["marker"] == "CK20"), "result"
    ] = "positive"
    assert ihc.case_candidates(changed) == ("colorectal",)


def test_panel_errors_are_sentences(case):
    with pytest.raises(ValueError, match="no row for the specimen 'liver biopsy'"):
        ihc.marrow_panel(case.pathology, "liver biopsy")
    without_ck20 = case.pathology[case.pathology["marker"] != "CK20"]
    with pytest.raises(ValueError, match="expected one CK20 result"):
        ihc.marrow_ck_status(without_ck20)


# ----------------------------------------------------------------------- chart


def _leaf_charts(chart):
    """Every single-view chart inside a layered chart."""
    if isinstance(chart, alt.LayerChart):
        for layer in chart.layer:
            yield from _leaf_charts(layer)
    else:
        yield chart


def _frames(chart):
    return [c.data for c in _leaf_charts(chart) if isinstance(c.data, pd.DataFrame)]


@pytest.fixture(scope="module")
def grade_chart(case, thresholds):
    return charts.platelet_grade_chart(
        case.labs,
        case.events,
        bands=clinical.CTCAE_PLATELET_BANDS,
        thresholds=thresholds,
        until=UNTIL,
    )


def test_chart_has_every_grade_band(grade_chart):
    layers = [
        c
        for c in _leaf_charts(grade_chart)
        if isinstance(c.data, pd.DataFrame)
        and {"grade", "lower", "upper", "label"} <= set(c.data.columns)
    ]
    marks = {c.mark if isinstance(c.mark, str) else c.mark.type for c in layers}
    assert marks == {"rect", "text"}, marks  # shaded bands, and their labels
    bands = [c.data for c in layers]
    assert sorted(bands[0]["grade"]) == [0, 1, 2, 3, 4]
    assert set(bands[0]["label"]) == {b.label for b in clinical.CTCAE_PLATELET_BANDS}
    # Labelled in the chart too (G0..G4), not by colour alone.
    assert set(bands[0]["short"]) == {"G0", "G1", "G2", "G3", "G4"}


def test_chart_has_both_thresholds(grade_chart):
    (thr,) = [f for f in _frames(grade_chart) if "group" in f.columns]
    assert dict(zip(thr["group"], thr["value"], strict=True)) == {"guideline": 10.0, "case": 30.0}


def test_chart_marks_transfusions_and_tpo_ra(grade_chart, case):
    frames = _frames(grade_chart)
    kinds = {k for f in frames if "kind" in f.columns for k in f["kind"]}
    assert {"transfusion", "tpo_ra"} <= kinds
    n_tx = sum(len(f) for f in frames if "kind" in f.columns and (f["kind"] == "transfusion").all())
    assert n_tx == int(
        ((case.events["kind"] == "transfusion") & (case.events["date"] <= UNTIL)).sum()
    )


def test_chart_words_and_controls(grade_chart):
    spec = grade_chart.to_dict()
    assert spec["description"].startswith("Platelet counts from")
    assert "92, 18" in spec["description"] and "reconstructed" in spec["description"]
    assert "grade 1 to grade 4" in " ".join(spec["title"]["text"])
    params = {p["name"]: p for p in spec["params"]}
    assert params["your_threshold"]["bind"]["input"] == "range"
    assert params["your_threshold"]["value"] == 30
    assert params["reference_lines"]["bind"]["input"] == "select"
    assert set(params["reference_lines"]["bind"]["options"]) == {"both", "guideline", "case"}


def test_reported_and_reconstructed_look_different(grade_chart):
    spec = grade_chart.to_dict()
    shapes = [
        layer["encoding"]["shape"]
        for layer in spec["layer"]
        if "shape" in layer.get("encoding", {})
    ]
    assert shapes and shapes[0]["scale"]["range"] == charts.PROVENANCE_SHAPES
    fills = [
        layer["encoding"]["fill"]
        for layer in spec["layer"]
        if layer.get("encoding", {}).get("fill", {}).get("field") == "provenance_label"
    ]
    assert fills and fills[0]["scale"]["range"][1] == "white"


def test_chart_compiles_and_draws(grade_chart):
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(grade_chart.to_dict() | {"width": 500})
    assert "Grade 4" in svg and "case's trigger" in svg


@pytest.mark.parametrize("bad", [-1, 500, float("nan")])
def test_chart_refuses_a_bad_threshold(case, thresholds, bad):
    with pytest.raises(ValueError, match="your threshold must be between 0 and"):
        charts.platelet_grade_chart(
            case.labs,
            case.events,
            bands=clinical.CTCAE_PLATELET_BANDS,
            thresholds=thresholds,
            your_threshold_10e9_per_l=bad,
        )


def _points(chart) -> pd.DataFrame:
    """The platelet counts as drawn (the layers with the grade tooltip)."""
    frames = [f for f in _frames(chart) if "grade_label" in f.columns]
    assert frames
    return max(frames, key=len)


def test_grades_come_from_the_clinical_rule(grade_chart):
    drawn = _points(grade_chart)
    assert len(drawn) == 11
    assert list(drawn["grade_label"]) == [
        f"Grade {clinical.ctcae_platelet_grade(v)}" for v in drawn["value"]
    ]
    assert not hasattr(charts.marrow, "_grade_of")


def test_cutoff_words_are_written_from_the_bands():
    words = charts.grade_cutoff_words(clinical.CTCAE_PLATELET_BANDS)
    assert words == "grade 4 below 25, grade 3 from 25, grade 2 from 50, grade 1 from 75"
    other = (
        clinical.GradeBand(0, 150.0, math.inf),
        clinical.GradeBand(1, 80.0, 150.0),
        clinical.GradeBand(2, 60.0, 80.0),
        clinical.GradeBand(3, 20.0, 60.0),
        clinical.GradeBand(4, 0.0, 20.0),
    )
    assert charts.grade_cutoff_words(other) == (
        "grade 4 below 20, grade 3 from 20, grade 2 from 60, grade 1 from 80"
    )


def test_description_follows_the_bands_passed_in(case, thresholds, monkeypatch):
    """Other CTCAE thresholds: the chart's bands, grades and words all follow."""
    # The rules read their cut-offs in the module that owns them.
    from casebook.clinical import haematology

    monkeypatch.setattr(haematology, "CTCAE_PLATELET_THRESHOLDS_10E9_PER_L", (80.0, 60.0, 20.0))
    bands = clinical.ctcae_platelet_bands(150.0)
    monkeypatch.setattr(haematology, "CTCAE_PLATELET_BANDS", bands)
    chart = charts.platelet_grade_chart(
        case.labs, case.events, bands=bands, thresholds=thresholds, until=UNTIL
    )
    description = chart.to_dict()["description"]
    assert (
        "grade bands (grade 4 below 20, grade 3 from 20, grade 2 from 60, grade 1 from 80 ×10⁹/L)"
    ) in description
    assert "from 75" not in description and "below 25" not in description
    drawn = _points(chart)
    expected = [
        4 if v < 20 else 3 if v < 60 else 2 if v < 80 else 1 if v < 150 else 0
        for v in drawn["value"]
    ]
    assert list(drawn["grade_label"]) == [f"Grade {g}" for g in expected]
    # Some count below 25 (grade 4 under CTCAE v5.0) is grade 3 with these bands: 21, 24.
    assert any(v < 25 and g == 3 for v, g in zip(drawn["value"], expected, strict=True))


def test_a_different_lower_limit_of_normal_changes_the_grades(case, thresholds):
    bands = clinical.ctcae_platelet_bands(90.0)
    chart = charts.platelet_grade_chart(
        case.labs, case.events, bands=bands, thresholds=thresholds, until=UNTIL
    )
    spec = chart.to_dict()
    assert "grade 0 to grade 4" in " ".join(spec["title"]["text"])  # 92 is normal if LLN is 90
    assert "grade 0, then grade 4" in spec["description"]
    drawn = _points(chart)
    assert list(drawn["grade_label"]) == [
        f"Grade {clinical.ctcae_platelet_grade(v, 90.0)}" for v in drawn["value"]
    ]
    labels = {f.iloc[0]["label"] for f in _frames(chart) if "short" in f.columns}
    assert labels == {clinical.ctcae_platelet_bands(90.0)[0].label}


def test_bands_that_are_not_the_clinical_bands_are_refused(case, thresholds):
    made_up = (
        (0, 150.0, math.inf),
        (1, 80.0, 150.0),
        (2, 60.0, 80.0),
        (3, 20.0, 60.0),
        (4, 0.0, 20.0),
    )
    with pytest.raises(ValueError, match=r"clinical\.ctcae_platelet_bands"):
        charts.platelet_grade_chart(case.labs, case.events, bands=made_up, thresholds=thresholds)
    plain = tuple(tuple(b) for b in clinical.CTCAE_PLATELET_BANDS)  # same numbers: accepted
    chart = charts.platelet_grade_chart(
        case.labs, case.events, bands=plain, thresholds=thresholds, until=UNTIL
    )
    assert "grade 1 to grade 4" in " ".join(chart.to_dict()["title"]["text"])


def test_description_with_one_kind_of_threshold_reads_as_sentences(case, thresholds):
    aabb, trigger = thresholds
    only_case = charts.platelet_grade_chart(
        case.labs,
        case.events,
        thresholds=(trigger,),
        bands=clinical.CTCAE_PLATELET_BANDS,
        until=UNTIL,
    )
    text = only_case.to_dict()["description"]
    assert (
        "The case's transfusion trigger, below 30 ×10⁹/L, is drawn. 5 of the 11 values lie "
        "below it."
    ) in text
    only_guide = charts.platelet_grade_chart(
        case.labs, case.events, thresholds=(aabb,), bands=clinical.CTCAE_PLATELET_BANDS, until=UNTIL
    )
    text = only_guide.to_dict()["description"]
    assert (
        "The guideline prophylactic threshold of 10 ×10⁹/L is drawn. None of the 11 values "
        "lie at or below it."
    ) in text
    assert " . " not in text and ".  " not in text


# -------------------------------------------------------------------- explorer


def test_assumed_dose_is_read_from_the_assumptions(case):
    assert assumed_platelet_dose_1e11(case.assumptions) == 2.0
    with pytest.raises(ValueError, match="A01"):
        assumed_platelet_dose_1e11(case.assumptions[case.assumptions["assumption_id"] != "A01"])


def test_threshold_summary(case):
    values = case.labs[(case.labs["analyte"] == "platelets") & (case.labs["date"] <= UNTIL)][
        "value"
    ]
    assert threshold_summary(values, 30) == {"below": 5, "total": 11}
    assert threshold_summary(values, 10)["below"] == 0
    with pytest.raises(ValueError, match="transfusion threshold must be between 0 and 100"):
        threshold_summary(values, -5)


@pytest.fixture()
def explorer(case):
    return PlateletExplorer(case, until=UNTIL)


def test_explorer_starts_from_the_case(explorer):
    assert explorer.message == ""
    assert explorer.pre.value == 18
    assert explorer.bsa.value == HYPOTHETICAL_BSA_M2
    assert explorer.dose.value == 2.0
    assert "grade 4" in explorer.result_text
    assert explorer.cci == pytest.approx(
        clinical.corrected_count_increment(
            pre_10e9_per_l=18,
            post_10e9_per_l=explorer.post.value,
            bsa_m2=HYPOTHETICAL_BSA_M2,
            platelets_transfused_1e11=2.0,
        )
    )
    assert explorer.chart is not None


def test_changing_the_post_count_changes_the_cci(explorer):
    before = explorer.result_text
    explorer.update(post=22)
    assert explorer.result_text != before
    assert explorer.cci == pytest.approx(3200)
    assert clinical.cci_interpretation(3200) in explorer.result_text
    assert "A CCI of 3,200 is below 5,000" in explorer.results_html.value
    # Setting the widget's value runs the same callback (as a student typing would).
    explorer.post.value = 40
    assert explorer.cci == pytest.approx(17600)
    assert "17,600" in explorer.result_text


def test_changing_the_threshold_redraws_the_chart(explorer):
    old = explorer.chart
    explorer.update(threshold=10)
    assert explorer.chart is not old
    params = {p["name"]: p for p in explorer.chart.to_dict()["params"]}
    assert params["your_threshold"]["value"] == 10
    assert "would not trigger" in explorer.result_text
    assert "0 of the 11" in explorer.result_text


@pytest.mark.parametrize(
    "inputs, expected",
    [
        ({"post": -5}, "post-transfusion platelet count must be ≥ 0 ×10⁹/L, got -5"),
        ({"post": float("nan")}, "post-transfusion platelet count must be a finite number"),
        ({"pre": -1}, "pre-transfusion platelet count must be ≥ 0"),
        ({"bsa": 0}, "body-surface area must be > 0 m², got 0"),
        ({"dose": 0}, "platelet dose must be > 0"),
        ({"threshold": -3}, "transfusion threshold must be between 0 and 100 ×10⁹/L, got -3"),
        ({"threshold": math.inf}, "transfusion threshold must be a finite number"),
    ],
)
def test_bad_input_shows_a_message_and_keeps_the_chart(explorer, inputs, expected):
    chart, text, cci = explorer.chart, explorer.result_text, explorer.cci
    explorer.update(**inputs)  # never raises
    assert explorer.message.startswith(expected), explorer.message
    assert "Traceback" not in explorer.message_html.value
    assert "Check the input" in explorer.message_html.value
    assert explorer.chart is chart
    assert (explorer.result_text, explorer.cci) == (text, cci)
    # Fixing the input clears the message.
    explorer.update(post=32, pre=18, bsa=1.6, dose=2, threshold=30)
    assert explorer.message == "" and explorer.message_html.value == ""


def test_unknown_input_name_is_a_programming_error(explorer):
    with pytest.raises(TypeError, match="unknown input"):
        explorer.update(height=160)
