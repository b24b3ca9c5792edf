"""The dose check of the therapy chapter: the rules (salt or base, a flat dose per m²,
the rows over assumed heights) and the spec of its chart, against hand numbers.

Hand numbers (Mosteller, √(height × weight / 3600)):

* 160 cm, 63 kg: BSA √2.8 = 1.6733 m², so paclitaxel 120 mg is 71.71 mg/m² (89.6 % of 80);
* 160 cm, 45 kg: BSA √2 = 1.4142 m², so 120 mg is 84.85 mg/m² (106.1 % of 80);
* eribulin 1.9 mg equals 1.4 mg/m² at a BSA of 1.9 / 1.4 = 1.357 m².
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from casebook import charts, clinical
from casebook.clinical import (
    BSA_HEIGHT_RANGE_CM,
    DOSE_CHECK_COLUMNS,
    ERIBULIN_BASE_MG_PER_M2,
    dose_check_rows,
    dose_per_m2,
    standard_dose_mg_per_m2,
)

WEIGHTS = {"start": 63, "end": 45}

# --------------------------------------------------------------------- salt or base


def test_eribulin_base_is_data_beside_the_salt():
    assert ERIBULIN_BASE_MG_PER_M2 == 1.23
    assert clinical.BASE_DOSES_MG_PER_M2 == {"eribulin": 1.23}
    assert standard_dose_mg_per_m2("eribulin") == 1.4  # the default: as the trial wrote it
    assert standard_dose_mg_per_m2("eribulin", "salt") == 1.4
    assert standard_dose_mg_per_m2("eribulin", "base") == 1.23
    # the base is the lighter molecule: less mg for the same number of molecules
    assert standard_dose_mg_per_m2("eribulin", "base") < standard_dose_mg_per_m2("eribulin")


def test_a_drug_that_is_not_a_salt_has_one_number():
    assert standard_dose_mg_per_m2("paclitaxel", "salt") == 80.0
    assert standard_dose_mg_per_m2("paclitaxel", "base") == 80.0


@pytest.mark.parametrize(
    ("drug", "form", "message"),
    [
        ("aspirin", "salt", "no standard dose for 'aspirin'; known: paclitaxel, eribulin"),
        ("eribulin", "mesylate", "dose form must be one of 'salt', 'base', got 'mesylate'"),
        ("eribulin", "", "dose form must be one of 'salt', 'base', got ''"),
        ("eribulin", None, "dose form must be one of 'salt', 'base', got None"),
    ],
)
def test_standard_dose_rejects(drug, form, message):
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        standard_dose_mg_per_m2(drug, form)


# --------------------------------------------------------------------- dose per m²


def test_dose_per_m2_hand_numbers():
    at_63 = dose_per_m2(dose_mg=120, height_cm=160, weight_kg=63)
    at_45 = dose_per_m2(dose_mg=120, height_cm=160, weight_kg=45)
    assert at_63 == pytest.approx(120 / math.sqrt(2.8))
    assert round(at_63) == 72 and round(at_45) == 85
    assert at_45 == pytest.approx(120 / math.sqrt(2))
    assert round(clinical.bsa_mosteller(height_cm=160, weight_kg=63), 2) == 1.67
    assert round(clinical.bsa_mosteller(height_cm=160, weight_kg=45), 2) == 1.41


def test_eribulin_meets_the_salt_standard_at_bsa_1357():
    bsa = clinical.bsa_for_flat_dose(dose_mg=1.9, dose_mg_per_m2=1.4)
    assert round(bsa, 3) == 1.357
    height = clinical.height_for_bsa_mosteller(bsa_m2=bsa, weight_kg=45)
    assert dose_per_m2(dose_mg=1.9, height_cm=height, weight_kg=45) == pytest.approx(1.4)


def test_dose_per_m2_is_keyword_only():
    with pytest.raises(TypeError):
        dose_per_m2(120, 160, 63)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dose_mg": 0}, "flat dose must be > 0 mg, got 0"),
        ({"dose_mg": -120}, "flat dose must be > 0 mg, got -120"),
        ({"dose_mg": "120"}, "flat dose must be a number (in mg), got '120'"),
        ({"height_cm": 49.9}, "height must be between 50 and 250 cm, got 49.9"),
        ({"height_cm": 250.1}, "height must be between 50 and 250 cm, got 250.1"),
        ({"weight_kg": 1.9}, "weight must be between 2 and 400 kg, got 1.9"),
        ({"weight_kg": math.nan}, "weight must be a finite number (in kg), got nan"),
    ],
)
def test_dose_per_m2_rejects(kwargs, message):
    args = {"dose_mg": 120, "height_cm": 160, "weight_kg": 63, **kwargs}
    with pytest.raises(ValueError) as err:
        dose_per_m2(**args)
    assert str(err.value) == message


@pytest.mark.parametrize("height", BSA_HEIGHT_RANGE_CM)
def test_dose_per_m2_accepts_the_range_edges(height):
    assert dose_per_m2(dose_mg=120, height_cm=height, weight_kg=63) > 0


# --------------------------------------------------------------------- the rows


def test_rows_hold_every_height_and_weight_in_order():
    rows = dose_check_rows(
        drug="paclitaxel", dose_mg=120, weights_kg=WEIGHTS, heights_cm=[150, 160]
    )
    assert [(r.height_cm, r.weight_label) for r in rows] == [
        (150, "start, 63 kg"),
        (150, "end, 45 kg"),
        (160, "start, 63 kg"),
        (160, "end, 45 kg"),
    ]
    assert DOSE_CHECK_COLUMNS == rows[0]._fields
    at_160 = {r.weight_kg: r for r in rows if r.height_cm == 160}
    assert round(at_160[63].bsa_m2, 2) == 1.67 and round(at_160[45].bsa_m2, 2) == 1.41
    assert round(at_160[63].dose_mg_per_m2) == 72 and round(at_160[45].dose_mg_per_m2) == 85
    assert at_160[63].pct_of_standard == pytest.approx(100 * 120 / math.sqrt(2.8) / 80)
    assert {r.standard_mg_per_m2 for r in rows} == {80.0}
    assert {(r.drug, r.form, r.dose_mg) for r in rows} == {("paclitaxel", "salt", 120.0)}


def test_rows_follow_the_form():
    salt, base = (
        dose_check_rows(
            drug="eribulin", dose_mg=1.9, weights_kg={"end": 45}, heights_cm=[160], form=f
        )[0]
        for f in ("salt", "base")
    )
    assert salt.dose_mg_per_m2 == base.dose_mg_per_m2  # the same flat dose per m²
    assert (salt.standard_mg_per_m2, base.standard_mg_per_m2) == (1.4, 1.23)
    assert salt.pct_of_standard == pytest.approx(100 * 1.9 / math.sqrt(2) / 1.4)
    assert base.pct_of_standard == pytest.approx(100 * 1.9 / math.sqrt(2) / 1.23)


def test_each_number_is_the_package_rule():
    for r in dose_check_rows(
        drug="eribulin", dose_mg=1.9, weights_kg=WEIGHTS, heights_cm=[140, 175.5, 190]
    ):
        assert r.bsa_m2 == clinical.bsa_mosteller(height_cm=r.height_cm, weight_kg=r.weight_kg)
        assert r.dose_mg_per_m2 == dose_per_m2(
            dose_mg=1.9, height_cm=r.height_cm, weight_kg=r.weight_kg
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"drug": "aspirin"}, "no standard dose for 'aspirin'; known: paclitaxel, eribulin"),
        ({"form": "ester"}, "dose form must be one of 'salt', 'base', got 'ester'"),
        ({"heights_cm": []}, "at least one assumed height (in cm) is needed, got none"),
        ({"heights_cm": [160, 251]}, "height must be between 50 and 250 cm, got 251"),
        ({"heights_cm": [49]}, "height must be between 50 and 250 cm, got 49"),
        ({"heights_cm": "160"}, "heights must be a list of numbers (in cm), got '160'"),
        ({"heights_cm": 160}, "heights must be a list of numbers (in cm), got 160"),
        ({"heights_cm": [160, 160.0]}, "each assumed height must appear once, got [160, 160.0]"),
        ({"weights_kg": {}}, "at least one named weight (in kg) is needed"),
        ({"weights_kg": {"end": 500}}, "weight must be between 2 and 400 kg, got 500"),
        ({"weights_kg": {" ": 45}}, "each weight needs a name such as 'start', got ' '"),
        ({"dose_mg": 0}, "flat dose must be > 0 mg, got 0"),
    ],
)
def test_rows_reject(kwargs, message):
    args = {
        "drug": "paclitaxel",
        "dose_mg": 120,
        "weights_kg": WEIGHTS,
        "heights_cm": [160],
        **kwargs,
    }
    with pytest.raises(ValueError) as err:
        dose_check_rows(**args)
    assert str(err.value).startswith(message)


def test_frame_is_the_rows():
    frame = charts.dose_check_frame(
        drug="paclitaxel", dose_mg=120, weights_kg=WEIGHTS, heights_cm=[160]
    )
    assert list(frame.columns) == list(DOSE_CHECK_COLUMNS)
    assert frame["weight_label"].tolist() == ["start, 63 kg", "end, 45 kg"]
    assert frame["bsa_m2"].round(2).tolist() == [1.67, 1.41]
    assert frame["dose_mg_per_m2"].round().tolist() == [72, 85]
    with pytest.raises(ValueError, match="at least one assumed height"):
        charts.dose_check_frame(drug="paclitaxel", dose_mg=120, weights_kg=WEIGHTS, heights_cm=[])


# --------------------------------------------------------------------- the case's frame


@pytest.fixture(scope="module")
def case_rows(case) -> pd.DataFrame:
    return charts.case_dose_frame(case.events, case.weights)


def test_case_frame_reads_the_doses_and_weights(case, case_rows):
    doses = case.events.dropna(subset=["dose_value"]).set_index("drug")["dose_value"]
    blocks = case_rows.groupby(["drug", "form"]).size()
    heights = len(charts.DEFAULT_HEIGHTS_CM)
    # paclitaxel is not a salt: one block; eribulin as salt and as base
    assert blocks.to_dict() == {
        ("eribulin", "base"): 2 * heights,
        ("eribulin", "salt"): 2 * heights,
        ("paclitaxel", "salt"): 2 * heights,
    }
    for drug, dose in case_rows.groupby("drug")["dose_mg"].first().items():
        assert dose == doses[drug]
    weights = case.weights.sort_values("date")["weight_kg"]
    assert set(case_rows["weight_label"]) == {
        f"start, {weights.iloc[0]:g} kg",
        f"end, {weights.iloc[-1]:g} kg",
    }
    assert charts.DEFAULT_HEIGHTS_CM == tuple(range(140, 191))


# --------------------------------------------------------------------- the chart's spec


@pytest.fixture(scope="module")
def spec(case_rows) -> dict:
    return charts.dose_check_chart(case_rows, height_cm=160).to_dict()


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def _params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in spec["params"]}


def test_chart_has_a_height_slider_a_drug_select_and_a_salt_base_radio(spec):
    params = _params(spec)
    height = params["assumed_height"]
    assert height["bind"]["input"] == "range" and height["value"] == 160
    assert (height["bind"]["min"], height["bind"]["max"], height["bind"]["step"]) == (140, 190, 1)
    assert "not reported" in height["bind"]["name"]
    drug = params["drug_choice"]
    assert drug["bind"]["input"] == "select" and drug["bind"]["options"] == [
        "paclitaxel",
        "eribulin",
    ]
    form = params["form_choice"]
    assert form["bind"]["input"] == "radio" and form["bind"]["options"] == ["salt", "base"]


def test_one_drug_one_form_has_only_the_slider():
    frame = charts.dose_check_frame(
        drug="paclitaxel", dose_mg=120, weights_kg=WEIGHTS, heights_cm=list(range(150, 171, 5))
    )
    spec = charts.dose_check_chart(frame).to_dict()
    assert list(_params(spec)) == ["assumed_height"]
    height = _params(spec)["assumed_height"]
    assert (height["value"], height["bind"]["step"]) == (160, 5)  # the middle of the grid


def test_chart_labels_are_precomputed_rows(spec, case_rows):
    rows = _rows(spec)
    assert len(rows) == len(case_rows)
    for row in rows:
        assert row["label"] == [
            f"{row['weight_kg']:g} kg: {row['dose_mg_per_m2']:.3g} mg/m²",
            f"{row['pct_of_standard']:.0f} % of standard",
        ]
    at = {
        (r["drug"], r["form"], r["weight_kg"]): r["label"][0] for r in rows if r["height_cm"] == 160
    }
    assert at["paclitaxel", "salt", 63] == "63 kg: 71.7 mg/m²"
    assert at["paclitaxel", "salt", 45] == "45 kg: 84.9 mg/m²"
    # Every text layer writes a field of the rows; no Vega expression makes numbers.
    texts = [lay for lay in spec["layer"] if lay["mark"]["type"] == "text"]
    assert texts and all("field" in lay["encoding"]["text"] for lay in texts)
    assert "calculate" not in str(spec)


def test_chart_layers_filter_on_the_params(spec):
    layers = spec["layer"]
    for lay in layers:
        (first,) = [t["filter"] for t in lay["transform"] if "filter" in t][:1]
        assert "drug_choice" in first and "form_choice" in first
    chosen = [lay for lay in layers if "assumed_height" in str(lay.get("transform"))]
    marks = sorted(lay["mark"]["type"] for lay in chosen)
    assert marks == ["point", "rule", "text", "text", "text"]  # rule, its height, two sides


def test_chart_says_height_is_an_assumption(spec):
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Height is not reported: the slider picks an assumed height." in subtitle
    # A Vega title does not wrap: every line must fit a 390-px phone.
    assert all(len(line) <= 45 for line in spec["title"]["subtitle"] + spec["title"]["text"])
    assert "Height is not reported" in spec["description"]


def test_chart_words_come_from_the_numbers(spec):
    # The two findings, in short lines that fit a 320 px wide phone (fit_narrow).
    assert " ".join(spec["title"]["text"]) == (
        "At 63 kg: below the standard at every height At 45 kg: ≥ the standard at some heights"
    )
    assert all(len(line) <= charts.style.TITLE_CHARS for line in spec["title"]["text"])
    text = spec["description"]
    assert "Paclitaxel 120 mg against 80 mg/m²" in text
    assert "would equal the standard at a height of 180 cm" in text  # 3600 × 1.5² / 45
    assert "Eribulin 1.9 mg against 1.23 mg/m² written as the base" in text


def test_standard_rule_sits_at_100_and_names_its_source(spec):
    rules = [
        lay
        for lay in spec["layer"]
        if lay["mark"]["type"] == "rule" and lay["encoding"].get("y", {}).get("datum") == 100
    ]
    assert len(rules) == 1
    texts = {r["standard_text"] for r in _rows(spec)}
    assert texts == {
        "Standard 80 mg/m² paclitaxel (CALGB 9840)",
        "Standard 1.4 mg/m² eribulin as salt (EMBRACE)",
        "Standard 1.23 mg/m² eribulin as base (EU label)",
    }


def test_chart_colours_come_from_the_palette_and_width_fits_a_phone(spec):
    line = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "line")
    assert set(line["encoding"]["color"]["scale"]["range"]) <= set(charts.PALETTE.values())
    assert spec["width"] == "container"


def test_chart_has_a_description_for_screen_readers(spec, case_rows):
    chart = charts.dose_check_chart(case_rows)
    html = charts.accessible_extras(chart, case_rows, "Data behind the dose check")
    assert "Chart description." in html and "cb-data-table" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns=["pct_of_standard"]), "lacks the column(s) pct_of_standard"),
        (lambda f: f.iloc[0:0], "has no row"),
        (lambda f: f[f["height_cm"] != 141], "evenly spaced"),
    ],
)
def test_chart_rejects_a_frame_it_cannot_draw(case_rows, change, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        charts.dose_check_chart(change(case_rows))


def test_chart_rejects_a_start_height_off_the_grid(case_rows):
    with pytest.raises(ValueError, match=r"must start at a height of the frame \(140–190 cm\)"):
        charts.dose_check_chart(case_rows, height_cm=160.5)


def test_chart_renders_to_svg(spec):
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.lstrip().startswith("<svg")
    assert "63 kg: 71.7 mg/m²" in svg and "45 kg: 84.9 mg/m²" in svg
    assert "assumed 160 cm" in svg
