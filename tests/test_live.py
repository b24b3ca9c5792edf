"""Every live explorer draws, after any change, exactly the chart a full rebuild gives.

The explorers build their chart once and then patch only its live datasets, parameter
values, title and description (casebook.charts.live, casebook.widgets._display.LiveSpec),
so that a callback answers within 50 ms. The risk is a stale part: something the
control changes that the patch leaves as it was. Each test here changes every control
of one explorer in turn and compares the drawn spec with a fresh, full rebuild of the
chart for the same inputs.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from casebook import widgets
from casebook.charts.live import LIVE_PREFIX, live_data, live_datasets, records
from casebook.data import load_case
from casebook.widgets._display import LiveChart, LiveSpec


@pytest.fixture(scope="module")
def case():
    return load_case()


def assert_drawn_is_rebuilt(explorer) -> None:
    """The spec on screen equals a fresh full chart for the inputs it was drawn from."""
    drawn = copy.deepcopy(explorer.spec)
    explorer.live._chart = None  # force a rebuild, never the template's own chart
    rebuilt = LiveSpec(explorer.live.chart).spec
    assert drawn == rebuilt


# explorer factory, (control, value) changes applied one after another, and how many
# structures (templates built) the changes pass through: every other change only patches
EXPLORERS = {
    "lab": (
        lambda case: widgets.LabExplorer(case),
        [
            ("threshold", 20.0),
            ("dates", lambda e: (e.dates.options[2][1], e.dates.options[-3][1])),
            ("log_scale", True),
            ("analyte", "ca125_relative"),
            ("log_scale", False),
            ("analyte", "platelets"),
            ("threshold", 35.0),
        ],
        4,
    ),
    "platelet": (
        lambda case: widgets.PlateletExplorer(case),
        [("threshold", 12.0), ("threshold", 55.0), ("pre", 5.0), ("threshold", 0.0)],
        1,
    ),
    "response": (
        lambda case: widgets.ResponseExplorer(case),
        [
            ("current", 77.0),
            ("criterion", "who"),
            ("new_lesions", True),
            ("current", 12.5),
            ("assessment", 1),
            ("criterion", "recist"),
        ],
        1,
    ),
    "refeeding": (
        lambda case: widgets.RefeedingPlanner(case),
        [
            ("days_little_or_no_intake", 20.0),
            ("weight_kg", 45.0),
            ("days_to_goal", 3),
            ("low_electrolytes_before_feeding", True),
            ("days_little_or_no_intake", 0.0),
        ],
        1,
    ),
    "remodeling": (
        lambda case: widgets.RemodelingExplorer(),
        [("inhibition_text", 0.9), ("days", 60), ("inhibition", 0.0), ("inhibition_text", 0.3)],
        1,
    ),
    "tumour_bone": (
        lambda case: widgets.TumourBoneExplorer(),
        [("growth", 0.0075), ("treated", False), ("start", 300), ("treated", True), ("days", 800)],
        1,
    ),
}


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_change_draws_what_a_rebuild_draws(case, name):
    make, changes, structures = EXPLORERS[name]
    explorer = make(case)
    assert_drawn_is_rebuilt(explorer)
    for control, value in changes:
        getattr(explorer, control).value = value(explorer) if callable(value) else value
        assert explorer.message == "", (control, value, explorer.message)
        assert_drawn_is_rebuilt(explorer)
    assert len(explorer.live._templates) == structures, "a change rebuilt the chart"


def test_records_are_json_ready_and_match_altair():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-09-02", None]),
            "value": [1.5, float("nan")],
            "label": ["a", None],
            "n": [1, 2],
        }
    )
    assert records(frame) == [
        {"date": "2024-09-02T00:00:00", "value": 1.5, "label": "a", "n": 1},
        {"date": None, "value": None, "label": None, "n": 2},
    ]
    assert type(records(frame)[0]["n"]) is int


def test_a_live_dataset_is_swapped_and_a_wrong_name_refused():
    import altair as alt

    rows = pd.DataFrame({"x": [1, 2]})
    chart = (
        alt.Chart(live_data("points"))
        .mark_point()
        .encode(x="x:Q")
        .properties(datasets=live_datasets({"points": rows}))
        .add_params(alt.param(name="p", value=1))
    )
    live = LiveSpec(chart)
    assert live.spec["data"] == {"name": LIVE_PREFIX + "points"}
    assert live.spec["datasets"][LIVE_PREFIX + "points"] == [{"x": 1}, {"x": 2}]
    spec = live.patch(data={"points": pd.DataFrame({"x": [7]})}, params={"p": 2})
    assert spec["datasets"][LIVE_PREFIX + "points"] == [{"x": 7}]
    assert spec["params"][0]["value"] == 2
    with pytest.raises(KeyError, match="no live dataset 'other'"):
        live.patch(data={"other": pd.DataFrame({"x": [1]})})
    with pytest.raises(KeyError, match="no parameter 'q'"):
        live.patch(params={"q": 1})
    with pytest.raises(ValueError, match="identifier"):
        live_data("two words")


def test_a_new_structure_builds_a_template_and_an_old_one_is_reused():
    import altair as alt

    builds = []

    def build(n):
        builds.append(n)
        return alt.Chart(pd.DataFrame({"x": range(n)})).mark_point().encode(x="x:Q")

    live = LiveChart(out=None, max_templates=2)
    live.draw(1, lambda: build(1))
    live.draw(2, lambda: build(2))
    live.draw(1, lambda: build(1))
    assert builds == [1, 2]
    live.draw(3, lambda: build(3))  # evicts the oldest (1)
    live.draw(1, lambda: build(1))
    assert builds == [1, 2, 3, 1]
    assert live.chart is not None and builds == [1, 2, 3, 1]
