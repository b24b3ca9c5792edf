"""The therapy chapter's response chart (casebook.charts.response_chart): its frames and
its Vega-Lite spec. The browser half is tests/test_site_response.py."""

from __future__ import annotations

import pandas as pd
import pytest

from casebook import charts
from casebook.assessments import response_assessments
from casebook.charts.response import RESPONSE_CRITERIA, THRESHOLD_LABELS
from casebook.provenance import VALUE_LABELS
from casebook.timeline import therapy_lines


@pytest.fixture(scope="module")
def a(case):
    return response_assessments(case.lesions, therapy_lines(case.events))


@pytest.fixture(scope="module")
def frame(a):
    return charts.response_chart_frame(a)


@pytest.fixture(scope="module")
def spec(a, case):
    return charts.response_chart(a, case.events).to_dict()


def _walk(spec: dict):
    """Every unit spec (a dict with a mark) in a layered spec."""
    if "mark" in spec:
        yield spec
    for child in spec.get("layer", []):
        yield from _walk(child)


def _units(spec: dict, mark: str, name_part: str = "") -> list[dict]:
    return [
        u
        for u in _walk(spec)
        if (u["mark"] if isinstance(u["mark"], str) else u["mark"]["type"]) == mark
        and name_part in u.get("name", "")
    ]


# ----------------------------------------------------------------------- frames


def test_frame_is_long_one_row_per_measurement_and_criterion(frame, a):
    assert len(frame) == 2 * len(a)
    assert list(frame["criterion"].unique()) == list(RESPONSE_CRITERIA)
    recist, who = (frame[frame["criterion"] == c] for c in RESPONSE_CRITERIA)
    assert list(recist["value"]) == list(a["sum_mm"])
    assert list(who["value"]) == list(a["product_mm2"])
    assert list(recist["point_label"]) == [
        "baseline",
        "PR −60 %",
        "PD +25 % over nadir",
        "PR −40 %",
    ]
    assert list(who["point_label"]) == ["baseline", "PR −84 %", "PD +56 % over nadir", "PR −64 %"]
    assert set(frame["criterion_label"]) == set(RESPONSE_CRITERIA.values())


def test_frame_sentences_and_words(frame):
    recist = frame[frame["criterion"] == "recist"].reset_index(drop=True)
    assert recist.loc[2, "sentence"] == (
        "50 mm is +25 % and +10 mm above the nadir of 40 mm: progressive disease."
    )
    assert recist.loc[2, "baseline_note"] == "The baseline of line 2"
    assert recist.loc[0, "sentence"] == ""  # the baseline is compared with nothing
    who = frame[frame["criterion"] == "who"].reset_index(drop=True)
    assert who.loc[1, "value_text"] == "1,600 mm²"
    assert who.loc[3, "vs_baseline"] == "−64 % from the line's baseline of 2,500 mm²"


def test_points_follow_the_date_provenance(frame, a):
    # Every size is reported, every assessment date reconstructed: all points hollow.
    assert set(a["provenance"]) == {"reported"}
    assert set(a["date_provenance"]) == {"reconstructed"}
    assert set(frame["provenance_label"]) == {VALUE_LABELS["reconstructed"]}
    assert all("date chosen by this book" in s for s in frame["source"])


def test_a_reported_date_would_be_drawn_filled(a):
    dated = a.copy()
    dated.loc[0, "date_provenance"] = "reported"
    labels = charts.response_chart_frame(dated)["provenance_label"]
    assert list(labels[:2]) == [VALUE_LABELS["reported"], VALUE_LABELS["reconstructed"]]


def test_thresholds_follow_baseline_and_nadir(a):
    t = charts.response_thresholds_frame(a)
    got = {
        (row.criterion, row.line, row.kind, row.end.strftime("%Y-%m-%d")): row.value
        for row in t.itertuples()
    }
    assert got == {
        # RECIST: PR at 70 % of the line's baseline; PD at nadir x 1.2, at least nadir + 5 mm.
        ("recist", 1, "PR", "2024-09-02"): 70,
        ("recist", 1, "PD", "2024-09-02"): 120,
        ("recist", 1, "PR", "2024-10-07"): 70,
        ("recist", 1, "PD", "2024-10-07"): 48,
        ("recist", 2, "PR", "2025-01-06"): 35,
        ("recist", 2, "PD", "2025-01-06"): 60,
        # WHO: PR at 50 % of the baseline product; PD at nadir x 1.25.
        ("who", 1, "PR", "2024-09-02"): 5000,
        ("who", 1, "PD", "2024-09-02"): 12500,
        ("who", 1, "PR", "2024-10-07"): 5000,
        ("who", 1, "PD", "2024-10-07"): 2000,
        ("who", 2, "PR", "2025-01-06"): 1250,
        ("who", 2, "PD", "2025-01-06"): 3125,
    }
    assert set(t["kind_label"]) == set(THRESHOLD_LABELS.values())


