"""Unit tests: renderer choice, Vega vendoring, chart builders, notebook helpers, quizzes."""

from __future__ import annotations

import json
import re
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
    assert render.configure() == "static" and alt.renderers.active == render.STATIC_RENDERER
    monkeypatch.setenv(render.ENV_VAR, "live")
    assert render.configure() == "live" and alt.renderers.active == "jupyter"
    monkeypatch.delenv(render.ENV_VAR)
    assert render.current_mode() == "live"


def test_static_output_carries_the_html_and_the_notebook_copy(case, monkeypatch):
    """One execution serves the site (HTML, container widths) and the classroom (Vega-Lite)."""
    monkeypatch.setenv(render.ENV_VAR, "static")
    render.configure()
    chart = charts.timeline_chart(case.events)
    bundle = chart._repr_mimebundle_()
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    assert set(bundle) == {"text/html", render.VEGALITE_MIMETYPE, "text/plain"}
    assert "vegaEmbed" in bundle["text/html"] and '"container"' in bundle["text/html"]
    notebook_copy = bundle[render.VEGALITE_MIMETYPE]
    assert '"container"' not in json.dumps(notebook_copy)
    assert (
        notebook_copy
        == render.vegalite_bundle(render.for_mode(chart, "notebook").to_dict())[
            render.VEGALITE_MIMETYPE
        ]
    )


def test_live_and_notebook_specs_are_strict_json(case):
    """No NaN reaches a kernel message or a saved notebook (the response chart had one)."""
    from casebook.assessments import case_assessments

    chart = charts.response_chart(case_assessments(case), case.events)
    assert "NaN" in json.dumps(chart.to_dict())  # the baseline rows' empty category
    for mode in ("live", "notebook"):
        json.dumps(render.for_mode(chart, mode).to_dict(), allow_nan=False)


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
    versions = json.loads(
        preload.read_text(encoding="utf-8").split("|| {}, ", 1)[1].rsplit(");", 1)[0]
    )
    assert versions == {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }
    mtime = bundle.stat().st_mtime_ns
    assert (
        vendor_vega(tmp_path) == folder and bundle.stat().st_mtime_ns == mtime
    )  # reused, not rebuilt


def test_extension_parts_import_from_the_package():
    from casebook import sphinxext
    from casebook.sphinxext import mathjax, quiz, vega

    assert sphinxext.vendor_vega is vega.vendor_vega
    assert sphinxext.copy_mathjax is mathjax.copy_mathjax
    assert sphinxext.mathjax_source is mathjax.mathjax_source
    assert sphinxext.QuizDirective is quiz.QuizDirective
    assert sphinxext.QuizOptionDirective is quiz.QuizOptionDirective
    assert sphinxext.STATIC_DIR == Path(render.__file__).resolve().parent / "static"
    assert {"casebook.css", "cb-quiz.js", "cb-differential.js", "cb-pathway.js"} <= {
        p.name for p in sphinxext.STATIC_DIR.iterdir()
    }


# ------------------------------------------------------------------ charts


def test_platelet_fall_chart_states_the_finding(case):
    spec = charts.platelet_fall_chart(case.labs).to_dict()
    title = " ".join(spec["title"])  # short lines: a 320 px wide phone (fit_narrow)
    assert "92" in title and "18" in title and "4 days" in title
    assert "92" in spec["description"] and "18" in spec["description"]


def test_reported_and_reconstructed_look_different(case):
    spec = charts.lab_curves_chart(
        case.labs, case.events, transfusion_trigger_10e9_per_l=30
    ).to_dict()
    dumped = json.dumps(spec)
    assert (
        charts.PROVENANCE_LABELS["reconstructed"] in dumped
        and charts.PROVENANCE_LABELS["reported"] in dumped
    )
    shape = charts.provenance_shape().to_dict()
    assert shape["scale"]["range"] == ["circle", "diamond"]
    fill = charts.provenance_fill("#000000").to_dict()
    assert fill["scale"]["range"] == ["#000000", "white"]


