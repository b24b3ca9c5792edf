"""Tests for casebook.clinical.pathway: the biomarker routing of metastatic TNBC treatment."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from casebook import clinical
from casebook.clinical import (
    ACCESS_COMBINATIONS,
    ACCESS_KEYS,
    ALWAYS_AVAILABLE_KEYS,
    BRANCH_KEYS,
    CASE_PATHWAY_INPUTS,
    CPS_BANDS,
    GBRCA_VALUES,
    HER2_VALUES,
    INTERVAL_VALUES,
    PATHWAY_SOURCES,
    PRIOR_LINE_VALUES,
    STATUSES,
    all_combinations,
    case_route,
    cps_band,
    marrow_failure_modifier,
    route_treatment,
)

BIB_PATH = Path(__file__).resolve().parents[1] / "book" / "references.bib"

#: A default set of inputs that meets no biomarker-selected branch; tests change one field.
BASE = {
    "gbrca": "negative",
    "pdl1_cps": 0,
    "her2": "0",
    "prior_chemo_lines": 0,
    "disease_free_interval_ge_6_months": True,
}


def route(**changes):
    return route_treatment(**{**BASE, **changes})


def status(key: str, **changes) -> str:
    return route(**changes).branch(key).status


# ------------------------------------------------------------------------------ shape


def test_every_branch_listed_once_in_order():
    r = route()
    assert tuple(b.key for b in r.branches) == BRANCH_KEYS
    assert len(BRANCH_KEYS) == 6


def test_every_branch_carries_drug_trial_sources_and_a_sentence():
    for b in route(gbrca="unknown", pdl1_cps=None, her2="unknown", prior_chemo_lines=2).branches:
        assert b.drug and b.trials and b.sources
        assert b.eligibility.endswith(".") and b.reason.endswith(".")
        assert b.status in ("met", "not met", "unknown")
        assert b.status in STATUSES
        assert (b.status == "unknown") == bool(b.to_order), b.key
        assert b.meets is {"met": True, "not met": False, "unknown": None}[b.status]


def test_branch_lookup_rejects_unknown_key():
    with pytest.raises(ValueError, match="no treatment branch 'surgery'; known: parp_inhibitor"):
        route().branch("surgery")


# --------------------------------------------------------------------- PARP inhibitor


@pytest.mark.parametrize(
    "gbrca, expected", [("positive", "met"), ("negative", "not met"), ("unknown", "unknown")]
)
def test_parp_follows_gbrca(gbrca, expected):
    assert status("parp_inhibitor", gbrca=gbrca) == expected


def test_parp_cites_olympiad_and_embraca():
    b = route(gbrca="positive").branch("parp_inhibitor")
    assert b.sources == ("robson2017olympiad", "litton2018embraca")
    assert b.trials == ("OlympiAD", "EMBRACA")


def test_parp_notes_more_lines_than_olympiad_allowed():
    assert (
        "more than OlympiAD allowed"
        not in route(gbrca="positive", prior_chemo_lines=2).branch("parp_inhibitor").reason
    )
    assert (
        "more than OlympiAD allowed"
        in route(gbrca="positive", prior_chemo_lines=3).branch("parp_inhibitor").reason
    )


def test_unknown_gbrca_says_order_germline_testing():
    r = route(gbrca="unknown")
    assert r.branch("parp_inhibitor").to_order == "Order germline BRCA1/2 testing."
    assert "Order germline BRCA1/2 testing." in r.to_order


# ------------------------------------------------------------- pembrolizumab (KN-355)


@pytest.mark.parametrize("cps, expected", [(9.99, "not met"), (10, "met"), (10.0, "met")])
def test_pembrolizumab_cps_boundary(cps, expected):
    assert status("pembrolizumab_chemotherapy", pdl1_cps=cps) == expected


@pytest.mark.parametrize("lines, expected", [(0, "met"), (1, "not met"), (3, "not met")])
def test_pembrolizumab_first_line_only(lines, expected):
    assert status("pembrolizumab_chemotherapy", pdl1_cps=50, prior_chemo_lines=lines) == expected


@pytest.mark.parametrize("interval, expected", [(True, "met"), (False, "not met"), (None, "met")])
def test_pembrolizumab_disease_free_interval(interval, expected):
    b = route(pdl1_cps=10, disease_free_interval_ge_6_months=interval).branch(
        "pembrolizumab_chemotherapy"
    )
    assert b.status == expected
    if interval is None:
        assert "de novo" in b.reason and "treated as eligible" in b.reason


def test_pembrolizumab_cps_not_tested_says_order_pdl1():
    b = route(pdl1_cps=None).branch("pembrolizumab_chemotherapy")
    assert b.status == "unknown"
    assert "PD-L1" in b.to_order and "CPS" in b.to_order


def test_pembrolizumab_cps_not_tested_irrelevant_after_first_line():
    b = route(pdl1_cps=None, prior_chemo_lines=1).branch("pembrolizumab_chemotherapy")
    assert b.status == "not met" and b.to_order == ""


def test_pembrolizumab_cites_both_keynote355_papers():
    b = route(pdl1_cps=10).branch("pembrolizumab_chemotherapy")
    assert b.sources == ("cortes2020kn355", "cortes2022kn355")


def test_gbrca_positive_and_cps_ge_10_lists_both():
    r = route(gbrca="positive", pdl1_cps=10)
    assert r.route == ("parp_inhibitor", "pembrolizumab_chemotherapy")
    assert r.branch("single_agent_chemotherapy").status == "not met"


# ------------------------------------------------------------ single-agent chemotherapy


def test_single_agent_is_the_default_when_nothing_is_selected():
    assert route().route == ("single_agent_chemotherapy",)


@pytest.mark.parametrize(
    "changes", [{"gbrca": "positive"}, {"pdl1_cps": 10}, {"gbrca": "positive", "pdl1_cps": 10}]
)
def test_single_agent_not_met_when_a_biomarker_branch_is(changes):
    assert status("single_agent_chemotherapy", **changes) == "not met"


@pytest.mark.parametrize("changes", [{"gbrca": "unknown"}, {"pdl1_cps": None}])
def test_single_agent_waits_for_pending_biomarkers(changes):
    b = route(**changes).branch("single_agent_chemotherapy")
    assert b.status == "unknown" and "Await" in b.to_order


# --------------------------------------------------------------- later-line branches


@pytest.mark.parametrize(
    "lines, expected", [(0, "not met"), (1, "not met"), (2, "met"), (3, "met")]
)
def test_sacituzumab_after_two_chemotherapies(lines, expected):
    b = route(prior_chemo_lines=lines).branch("sacituzumab_govitecan")
    assert b.status == expected
    assert b.sources == ("bardia2021ascent",)


@pytest.mark.parametrize(
    "her2, lines, expected",
    [
        ("low", 0, "not met"),
        ("low", 1, "met"),
        ("0", 1, "not met"),
        ("unknown", 0, "not met"),
        ("unknown", 1, "unknown"),
    ],
)
def test_trastuzumab_deruxtecan_her2_low_after_chemotherapy(her2, lines, expected):
    b = route(her2=her2, prior_chemo_lines=lines).branch("trastuzumab_deruxtecan")
    assert b.status == expected
    assert b.sources == ("modi2022destiny04",)


def test_trastuzumab_deruxtecan_notes_small_exploratory_hr_negative_cohort():
    b = route(her2="low", prior_chemo_lines=1).branch("trastuzumab_deruxtecan")
    assert "hormone-receptor-negative cohort was small and exploratory" in b.reason


def test_unknown_her2_says_ask_for_the_ihc_score():
    b = route(her2="unknown", prior_chemo_lines=1).branch("trastuzumab_deruxtecan")
    assert "HER2 IHC score" in b.to_order


@pytest.mark.parametrize(
    "lines, expected", [(1, "not met"), (2, "unknown"), (5, "unknown"), (6, "not met")]
)
def test_eribulin_after_two_to_five_regimens(lines, expected):
    b = route(prior_chemo_lines=lines).branch("eribulin")
    assert b.status == expected
    assert b.sources == ("cortes2011embrace",)
    assert "all subtypes" in b.eligibility
    if expected == "unknown":
        assert "anthracycline and a taxane" in b.to_order


# -------------------------------------------------------------------------- the case


def test_case_inputs_are_the_reports():
    assert CASE_PATHWAY_INPUTS == {
        "gbrca": "negative",
        "pdl1_cps": 3,
        "her2": "unknown",
        "prior_chemo_lines": 0,
        "disease_free_interval_ge_6_months": None,
    }


def test_case_route_is_single_agent_chemotherapy():
    r = case_route()
    assert r.route == ("single_agent_chemotherapy",)
    assert r.to_order == ()
    assert r.branch("parp_inhibitor").status == "not met"
    pembro = r.branch("pembrolizumab_chemotherapy")
    assert pembro.status == "not met" and "CPS 3 is below 10" in pembro.reason
    assert "HER2-0 or HER2-low" in r.branch("trastuzumab_deruxtecan").reason
    assert r == route_treatment(**CASE_PATHWAY_INPUTS)


# ------------------------------------------------------------------- lookup table


def _key(inputs: dict) -> tuple:
    return (
        inputs["gbrca"],
        inputs["pdl1_cps_band"],
        inputs["her2"],
        inputs["prior_chemo_lines"],
        inputs["disease_free_interval_ge_6_months"],
        frozenset(inputs["unavailable"]),
    )


def test_access_combinations_are_every_subset_once():
    assert len(ACCESS_COMBINATIONS) == 2 ** len(ACCESS_KEYS) == 16
    assert len(set(map(frozenset, ACCESS_COMBINATIONS))) == 16
    assert ACCESS_COMBINATIONS[0] == () and ACCESS_COMBINATIONS[-1] == ACCESS_KEYS
    # The last key is the fastest-changing binary digit.
    assert ACCESS_COMBINATIONS[1] == (ACCESS_KEYS[-1],)
    assert ACCESS_COMBINATIONS[8] == (ACCESS_KEYS[0],)


def test_all_combinations_covers_the_space_exactly_once():
    table = all_combinations()
    keys = [_key(entry["inputs"]) for entry in table]
    expected = {
        (g, band.label, h, n, d, frozenset(off))
        for g in GBRCA_VALUES
        for band in CPS_BANDS
        for h in HER2_VALUES
        for n in PRIOR_LINE_VALUES
        for d in INTERVAL_VALUES
        for off in ACCESS_COMBINATIONS
    }
    assert len(expected) == 3 * 4 * 3 * 4 * 3 * 16 == 6912
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == expected


def test_each_entry_equals_a_direct_call():
    for entry in all_combinations():
        i = entry["inputs"]
        direct = route_treatment(
            i["gbrca"],
            i["pdl1_cps"],
            i["her2"],
            i["prior_chemo_lines"],
            i["disease_free_interval_ge_6_months"],
            unavailable=tuple(i["unavailable"]),
        )
        assert entry == direct.to_dict()


def test_every_entry_keeps_the_status_invariants():
    """Over the whole table: statuses are known words, unknown ⇔ something to order,
    "not available" only for a drug marked unavailable, and the route is what is met."""
    for entry in all_combinations():
        off = set(entry["inputs"]["unavailable"])
        for b in entry["branches"]:
            assert b["status"] in STATUSES
            assert (b["status"] == "unknown") == bool(b["to_order"]), (entry["inputs"], b)
            if b["status"] == "not available":
                assert b["key"] in off
                assert b["reason"].startswith("Eligible but not available to this patient.")
            if b["key"] in off:
                assert b["status"] != "met"
                assert "not available to this patient" in b["reason"]
        met = [b["key"] for b in entry["branches"] if b["status"] == "met"]
        assert entry["route"] == met
        assert not set(entry["route"]) & off


def test_all_combinations_is_json_ready():
    table = all_combinations()
    assert json.loads(json.dumps(table, ensure_ascii=False)) == table


@pytest.mark.parametrize(
    "cps, band",
    [
        (None, "not tested"),
        (0, "<1"),
        (0.99, "<1"),
        (1, "1 to <10"),
        (9.99, "1 to <10"),
        (10, "≥10"),
        (100, "≥10"),
    ],
)
def test_cps_band(cps, band):
    assert cps_band(cps) == band


@pytest.mark.parametrize("inside", [1, 3, 9.99])
def test_band_value_stands_for_the_band(inside):
    """Any CPS in 1 to <10 meets the same branches as the band's lowest value."""
    for gbrca in GBRCA_VALUES:
        for lines in PRIOR_LINE_VALUES:
            a = route(gbrca=gbrca, pdl1_cps=inside, prior_chemo_lines=lines)
            b = route(gbrca=gbrca, pdl1_cps=1, prior_chemo_lines=lines)
            assert [x.status for x in a.branches] == [x.status for x in b.branches]


