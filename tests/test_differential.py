"""Tests for casebook.differential: the data, the evaluator, the HTML/JSON and the JS twin.

The JS twin (static/cb-differential.js) is checked in Chromium (``browser`` layer);
everything else is ``unit``.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casebook import differential as dd
from casebook.differential import CASE_FINDINGS, CAUSES, FINDINGS, PREREQUISITES, RULES, evaluate
from tests import site_support as site

JS_PATH = Path(dd.__file__).resolve().parent / "static" / "cb-differential.js"
CITATION_KEYS = {
    "general",
    "nci2017ctcae5",
    "kaufman2015aabb",
    "schiffer2018asco",
    "kuter2022cit",
    "soff2019romiplostim",
    "filanovsky2017",
    "kopp2011bmc",
    "demir2014bmm",
    "yang2022bmm",
    "niu2023bmm",
    "casereport",
    "taylor2001isth",
    # Sources for the differential's rules (issue 13)
    "gupta2015hit",
    "george2009ditp",
    "levi2018dic",
    "levi2019dic",
    "iba2019sepsis",
    "lesesve2014schisto",
    "brocklebank2018tma",
    "markewitz2023ptcp",
    "msd2024ttp",
    "kuter2020splenic",
    "hemosurf_ptcp",
    "mhmedical_marrow",
    "besa2022medscape",
    "kessler2020medscape",
}


def ranking(selected):
    return [r.cause_id for r in evaluate(selected)]


def result(selected, cause_id):
    (found,) = [r for r in evaluate(selected) if r.cause_id == cause_id]
    return found


# ----------------------------------------------------------------------------- data


def test_structure_sizes():
    assert len(FINDINGS) >= 9
    assert len(CAUSES) >= 8
    for required in (
        "marrow_infiltration",
        "chemotherapy_induced",
        "dic",
        "ttp_tma",
        "itp",
        "hypersplenism",
        "hit",
        "drug_induced",
        "pseudothrombocytopenia",
        "sepsis",
    ):
        assert dd.cause(required)
    for required in (
        "blood_film",
        "coagulation",
        "spleen",
        "chemo_timing",
        "haemolysis",
        "alp_ldh",
        "marrow_exam",
        "heparin",
        "other_drug",
        "thrombosis",
        "platelet_fall",
        "citrate_count",
        "platelet_count",
        "cancer",
        "sepsis",
    ):
        assert dd.finding(required)


def test_every_finding_has_unknown_first_and_labels():
    for f in FINDINGS:
        assert f.label.strip()
        assert f.options[0].id == dd.UNKNOWN
        assert len(f.options) >= 3  # unknown plus at least two real answers
        assert all(o.label.strip() for o in f.options)


def test_required_options_exist():
    film = {o.id for o in dd.finding("blood_film").options}
    assert {"normal", "leukoerythroblastic", "schistocytes", "platelet_clumps"} <= film
    assert "dic_pattern" in {o.id for o in dd.finding("coagulation").options}
    assert {"no_chemo_yet", "at_nadir"} <= {o.id for o in dd.finding("chemo_timing").options}
    assert {"still_low", "normal"} <= {o.id for o in dd.finding("citrate_count").options}
    marrow = {o.id for o in dd.finding("marrow_exam").options}
    assert {"not_done", "dry_tap", "tumour", "no_tumour"} <= marrow
    assert {"none", "solid_no_bone", "solid_bone"} <= {o.id for o in dd.finding("cancer").options}


def test_rules_reference_existing_ids_and_are_documented():
    dd.validate_data()
    findings = {f.id: {o.id for o in f.options} for f in FINDINGS}
    causes = {c.id for c in CAUSES}
    for rule in RULES:
        assert rule.finding in findings
        assert rule.option in findings[rule.finding]
        assert rule.option != dd.UNKNOWN
        assert rule.cause in causes
        assert rule.effect in dd.EFFECTS
        assert rule.reason.strip().endswith(".") and len(rule.reason) > 20
        assert rule.citation in CITATION_KEYS, rule


def test_marrow_rules_cite_the_marrow_series():
    marrow = [r for r in RULES if r.cause == "marrow_infiltration" and r.effect == "supports"]
    cited = {r.citation for r in marrow}
    assert {"filanovsky2017", "kopp2011bmc"} <= cited


def test_every_cause_has_a_supporting_rule_or_is_a_diagnosis_of_exclusion():
    supported = {r.cause for r in RULES if dd.POINTS[r.effect] > 0}
    waiting = {p.cause for p in dd.PREREQUISITES}
    for c in CAUSES:
        assert c.id in supported | waiting
        assert c.description.strip() and c.next_step.strip()
    assert waiting == {"itp"} and "itp" not in supported  # no test proves ITP


def test_case_findings_only_state_what_the_report_says():
    assert dict(CASE_FINDINGS) == {
        "platelet_count": "below_50",  # 18 x10^9/L
        "platelet_fall": "over_half",  # from 92 in four days
        "cancer": "solid_bone",  # biopsy-proven carcinoma, osteolytic T5, T8, T9
        "chemo_timing": "no_chemo_yet",  # treatment began after the marrow biopsy
        "marrow_exam": "not_done",  # before the biopsy
    }


# ------------------------------------------------------------------------ evaluator


def test_all_unknown_is_neutral():
    results = evaluate({})
    assert all(r.score == 0 for r in results)
    # No rule fires; only ITP waits, because nobody has looked at the film yet.
    (itp,) = [r for r in results if r.status != "plausible"]
    assert itp.cause_id == "itp" and itp.status == "not_yet_callable"
    assert [x.effect for x in itp.reasons] == [dd.OPEN_PREREQUISITE]
    others = [r for r in results if r.cause_id != "itp"]
    assert [r.cause_id for r in others] == [c.id for c in CAUSES if c.id != "itp"]
    assert all(r.reasons == [] for r in others) and results[-1] == itp
    assert dd.leader(results) is None
    assert evaluate({f.id: dd.UNKNOWN for f in FINDINGS}) == results


def test_case_findings_rank_marrow_infiltration_first():
    results = evaluate(CASE_FINDINGS)
    assert results[0].cause_id == "marrow_infiltration"
    assert results[0].status == "plausible"
    assert results[0].score == 3  # count below 50 with a solid tumour +2, bone metastases +1
    assert dd.leader(results) == results[0]
    itp = result(CASE_FINDINGS, "itp")
    assert itp.status == "not_yet_callable" and len(itp.reasons) == 2  # film, marrow
    assert result(CASE_FINDINGS, "hypersplenism").score == -1
    chemo = result(CASE_FINDINGS, "chemotherapy_induced")
    assert chemo.status == "excluded"
    assert results[-1].cause_id == "chemotherapy_induced"
    citations = {reason.citation for reason in results[0].reasons}
    assert citations == {"filanovsky2017", "kopp2011bmc"}


def test_no_chemotherapy_excludes_chemotherapy():
    chemo = result({"chemo_timing": "no_chemo_yet"}, "chemotherapy_induced")
    assert chemo.status == "excluded"
    assert chemo.reasons[0].effect == "excludes"
    assert result({"chemo_timing": "at_nadir"}, "chemotherapy_induced").score == 2
    assert ranking({"chemo_timing": "at_nadir"})[0] == "chemotherapy_induced"


def test_dic_pattern_with_schistocytes():
    selected = {"blood_film": "schistocytes", "coagulation": "dic_pattern"}
    results = evaluate(selected)
    dic = result(selected, "dic")
    assert dic.status == "plausible" and dic.score == 3  # +2 clotting pattern, +1 film
    assert "dic" in [r.cause_id for r in results[:2]]
    # TTP shares the schistocytes but the clotting picture argues against it.
    assert result(selected, "ttp_tma").score < dic.score
    assert result(selected, "itp").score < 0


def test_ttp_picture():
    selected = {"blood_film": "schistocytes", "haemolysis": "present", "coagulation": "normal"}
    assert ranking(selected)[0] == "ttp_tma"
    assert result({"haemolysis": "absent"}, "ttp_tma").status == "excluded"


def test_citrate_tube():
    assert ranking({"citrate_count": "normal"})[0] == "pseudothrombocytopenia"
    for c in CAUSES:
        if c.id != "pseudothrombocytopenia":
            assert result({"citrate_count": "normal"}, c.id).score == -2
    # A normal count is a normal result: it argues against the true causes, adds nothing.
    assert result({"citrate_count": "normal"}, "pseudothrombocytopenia").score == 0
    assert result({"citrate_count": "still_low"}, "pseudothrombocytopenia").status == "excluded"
    selected = {"citrate_count": "normal", "blood_film": "platelet_clumps"}
    assert result(selected, "pseudothrombocytopenia").score == 2


def test_itp_is_a_diagnosis_of_exclusion():
    normal = {"blood_film": "normal", "coagulation": "normal", "spleen": "normal"}
    assert result(normal, "itp").score == 0  # normal results never count for it
    assert result(normal, "itp").status == "plausible"  # the film has been seen
    for abnormal in (
        {"blood_film": "leukoerythroblastic"},
        {"blood_film": "schistocytes"},
        {"coagulation": "dic_pattern"},
        {"spleen": "enlarged"},
        {"marrow_exam": "dry_tap"},
        {"marrow_exam": "tumour"},
        {"haemolysis": "present"},
        {"other_counts": "also_low"},
    ):
        assert result(abnormal, "itp").score < 0, abnormal
    # In the case, the marrow must be examined first; a trephine without tumour frees it.
    screened = {**CASE_FINDINGS, **normal}
    assert result(screened, "itp").status == "not_yet_callable"
    cleared = {**screened, "marrow_exam": "no_tumour"}
    assert result(cleared, "itp").status == "plausible"
    assert result(cleared, "itp").score == result(screened, "itp").score == 0


def test_hypersplenism_needs_a_spleen():
    assert result({"spleen": "normal"}, "hypersplenism").status == "excluded"
    assert ranking({"spleen": "enlarged", "platelet_count": "from_50_to_150"})[0] == "hypersplenism"


def test_heparin_and_sepsis():
    assert ranking({"heparin": "recent"})[0] == "hit"
    assert result({"heparin": "none"}, "hit").status == "excluded"
    assert result({"heparin": "none"}, "drug_induced").status == "plausible"  # other drugs remain
    # The size of the fall and a thrombosis count for HIT only when heparin was given.
    for extra in ({"platelet_fall": "over_half"}, {"thrombosis": "new"}):
        assert result(extra, "hit").score == 0
        assert result({**extra, "heparin": "recent"}, "hit").score > 2
    assert result({"sepsis": "absent"}, "sepsis").status == "excluded"
    assert result({"sepsis": "present"}, "dic").score == 1


def test_full_marrow_picture():
    selected = {
        **CASE_FINDINGS,
        "blood_film": "leukoerythroblastic",
        "alp_ldh": "raised",
        "marrow_exam": "dry_tap",
    }
    top = evaluate(selected)[0]
    assert top.cause_id == "marrow_infiltration" and top.score == 8
    assert [r.effect for r in top.reasons] == [
        "strongly_supports",  # count below 50
        "supports",  # bone metastases
        "strongly_supports",  # leukoerythroblastic film
        "supports",  # ALP
        "strongly_supports",  # dry tap
    ]


def test_reasons_are_tuples_in_rule_order():
    selected = {"blood_film": "schistocytes", "coagulation": "dic_pattern", "haemolysis": "present"}
    dic = result(selected, "dic")
    assert [(r.finding_label, r.effect) for r in dic.reasons] == [
        ("Blood film", "supports"),
        ("Coagulation tests", "strongly_supports"),
        ("Haemolysis markers", "supports"),
    ]
    finding_label, option_label, effect, reason, citation = dic.reasons[0]
    assert option_label.startswith("schistocytes") and citation


def test_ordering_rules():
    rng = random.Random(7)
    order = {c.id: i for i, c in enumerate(CAUSES)}
    for _ in range(300):
        results = evaluate(random_selection(rng))
        keys = [(dd.STATUSES.index(r.status), -r.score, order[r.cause_id]) for r in results]
        assert keys == sorted(keys)
        assert sorted(r.cause_id for r in results) == sorted(order)
        for r in results:
            assert r.score == sum(dd.POINTS.get(x.effect, 0) for x in r.reasons)
            assert (r.status == "excluded") == any(x.effect == "excludes" for x in r.reasons)
            waits = any(x.effect == dd.OPEN_PREREQUISITE for x in r.reasons)
            assert (r.status == "not_yet_callable") == (waits and r.status != "excluded")


def test_evaluate_is_deterministic():
    rng = random.Random(11)
    for _ in range(50):
        selected = random_selection(rng)
        assert evaluate(selected) == evaluate(dict(reversed(list(selected.items()))))


@pytest.mark.parametrize(
    "selected, pattern",
    [
        ({"spleeen": "normal"}, r"no finding called 'spleeen'"),
        (
            {"spleen": "huge"},
            r"'spleen'.*has no option 'huge'; choose one of: unknown, normal, enlarged",
        ),
        ({"spleen": None}, r"option for 'spleen' must be an option id"),
        ({"spleen": 1}, r"option for 'spleen'"),
        ([("spleen", "normal")], r"mapping from finding id to option id"),
        ("spleen", r"mapping"),
        (None, r"mapping"),
    ],
)
def test_bad_ids_raise_value_error(selected, pattern):
    with pytest.raises(ValueError, match=pattern):
        evaluate(selected)


# ------------------------------------------------------------------------- emitters


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.forms: list[dict] = []
        self.fieldsets: list[dict] = []
        self.legends: list[str] = []
        self.radios: list[dict] = []
        self.labels: dict[str, str] = {}
        self.buttons: list[dict] = []
        self.json_scripts: list[str] = []
        self.results_divs: list[dict] = []
        self._text_target: str | None = None
        self._label_for: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(a)
        elif tag == "fieldset":
            self.fieldsets.append(a)
        elif tag == "legend":
            self._text_target, self._buffer = "legend", []
        elif tag == "input":
            self.radios.append({**a, "fieldset": self.fieldsets[-1].get("data-finding")})
        elif tag == "label":
            self._text_target, self._buffer, self._label_for = "label", [], a.get("for")
        elif tag == "button":
            self.buttons.append(a)
        elif tag == "script" and a.get("type") == "application/json":
            self._text_target, self._buffer = "json", []
        elif tag == "div" and "cb-differential-results" in a.get("class", ""):
            self.results_divs.append(a)

    def handle_endtag(self, tag):
        if self._text_target == "legend" and tag == "legend":
            self.legends.append("".join(self._buffer))
            self._text_target = None
        elif self._text_target == "label" and tag == "label":
            self.labels[self._label_for] = "".join(self._buffer)
            self._text_target = None
        elif self._text_target == "json" and tag == "script":
            self.json_scripts.append("".join(self._buffer))
            self._text_target = None

    def handle_data(self, data):
        if self._text_target:
            self._buffer.append(data)


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def test_to_json_shape_and_determinism():
    text = dd.to_json()
    assert text == dd.to_json()
    assert text.isascii() and "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data == dd.data_dict()
    assert [f["id"] for f in data["findings"]] == [f.id for f in FINDINGS]
    assert [c["id"] for c in data["causes"]] == [c.id for c in CAUSES]
    assert len(data["rules"]) == len(RULES)
    assert data["rules"][0] == {
        "finding": RULES[0].finding,
        "option": RULES[0].option,
        "cause": RULES[0].cause,
        "effect": RULES[0].effect,
        "reason": RULES[0].reason,
        "citation": RULES[0].citation,
        "given": [{"finding": c.finding, "options": list(c.options)} for c in RULES[0].given],
    }
    assert len(data["prerequisites"]) == len(dd.PREREQUISITES)
    assert data["points"] == dict(dd.POINTS) and data["statuses"] == list(dd.STATUSES)
    assert data["case_findings"] == dict(CASE_FINDINGS)
    assert data["unknown"] == "unknown"


def test_to_html_structure():
    markup = dd.to_html()
    page = parse(markup)
    assert page.forms == [
        {
            "class": "cb-differential",
            "id": "cb-differential",
            "aria-describedby": "cb-differential-help",
        }
    ]
    assert [fs["data-finding"] for fs in page.fieldsets] == [f.id for f in FINDINGS]
    assert page.legends == [f.label for f in FINDINGS]
    for f in FINDINGS:
        radios = [r for r in page.radios if r["fieldset"] == f.id]
        assert [r["value"] for r in radios] == [o.id for o in f.options]
        for r, o in zip(radios, f.options, strict=True):
            assert r["type"] == "radio" and r["name"] == f.id
            assert page.labels[r["id"]] == o.label
            assert ("checked" in r) == (o.id == dd.UNKNOWN)
    ids = [r["id"] for r in page.radios]
    assert len(ids) == len(set(ids))
    assert [b["type"] for b in page.buttons] == ["button", "button"]
    assert {b["class"] for b in page.buttons} == {"cb-differential-case", "cb-differential-reset"}
    assert "Use the case&#x27;s findings" in markup and ">Reset</button>" in markup
    assert page.results_divs and page.results_divs[0]["aria-live"] == "polite"
    (embedded,) = page.json_scripts
    assert embedded == dd.to_json()
    assert json.loads(embedded) == json.loads(dd.to_json())
    assert 'class="cb-differential-data"' in markup


def test_to_html_prerenders_the_all_unknown_results():
    markup = dd.to_html("demo-1")
    inner = re.search(
        r'<div class="cb-differential-results" id="demo-1-results" aria-live="polite">\n(.*?)\n</div>',
        markup,
        re.S,
    ).group(1)
    assert inner == dd.render_results(evaluate({}))
    assert inner.count('<li class="cb-cause"') == len(CAUSES)


def test_render_results_markup():
    markup = dd.render_results(evaluate(CASE_FINDINGS))
    first = re.search(
        r'<li class="cb-cause" data-cause="([a-z_]+)" data-status="(\w+)" data-score="(-?\d+)">',
        markup,
    )
    assert first.groups() == ("marrow_infiltration", "plausible", "3")
    assert '<span class="cb-cite" data-key="filanovsky2017">' in markup
    assert '<span class="cb-cite" data-key="kopp2011bmc">' in markup
    assert 'data-cause="chemotherapy_induced" data-status="excluded"' in markup
    assert "Leading: Bone-marrow infiltration by tumour" in markup
    assert 'data-score="-1"' in markup and "(score \u22121)" in markup


@pytest.mark.parametrize("bad", ["", "1abc", "a b", 'x"y', None, 3])
def test_to_html_rejects_bad_element_ids(bad):
    with pytest.raises(ValueError, match="element_id"):
        dd.to_html(bad)


def test_inline_script_option():
    assert "<script>" not in dd.to_html()
    markup = dd.to_html(inline_script=True)
    assert markup.endswith("</script>") and dd.javascript() in markup


def test_module_imports_nothing_else_from_casebook():
    source = Path(dd.__file__).read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, re.M)
    assert all(not m.startswith("casebook") or m == "casebook.clinical" for m in imports)


def test_js_is_plain_offline_es2017():
    source = JS_PATH.read_text(encoding="utf-8")
    assert (
        source.lstrip().startswith("/*")
        and "(function () {" in source
        and source.rstrip().endswith("})();")
    )
    for forbidden in (
        "?.",
        "??",
        "fetch(",
        "XMLHttpRequest",
        "import ",
        "http://",
        "https://",
        "eval(",
    ):
        assert forbidden not in source, forbidden


# ------------------------------------------------------------------ JS versus Python


def random_selection(rng: random.Random) -> dict[str, str]:
    selected = {}
    for f in FINDINGS:
        roll = rng.random()
        if roll < 0.35:
            continue  # left out: counts as unknown
        selected[f.id] = rng.choice([o.id for o in f.options])
    return selected


def python_view(selected):
    return [
        {
            "cause_id": r.cause_id,
            "label": r.label,
            "status": r.status,
            "score": r.score,
            "reasons": [
                {
                    "finding_label": x.finding_label,
                    "option_label": x.option_label,
                    "effect": x.effect,
                    "reason": x.reason,
                    "citation": x.citation,
                }
                for x in r.reasons
            ],
        }
        for r in evaluate(selected)
    ]


# The JS twin runs in the Chromium the browser tests use, on a blank page: no site,
# no server, every request blocked. Outside Node the script exports nothing, so the
# page gets a CommonJS-style ``module`` object first and the script fills it in.

_BLANK = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>cb-differential</title></head><body></body></html>"

_JS_COMPARE = """([text, selections, bad]) => {
  const js = window.module.exports;
  const data = JSON.parse(text);
  const out = selections.map(sel => {
    const results = js.evaluate(data, sel);
    return { results: results, html: js.renderResults(data, results) };
  });
  const errors = bad.map(sel => {
    try { js.evaluate(data, sel); return null; } catch (e) { return String(e.message); }
  });
  return { out: out, errors: errors };
}"""


def load_js_in_blank_page(page):
    """A blank page with cb-differential.js loaded; returns the page's request log."""
    log = site.watch(page)
    page.set_content(_BLANK)
    page.evaluate("window.module = { exports: {} }")
    page.add_script_tag(content=JS_PATH.read_text(encoding="utf-8"))
    assert page.evaluate("typeof window.module.exports.evaluate") == "function"
    return log