def test_lab_chart_has_keyboard_controls(case):
    spec = charts.lab_curves_chart(
        case.labs, case.events, transfusion_trigger_10e9_per_l=30
    ).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["analyte"]["bind"]["input"] == "select"
    assert (
        params["first_day"]["bind"]["input"] == "range"
        and params["last_day"]["bind"]["input"] == "range"
    )
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
    rows = pd.DataFrame(
        [row for data in spec["datasets"].values() for row in data if "when" in row]
    )
    rows = rows.drop_duplicates("event_id").set_index("event_id")
    assert set(rows.loc[rows["kind"] == "transfusion", "kind_label"]) == {
        "Platelet transfusion (reconstructed)"
    }
    assert rows.loc[rows["kind"] == "transfusion", "event_source"].str.contains("unknown").all()
    # Month-only dates read as months, not as a placeholder day.
    month_only = rows[rows["date_provenance"] == "month-reported"]
    assert len(month_only) and month_only["when"].str.contains("month only").all()
    assert not month_only["when"].str.contains("15").any()
    assert "February 2025 (month only)" in spec["description"]


# ------------------------------------------------------------------ style: palette, dates

CASEBOOK = Path(charts.__file__).resolve().parent.parent


def test_the_palette_is_the_altair_theme(case):
    assert charts.THEME in alt.theme.names()
    assert alt.theme.active == charts.THEME
    palette = list(charts.PALETTE.values())
    assert alt.theme.get()()["config"]["range"]["category"] == palette
    assert "#E69F00" in palette and "#56B4E9" in palette  # Okabe-Ito, not Altair's tableau10
    spec = charts.platelet_fall_chart(case.labs).to_dict()
    assert spec["config"]["range"]["category"] == palette
    # Registered once, in casebook/charts/style.py, and nowhere else.
    registering = [
        p.relative_to(CASEBOOK).as_posix()
        for p in CASEBOOK.rglob("*.py")
        if "theme.register" in p.read_text(encoding="utf-8")
    ]
    assert registering == ["charts/style.py"]


def test_provenance_words_come_from_the_provenance_module():
    from casebook import provenance

    assert charts.PROVENANCE_LABELS is provenance.VALUE_LABELS
    assert charts.provenance_legend_title() == provenance.LEGEND_TITLE
    codes = provenance.VALUE_CODES
    assert charts.provenance_domain() == [provenance.VALUE_LABELS[c] for c in codes]


