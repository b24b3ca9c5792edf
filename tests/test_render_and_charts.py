"""Unit tests: renderer choice, Vega vendoring, chart builders, notebook helpers, quizzes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from casebook import charts, render
from casebook.sphinxext import BUNDLE_NAME, DEBUG_NAME, vendor_vega

# ------------------------------------------------------------------ renderer

def test_renderer_is_chosen_by_environment(monkeypatch):
    monkeypatch.setenv(render.ENV_VAR, "static")
    assert render.configure() == "static" and alt.renderers.active == "html"
    monkeypatch.setenv(render.ENV_VAR, "live")
    assert render.configure() == "live" and alt.renderers.active == "jupyter"
    monkeypatch.delenv(render.ENV_VAR)
    assert render.current_mode() == "live"


def test_unknown_renderer_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(render.ENV_VAR, "cdn")
    with pytest.raises(ValueError, match="CASEBOOK_RENDERER must be one of static, live"):
        render.current_mode()


def test_live_mode_fixes_container_widths(case):
    chart = charts.timeline_chart(case.events)
    assert '"container"' in json.dumps(chart.to_dict())
    live = render.for_mode(chart, "live").to_dict()
    assert '"container"' not in json.dumps(live)
    assert render.for_mode(chart, "static") is chart


# ------------------------------------------------------------------ vendoring

def test_vendored_vega_matches_altair_and_is_cached(tmp_path):
    folder = vendor_vega(tmp_path)
    bundle, preload = folder / BUNDLE_NAME, folder / DEBUG_NAME
    text = bundle.read_text(encoding="utf-8")
    assert text.lstrip().startswith("/*") and "(function(){" in text and "window.vegaEmbed" in text
    versions = json.loads(preload.read_text(encoding="utf-8").split("|| {}, ", 1)[1].rsplit(");", 1)[0])
    assert versions == {"vega_version": alt.VEGA_VERSION, "vegalite_version": alt.VEGALITE_VERSION,
                        "vegaembed_version": alt.VEGAEMBED_VERSION}
    mtime = bundle.stat().st_mtime_ns
    assert vendor_vega(tmp_path) == folder and bundle.stat().st_mtime_ns == mtime  # reused, not rebuilt


# ------------------------------------------------------------------ charts

def test_platelet_fall_chart_states_the_finding(case):
    spec = charts.platelet_fall_chart(case.labs).to_dict()
    assert "92" in spec["title"] and "18" in spec["title"] and "4 days" in spec["title"]
    assert "92" in spec["description"] and "18" in spec["description"]


def test_reported_and_reconstructed_look_different(case):
    spec = charts.lab_curves_chart(case.labs, case.events, transfusion_trigger_10e9_per_l=30).to_dict()
    dumped = json.dumps(spec)
    assert charts.PROVENANCE_LABELS["reconstructed"] in dumped and charts.PROVENANCE_LABELS["reported"] in dumped
    shape = charts.provenance_shape().to_dict()
    assert shape["scale"]["range"] == ["circle", "diamond"]
    fill = charts.provenance_fill("#000000").to_dict()
    assert fill["scale"]["range"] == ["#000000", "white"]


def test_lab_chart_has_keyboard_controls(case):
    spec = charts.lab_curves_chart(case.labs, case.events, transfusion_trigger_10e9_per_l=30).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["analyte"]["bind"]["input"] == "select"
    assert params["first_day"]["bind"]["input"] == "range" and params["last_day"]["bind"]["input"] == "range"
    assert params["show_trigger"]["bind"]["input"] == "checkbox"
    assert spec["description"]


def test_every_chart_needs_a_description():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="description"):
        charts.accessible_extras(chart, pd.DataFrame({"x": [1]}), "data")


def test_data_table_is_accessible_html(case):
    html = charts.data_table_html(case.weights, "Weights", ["date", "weight_kg", "provenance"])
    assert html.startswith('<details class="cb-chart-data"><summary>Weights</summary>')
    assert "<table" in html and "2025-01-15" in html and "weight_kg" in html


def test_therapy_lines_from_events(case):
    lines = charts.therapy_lines(case.events)
    assert list(lines["line"]) == [1, 2]
    assert (lines["end"] >= lines["start"]).all()
    with pytest.raises(ValueError, match="no line of therapy"):
        charts.therapy_lines(case.events[case.events["kind"] != "drug"])



def test_reconstructed_dates_look_different_and_say_which(case):
    """Bands and bars with a date the book chose are dashed/hollow; tooltips say which date is reported."""
    lines = charts.therapy_lines(case.events).set_index("line")
    assert lines.loc[1, "start_text"].endswith("reported in the case report")  # paclitaxel start
    assert lines.loc[1, "end_text"].endswith("chosen by this book")  # its end (A03)
    assert "start reported, end chosen by this book" in lines.loc[1, "legend_label"]
    assert "A03" in lines.loc[1, "assumptions"] and "A04" in lines.loc[2, "assumptions"]

    spec = charts.timeline_chart(case.events).to_dict()
    rects = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rect"]
    assert rects and all(r["mark"]["strokeDash"] == charts.PROVENANCE_DASH[1] for r in rects)
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    assert bars["encoding"]["strokeDash"]["scale"]["range"] == charts.PROVENANCE_DASH
    assert bars["encoding"]["color"]["scale"]["range"][1] == "white"  # date chosen = hollow
    rows = pd.DataFrame([row for data in spec["datasets"].values() for row in data if "when" in row])
    rows = rows.drop_duplicates("event_id").set_index("event_id")
    assert set(rows.loc[rows["kind"] == "transfusion", "kind_label"]) == {"Platelet transfusion (reconstructed)"}
    assert rows.loc[rows["kind"] == "transfusion", "event_source"].str.contains("unknown").all()
    # Month-only dates read as months, not as a placeholder day.
    month_only = rows[rows["date_provenance"] == "month-reported"]
    assert len(month_only) and month_only["when"].str.contains("month only").all()
    assert not month_only["when"].str.contains("15").any()
    assert "February 2025 (month only)" in spec["description"]


# ------------------------------------------------------------------ notebook helpers

def test_glue_value_shows_strings_without_quotes():
    from casebook.notebook import _PlainText

    assert repr(_PlainText("03 June 2024")) == "03 June 2024"


# ------------------------------------------------------------------ quiz directive

CONF = textwrap.dedent("""
    extensions = ["myst_parser", "sphinxcontrib.bibtex", "casebook.sphinxext"]
    myst_enable_extensions = ["colon_fence"]
    suppress_warnings = ["myst.footnote"]
    myst_footnote_transition = False
    bibtex_bibfiles = ["refs.bib"]