def parity_selections() -> list[dict[str, str]]:
    """Fixed pictures, every option of every finding alone, every pair of findings, random ones."""
    rng = random.Random(20240603)
    selections = [{}, dict(CASE_FINDINGS), {f.id: f.options[-1].id for f in FINDINGS}]
    selections += [{f.id: f.options[1].id for f in FINDINGS}, {f.id: dd.UNKNOWN for f in FINDINGS}]
    selections += [{f.id: o.id} for f in FINDINGS for o in f.options]
    selections += [
        {a.id: x.id, b.id: y.id}
        for a, b in itertools.combinations(FINDINGS, 2)
        for x in a.options[1:]
        for y in b.options[1:]
    ]
    selections += [random_selection(rng) for _ in range(200)]
    return selections


@pytest.mark.browser
def test_js_evaluator_matches_python(page):
    selections = parity_selections()
    bad = [{"spleeen": "normal"}, {"spleen": "huge"}, {"spleen": None}]
    for selected in bad:
        with pytest.raises(ValueError):
            evaluate(selected)
    log = load_js_in_blank_page(page)
    answer = page.evaluate(_JS_COMPARE, [dd.to_json(), selections, bad])
    assert len(answer["out"]) == len(selections)
    for selected, js in zip(selections, answer["out"], strict=True):
        assert js["results"] == python_view(selected), selected
        assert js["html"] == dd.render_results(evaluate(selected)), selected
    # Both refuse the same bad ids, and the JS message names what is wrong.
    assert [bool(m) for m in answer["errors"]] == [True] * len(bad), answer["errors"]
    assert "spleeen" in answer["errors"][0] and "huge" in answer["errors"][1]
    assert log.problems() == []