def _walk(node, key=None):
    """Every (key, value, parent) of a nested spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v, node
            yield from _walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


def _all_charts(case):
    from casebook import clinical

    bands, trigger = clinical.CTCAE_PLATELET_BANDS, clinical.case_trigger(30)
    aabb = clinical.transfusion_threshold("aabb_prophylaxis")
    return {
        "fall": charts.platelet_fall_chart(case.labs),
        "timeline": charts.timeline_chart(case.events),
        "lab curves": charts.lab_curves_chart(
            case.labs, case.events, transfusion_trigger_10e9_per_l=30
        ),
        "grades": charts.platelet_grade_chart(
            case.labs, case.events, bands=bands, thresholds=(aabb, trigger)
        ),
        "snapshot": charts.lab_curve_snapshot(
            case.labs,
            case.events,
            analyte="platelets",
            start="2024-06-03",
            end="2024-07-05",
            threshold_10e9_per_l=30,
        ),
    }


# "03 June 2024", "3 Jun 2024", "Jun 3, 2024": not how the book writes a date.
OTHER_DATE = re.compile(
    r"\b0\d [A-Z][a-z]+ \d{4}|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|"
    r"Nov|Dec) \d{4}|\b[A-Z][a-z]{2} \d{1,2}, \d{4}"
)


def test_dates_in_charts_are_written_the_book_way(case):
    from casebook.dates import VEGA_DATE, VEGA_DAY_MONTH, VEGA_MONTH_YEAR

    for name, chart in _all_charts(case).items():
        spec = chart.to_dict()
        formats = [(k, v, parent) for k, v, parent in _walk(spec) if k == "format"]
        tooltips = [
            t
            for k, v, _ in _walk(spec)
            if k == "tooltip" and isinstance(v, list)
            for t in v
            if t.get("type") == "temporal"
        ]
        assert all(t["format"] == VEGA_DATE for t in tooltips), name
        assert {v for _, v, _ in formats} <= {VEGA_DATE, VEGA_DAY_MONTH, VEGA_MONTH_YEAR}, name
        words = json.dumps([spec.get("title"), spec.get("description")], ensure_ascii=False)
        assert not OTHER_DATE.search(words), (name, OTHER_DATE.search(words))
    spec = _all_charts(case)["fall"].to_dict()
    assert "on 3 June 2024" in spec["description"] and "on 7 June 2024" in spec["description"]
    assert (
        charts.lab_curve_snapshot(
            case.labs,
            case.events,
            analyte="platelets",
            start="2024-06-03",
            end="2024-07-05",
            threshold_10e9_per_l=30,
        )
        .to_dict()["title"]["text"]
        .startswith("Platelets, 3 June 2024 to 5 July 2024:")
    )
    # The pattern itself catches the old formats.
    assert OTHER_DATE.search("on 03 June 2024") and OTHER_DATE.search("03 Jun 2024")
    assert not OTHER_DATE.search("on 3 June 2024, in June 2024")


def test_no_hand_written_date_format_in_python_text():
    """Python text writes dates with casebook.dates (long_date, date_text, month_year)."""
    pattern = re.compile(r"%-?d [%A-Za-z]|:%d|:%b|:%B|strftime\(\"%d")
    folders = ("charts", "widgets", "sphinxext")
    sources = [p for folder in folders for p in (CASEBOOK / folder).glob("*.py")]
    assert len(sources) >= 12
    found = [
        f"{p.name}: {m.group(0)}"
        for p in sources
        for m in pattern.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert pattern.search('f"{d:%d %b %Y}"') and pattern.search('format="%d %b"')


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
    (tmp_path / "index.md").write_text(
        "# T\n\n" + textwrap.dedent(body) + "\n\n```{footbibliography}\n```\n"
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            str(tmp_path),
            str(tmp_path / "_out"),
        ],
        capture_output=True,
        text=True,
    )


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
    assert "cb-quiz-feedback" in html and "cb-quiz.js" in html and "casebook.css" in html
    # A page loads only the scripts it uses (casebook.sphinxext.lightpages): a quiz and
    # no chart, no differential, no pathway form.
    for unused in (
        BUNDLE_NAME,
        DEBUG_NAME,
        "cb-differential.js",
        "cb-pathway.js",
        "sphinx-thebe.js",
    ):
        assert unused not in html, unused
    # Every part of the extension is wired: the site holds them all, MathJax included.
    static = tmp_path / "_out" / "_static"
    for name in (
        BUNDLE_NAME,
        DEBUG_NAME,
        "cb-quiz.js",
        "cb-differential.js",
        "cb-pathway.js",
        "casebook.css",
        "mathjax/tex-chtml.js",
    ):
        assert (static / name).is_file(), name


@pytest.mark.build
@pytest.mark.parametrize(
    "body, message",
    [
        (GOOD.replace(":correct:\n", ""), "at least one option marked :correct:"),
        (GOOD.replace("Because not {footcite:p}`k1`.", "Because not."), "needs a citation"),
        (GOOD.replace("Because not {footcite:p}`k1`.", ""), "has no explanation"),
        (":::{quiz-option} Stray\nText {footcite:p}`k1`.\n:::\n", "must sit inside a quiz"),
        (GOOD.replace("{quiz-option} No", "{quiz-option} No, see {term}`X`"), "holds a link"),
    ],
)
def test_a_broken_quiz_fails_the_build(tmp_path, body, message):
    result = build(tmp_path, body)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_cited_keys_reads_every_cite_role(tmp_path):
    from casebook.sphinxext.bibliography import cited_keys

    (tmp_path / "a.md").write_text(
        "x {footcite:p}`kopp2011bmc, filanovsky2017` y {footcite:t}`casereport`\n"
        "{cite:p}`gong2018bone` and `not {a} role` {footcite}`yang2022bmm`\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("no citation here, only `code`", encoding="utf-8")
    assert cited_keys([tmp_path / "a.md", tmp_path / "b.md"]) == {
        "kopp2011bmc",
        "filanovsky2017",
        "casereport",
        "gong2018bone",
        "yang2022bmm",
    }


# ------------------------------------------------- nothing drawn where the report is silent


def test_lab_gaps_say_where_the_report_is_silent(case):
    from casebook.charts.presentation import lab_curves_frame, lab_gaps_frame
    from casebook.timeline import therapy_lines

    data = lab_curves_frame(case.labs)
    end = therapy_lines(case.events)["end"].max()
    gaps = lab_gaps_frame(data, end).set_index("analyte")
    assert set(gaps.index) == {"platelets", "ca125_relative"}
    for analyte, gap in gaps.iterrows():
        assert gap["start"] == data.loc[data["analyte"] == analyte, "date"].max()
        assert gap["end"] == end and "September 2024" in gap["why"]
    # A series that reaches the end has no gap.
    assert lab_gaps_frame(data, data["date"].min()).empty


def test_lab_chart_draws_no_value_after_paclitaxel_and_shades_the_gap(case):
    from casebook.timeline import therapy_lines

    chart = charts.lab_curves_chart(case.labs, case.events, transfusion_trigger_10e9_per_l=30)
    spec = chart.to_dict()
    pac_end = therapy_lines(case.events).set_index("line").loc[1, "end"]
    values = [
        row
        for rows in spec["datasets"].values()
        for row in rows
        if "value" in row and "analyte" in row
    ]
    assert values and all(pd.Timestamp(row["date"]) <= pac_end for row in values)
    texts = json.dumps(spec, ensure_ascii=False)
    assert "The report says nothing about platelets after September 2024" in spec["description"]
    assert "The report says nothing on platelets" in texts  # written in the plot itself


def test_snapshot_shades_a_silent_range_and_explains_an_empty_one(case):
    snap = charts.lab_curve_snapshot(
        case.labs,
        case.events,
        analyte="platelets",
        start="2024-08-01",
        end="2025-01-10",
        threshold_10e9_per_l=30,
    )
    assert "says nothing about platelets after September 2024" in snap.to_dict()["description"]
    with pytest.raises(
        ValueError,
        match="the report says nothing about platelets after "
        "September 2024\\): widen the date range",
    ):
        charts.lab_curve_snapshot(
            case.labs,
            case.events,
            analyte="platelets",
            start="2024-11-01",
            end="2025-01-10",
            threshold_10e9_per_l=30,
        )


def test_a_derived_date_is_drawn_like_a_reported_one(case):
    from casebook.charts.presentation import timeline_frame

    ev = timeline_frame(case.events).set_index("event_id")
    assert case.events.set_index("event_id").loc["E06", "date_provenance"] == "derived"
    assert ev.loc["E06", "provenance_label"] == ev.loc["E01", "provenance_label"]
    assert "derived from reported facts" in ev.loc["E06", "when"]
    assert (
        "1 a date derived from what it states"
        in charts.timeline_chart(case.events).to_dict()["description"]
    )


# ------------------------------------------------------------------ therapy: forest plot


@pytest.fixture(scope="module")
def trials() -> pd.DataFrame:
    from casebook.evidence import load_trials

    return load_trials()


def _forest_rows(spec: dict) -> list[dict]:
    """The data rows of the forest plot's spec (all its datasets together)."""
    return [row for rows in spec["datasets"].values() for row in rows]