# --------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"pdl1_cps": -1}, "PD-L1 CPS must be ≥ 0, got -1"),
        ({"pdl1_cps": math.nan}, "PD-L1 CPS must be a finite number, got nan"),
        ({"pdl1_cps": "3"}, "PD-L1 CPS must be a number, got '3'"),
        ({"pdl1_cps": True}, "PD-L1 CPS must be a number, got True"),
        ({"gbrca": "pos"}, "gBRCA status must be 'positive', 'negative' or 'unknown', got 'pos'"),
        ({"her2": 0}, "HER2 status must be '0', 'low' or 'unknown', got 0"),
        ({"her2": "1+"}, "HER2 status must be '0', 'low' or 'unknown', got '1+'"),
        ({"prior_chemo_lines": -1}, "must be a whole number ≥ 0, got -1"),
        ({"prior_chemo_lines": 1.5}, "must be a whole number ≥ 0, got 1.5"),
        ({"prior_chemo_lines": True}, "must be a whole number ≥ 0, got True"),
        ({"disease_free_interval_ge_6_months": 1}, "must be True, False or None"),
        ({"disease_free_interval_ge_6_months": "yes"}, "must be True, False or None"),
    ],
)
def test_bad_input_gives_a_sentence(changes, message):
    with pytest.raises(ValueError) as info:
        route(**changes)
    assert message in str(info.value)