_WIRING_SPY = """() => {
  const form = document.querySelector("form.cb-differential");
  window.cbListeners = {};
  const add = form.addEventListener;
  form.addEventListener = function (type) {
    window.cbListeners[type] = (window.cbListeners[type] || 0) + 1;
    return add.apply(this, arguments);
  };
  form.querySelector(".cb-differential-results").innerHTML = "prerendered";
}"""


@pytest.mark.browser
def test_js_wires_the_form_in_a_real_dom(page):
    """to_html()'s form, with the script loaded twice: buttons, radios and results work."""
    log = site.watch(page)
    page.set_content(_BLANK)
    page.evaluate("markup => { document.body.innerHTML = markup; }", dd.to_html())
    page.evaluate(_WIRING_SPY)
    js = JS_PATH.read_text(encoding="utf-8")
    page.add_script_tag(content=js)

    def shown() -> str:
        return page.inner_html("form.cb-differential .cb-differential-results")

    def as_dom(markup: str) -> str:
        """Python's markup as the browser serialises it (entities normalised)."""
        return page.evaluate(
            "m => { const d = document.createElement('div'); d.innerHTML = m; return d.innerHTML; }",
            markup,
        )

    def checked() -> dict[str, str]:
        pairs = page.eval_on_selector_all(
            "form.cb-differential input[type=radio]:checked",
            "els => els.map(e => [e.name, e.value])",
        )
        return dict(pairs)

    assert shown() == as_dom(dd.render_results(evaluate({})))  # replaced "prerendered"
    assert page.is_visible("button.cb-differential-case") and page.is_visible(
        "button.cb-differential-reset"
    )

    page.click("button.cb-differential-case")
    assert shown() == as_dom(dd.render_results(evaluate(CASE_FINDINGS)))
    assert checked() == {f.id: CASE_FINDINGS.get(f.id, dd.UNKNOWN) for f in FINDINGS}

    page.check("form.cb-differential input[name=blood_film][value=leukoerythroblastic]")
    film = {**CASE_FINDINGS, "blood_film": "leukoerythroblastic"}
    assert shown() == as_dom(dd.render_results(evaluate(film)))

    page.click("button.cb-differential-reset")
    assert shown() == as_dom(dd.render_results(evaluate({})))
    assert checked() == {f.id: dd.UNKNOWN for f in FINDINGS}

    page.add_script_tag(content=js)  # loading twice must not wire the form twice
    assert page.evaluate("window.cbListeners") == {"change": 1, "submit": 1}
    assert log.problems() == []


