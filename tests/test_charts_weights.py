"""The nutrition chapter's weight chart (casebook.charts.weights): two reported weights,
nothing drawn between them, and the screens at the weights where they fire."""

from __future__ import annotations

import pytest

from casebook import charts


@pytest.fixture(scope="module")
def spec(case):
    return charts.weight_chart(case.weights, case.events).to_dict()


def _marks(spec) -> list[str]:
    out = []

    def walk(s):
        if "mark" in s:
            mark = s["mark"]
            out.append(mark if isinstance(mark, str) else mark["type"])
        for child in s.get("layer", []):
            walk(child)

    walk(spec)
    return out


def test_no_line_joins_the_two_weights(spec):
    """Nothing is drawn where the report is silent: no line, no invented weight."""
    assert "line" not in _marks(spec) and "area" not in _marks(spec)
    weights = [
        row["weight_kg"] for rows in spec["datasets"].values() for row in rows if "locator" in row
    ]
    assert sorted(weights) == [45.0, 63.0]


def test_screens_fire_at_the_rules_thresholds(case):
    frame = charts.screen_weights_frame(case.weights).set_index("loss_pct")
    # 63 kg less 5, 10 and 15 %: GLIM's two thresholds and NICE's.
    assert frame["weight_kg"].round(2).to_dict() == {5.0: 59.85, 10.0: 56.7, 15.0: 53.55}


def test_title_and_description_say_what_is_missing(spec):
    assert " ".join(spec["title"]["text"]) == (
        "18 kg (29 %) lost between two weights, none reported between"
    )
    assert "No weight is reported between them, so no line joins them" in spec["description"]
    assert "below 59.85 kg" in spec["description"]


def test_one_weight_is_refused(case):
    with pytest.raises(ValueError, match="at least two weights"):
        charts.weight_chart(case.weights.iloc[:1], case.events)