def test_recist_pd_threshold_takes_the_5_mm_minimum():
    """With a small nadir, +20 % is under 5 mm: the threshold is nadir + 5 mm."""
    small = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01"]),
            "line": [1, 1, 1],
            "role": ["baseline", "assessment", "assessment"],
            "baseline_for": pd.array([1, pd.NA, pd.NA], dtype="Int64"),
            "sum_mm": [30.0, 10.0, 12.0],
            "product_mm2": [900.0, 100.0, 144.0],
        }
    )
    t = charts.response_thresholds_frame(small)
    pd_recist = t[(t["criterion"] == "recist") & (t["kind"] == "PD")]["value"].tolist()
    assert pd_recist == [36, 15]  # 30 x 1.2 = 36 (> 35); 10 + 5 = 15 (> 12)


def test_every_threshold_separates_the_categories(a):
    """The point judged at the end of each step lies on the side its category says."""
    t = charts.response_thresholds_frame(a)
    for prefix, column in (("recist", "sum_mm"), ("who", "product_mm2")):
        for row in a[a["role"] == "assessment"].itertuples():
            steps = t[(t["criterion"] == prefix) & (t["end"] == row.date)]
            if steps.empty:
                continue
            pr = steps.loc[steps["kind"] == "PR", "value"].item()
            pd_ = steps.loc[steps["kind"] == "PD", "value"].item()
            value, category = getattr(row, column), getattr(row, f"{prefix}_category")
            assert (value >= pd_) == (category == "PD")
            if category != "PD":
                assert (value <= pr) == (category in ("PR", "CR"))


# ------------------------------------------------------------------------- spec


def test_radio_param_switches_criterion(spec):
    (param,) = spec["params"]
    assert param["name"] == "criterion" and param["value"] == "recist"
    assert param["bind"]["input"] == "radio"
    assert param["bind"]["options"] == list(RESPONSE_CRITERIA)
    assert param["bind"]["labels"] == list(RESPONSE_CRITERIA.values())
    # Every data layer except the bands is filtered on the chosen criterion.
    for mark in ("point", "text", "rule", "line"):
        for unit in _units(spec, mark):
            filters = [t["filter"] for t in unit.get("transform", []) if "filter" in t]
            assert "datum.criterion == criterion" in filters, (mark, unit.get("name"))


def test_each_criterion_has_its_own_y_axis_titled_with_its_measure(spec):
    assert spec["resolve"]["scale"]["y"] == "independent"
    for criterion, label in RESPONSE_CRITERIA.items():
        (points,) = _units(spec, "point", f"{criterion}_points")
        axis = points["encoding"]["y"]["axis"]
        assert axis["title"] == label
        # The other criterion's axis collapses: its title and labels vanish.
        assert axis["titleFontSize"] == {"expr": f'criterion == "{criterion}" ? 11 : 0'}
        assert axis["labelOpacity"] == {"expr": f'criterion == "{criterion}" ? 1 : 0'}


def test_points_are_drawn_hollow_for_reconstructed_dates(spec):
    for criterion in RESPONSE_CRITERIA:
        (points,) = _units(spec, "point", f"{criterion}_points")
        enc = points["encoding"]
        assert enc["shape"]["scale"]["range"] == ["circle", "diamond"]
        assert enc["fill"]["scale"]["range"][1] == "white"
        tips = {t["title"] for t in enc["tooltip"]}
        assert {"Category", "Arithmetic", "Against the baseline", "Against the nadir"} <= tips
    for line in _units(spec, "line"):
        assert line["mark"]["strokeDash"] == [5, 3]  # dashed: the dates are reconstructed


def test_bands_shade_the_lines_of_therapy(spec, case):
    lines = therapy_lines(case.events)
    rects = _units(spec, "rect")
    assert rects, "no therapy-line bands"
    labels = {row["legend_label"] for r in rects for row in spec["datasets"][r["data"]["name"]]}
    assert labels == set(lines["legend_label"])


def test_title_states_the_finding_and_description_says_reconstructed(spec):
    title = spec["title"]["text"]
    assert " ".join(title).startswith("RECIST 1.1 and WHO agree at all 3 assessments: PR, PD, PR")
    assert "the dates are this book's" in " ".join(spec["title"]["subtitle"])
    description = spec["description"]
    assert description.startswith("Response chart of the breast mass")
    assert "100 mm, 40 mm, 50 mm, 30 mm" in description
    assert "10,000 mm², 1,600 mm², 2,500 mm², 900 mm²" in description
    assert "hollow diamonds" in description and "this book chose" in description


def test_accessible_extras(a, case):
    chart = charts.response_chart(a, case.events)
    html = charts.accessible_extras(chart, a, "Data behind the response chart", ["date", "sum_mm"])
    assert "Chart description." in html and "<table" in html


def test_title_says_when_criteria_disagree(a, case):
    changed = a.copy()
    changed.loc[1, "who_category"] = "SD"
    spec = charts.response_chart(changed, case.events).to_dict()
    # In short lines that fit a 320 px wide phone (fit_narrow).
    assert " ".join(spec["title"]["text"]) == "RECIST 1.1 and WHO disagree at 1 of 3 assessments"


def test_empty_assessments_are_refused(a):
    with pytest.raises(ValueError, match="no response assessments"):
        charts.response_chart_frame(a.iloc[0:0])