# ------------------------------------------------------------------ teaching vignettes

from tests.differential_vignettes import STANDARD, VIGNETTES  # noqa: E402

BIB_PATH = Path(__file__).resolve().parents[1] / "book" / "references.bib"


def bib_keys() -> set[str]:
    """The BibTeX keys of the book's bibliography (``@type{key,`` at a line start)."""
    keys = set()
    for line in BIB_PATH.read_text(encoding="utf-8").splitlines():
        if line.startswith("@") and "{" in line:
            keys.add(line.split("{", 1)[1].split(",", 1)[0].strip())
    return keys


def lead_problem(results, cause_id: str) -> str | None:
    """Why ``cause_id`` does not lead alone (None if it does).

    Leading alone: ranked first, callable ("plausible"), and a score strictly higher
    than every other cause that is not excluded.
    """
    top = results[0]
    if top.cause_id != cause_id:
        return f"{top.cause_id} ranks first ({top.score}), not {cause_id}"
    if top.status != "plausible":
        return f"{cause_id} ranks first but is {top.status}"
    rivals = [r for r in results[1:] if r.status != "excluded" and r.score >= top.score]
    if rivals:
        return f"{cause_id} ({top.score}) ties with " + ", ".join(
            f"{r.cause_id} ({r.score})" for r in rivals
        )
    return None