# -------------------------------------------------------------------- drug access

#: Inputs under which every access-controlled branch is met: gBRCA positive and CPS ≥ 10
#: at first line (PARP, pembrolizumab), or HER2-low after two lines (sacituzumab, T-DXd).
FIRST_LINE_ALL_MET = {"gbrca": "positive", "pdl1_cps": 10}
LATER_LINE_ALL_MET = {"her2": "low", "prior_chemo_lines": 2}


def test_access_keys_are_the_selected_drugs_and_chemotherapy_is_not():
    assert set(ACCESS_KEYS) | set(ALWAYS_AVAILABLE_KEYS) == set(BRANCH_KEYS)
    assert not set(ACCESS_KEYS) & set(ALWAYS_AVAILABLE_KEYS)
    assert set(ALWAYS_AVAILABLE_KEYS) == {"single_agent_chemotherapy", "eribulin"}


def test_no_access_restriction_changes_nothing():
    for changes in ({}, FIRST_LINE_ALL_MET, LATER_LINE_ALL_MET, {"gbrca": "unknown"}):
        a, b = route(**changes), route(**changes, unavailable=())
        assert a == b
        assert a.inputs["unavailable"] == ()
        assert route(**changes, unavailable=frozenset()).branches == a.branches


@pytest.mark.parametrize(
    "key, changes",
    [
        ("parp_inhibitor", FIRST_LINE_ALL_MET),
        ("pembrolizumab_chemotherapy", FIRST_LINE_ALL_MET),
        ("sacituzumab_govitecan", LATER_LINE_ALL_MET),
        ("trastuzumab_deruxtecan", LATER_LINE_ALL_MET),
    ],
)
def test_met_but_unavailable_is_not_available_and_off_the_route(key, changes):
    assert status(key, **changes) == "met"
    r = route(**changes, unavailable=(key,))
    b = r.branch(key)
    assert b.status == "not available"
    assert b.meets is True and b.to_order == ""
    assert b.reason.startswith("Eligible but not available to this patient. ")
    assert b.reason.endswith(route(**changes).branch(key).reason)  # still says why eligible
    assert key not in r.route
    # Nothing else changes, bar the default (single-agent chemotherapy) below.
    others = [x.key for x in r.branches if x.key not in (key, "single_agent_chemotherapy")]
    for other in others:
        assert r.branch(other) == route(**changes).branch(other)


