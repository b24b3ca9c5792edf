"""The mechanisms chapter's model charts (casebook.charts.model): grids, labels, controls, sizes.

The curves are solved at build time; these tests check that what the static page
embeds is what :mod:`casebook.model` computes, that the Vega-Lite controls offer exactly
the grid, and that the embedded data stays small.
"""

from __future__ import annotations

import math

import pytest

from casebook import charts
from casebook.charts import model as cm
from casebook.model import TumourBoneParams, simulate_remodeling, simulate_tumour_bone


@pytest.fixture(scope="module")
def remodeling():
    return charts.remodeling_frame()


@pytest.fixture(scope="module")
def tumour():
    return charts.tumour_bone_frame()


def _walk(spec: dict):
    yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from _walk(child)


def _params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for s in _walk(spec) for p in s.get("params", [])}


def _dataset(spec: dict, column: str) -> list[dict]:
    """The one inline dataset whose rows have ``column``."""
    (rows,) = [r for r in spec["datasets"].values() if column in r[0]]
    return rows


# ----------------------------------------------------------------------------- frames


def test_remodeling_frame_is_the_grid_resampled_daily(remodeling):
    assert list(remodeling.columns) == [
        "inhibition",
        "day",
        "osteoclasts",
        "osteoblasts",
        "bone_mass_pct",
    ]
    assert sorted(set(remodeling["inhibition"])) == [round(0.1 * i, 1) for i in range(10)]
    assert len(remodeling) == 10 * 101
    for _, run in remodeling.groupby("inhibition"):
        assert run["day"].tolist() == [float(d) for d in range(101)]


def test_remodeling_frame_rows_are_the_model_at_those_days(remodeling):
    model = simulate_remodeling(100, rankl_inhibition=0.3).set_index("day")
    run = remodeling[remodeling["inhibition"] == 0.3].set_index("day")
    for day in (0.0, 12.0, 57.0, 100.0):
        assert run.loc[day, "bone_mass_pct"] == pytest.approx(model.loc[day, "bone_mass_pct"])
        assert run.loc[day, "osteoblasts"] == pytest.approx(model.loc[day, "osteoblasts"])


def test_remodeling_frame_other_steps_keep_the_last_day():
    frame = charts.remodeling_frame((0.0,), days=25, step_days=10)
    assert frame["day"].tolist() == [0.0, 10.0, 20.0, 25.0]


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "1", True])
def test_remodeling_frame_refuses_a_bad_step(bad):
    with pytest.raises(ValueError, match="step_days must be a number of days > 0"):
        charts.remodeling_frame((0.0,), step_days=bad)


def test_remodeling_frame_passes_on_the_model_sentence():
    with pytest.raises(ValueError, match="rankl_inhibition must be ≥ 0 and < 1"):
        charts.remodeling_frame((0.0, 1.0))


def test_tumour_frame_is_the_grid_every_five_days(tumour):
    assert set(tumour["growth_per_day"]) == set(charts.DEFAULT_GROWTH_RATES)
    assert list(dict.fromkeys(tumour["treatment_start"])) == ["none", "300", "600", "900"]
    runs = tumour.groupby(["growth_per_day", "treatment_start"])
    assert len(runs) == len(charts.DEFAULT_GROWTH_RATES) * 4
    assert all(r["day"].tolist() == [float(d) for d in range(0, 1201, 5)] for _, r in runs)
    assert 0.005 in charts.DEFAULT_GROWTH_RATES  # the published rate is on the grid


def test_tumour_frame_rows_are_the_model(tumour):
    model = simulate_tumour_bone(
        1200, treatment_start_day=600, params=TumourBoneParams(gamma_t=0.004)
    ).set_index("day")
    run = tumour[(tumour["growth_per_day"] == 0.004) & (tumour["treatment_start"] == "600")]
    run = run.set_index("day")
    for day in (0.0, 600.0, 905.0, 1200.0):
        for col in ("bone_mass_pct", "tumour"):
            assert run.loc[day, col] == pytest.approx(model.loc[day, col])


def test_the_default_grid_draws_no_negative_bone_mass(tumour):
    """The model has no floor; the grid stops where bone mass would go below 0 %."""
    assert tumour["bone_mass_pct"].min() >= 0
    faster = simulate_tumour_bone(1200, params=TumourBoneParams(gamma_t=0.006))
    assert faster["bone_mass_pct"].min() < 0  # why the grid stops at 0.005