def test_vignettes_are_plain_data_with_sources():
    keys = bib_keys()
    ids = [v["id"] for v in VIGNETTES]
    assert len(VIGNETTES) >= 10 and len(set(ids)) == len(ids)
    for v in VIGNETTES:
        assert set(v) == {"id", "title", "findings", "leads", "source", "why"}, v["id"]
        assert v["source"] == STANDARD or v["source"] in keys, v["id"]
        assert v["why"].strip() and v["title"].strip()
        assert all(isinstance(k, str) and isinstance(o, str) for k, o in v["findings"].items())
    json.dumps(VIGNETTES)  # plain data: a browser test can take them as they are


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_leads_alone(vignette):
    results = evaluate(vignette["findings"])
    assert lead_problem(results, vignette["leads"]) is None, vignette["title"]


# ---------------------------------------------------------- properties of the scoring

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SELECTIONS = st.fixed_dictionaries(
    {}, optional={f.id: st.sampled_from([o.id for o in f.options]) for f in FINDINGS}
)
NORMAL_ANSWERS = [(f.id, o.id) for f in FINDINGS for o in f.options if o.normal]
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


def scores(selected) -> dict[str, int]:
    return {r.cause_id: r.score for r in evaluate(selected)}


def open_prerequisites(selected) -> set[str]:
    """The causes with an open prerequisite, worked out from the table, not the evaluator."""
    chosen = {f.id: selected.get(f.id, dd.UNKNOWN) for f in FINDINGS}
    return {
        p.cause
        for p in dd.PREREQUISITES
        if all(chosen[c.finding] in c.options for c in p.open_when)
    }