def _forest_layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_forest_plot_draws_only_hazard_ratio_rows(trials):
    hr = trials[trials["measure"] == "hazard_ratio"]
    assert 0 < len(hr) < len(trials)  # the table also holds medians and rates
    rows = _forest_rows(charts.forest_plot_chart(trials).to_dict())
    assert len(rows) == len(hr)
    assert sorted(r["row_id"] for r in rows) == sorted(hr["row_id"])
    assert len({r["label"] for r in rows}) == len(rows)  # one y row per hazard ratio


def test_forest_plot_has_a_log_axis_and_a_rule_at_one(trials):
    layers = _forest_layers(charts.forest_plot_chart(trials).to_dict())
    x_scales = [lay["encoding"]["x"].get("scale", {}) for lay in layers if "field" in str(lay)]
    assert any(s.get("type") == "log" for s in x_scales)
    assert all(s.get("type") in (None, "log") for s in x_scales)
    rules = [
        lay
        for lay in layers
        if lay["mark"]["type"] == "rule" and lay["encoding"]["x"].get("datum") == 1
    ]
    assert len(rules) == 1 and "y" not in rules[0]["encoding"]


def test_forest_plot_selects_offer_the_endpoints_and_populations_present(trials):
    hr = trials[trials["measure"] == "hazard_ratio"]
    params = {p["name"]: p for p in charts.forest_plot_chart(trials).to_dict()["params"]}
    for name, column in (("endpoint_choice", "endpoint"), ("population_choice", "population")):
        bind = params[name]["bind"]
        assert bind["input"] == "select" and params[name]["value"] == "(any)"
        assert bind["options"][0] == "(any)"
        assert sorted(bind["options"][1:]) == sorted(set(hr[column]))
    layers = _forest_layers(charts.forest_plot_chart(trials).to_dict())
    for lay in layers[1:]:  # every layer of rows filters on both selects
        (step,) = [t["filter"] for t in lay["transform"] if "filter" in t]
        assert "endpoint_choice" in step and "population_choice" in step