@pytest.mark.parametrize(
    "key, changes, expected",
    [
        ("parp_inhibitor", {"gbrca": "negative"}, "not met"),
        ("parp_inhibitor", {"gbrca": "unknown"}, "unknown"),
        ("pembrolizumab_chemotherapy", {"pdl1_cps": 9.99}, "not met"),
        ("pembrolizumab_chemotherapy", {"pdl1_cps": None}, "unknown"),
        ("sacituzumab_govitecan", {"prior_chemo_lines": 1}, "not met"),
        ("trastuzumab_deruxtecan", {"her2": "0", "prior_chemo_lines": 1}, "not met"),
        ("trastuzumab_deruxtecan", {"her2": "unknown", "prior_chemo_lines": 1}, "unknown"),
    ],
)
def test_unavailable_keeps_not_met_and_unknown_and_says_so(key, changes, expected):
    plain = route(**changes).branch(key)
    b = route(**changes, unavailable=[key]).branch(key)
    assert plain.status == b.status == expected
    assert b.to_order == plain.to_order
    assert b.reason.startswith(plain.reason)
    assert "not available to this patient" in b.reason


@pytest.mark.parametrize(
    "changes, unavailable, expected_route",
    [
        # gBRCA positive, CPS < 10: PARP alone is selected; without it, chemotherapy.
        ({"gbrca": "positive"}, (), ("parp_inhibitor",)),
        ({"gbrca": "positive"}, ("parp_inhibitor",), ("single_agent_chemotherapy",)),
        # Both selected: one unavailable leaves the other; both leaves chemotherapy.
        (FIRST_LINE_ALL_MET, ("parp_inhibitor",), ("pembrolizumab_chemotherapy",)),
        (FIRST_LINE_ALL_MET, ("pembrolizumab_chemotherapy",), ("parp_inhibitor",)),
        (
            FIRST_LINE_ALL_MET,
            ("parp_inhibitor", "pembrolizumab_chemotherapy"),
            ("single_agent_chemotherapy",),
        ),
        # Later-line drugs do not touch the first-line default.
        ({"gbrca": "positive"}, ("sacituzumab_govitecan",), ("parp_inhibitor",)),
        (
            LATER_LINE_ALL_MET,
            (),
            ("single_agent_chemotherapy", "sacituzumab_govitecan", "trastuzumab_deruxtecan"),
        ),
        (
            LATER_LINE_ALL_MET,
            ("sacituzumab_govitecan", "trastuzumab_deruxtecan"),
            ("single_agent_chemotherapy",),
        ),
    ],
)
def test_single_agent_is_the_route_when_no_available_selected_option_is_met(
    changes, unavailable, expected_route
):
    assert route(**changes, unavailable=unavailable).route == expected_route


