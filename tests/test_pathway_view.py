"""Tests for casebook.pathway_view: the therapy pathway form and its embedded table.

The table is decoded here independently of the module (the order of the options is
written out below, not read from it) and compared with
:func:`casebook.clinical.route_treatment` for every one of the 6912 combinations.
The page's script is checked against the built chapter in ``test_site_pathway.py``.
"""

from __future__ import annotations

import html
import json
import re
from itertools import product
from pathlib import Path

import pytest

from casebook import pathway_view as pv
from casebook.clinical import (
    ACCESS_COMBINATIONS,
    ACCESS_KEYS,
    BRANCH_KEYS,
    CASE_PATHWAY_INPUTS,
    CPS_BANDS,
    GBRCA_VALUES,
    HER2_VALUES,
    INTERVAL_VALUES,
    PRIOR_LINE_VALUES,
    cps_band,
    marrow_failure_modifier,
    route_treatment,
)
from casebook.timeline import therapy_lines

JS_PATH = Path(pv.__file__).resolve().parent / "static" / "cb-pathway.js"

#: Every combination as route_treatment arguments, in the order the page's table uses:
#: gBRCA, CPS band (its lowest value), HER2, prior lines, interval, then access.
COMBINATIONS = [
    {
        "gbrca": g,
        "pdl1_cps": band.value,
        "her2": h,
        "prior_chemo_lines": n,
        "disease_free_interval_ge_6_months": d,
        "unavailable": off,
    }
    for g, band, h, n, d, off in product(
        GBRCA_VALUES,
        CPS_BANDS,
        HER2_VALUES,
        PRIOR_LINE_VALUES,
        INTERVAL_VALUES,
        ACCESS_COMBINATIONS,
    )
]
FIRST_LINE = {**CASE_PATHWAY_INPUTS, "unavailable": ()}
SECOND_LINE = {
    **CASE_PATHWAY_INPUTS,
    "prior_chemo_lines": 1,
    "unavailable": ("sacituzumab_govitecan",),
}


def _index_of(inputs: dict) -> int:
    """The index of ``inputs`` in COMBINATIONS (the CPS by its band)."""
    label = cps_band(inputs["pdl1_cps"])
    value = next(b.value for b in CPS_BANDS if b.label == label)
    off = set(inputs["unavailable"])
    return COMBINATIONS.index(
        {**inputs, "pdl1_cps": value, "unavailable": tuple(k for k in ACCESS_KEYS if k in off)}
    )


@pytest.fixture(scope="module")
def markup() -> str:
    return pv.to_html("demo-1")