def test_normal_answers_are_marked():
    marked = set(NORMAL_ANSWERS)
    for expected in (
        ("blood_film", "normal"),
        ("coagulation", "normal"),
        ("spleen", "normal"),
        ("haemolysis", "absent"),
        ("citrate_count", "normal"),
        ("other_counts", "normal"),
        ("alp_ldh", "normal"),
        ("marrow_exam", "no_tumour"),
        ("heparin", "none"),
        ("other_drug", "none"),
        ("sepsis", "absent"),
    ):
        assert expected in marked, expected
    assert all(o != dd.UNKNOWN for _, o in NORMAL_ANSWERS)


@PROPERTY_SETTINGS
@given(SELECTIONS, st.sampled_from(NORMAL_ANSWERS))
def test_a_normal_result_never_raises_any_score(selected, normal):
    finding_id, option_id = normal
    without = {k: v for k, v in selected.items() if k != finding_id}
    before, after = scores(without), scores({**without, finding_id: option_id})
    raised = {c: (before[c], after[c]) for c in before if after[c] > before[c]}
    assert raised == {}, f"{finding_id}={option_id} raised {raised}"


@PROPERTY_SETTINGS
@given(SELECTIONS)
def test_excluded_causes_never_lead(selected):
    results = evaluate(selected)
    top = dd.leader(results)
    assert top is None or top.status == "plausible"
    if any(r.status != "excluded" for r in results):
        assert results[0].status != "excluded"
    if top is not None:
        assert top == results[0]
        assert all(r.score < top.score for r in results[1:] if r.status != "excluded")


@PROPERTY_SETTINGS
@given(SELECTIONS)
def test_a_diagnosis_of_exclusion_never_leads_while_a_prerequisite_is_open(selected):
    waiting = open_prerequisites(selected)
    results = evaluate(selected)
    top = dd.leader(results)
    for r in results:
        if r.cause_id in waiting:
            assert r.status in ("not_yet_callable", "excluded")
            assert top is None or top.cause_id != r.cause_id
            assert any(x.effect == dd.OPEN_PREREQUISITE for x in r.reasons)
        else:
            assert r.status != "not_yet_callable"
    plausible = [i for i, r in enumerate(results) if r.status == "plausible"]
    stuck = [i for i, r in enumerate(results) if r.status == "not_yet_callable"]
    assert not plausible or not stuck or max(plausible) < min(stuck)


