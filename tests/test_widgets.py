"""The live lab explorer (casebook.widgets.LabExplorer), the chart it draws, and the
error display both explorers share (casebook.widgets._errors).

The explorer is driven the way a reader drives it, by setting its widgets' values;
each change must redraw the chart (inspected through its Vega-Lite spec), and bad
input must leave a plain sentence in ``explorer.message`` and the old chart in place.
No kernel is needed: ipywidgets run their observers in plain Python.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pandas as pd
import pytest

import casebook
from casebook import charts
from casebook.dates import long_date
from casebook.widgets import LabExplorer, PlateletExplorer
from casebook.widgets._errors import ERROR_STYLE, error_html

PACKAGE = Path(casebook.__file__).resolve().parent


@pytest.fixture()
def explorer(case):
    return LabExplorer(case)


# ----------------------------------------------------------------------- spec helpers


def _layers(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def points(chart) -> pd.DataFrame:
    """The rows drawn as points (the values the reader sees)."""
    spec = chart.to_dict()
    (layer,) = _layers(spec, "point")
    rows = pd.DataFrame(spec["datasets"][layer["data"]["name"]])
    rows["date"] = pd.to_datetime(rows["date"])
    return rows


def rule_values(chart) -> list[float]:
    spec = chart.to_dict()
    return [
        row["value"]
        for layer in _layers(spec, "rule")
        for row in spec["datasets"][layer["data"]["name"]]
    ]


def y_scale_type(chart) -> str:
    (layer,) = _layers(chart.to_dict(), "point")
    return layer["encoding"]["y"]["scale"]["type"]


def title(chart) -> str:
    return chart.to_dict()["title"]["text"]


def option(explorer, day: str):
    """The slider option (a Timestamp) for a date such as '2024-06-28'."""
    wanted = pd.Timestamp(day)
    return next(value for _, value in explorer.dates.options if value == wanted)


# ------------------------------------------------------------------------ the widget


def test_starts_with_platelets_over_the_whole_case(explorer, case):
    assert explorer.message == ""
    drawn = points(explorer.chart)
    platelets = case.labs[case.labs["analyte"] == "platelets"]
    assert set(drawn["analyte"]) == {"platelets"}
    assert len(drawn) == len(platelets)
    assert rule_values(explorer.chart) == [case.transfusion_trigger_10e9_per_l]
    assert y_scale_type(explorer.chart) == "linear"
    # Every control is there, with a label a reader understands.
    assert explorer.analyte.description == "Analyte"
    assert "×10⁹/L" in explorer.threshold.description
    assert explorer.dates.value == (explorer.dates.options[0][1], explorer.dates.options[-1][1])


def test_choosing_an_analyte_redraws_it(explorer, case):
    before = explorer.chart
    explorer.analyte.value = "ca125_relative"
    assert explorer.message == ""
    assert explorer.chart is not before
    drawn = points(explorer.chart)
    assert set(drawn["analyte"]) == {"ca125_relative"}
    assert len(drawn) == int((case.labs["analyte"] == "ca125_relative").sum())
    assert (drawn["provenance"] == "reconstructed").all()
    # A platelet threshold means nothing for CA125: no rule is drawn.
    assert rule_values(explorer.chart) == []
    assert "CA125" in title(explorer.chart)


def test_threshold_moves_the_rule_and_the_count_below_it(explorer):
    explorer.threshold.value = 20.0
    assert explorer.message == ""
    assert rule_values(explorer.chart) == [20.0]
    drawn = points(explorer.chart)
    below = int((drawn["value"] < 20).sum())
    assert f"{below} of {len(drawn)} values below 20" in title(explorer.chart)


def test_log_scale(explorer):
    explorer.log_scale.value = True
    assert y_scale_type(explorer.chart) == "log"
    (layer,) = _layers(explorer.chart.to_dict(), "point")
    assert layer["encoding"]["y"]["title"].endswith("log scale")
    explorer.log_scale.value = False
    assert y_scale_type(explorer.chart) == "linear"


def test_date_range_filters_the_points(explorer, case):
    start, end = option(explorer, "2024-06-07"), option(explorer, "2024-07-15")
    explorer.dates.value = (start, end)
    assert explorer.message == ""
    drawn = points(explorer.chart)
    assert drawn["date"].min() == start and drawn["date"].max() == end
    expected = case.labs[
        (case.labs["analyte"] == "platelets") & case.labs["date"].between(start, end)
    ]
    assert len(drawn) == len(expected)
    # The x axis shows exactly the chosen range: its ends are the drawn spec's
    # parameters lab_first and lab_last (patched on each change).
    (layer,) = _layers(explorer.spec, "point")
    scale = layer["encoding"]["x"]["scale"]
    assert (scale["domainMin"], scale["domainMax"]) == (
        {"expr": "toDate(lab_first)"},
        {"expr": "toDate(lab_last)"},
    )
    params = {p["name"]: p["value"] for p in explorer.spec["params"]}
    assert [pd.Timestamp(params["lab_first"]), pd.Timestamp(params["lab_last"])] == [start, end]


@pytest.mark.parametrize("bad", [-5.0, float("nan"), float("inf")])
def test_bad_threshold_shows_a_message_and_keeps_the_chart(explorer, bad):
    before, spec_before = explorer.chart, explorer.chart.to_dict()
    explorer.threshold.value = bad
    assert explorer.message, "a bad threshold must leave a message"
    assert "transfusion threshold" in explorer.message and "×10⁹/L" in explorer.message
    assert "Traceback" not in explorer.message and "Error" not in explorer.message
    assert explorer.chart is before and explorer.chart.to_dict() == spec_before
    # The message is on screen, in the widget, as a sentence.
    assert "Cannot redraw the chart" in explorer.status.value
    assert "transfusion threshold" in explorer.status.value
    # A valid value clears it and redraws.
    explorer.threshold.value = 25.0
    assert explorer.message == "" and explorer.status.value == ""
    assert rule_values(explorer.chart) == [25.0]


def test_first_date_after_last_shows_a_message(explorer):
    before = explorer.chart
    later, earlier = option(explorer, "2024-09-23"), option(explorer, "2024-06-14")
    explorer.dates.value = (later, earlier)
    assert "after the last date" in explorer.message
    # Dates as the book writes them ("3 June 2024": no leading zero, month in full).
    assert "(23 September 2024)" in explorer.message and "(14 June 2024)" in explorer.message
    assert explorer.chart is before


def test_a_range_with_no_values_says_so(explorer):
    # Platelets exist on both days, CA125 on neither: CA125 has nothing to draw.
    explorer.dates.value = (option(explorer, "2024-06-03"), option(explorer, "2024-06-07"))
    assert explorer.message == ""
    before = explorer.chart
    explorer.analyte.value = "ca125_relative"
    assert "widen the date range" in explorer.message
    assert explorer.chart is before


def test_zero_threshold_on_a_log_scale_is_refused(explorer):
    explorer.log_scale.value = True
    explorer.threshold.value = 0.0
    assert "log scale" in explorer.message
    explorer.log_scale.value = False
    assert explorer.message == "" and rule_values(explorer.chart) == [0.0]


def test_callbacks_can_be_called_directly(explorer):
    explorer._on_change({"name": "value", "new": None})
    assert explorer.message == ""
    explorer.update()
    assert explorer.chart is not None


def test_explorer_displays_as_a_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_dates_in_the_controls_are_written_the_book_way(explorer):
    labels = [label for label, _ in explorer.dates.options]
    assert labels[0] == "3 June 2024"  # not "03 Jun 2024"
    assert all(label == long_date(value) for label, value in explorer.dates.options)
    assert explorer.range_label.value == f"{labels[0]} to {labels[-1]}"


# ------------------------------------------------------------------ one error display


def test_error_display_escapes_and_announces():
    shown = error_html(
        "count must be < 5 & > 0", heading="Check <the> input:", after="Try 'again'."
    )
    assert shown.startswith('<p role="alert" class="cb-explorer-error"')
    assert "<strong>Check &lt;the&gt; input:</strong>" in shown
    assert "count must be &lt; 5 &amp; &gt; 0 Try &#x27;again&#x27;.</p>" in shown
    assert error_html("x", heading="H:") == (
        f'<p role="alert" class="cb-explorer-error" style="{ERROR_STYLE}"><strong>H:</strong> x</p>'
    )


def test_both_explorers_show_errors_the_same_way(explorer, case):
    explorer.threshold.value = -5.0
    assert explorer.status.value == error_html(
        f"{explorer.message}.",
        heading="Cannot redraw the chart:",
        after="The chart below still shows the last valid choice.",
    )
    platelets = PlateletExplorer(case, until="2024-08-26")
    platelets.update(bsa=0)
    assert platelets.message.startswith("body-surface area must be > 0")
    assert platelets.message_html.value == error_html(platelets.message, heading="Check the input:")
    # Only the shared helper writes alert markup.
    writers = [
        p.name
        for p in (PACKAGE / "widgets").glob("*.py")
        if 'role="alert"' in p.read_text(encoding="utf-8")
    ]
    assert writers == ["_errors.py"]


def test_old_and_new_import_paths_give_the_same_explorer():
    import casebook.widgets_marrow as old
    from casebook import widgets

    assert old.PlateletExplorer is widgets.PlateletExplorer is PlateletExplorer
    for name in old.__all__:
        assert getattr(old, name) is getattr(widgets, name)


# ------------------------------------------------------------------ the chart builder


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"analyte": "haemoglobin"}, "analyte must be one of"),
        ({"threshold_10e9_per_l": "30"}, "must be a number"),
        ({"threshold_10e9_per_l": True}, "must be a number"),
        ({"threshold_10e9_per_l": -1}, "≥ 0"),
        ({"threshold_10e9_per_l": math.nan}, "finite"),
        ({"start": "not a date"}, "first date shown must be a date"),
        ({"end": None}, "last date shown must be a date"),
        ({"start": "2024-10-01", "end": "2024-06-01"}, "after the last date"),
        ({"start": "2023-01-01", "end": "2023-02-01"}, "widen the date range"),
        ({"threshold_10e9_per_l": 0, "log_scale": True}, "log scale"),
    ],
)
def test_snapshot_refuses_bad_input_in_plain_words(case, kwargs, words):
    args = dict(
        analyte="platelets",
        start="2024-06-03",
        end="2025-01-06",
        threshold_10e9_per_l=30.0,
        log_scale=False,
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=words):
        charts.lab_curve_snapshot(case.labs, case.events, **args)


def test_snapshot_keeps_the_book_encoding(case):
    chart = charts.lab_curve_snapshot(
        case.labs,
        case.events,
        analyte="platelets",
        start="2024-06-03",
        end="2024-07-05",
        threshold_10e9_per_l=30,
    )
    spec = chart.to_dict()
    assert spec["description"]
    (point,) = _layers(spec, "point")
    shapes = point["encoding"]["shape"]["scale"]
    assert shapes["range"] == charts.PROVENANCE_SHAPES
    assert point["encoding"]["fill"]["scale"]["range"][1] == "white"  # reconstructed = hollow
    dashes = [layer["mark"]["strokeDash"] for layer in _layers(spec, "line")]
    assert charts.PROVENANCE_DASH[0] in dashes and charts.PROVENANCE_DASH[1] in dashes
    assert len(_layers(spec, "rect")) == 1  # the paclitaxel band, clipped to the range


def test_transfusion_trigger_comes_from_the_data_package(case):
    trigger = case.transfusion_trigger_10e9_per_l
    assert trigger == case.package["x-casebook"]["transfusion_rule"]["trigger_below"] == 30


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


LOWER_LAYERS = sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "charts").glob("*.py"))
LOWER_LAYERS += sorted(
    p.relative_to(PACKAGE).as_posix()
    for p in [
        *(PACKAGE / "facts").glob("*.py"),
        *PACKAGE.glob("clinical*.py"),
        *(PACKAGE / "clinical").glob("*.py"),
    ]
)
LOWER_LAYERS += ["data.py", "timeline.py", "provenance.py", "dates.py", "tables.py", "evidence.py"]
LOWER_LAYERS += ["assessments.py", "model.py", "pathway_view.py", "mechanisms.py", "planner.py"]
#: Facts and rules sit below the charts, too (architecture: facts never import charts).
BELOW_CHARTS = [m for m in LOWER_LAYERS if m.startswith(("facts/", "clinical"))]


def test_the_charts_package_is_checked():
    assert {
        "charts/__init__.py",
        "charts/style.py",
        "charts/presentation.py",
        "charts/bands.py",
        "charts/timeline.py",
        "charts/labs.py",
        "charts/lab_snapshot.py",
        "charts/marrow.py",
        "charts/intro.py",
        "charts/therapy.py",
    } <= set(LOWER_LAYERS)


@pytest.mark.parametrize("module", BELOW_CHARTS)
def test_facts_and_rules_never_import_charts(module):
    imported = _imported_modules(PACKAGE / module)
    assert not any("charts" in name for name in imported), f"{module} imports {imported}"


def test_facts_and_rules_are_checked():
    assert {"facts/marrow.py", "facts/presentation.py", "facts/course.py"} <= set(BELOW_CHARTS)
    assert any(m.startswith("clinical") for m in BELOW_CHARTS)


@pytest.mark.parametrize("module", LOWER_LAYERS)
def test_lower_layers_never_import_widgets(module):
    imported = _imported_modules(PACKAGE / module)
    assert not any("widgets" in name for name in imported), f"{module} imports {imported}"