@pytest.fixture(scope="module")
def data(markup) -> dict:
    found = re.findall(
        r'<script type="application/json" class="cb-pathway-data">(.*?)</script>', markup, re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


def _row(data: dict, index: int) -> list[int]:
    for c in data["cases"]:
        if c["index"] == index:
            return data["rows"][c["row"]]
    w = data["width"]
    return data["rows"][int(data["entries"][index * w : (index + 1) * w], 36)]


def _heads(markup: str) -> dict[str, dict]:
    """drug, trials and eligibility of each branch, read from the form's markup."""
    heads = {}
    for key, body in re.findall(
        r'<li class="cb-branch" data-branch="([a-z_]+)" data-status="[^"]*">(.*?)</li>', markup
    ):
        text = {
            cls: html.unescape(re.sub(r"<[^>]+>", "", m))
            for cls, m in re.findall(r'<p class="cb-branch-(\w+)"[^>]*>(.*?)</p>', body)
        }
        heads[key] = {
            "drug": html.unescape(re.search(r'cb-branch-drug">(.*?)</span>', body).group(1)),
            "trials": text["trials"].removeprefix("Trial: ").split(", "),
            "eligibility": text["eligibility"].removeprefix("Eligibility: "),
        }
    return heads


def decode(data: dict, heads: dict, index: int) -> dict:
    """Entry ``index`` of the page's table as route / to_order / branches."""
    row = _row(data, index)
    route, route_text, orders = data["summaries"][row[0]]
    branches = []
    for key, outcome in zip(data["branches"], row[1:], strict=True):
        status, reason, to_order = data["outcomes"][outcome]
        branches.append(
            {"key": key, **heads[key], "status": status, "reason": reason, "to_order": to_order}
        )
    return {
        "route": route.split() if route else [],
        "route_text": route_text,
        "to_order": orders,
        "branches": branches,
    }


def expected(inputs: dict) -> dict:
    r = route_treatment(**inputs).to_dict()
    return {
        "route": r["route"],
        "to_order": r["to_order"],
        "branches": [
            {
                k: b[k]
                for k in ("key", "drug", "trials", "eligibility", "status", "reason", "to_order")
            }
            for b in r["branches"]
        ],
    }


# ------------------------------------------------------------------------------ table


def test_the_table_has_every_combination_once(data):
    radix = [len(c["values"]) for c in data["controls"]]
    assert radix == [3, 4, 3, 4, 3, 2, 2, 2, 2]
    assert len(data["entries"]) == len(COMBINATIONS) * data["width"] == 6912 * data["width"]
    assert data["branches"] == list(BRANCH_KEYS)


def test_every_entry_decodes_to_route_treatment(markup, data):
    """For all 6912 combinations the page's answer is exactly route_treatment's: route,
    orders and, for every branch, drug, trials, eligibility, status, reason, to_order.
    The case's entries hold the case's own inputs (her CPS rather than the band's lowest)."""
    heads = _heads(markup)
    assert set(heads) == set(BRANCH_KEYS)
    cases = {c["index"]: c for c in data["cases"]}
    own = {_index_of(FIRST_LINE): FIRST_LINE, _index_of(SECOND_LINE): SECOND_LINE}
    assert set(cases) == set(own)
    for index, inputs in enumerate(COMBINATIONS):
        got = decode(data, heads, index)
        want = expected(own.get(index, inputs))
        assert {k: got[k] for k in want} == want, f"entry {index}: {inputs}"
        names = [b["drug"] for b in want["branches"] if b["status"] == "met"]
        assert got["route_text"] == (" and ".join(names) or pv.TEXT["no_route"])


def test_both_branches_are_on_the_route_when_two_apply(markup, data):
    heads = _heads(markup)
    index = _index_of({**FIRST_LINE, "gbrca": "positive", "pdl1_cps": 10})
    got = decode(data, heads, index)
    assert got["route"] == ["parp_inhibitor", "pembrolizumab_chemotherapy"]
    assert " and " in got["route_text"]


def test_the_case_entries_are_flagged(markup, data):
    first, second = data["cases"]
    assert first["id"] == "first-line" and first["index"] == _index_of(FIRST_LINE)
    assert second["id"] == "second-line" and second["index"] == _index_of(SECOND_LINE)
    assert "first line" in first["banner"] and "weekly paclitaxel" in first["banner"]
    assert "second line" in second["banner"] and "eribulin" in second["banner"]
    assert "not covered" in second["banner"]
    assert (first["marrow_failure"], second["marrow_failure"]) == (True, False)
    heads = _heads(markup)
    # The first-line entry reads her CPS, not the band's lowest value.
    pembro = decode(data, heads, first["index"])["branches"][1]
    assert "CPS 3 is below 10" in pembro["reason"]
    # Its neighbours (another HER2, another line, a drug unavailable) are not flagged.
    for other in (
        {**FIRST_LINE, "her2": "0"},
        {**FIRST_LINE, "prior_chemo_lines": 1},
        {**SECOND_LINE, "unavailable": ()},
        {**SECOND_LINE, "unavailable": ("sacituzumab_govitecan", "parp_inhibitor")},
        {**FIRST_LINE, "disease_free_interval_ge_6_months": True},
    ):
        assert _index_of(other) not in {c["index"] for c in data["cases"]}


def test_the_case_received_what_the_data_say(case):
    """The banners' drugs are the case's lines of therapy in data/events.csv, and the
    case's pathway inputs are the report's molecular results in data/pathology.csv."""
    lines = therapy_lines(case.events).set_index("line")
    assert [c.received for c in pv.CASE_PATHS] == ["weekly paclitaxel", "eribulin"]
    assert lines.loc[1, "drug"] == "paclitaxel" and "weekly" in lines.loc[1, "dose"]
    assert lines.loc[2, "drug"] == "eribulin"
    for c in pv.CASE_PATHS:
        assert c.received in c.banner
    path = case.pathology.set_index("marker")
    assert float(path.loc["PD-L1 CPS", "result_value"]) == CASE_PATHWAY_INPUTS["pdl1_cps"]
    assert path.loc["BRCA1/2 mutation", "result"].startswith("negative")
    assert CASE_PATHWAY_INPUTS["gbrca"] == "negative"


def test_default_and_prerendered_results_agree(markup, data):
    assert data["default"] == _index_of(pv.DEFAULT_INPUTS)
    got = decode(data, _heads(markup), data["default"])
    statuses = re.findall(
        r'<li class="cb-branch" data-branch="[a-z_]+" data-status="([^"]*)"', markup
    )
    assert statuses == [b["status"] for b in got["branches"]]
    assert f'data-route="{" ".join(got["route"])}"' in markup


def test_index_round_trip():
    for index, inputs in enumerate(COMBINATIONS):
        assert pv.index_inputs(index) == inputs
        assert pv.entry_index(inputs) == index
    assert pv.entry_index(FIRST_LINE) == _index_of(FIRST_LINE)
    for bad in (-1, 6912, 1.0, True, "3"):
        with pytest.raises(ValueError, match="a table index is a whole number from 0 to 6911"):
            pv.index_inputs(bad)


def test_payload_is_small():
    size = pv.payload_size()
    assert size["raw_bytes"] < 100_000, size
    assert size["gzip_bytes"] < 20_000, size


# ------------------------------------------------------------------------------- form


def test_form_controls_are_native_and_labelled(markup, data):
    assert markup.startswith('<form class="cb-pathway" id="demo-1" aria-describedby="demo-1-help">')
    assert markup.count("<fieldset") == markup.count("<legend>") == 7
    inputs = re.findall(
        r'<input type="(radio|checkbox)" id="([^"]+)" name="([^"]+)" value="([^"]+)"', markup
    )
    assert len(inputs) == 3 + 4 + 3 + 4 + 3 + 4 + 1
    for _kind, input_id, _name, _value in inputs:
        assert markup.count(f'<label for="{input_id}">') == 1, input_id
    for control in data["controls"]:
        named = [i for i in inputs if i[2] == control["name"]]
        if control["kind"] == "radio":
            assert [i[3] for i in named] == control["values"]
        else:
            assert len(named) == 1 and named[0][0] == "checkbox"
    assert 'aria-live="polite"' in markup
    buttons = re.findall(
        r'<button type="button" class="([^"]+)"[^>]*hidden>([^<]+)</button>', markup
    )
    assert buttons == [
        ("cb-pathway-case", "The case at first line"),
        ("cb-pathway-case", "The case at second line"),
        ("cb-pathway-reset", "Reset"),
    ]


def test_form_says_chemotherapy_is_always_available(markup):
    assert (
        "Chemotherapy (single-agent chemotherapy and eribulin) is taken as always available"
        in markup
    )
    for key in ("single_agent_chemotherapy", "eribulin"):
        assert f"unavailable-{key}" not in markup


def test_marrow_failure_is_a_labelled_modifier_not_a_control(markup, data):
    m = marrow_failure_modifier()
    assert html.escape(m.label) in markup and html.escape(m.text, quote=True) in markup
    assert "not trial evidence" in m.label
    assert ">Marrow failure / visceral crisis</label>" in markup
    assert '<div class="cb-pathway-modifier" hidden>' in markup
    assert "marrow" not in " ".join(c["name"] for c in data["controls"])


def test_every_status_is_in_words(data):
    assert set(pv.STATUS_WORDS) == {o[0] for o in data["outcomes"]}
    assert data["status_words"] == pv.STATUS_WORDS


@pytest.mark.parametrize("bad", ["", "1form", "two words", "a<b", None, 3, "x" * 0])
def test_bad_form_id_raises(bad):
    with pytest.raises(ValueError, match="element_id must start with a letter"):
        pv.to_html(bad)


def test_inline_script_is_the_static_file(markup):
    assert "<script>" not in markup
    inline = pv.to_html("demo-2", inline_script=True)
    assert inline.endswith(f"<script>{JS_PATH.read_text(encoding='utf-8')}</script>")


def test_the_script_holds_no_clinical_logic():
    """cb-pathway.js names no branch, option, status or drug: it only indexes the table."""
    js = JS_PATH.read_text(encoding="utf-8").lower()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", js, flags=re.S)
    words = [*BRANCH_KEYS, "parp", "pembro", "brca", "cps", "her2", "eribulin", "paclitaxel"]
    words += ["met", "unknown", "not available", "positive", "negative", "de-novo", "ge6"]
    for word in words:
        assert not re.search(rf"\b{re.escape(word)}\b", code), word


def test_the_json_cannot_close_its_script(monkeypatch):
    real = pv.payload

    def sneaky():
        d = real()
        d["cases"][0]["banner"] = "</script><b>&"
        return d

    monkeypatch.setattr(pv, "payload", sneaky)
    text = pv.to_json()
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["cases"][0]["banner"] == "</script><b>&"