# ----------------------------------------------------------------------------- labels


def test_day_100_labels_equal_the_model_and_fall_with_inhibition(remodeling):
    summary = charts.remodeling_summary(remodeling)
    assert summary["inhibition"].tolist() == list(charts.DEFAULT_INHIBITIONS)
    for row in summary.to_dict("records"):
        model = simulate_remodeling(100, rankl_inhibition=row["inhibition"])
        end = float(model["bone_mass_pct"].iloc[-1])
        assert row["bone_mass_end_pct"] == pytest.approx(end, abs=0.005)
        assert row["label"] == f"E = {row['inhibition']:g}: {end:.1f} % at day 100"
    # The convention (x̄ kept uninhibited): bone mass at day 100 falls as inhibition rises.
    ends = summary["bone_mass_end_pct"].tolist()
    assert all(a > b for a, b in zip(ends, ends[1:], strict=False))
    assert ends[0] == pytest.approx(99.8, abs=0.05)
    assert summary.loc[summary["inhibition"] == 0.5, "label"].item() == "E = 0.5: 96.4 % at day 100"


def test_remodeling_chart_embeds_the_labels_it_writes(remodeling):
    spec = charts.remodeling_chart(remodeling).to_dict()
    labels = _dataset(spec, "label")
    assert [r["label"] for r in labels] == charts.remodeling_summary(remodeling)["label"].tolist()
    texts = [s for s in _walk(spec) if s.get("mark", {}).get("type") == "text"]
    assert texts and all(s["encoding"]["text"]["field"] == "label" for s in texts)
    # Labels are rows, not formulas: no calculate transform anywhere.
    assert "calculate" not in str(spec)


def test_tumour_labels_equal_the_model(tumour):
    summary = charts.tumour_bone_summary(tumour)
    row = summary[(summary["growth_per_day"] == 0.005) & (summary["treatment_start"] == "none")]
    model = simulate_tumour_bone(1200)
    assert row["bone_label"].item() == f"Day 1200: bone {model['bone_mass_pct'].iloc[-1]:.1f} %"
    assert row["tumour_label"].item() == f"Day 1200: tumour {model['tumour'].iloc[-1]:.1f}"
    # Treatment from day 600 leaves more bone than none, at every growth rate.
    for g in charts.DEFAULT_GROWTH_RATES:
        at = summary[summary["growth_per_day"] == g].set_index("treatment_start")
        assert at.loc["600", "bone_mass_end_pct"] > at.loc["none", "bone_mass_end_pct"]


# ----------------------------------------------------------------------------- controls


def test_remodeling_slider_offers_the_grid(remodeling):
    spec = charts.remodeling_chart(remodeling).to_dict()
    param = _params(spec)[cm.INHIBITION_PARAM]
    bind = param["bind"]
    assert bind["input"] == "range"
    assert (bind["min"], bind["max"], bind["step"]) == (0.0, 0.9, 0.1)
    assert param["value"] == 0.5
    grid = [round(bind["min"] + i * bind["step"], 9) for i in range(10)]
    assert grid == sorted({r["inhibition"] for r in _dataset(spec, "bone_mass_pct")})
    filters = [t["filter"] for s in _walk(spec) for t in s.get("transform", []) if "filter" in t]
    assert f"datum.inhibition == {cm.INHIBITION_PARAM}" in filters
    assert "datum.inhibition == 0" in filters  # the faint uninhibited reference


def test_remodeling_chart_words(remodeling):
    spec = charts.remodeling_chart(remodeling).to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "modelling" in subtitle and "convention for denosumab" in subtitle
    assert "not a published parameter set" in subtitle
    assert "uninhibited steady state" in subtitle
    assert "Komarova 2003" in spec["description"] and "slider" in spec["description"]
    colours = {s["mark"].get("color") for s in _walk(spec) if isinstance(s.get("mark"), dict)}
    assert colours - {None} <= set(charts.PALETTE.values())
    # Two stacked panels of fixed widths that fit a 320-px phone with their axes.
    widths = [s["width"] for s in spec["vconcat"]]
    assert all(w <= 210 for w in widths)