def test_single_agent_says_why_when_the_selected_drug_is_unavailable():
    b = route(gbrca="positive", unavailable=("parp_inhibitor",)).branch("single_agent_chemotherapy")
    assert b.status == "met"
    assert "No available biomarker-selected option applies" in b.reason


@pytest.mark.parametrize(
    "changes, unavailable, expected",
    [
        # A pending result whose drug is available keeps chemotherapy waiting ...
        ({"gbrca": "unknown"}, (), "unknown"),
        ({"pdl1_cps": None}, (), "unknown"),
        ({"gbrca": "unknown"}, ("pembrolizumab_chemotherapy",), "unknown"),
        # ... but not when the result could select only a drug she cannot get.
        ({"gbrca": "unknown"}, ("parp_inhibitor",), "met"),
        ({"pdl1_cps": None}, ("pembrolizumab_chemotherapy",), "met"),
        ({"gbrca": "unknown", "pdl1_cps": None}, ("parp_inhibitor",), "unknown"),
        (
            {"gbrca": "unknown", "pdl1_cps": None},
            ("parp_inhibitor", "pembrolizumab_chemotherapy"),
            "met",
        ),
    ],
)
def test_pending_results_count_only_for_available_drugs(changes, unavailable, expected):
    b = route(**changes, unavailable=unavailable).branch("single_agent_chemotherapy")
    assert b.status == expected
    if expected == "met" and unavailable:
        assert "could select only a drug that is not available" in b.reason