def test_forest_plot_description_counts_match_the_data(trials):
    hr = trials[trials["measure"] == "hazard_ratio"]
    n = len(hr)
    excluding = hr[(hr["ci_high"] < 1) | (hr["ci_low"] > 1)]
    explo = hr[hr["analysis"] == "exploratory_subgroup"]
    untraced = hr[hr["confidence"] == "U"]
    assert (len(excluding), len(explo), len(untraced)) == (9, 3, 1)  # the table as stored
    spec = charts.forest_plot_chart(trials).to_dict()
    text = spec["description"]
    assert f"Forest plot of {n} hazard ratios from {hr['trial'].nunique()} trials" in text
    assert f"{len(excluding)} exclude 1" in text
    assert f"{n - len(excluding)} include 1" in text
    assert f"{len(explo)} are exploratory subgroup results" in text
    assert f"{len(untraced)} is untraceable" in text
    assert spec["title"]["text"][0].startswith(f"{len(excluding)} of {n} hazard ratios")
    # The smaller table: only the exploratory rows, none of which excludes 1.
    small = charts.forest_plot_chart(explo).to_dict()
    assert small["title"]["text"][0].startswith(f"0 of {len(explo)} hazard ratios")
    assert f"Forest plot of {len(explo)} hazard ratios from 1 trial," in small["description"]


