"""The mechanisms chapter's live explorers (casebook.widgets.mechanisms).

Driven the way a reader drives them, by setting their widgets' values; no kernel is
needed (ipywidgets run their observers in plain Python).
"""

from __future__ import annotations

import pytest

from casebook.charts import model as cm
from casebook.model import TumourBoneParams, simulate_remodeling, simulate_tumour_bone
from casebook.widgets import RemodelingExplorer, TumourBoneExplorer


def _end(frame, column="bone_mass_pct") -> float:
    return float(frame[column].iloc[-1])


def _param(chart, name):
    spec = chart.to_dict()
    (param,) = [p for p in spec.get("params", []) if p["name"] == name]
    return param


@pytest.fixture()
def remodeling():
    return RemodelingExplorer()


def test_opens_at_half_inhibition(remodeling):
    assert remodeling.message == ""
    assert remodeling.inhibition.value == 0.5 and remodeling.inhibition_text.value == 0.5
    assert remodeling.inhibition.max == 0.99
    end = _end(simulate_remodeling(100, rankl_inhibition=0.5))
    assert f"is {end:.1f} % on day 100" in remodeling.sentence
    assert remodeling.sentence.startswith("At E = 0.5, bone mass bottoms at")
    assert "uninhibited: 99.8 %" in remodeling.sentence
    param = _param(remodeling.chart, cm.INHIBITION_PARAM)
    assert param["value"] == 0.5 and "bind" not in param  # the live chart has no input


def test_the_slider_reruns_the_model(remodeling):
    remodeling.inhibition.value = 0.73
    assert remodeling.inhibition_text.value == 0.73
    run = remodeling.frame[remodeling.frame["inhibition"] == 0.73]
    model = simulate_remodeling(100, rankl_inhibition=0.73)
    assert _end(run) == pytest.approx(_end(model))
    assert f"{_end(model):.1f} % on day 100" in remodeling.result_html.value
    assert _param(remodeling.chart, cm.INHIBITION_PARAM)["value"] == 0.73


def test_days_rerun_the_model(remodeling):
    remodeling.days.value = 200
    assert remodeling.frame["day"].max() == 200
    assert "on day 200" in remodeling.sentence


def test_typed_inhibition_moves_the_slider(remodeling):
    remodeling.inhibition_text.value = 0.2
    assert remodeling.inhibition.value == 0.2
    assert remodeling.sentence.startswith("At E = 0.2,")
    # A typed value the slider cannot show is still run (the model allows E < 1).
    remodeling.update(inhibition_text=0.995)
    assert remodeling.message == "" and remodeling.sentence.startswith("At E = 0.995,")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1.0, "rankl_inhibition must be ≥ 0 and < 1"),
        (-0.1, "rankl_inhibition must be ≥ 0 and < 1"),
        (float("nan"), "rankl_inhibition"),
    ],
)
def test_bad_inhibition_shows_the_sentence_not_a_traceback(remodeling, value, words):
    before_chart, before_sentence = remodeling.chart, remodeling.sentence
    remodeling.inhibition_text.value = value
    assert words in remodeling.message
    shown = remodeling.message_html.value.replace("&lt;", "<").replace("&gt;", ">")
    assert words in shown and "Check the input:" in shown and 'role="alert"' in shown
    assert "Traceback" not in shown
    assert remodeling.chart is before_chart and remodeling.sentence == before_sentence
    remodeling.inhibition.value = 0.4  # a good value clears the message
    assert remodeling.message == "" and remodeling.message_html.value == ""
    assert remodeling.sentence.startswith("At E = 0.4,")


def test_update_refuses_unknown_inputs(remodeling):
    with pytest.raises(TypeError, match="unknown input"):
        remodeling.update(rankl=0.3)


@pytest.fixture()
def tumour():
    return TumourBoneExplorer()


def test_tumour_opens_on_the_published_treated_run(tumour):
    model = simulate_tumour_bone(1200, treatment_start_day=600)
    assert tumour.message == ""
    assert tumour.sentence == (
        f"Growth 0.005 per day, treated from day 600: on day 1200 bone mass is "
        f"{_end(model):.1f} % and the tumour {_end(model, 'tumour'):.1f} units."
    )
    assert _param(tumour.chart, cm.START_PARAM)["value"] == "600"


def test_tumour_controls_rerun_the_model(tumour):
    tumour.growth.value = 0.004
    tumour.start.value = 300
    model = simulate_tumour_bone(
        1200, treatment_start_day=300, params=TumourBoneParams(gamma_t=0.004)
    )
    assert f"bone mass is {_end(model):.1f} %" in tumour.sentence
    tumour.treated.value = False
    assert "untreated" in tumour.sentence
    assert list(tumour.summary["treatment_start"]) == ["none"]


def test_tumour_says_when_bone_mass_goes_below_zero(tumour):
    tumour.update(growth=0.006, treated=False)
    assert "below 0 %" in tumour.sentence and "no floor" in tumour.sentence


@pytest.mark.parametrize(("value", "words"), [(0.0, "gamma_t must be > 0"), (-1.0, "gamma_t")])
def test_tumour_bad_growth_shows_the_sentence(tumour, value, words):
    before = tumour.sentence
    tumour.growth.value = value
    assert words in tumour.message
    assert "Check the input:" in tumour.message_html.value
    assert tumour.sentence == before