""")
BIB = "@misc{k1, author={A. Author}, title={T}, year={2020}}\n"


def build(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "index.md").write_text("# T\n\n" + textwrap.dedent(body) + "\n\n```{footbibliography}\n```\n")
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(tmp_path),
                           str(tmp_path / "_out")], capture_output=True, text=True)


GOOD = """
::::{quiz}
Question?

:::{quiz-option} Yes
:correct:
Because {footcite:p}`k1`.
:::

:::{quiz-option} No
Because not {footcite:p}`k1`.
:::
::::
"""


@pytest.mark.build
def test_a_valid_quiz_builds_into_the_markup_the_script_expects(tmp_path):
    result = build(tmp_path, GOOD)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "_out" / "index.html").read_text()
    assert html.count("cb-quiz-option") == 2 and "cb-quiz-correct" in html
    assert "cb-quiz-feedback" in html and "cb-quiz.js" in html and BUNDLE_NAME in html


@pytest.mark.build
@pytest.mark.parametrize(
    "body, message",
    [
        (GOOD.replace(":correct:\n", ""), "at least one option marked :correct:"),
        (GOOD.replace("Because not {footcite:p}`k1`.", "Because not."), "needs a citation"),
        (GOOD.replace("Because not {footcite:p}`k1`.", ""), "has no explanation"),
        (":::{quiz-option} Stray\nText {footcite:p}`k1`.\n:::\n", "must sit inside a quiz"),
    ],
)
def test_a_broken_quiz_fails_the_build(tmp_path, body, message):
    result = build(tmp_path, body)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