@PROPERTY_SETTINGS
@given(SELECTIONS, st.randoms(use_true_random=False))
def test_evaluate_is_deterministic_and_order_independent(selected, rng):
    items = list(selected.items())
    rng.shuffle(items)
    first = evaluate(selected)
    assert evaluate(dict(items)) == first == evaluate(dict(selected))
    # Spelling out "unknown" for the findings left out changes nothing either.
    spelled = {f.id: selected.get(f.id, dd.UNKNOWN) for f in FINDINGS}
    assert evaluate(spelled) == first


def test_vignettes_also_lead_by_leader():
    for v in VIGNETTES:
        top = dd.leader(evaluate(v["findings"]))
        assert top is not None and top.cause_id == v["leads"], v["id"]


def test_reviewers_pictures_no_longer_favour_itp():
    screened = {
        **CASE_FINDINGS,
        "blood_film": "normal",
        "coagulation": "normal",
        "spleen": "normal",
        "haemolysis": "absent",
        "citrate_count": "still_low",
    }
    assert dd.leader(evaluate(screened)).cause_id == "marrow_infiltration"
    assert result(screened, "itp").status == "not_yet_callable"
    heparin = {"heparin": "recent", "blood_film": "normal"}
    assert dd.leader(evaluate(heparin)).cause_id == "hit"
    spleen = {"spleen": "enlarged", "platelet_count": "from_50_to_150"}
    assert dd.leader(evaluate(spleen)).cause_id == "hypersplenism"
    assert result(spleen, "itp").score < 0


# ------------------------------------------------------------------ rule-table checks


def test_every_rule_and_prerequisite_has_a_reason_and_a_known_source():
    keys = bib_keys() | {"general"}
    for entry in (*RULES, *dd.PREREQUISITES):
        assert entry.reason.strip().endswith(".") and len(entry.reason) > 20, entry
        assert entry.citation in keys, entry
    for p in dd.PREREQUISITES:
        assert p.what.strip() and p.open_when, p


def test_weights_are_the_documented_ones():
    assert dd.EFFECTS == (
        "strongly_supports",
        "supports",
        "against",
        "strongly_against",
        "excludes",
    )
    assert [dd.POINTS[e] for e in dd.EFFECTS] == [2, 1, -1, -2, 0]
    assert dd.STATUSES == ("plausible", "not_yet_callable", "excluded")
    by_key = {(r.finding, r.option, r.cause): r for r in RULES}
    # Filanovsky: count below 50 with a solid tumour is the strongest predictor.
    count = by_key[("platelet_count", "below_50", "marrow_infiltration")]
    assert count.effect == "strongly_supports" and count.citation == "filanovsky2017"
    assert [c.finding for c in count.given] == ["cancer"]
    # Kopp: bone metastases weigh less for marrow infiltration than their absence against.
    present = by_key[("cancer", "solid_bone", "marrow_infiltration")]
    absent = by_key[("cancer", "solid_no_bone", "marrow_infiltration")]
    assert dd.POINTS[present.effect] == 1 and dd.POINTS[absent.effect] == -2
    assert present.citation == absent.citation == "kopp2011bmc"


@pytest.mark.parametrize(
    "bad_rule, message",
    [
        (
            dd.Rule(
                "blood_film", "normal", "itp", "supports", "A normal film fits ITP.", "general"
            ),
            "a normal result must never add points",
        ),
        (
            dd.Rule(
                "platelet_count",
                "below_50",
                "itp",
                "supports",
                "Low counts fit.",
                "general",
                (dd.Condition("spleen", ("normal",)),),
            ),
            "a normal result must never add points",
        ),
        (dd.Rule("spleen", "enlarged", "itp", "strongly", "Spleen.", "general"), "effect"),
        (
            dd.Rule("spleen", "enlarged", "hypersplenism", "supports", " ", "general"),
            "needs a reason",
        ),
        (
            dd.Rule(
                "spleen",
                "enlarged",
                "itp",
                "against",
                "Spleen.",
                "general",
                (dd.Condition("cancer", (dd.UNKNOWN,)),),
            ),
            "'unknown' must have no effect",
        ),
    ],
)
def test_validation_refuses_a_bad_rule(monkeypatch, bad_rule, message):
    monkeypatch.setattr(dd, "RULES", (*RULES, bad_rule))
    with pytest.raises(ValueError, match=re.escape(message)):
        dd.validate_data()


def test_validation_refuses_a_bad_prerequisite(monkeypatch):
    bad = dd.Prerequisite(
        "itp", "something", (dd.Condition("spleeen", ("normal",)),), "A reason.", "general"
    )
    monkeypatch.setattr(dd, "PREREQUISITES", (*dd.PREREQUISITES, bad))
    with pytest.raises(ValueError, match="unknown finding 'spleeen'"):
        dd.validate_data()


# ----------------------------------------------------------------- the page, in words