def test_forest_plot_marks_the_untraceable_claim(trials):
    spec = charts.forest_plot_chart(trials).to_dict()
    rows = {r["row_id"]: r for r in _forest_rows(spec)}
    (u_id,) = trials.loc[trials["confidence"] == "U", "row_id"]
    others = [r for k, r in rows.items() if k != u_id]
    assert "untraceable" in rows[u_id]["label"] and "untraceable" in rows[u_id]["trace_label"]
    assert all("untraceable" not in r["trace_label"] for r in others)
    ci = next(lay for lay in spec["layer"] if "x2" in lay["encoding"])
    for channel in ("color", "strokeDash"):  # colour and dash: never colour alone
        enc = ci["encoding"][channel]
        assert enc["field"] == "trace_label"
        mapping = dict(zip(enc["scale"]["domain"], enc["scale"]["range"], strict=True))
        assert mapping[rows[u_id]["trace_label"]] != mapping[others[0]["trace_label"]]
    tooltip_fields = {t["field"] for t in ci["encoding"]["tooltip"]}
    assert {"confidence_label", "trace_label", "source", "note", "hr_ci"} <= tooltip_fields


def test_forest_plot_fills_primary_and_hollows_exploratory(trials):
    spec = charts.forest_plot_chart(trials).to_dict()
    points = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "point")
    fill = points["encoding"]["fill"]
    mapping = dict(zip(fill["scale"]["domain"], fill["scale"]["range"], strict=True))
    assert mapping[charts.ANALYSIS_LABELS["exploratory_subgroup"]] == "white"
    assert mapping[charts.ANALYSIS_LABELS["primary"]] == charts.PALETTE["blue"]


def test_forest_plot_without_hazard_ratios_is_a_clear_error(trials):
    with pytest.raises(ValueError, match="no hazard-ratio row"):
        charts.forest_plot_chart(trials[trials["measure"] != "hazard_ratio"])


def test_forest_plot_renders_to_svg(trials):
    import vl_convert

    svg = vl_convert.vegalite_to_svg(charts.forest_plot_chart(trials).to_dict())
    assert svg.lstrip().startswith("<svg")
    n = int((trials["measure"] == "hazard_ratio").sum())
    assert svg.count('role="graphics-symbol"') >= 2 * n  # a rule and a point per HR


# ------------------------------------------------------- narrow screens, reference lists


def test_every_chart_title_fits_a_phone(case):
    """fit_narrow breaks every title into lines a 320 px page can show (WCAG 1.4.10)."""
    from casebook.charts.style import SUBTITLE_CHARS, TITLE_CHARS

    chart = charts.platelet_fall_chart(case.labs)
    spec = chart.to_dict()
    assert isinstance(spec["title"], list) and len(spec["title"]) > 1
    assert all(len(line) <= TITLE_CHARS for line in spec["title"])
    # Subtitles, axis and legend titles too; tooltip titles stay one line.
    long = "a title of many words that would run off the right edge of a phone"
    raw = (
        alt.Chart(pd.DataFrame({"x": [1], "c": ["k"]}))
        .mark_point()
        .encode(
            x=alt.X("x:Q", title=long),
            color=alt.Color("c:N", title=long),
            tooltip=alt.Tooltip("x:Q", title=long),
        )
        .properties(title=alt.Title(long, subtitle=long))
    )
    wrapped = charts.style.fit_narrow(raw).to_dict()
    assert all(len(line) <= TITLE_CHARS for line in wrapped["title"]["text"])
    assert all(len(line) <= SUBTITLE_CHARS for line in wrapped["title"]["subtitle"])
    assert isinstance(wrapped["encoding"]["x"]["title"], list)
    assert isinstance(wrapped["encoding"]["color"]["title"], list)
    assert wrapped["encoding"]["tooltip"]["title"] == long


def test_reference_list_entries_are_list_items():
    """Docutils' doc-biblioentry children of a role="list" become listitems (axe)."""
    from casebook.sphinxext.bibliography import listitem_entries

    body = (
        '<div role="list" class="citation-list">\n'
        '<div class="citation" id="id35" role="doc-biblioentry">\n<p>A. Author.</p></div>\n'
        "</div>"
    )
    fixed = listitem_entries(body)
    assert 'role="doc-biblioentry"' not in fixed
    assert '<div class="citation" id="id35" role="listitem">' in fixed