def test_remodeling_chart_refuses_what_it_cannot_draw(remodeling):
    with pytest.raises(ValueError, match="must include inhibition 0"):
        charts.remodeling_chart(remodeling[remodeling["inhibition"] > 0])
    with pytest.raises(ValueError, match="must start at an inhibition of the frame"):
        charts.remodeling_chart(remodeling, inhibition=0.55)
    with pytest.raises(ValueError, match="evenly spaced"):
        charts.remodeling_chart(remodeling[remodeling["inhibition"].isin([0.0, 0.1, 0.5])])
    with pytest.raises(ValueError, match="lacks the column"):
        charts.remodeling_chart(remodeling.drop(columns="osteoclasts"))


def test_unbound_remodeling_chart_has_no_input(remodeling):
    frame = remodeling[remodeling["inhibition"].isin([0.0, 0.3])]
    spec = charts.remodeling_chart(frame, inhibition=0.3, controls=False).to_dict()
    param = _params(spec)[cm.INHIBITION_PARAM]
    assert "bind" not in param and param["value"] == 0.3
    assert "slider" not in spec["description"]


def test_tumour_radios_offer_the_grid(tumour):
    spec = charts.tumour_bone_chart(tumour).to_dict()
    params = _params(spec)
    growth, start = params[cm.GROWTH_PARAM], params[cm.START_PARAM]
    assert growth["bind"]["input"] == "radio" and start["bind"]["input"] == "radio"
    assert growth["bind"]["options"] == list(charts.DEFAULT_GROWTH_RATES)
    assert start["bind"]["options"] == ["none", "300", "600", "900"]
    assert start["bind"]["labels"] == ["none", "day 300", "day 600", "day 900"]
    assert "0.005/day (published)" in growth["bind"]["labels"]
    assert (growth["value"], start["value"]) == (0.005, "600")
    rows = _dataset(spec, "tumour")
    assert {r["growth_per_day"] for r in rows} == set(growth["bind"]["options"])
    assert {r["treatment_start"] for r in rows} == set(start["bind"]["options"])


def test_tumour_chart_words(tumour):
    spec = charts.tumour_bone_chart(tumour).to_dict()
    words = " ".join(spec["title"]["subtitle"])
    assert "Ayati 2010" in words and "myeloma, not breast cancer" in words
    assert "caricature" in words
    assert "multiple myeloma, not breast cancer" in spec["description"]
    assert "radio" in spec["description"]
    with pytest.raises(ValueError, match="untreated runs"):
        charts.tumour_bone_chart(tumour[tumour["treatment_start"] != "none"])
    with pytest.raises(ValueError, match="radios must start"):
        charts.tumour_bone_chart(tumour, growth=0.01)


# ----------------------------------------------------------------------------- sizes


def test_data_sizes_within_limits(remodeling, tumour):
    sizes = charts.model_data_sizes(remodeling, tumour)
    assert set(sizes) == {"remodeling", "tumour_bone"}
    for size in sizes.values():
        assert size["largest_dataset_rows"] < cm.MAX_INLINE_ROWS
        assert 0 < size["data_gzip_bytes"] <= size["spec_gzip_bytes"]
    total = sum(s["spec_gzip_bytes"] for s in sizes.values())
    assert total < 150_000, sizes
    assert sizes["remodeling"]["rows"] == 10 * 101 + 10
    assert sizes["tumour_bone"]["rows"] == len(charts.DEFAULT_GROWTH_RATES) * 4 * (241 + 1)


def test_table_columns_are_in_the_summaries(remodeling, tumour):
    assert set(charts.REMODELING_TABLE_COLUMNS) <= set(charts.remodeling_summary(remodeling))
    assert set(charts.TUMOUR_BONE_TABLE_COLUMNS) <= set(charts.tumour_bone_summary(tumour))
    extras = charts.accessible_extras(
        charts.remodeling_chart(remodeling),
        charts.remodeling_summary(remodeling),
        "Data behind figure: bone mass by RANKL inhibition",
        charts.REMODELING_TABLE_COLUMNS,
    )
    assert "Chart description." in extras and "bone_mass_end_pct" in extras
    assert not math.isnan(charts.remodeling_summary(remodeling)["bone_mass_min_pct"].min())