def test_results_say_every_state_and_weight_in_words():
    markup = dd.render_results(evaluate(CASE_FINDINGS))
    assert (
        "8 of 10 causes plausible, 1 cannot be called yet, 1 excluded. Leading: "
        "Bone-marrow infiltration by tumour, score +3."
    ) in markup
    assert 'data-cause="itp" data-status="not_yet_callable"' in markup
    assert '<span class="cb-cause-status">cannot be called yet</span>' in markup
    assert '<span class="cb-effect">strongly supports (+2)</span>' in markup
    assert '<span class="cb-effect">supports (+1)</span>' in markup
    assert '<span class="cb-effect">argues against (\u22121)</span>' in markup
    assert '<span class="cb-effect">keeps it from being called yet</span>' in markup
    assert "Still open: a known cancer in the bones, and the marrow not yet examined" in markup
    strong = dd.render_results(evaluate({"coagulation": "normal"}))
    assert '<span class="cb-effect">argues strongly against (\u22122)</span>' in strong
    assert "Still open: nobody has looked at the blood film yet" in dd.to_html()


def handmade_results():
    """Result lists evaluate() cannot produce with today's table: a tie, a cause that
    cannot be called yet on top, every cause excluded."""
    itp, marrow = dd.cause("itp"), dd.cause("marrow_infiltration")
    waiting = dd.Reason(
        dd.TEXT["still_open"], "the marrow", dd.OPEN_PREREQUISITE, "A reason.", "general"
    )
    return [
        [
            dd.CauseResult(marrow.id, marrow.label, "plausible", 1),
            dd.CauseResult(itp.id, itp.label, "not_yet_callable", 3, [waiting]),
        ],
        [
            dd.CauseResult(marrow.id, marrow.label, "plausible", 2),
            dd.CauseResult(itp.id, itp.label, "not_yet_callable", 2, [waiting]),
        ],
        [dd.CauseResult(marrow.id, marrow.label, "excluded", 0)],
    ]


def test_summary_when_nobody_can_lead():
    blocked, tied, excluded = (dd.render_results(r) for r in handmade_results())
    assert (
        "No cause leads yet: the highest score, score +3, belongs to Immune "
        "thrombocytopenia (ITP), which cannot be called yet."
    ) in blocked
    assert "No single cause leads: 2 are tied at score +2." in tied
    assert "Every cause is excluded" in excluded
    assert [dd.leader(r) for r in handmade_results()] == [None, None, None]


# ------------------------------------------- JS versus Python: vignettes and random


def result_view(results):
    """CauseResults as the plain dicts the JavaScript works with."""
    return [
        {
            "cause_id": r.cause_id,
            "label": r.label,
            "status": r.status,
            "score": r.score,
            "reasons": [x._asdict() for x in r.reasons],
        }
        for r in results
    ]


_JS_HANDMADE = """([text, handmade]) => {
  const js = window.module.exports;
  const data = JSON.parse(text);
  return handmade.map(results => js.renderResults(data, results));
}"""


@pytest.mark.browser
def test_js_agrees_with_python_on_vignettes_and_random_selections(page):
    """The vignettes, the case and 300 random pictures; hand-made results render alike."""
    rng = random.Random(20250105)
    selections = [dict(v["findings"]) for v in VIGNETTES] + [dict(CASE_FINDINGS)]
    selections += [random_selection(rng) for _ in range(300)]
    log = load_js_in_blank_page(page)
    answer = page.evaluate(_JS_COMPARE, [dd.to_json(), selections, []])
    assert len(answer["out"]) == len(selections)
    for selected, js in zip(selections, answer["out"], strict=True):
        assert js["results"] == python_view(selected), selected
        assert js["html"] == dd.render_results(evaluate(selected)), selected
    handmade = page.evaluate(
        _JS_HANDMADE, [dd.to_json(), [result_view(r) for r in handmade_results()]]
    )
    for results, html_text in zip(handmade_results(), handmade, strict=True):
        assert html_text == dd.render_results(results)
    for v, js in zip(VIGNETTES, answer["out"], strict=False):
        assert js["results"][0]["cause_id"] == v["leads"], v["id"]
    assert log.problems() == []


def test_the_pages_normal_screen_is_the_vignettes():
    """The page's "add a normal screen" scenario is the one the vignettes rank."""
    case_with_screen = next(v for v in VIGNETTES if v["id"] == "case_with_normal_screen")
    assert {**dd.CASE_FINDINGS, **dd.NORMAL_SCREEN} == case_with_screen["findings"]


def test_the_marrow_page_explains_every_source_key_the_differential_shows():
    """Each "[key]" a reason shows is listed, with a footnote citation, in the key table
    under the explorer on the marrow page (so the source is in the bibliography), and
    the table lists no key the differential no longer uses."""
    page = (Path(__file__).resolve().parent.parent / "book" / "marrow.md").read_text()
    listed = set(re.findall(r"^\| `\[([\w-]+)\]` \|", page, re.MULTILINE))
    used = {r.citation for r in RULES} | {p.citation for p in PREREQUISITES}
    assert listed == used
    for key in used - {"general"}:
        assert f"{{footcite:p}}`{key}`" in page, key