def test_unavailable_order_and_container_do_not_matter():
    keys = ("trastuzumab_deruxtecan", "parp_inhibitor")
    routings = [
        route(**FIRST_LINE_ALL_MET, unavailable=u)
        for u in (keys, keys[::-1], list(keys), set(keys), frozenset(keys))
    ]
    assert all(r == routings[0] for r in routings)
    assert routings[0].inputs["unavailable"] == ("parp_inhibitor", "trastuzumab_deruxtecan")
    assert routings[0].to_dict()["inputs"]["unavailable"] == [
        "parp_inhibitor",
        "trastuzumab_deruxtecan",
    ]


@pytest.mark.parametrize(
    "unavailable, message",
    [
        (
            ("surgery",),
            "unavailable names no treatment branch 'surgery'; it may hold parp_inhibitor",
        ),
        (("PARP_inhibitor",), "no treatment branch 'PARP_inhibitor'"),
        ((1,), "unavailable names no treatment branch 1"),
        (
            ("single_agent_chemotherapy",),
            "'single_agent_chemotherapy' cannot be marked unavailable: chemotherapy is taken "
            "as always available",
        ),
        (("eribulin",), "'eribulin' cannot be marked unavailable"),
        (("parp_inhibitor", "eribulin"), "'eribulin' cannot be marked unavailable"),
        ("parp_inhibitor", "must be a tuple, list or set of branch keys"),
        (None, "must be a tuple, list or set of branch keys"),
        ({"parp_inhibitor": True}, "must be a tuple, list or set of branch keys"),
    ],
)
def test_bad_unavailable_gives_a_sentence(unavailable, message):
    with pytest.raises(ValueError) as info:
        route(unavailable=unavailable)
    assert message in str(info.value)


def test_unavailable_is_keyword_only():
    with pytest.raises(TypeError):
        route_treatment("negative", 0, "0", 0, True, ("parp_inhibitor",))


def test_case_second_line_sacituzumab_not_covered():
    """The case's second line: one prior line, sacituzumab govitecan not covered."""
    r = route_treatment(
        **{**CASE_PATHWAY_INPUTS, "prior_chemo_lines": 1},
        unavailable=("sacituzumab_govitecan",),
    )
    assert r.route == ("single_agent_chemotherapy",)
    saci = r.branch("sacituzumab_govitecan")
    # One prior line is short of ASCENT's two, so it is not met, and not available anyway.
    assert saci.status == "not met" and "not available to this patient" in saci.reason
    assert r.branch("eribulin").status == "not met"  # EMBRACE: after 2 to 5 regimens
    assert r.branch("trastuzumab_deruxtecan").status == "unknown"


# ------------------------------------------------------------------- marrow failure


def test_marrow_failure_is_a_modifier_not_a_branch():
    m = marrow_failure_modifier()
    assert "not trial evidence" in m.label
    assert "authors' reasoning" in m.label
    assert "fast, adjustable, weekly regimen" in m.text
    assert "clinician's judgement" in m.text
    assert "cardoso2018abc4" in m.sources
    assert "marrow" not in " ".join(BRANCH_KEYS)


# ------------------------------------------------------------------------ sources


def _bib_keys() -> set[str]:
    keys = set()
    for line in BIB_PATH.read_text(encoding="utf-8").splitlines():
        if line.startswith("@") and "{" in line:
            keys.add(line.split("{", 1)[1].split(",", 1)[0].strip())
    return keys


def test_every_cited_key_is_in_the_bibliography():
    cited = {key for entry in all_combinations() for b in entry["branches"] for key in b["sources"]}
    cited |= set(marrow_failure_modifier().sources)
    assert cited == set(PATHWAY_SOURCES)
    missing = cited - _bib_keys()
    assert not missing, f"not in book/references.bib: {sorted(missing)}"


def test_public_names_are_re_exported():
    from casebook.clinical import pathway

    for name in pathway.__all__:
        assert name in clinical.__all__ and getattr(clinical, name) is getattr(pathway, name)
