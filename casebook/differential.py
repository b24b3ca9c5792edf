"""The differential diagnosis of thrombocytopenia in a patient with cancer.

Three layers, in one file so they cannot drift apart:

1. **Data** -- :data:`FINDINGS` (what a clinician can find out), :data:`CAUSES`
   (what could explain a low platelet count), :data:`RULES` (how a finding bears on
   a cause, and how strongly) and :data:`PREREQUISITES` (what a diagnosis of
   exclusion must wait for). This is the one source of truth; the web page and its
   JavaScript read the same data as JSON.
2. **Evaluator** -- :func:`evaluate` applies the rules to a set of chosen findings.
   A cause is *excluded* as soon as one chosen finding excludes it. Otherwise it
   *cannot be called yet* while one of its prerequisites is open, and is
   *plausible* when none is. Its *score* adds the points of the rules that fired:
   +2 strongly supports, +1 supports, −1 argues against, −2 argues strongly against
   (:data:`POINTS`). A normal result never adds points. The score is a teaching
   device for weighing evidence, not a probability.
3. **Emitter** -- :func:`to_json` and :func:`to_html` produce a static, accessible
   HTML form that ``static/cb-differential.js`` makes interactive in the browser,
   re-running exactly the same evaluation without Python.

Every rule and prerequisite carries a plain-language reason and a citation (a BibTeX
key of the book's bibliography; ``general`` marks general medical knowledge without
an entry of its own). :data:`CASE_FINDINGS` holds only what the case report states
about the patient before her marrow biopsy.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

__all__ = [
    "UNKNOWN",
    "EFFECTS",
    "POINTS",
    "OPEN_PREREQUISITE",
    "STATUSES",
    "Option",
    "Finding",
    "Cause",
    "Condition",
    "Rule",
    "Prerequisite",
    "Reason",
    "CauseResult",
    "FINDINGS",
    "CAUSES",
    "RULES",
    "PREREQUISITES",
    "CASE_FINDINGS",
    "NORMAL_SCREEN",
    "TEXT",
    "finding",
    "cause",
    "validate_data",
    "evaluate",
    "leader",
    "data_dict",
    "to_json",
    "format_score",
    "render_results",
    "to_html",
    "javascript",
]

#: The option id every finding has: "not known / not done". No rule fires on it.
UNKNOWN = "unknown"
#: What a rule can do to a cause, strongest support first.
EFFECTS = ("strongly_supports", "supports", "against", "strongly_against", "excludes")
#: Points each effect adds to a cause's score (an exclusion sets the status instead).
POINTS: Mapping[str, int] = {
    "strongly_supports": 2,
    "supports": 1,
    "against": -1,
    "strongly_against": -2,
    "excludes": 0,
}
#: The effect shown for a prerequisite that is still open (it adds no points).
OPEN_PREREQUISITE = "open_prerequisite"
#: What a cause can end up as, in the order they are listed.
STATUSES = ("plausible", "not_yet_callable", "excluded")
_SUPPORTING = frozenset(e for e in EFFECTS if POINTS[e] > 0)


# ----------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Option:
    """One possible answer to a finding.

    ``normal`` marks a normal or negative answer (a normal test, an absent feature,
    no exposure). A normal answer may argue against causes or exclude them, but no
    rule may let it add points to any cause (checked by :func:`validate_data`).
    """

    id: str
    label: str
    normal: bool = False


@dataclass(frozen=True)
class Finding:
    """Something the clinician can find out, with its possible answers (``unknown`` first)."""

    id: str
    label: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        choices = ", ".join(o.id for o in self.options)
        raise ValueError(
            f"The finding {self.id!r} ({self.label}) has no option {option_id!r}; "
            f"choose one of: {choices}."
        )


@dataclass(frozen=True)
class Cause:
    """A possible explanation of the low platelet count."""

    id: str
    label: str
    description: str
    next_step: str


@dataclass(frozen=True)
class Condition:
    """Holds when the answer chosen for ``finding`` is one of ``options``.

    A finding that was not chosen counts as ``unknown``.
    """

    finding: str
    options: tuple[str, ...]

    def holds(self, chosen: Mapping[str, str]) -> bool:
        return chosen.get(self.finding, UNKNOWN) in self.options


@dataclass(frozen=True)
class Rule:
    """How one answer to one finding bears on one cause.

    The rule fires when ``finding`` has the answer ``option`` and every condition in
    ``given`` holds (e.g. "only in a patient with a solid tumour").
    """

    finding: str
    option: str
    cause: str
    effect: str  # one of EFFECTS
    reason: str
    citation: str  # BibTeX key, or "general"
    given: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Prerequisite:
    """Something a diagnosis of exclusion must wait for.

    While every condition in ``open_when`` holds, the cause cannot be called yet and
    cannot lead. ``what`` names what is still open, in words.
    """

    cause: str
    what: str
    open_when: tuple[Condition, ...]
    reason: str
    citation: str  # BibTeX key, or "general"


class Reason(NamedTuple):
    """A fired rule or an open prerequisite, as shown to the student.

    ``effect`` is one of :data:`EFFECTS`, or :data:`OPEN_PREREQUISITE` (then
    ``finding_label`` is ``TEXT["still_open"]`` and ``option_label`` says what is open).
    """

    finding_label: str
    option_label: str
    effect: str
    reason: str
    citation: str


@dataclass(frozen=True)
class CauseResult:
    """The verdict on one cause for a given set of findings."""

    cause_id: str
    label: str
    status: str  # one of STATUSES
    score: int  # the sum of POINTS over the rules that fired
    reasons: list[Reason] = field(default_factory=list)


def _finding(id: str, label: str, *options: tuple) -> Finding:
    """A finding with "Not known" first; an option is (id, label) or (id, label, "normal")."""
    made = [Option(UNKNOWN, "Not known")]
    for option in options:
        option_id, option_label, *flag = option
        made.append(Option(option_id, option_label, normal=flag == ["normal"]))
    return Finding(id, label, tuple(made))


# ------------------------------------------------------------------------ the data

#: What can be found out, in the order a clinician might work through it.
FINDINGS: tuple[Finding, ...] = (
    _finding(
        "platelet_count",
        "Platelet count",
        ("below_50", "below 50 ×10⁹/L"),
        ("from_50_to_150", "50 to below 150 ×10⁹/L"),
    ),
    _finding(
        "platelet_fall",
        "Fall from the patient's previous count",
        ("over_half", "more than half"),
        ("third_to_half", "a third to a half"),
        ("under_third", "less than a third"),
    ),
    _finding(
        "other_counts",
        "Haemoglobin and white cells",
        ("also_low", "also low (anaemia or leucopenia)"),
        ("normal", "normal: the platelets alone are low", "normal"),
    ),
    _finding(
        "citrate_count",
        "Repeat count in a citrate tube",
        ("still_low", "still low"),
        ("normal", "normal", "normal"),
    ),
    _finding(
        "cancer",
        "Known cancer",
        ("none", "no known cancer", "normal"),
        ("solid_no_bone", "solid tumour, no bone metastases on imaging"),
        ("solid_bone", "solid tumour with bone metastases on imaging"),
    ),
    _finding(
        "chemo_timing",
        "Timing against chemotherapy",
        ("no_chemo_yet", "no chemotherapy given yet", "normal"),
        ("at_nadir", "at the expected nadir, 7–14 days after a cycle"),
        ("outside_nadir", "chemotherapy given, but the fall does not fit the expected nadir"),
    ),
    _finding(
        "heparin",
        "Heparin exposure",
        ("none", "no heparin of any kind (including line flushes)", "normal"),
        (
            "recent",
            "started 5–10 days before the fall (or within a day, after heparin in the "
            "past 30 days)",
        ),
        ("early", "started less than 4 days before the fall, with no recent heparin before"),
    ),
    _finding(
        "other_drug",
        "Other drugs",
        ("none", "no new drug known to lower platelets", "normal"),
        (
            "new_drug",
            "a drug known to lower platelets started days to weeks before the fall "
            "(e.g. quinine, vancomycin, linezolid, valproate)",
        ),
    ),
    _finding(
        "thrombosis",
        "New thrombosis",
        ("none", "none", "normal"),
        ("new", "a new venous or arterial thrombosis"),
    ),
    _finding(
        "blood_film",
        "Blood film",
        ("normal", "normal apart from few platelets", "normal"),
        (
            "leukoerythroblastic",
            "leukoerythroblastic: nucleated red cells, myelocytes, teardrop cells",
        ),
        ("schistocytes", "schistocytes (fragmented red cells)"),
        ("platelet_clumps", "platelet clumps"),
    ),
    _finding(
        "coagulation",
        "Coagulation tests",
        ("normal", "normal", "normal"),
        ("dic_pattern", "PT and APTT prolonged, fibrinogen low, D-dimer raised"),
    ),
    _finding(
        "haemolysis",
        "Haemolysis markers",
        ("absent", "absent: haptoglobin and bilirubin normal", "normal"),
        ("present", "present: LDH and bilirubin raised, haptoglobin low"),
    ),
    _finding(
        "alp_ldh",
        "Alkaline phosphatase (ALP) and LDH",
        ("normal", "normal", "normal"),
        ("raised", "raised"),
    ),
    _finding(
        "spleen",
        "Spleen size",
        ("normal", "normal", "normal"),
        ("enlarged", "enlarged"),
    ),
    _finding(
        "sepsis",
        "Infection and sepsis",
        ("absent", "no sign of infection", "normal"),
        ("fever", "fever or a focus of infection, without organ dysfunction"),
        (
            "present",
            "sepsis: infection with organ dysfunction (e.g. low blood pressure, raised lactate)",
        ),
    ),
    _finding(
        "marrow_exam",
        "Bone-marrow examination",
        ("not_done", "not yet done"),
        ("dry_tap", "dry tap: no marrow could be aspirated; trephine result awaited"),
        ("tumour", "done: tumour cells in the aspirate or trephine"),
        ("no_tumour", "done, with a trephine biopsy: no tumour", "normal"),
    ),
)

#: The causes, in the order used to break ties.
CAUSES: tuple[Cause, ...] = (
    Cause(
        "marrow_infiltration",
        "Bone-marrow infiltration by tumour",
        "Cancer cells crowd out the blood-forming marrow, so too few platelets are made; "
        "anaemia and a leukoerythroblastic film often come with it.",
        "Look at the blood film, then take a bone-marrow aspirate and trephine biopsy with "
        "immunohistochemistry (for example cytokeratins) to prove it.",
    ),
    Cause(
        "chemotherapy_induced",
        "Chemotherapy-induced thrombocytopenia",
        "Cytotoxic drugs suppress the cells that make platelets; the count is lowest one to "
        "two weeks after a cycle and then recovers.",
        "Line the count up with the dates of each cycle; if the timing fits, delay or reduce "
        "the next dose, and if it does not, look for another cause.",
    ),
    Cause(
        "dic",
        "Disseminated intravascular coagulation (DIC)",
        "Clotting is switched on throughout the circulation (by cancer, sepsis and other "
        "triggers) and uses up platelets and clotting factors.",
        "Measure PT, APTT, fibrinogen and D-dimer, repeat them to follow the trend, and "
        "treat the trigger.",
    ),
    Cause(
        "ttp_tma",
        "Thrombotic microangiopathy (TTP or another TMA)",
        "Platelet clots in small vessels tear red cells apart (schistocytes, haemolysis) and "
        "damage organs; in cancer it can be caused by drugs or by the tumour itself.",
        "Look urgently for schistocytes, check haemolysis markers and ADAMTS13 activity, and "
        "call haematology at once: suspected TTP is an emergency.",
    ),
    Cause(
        "itp",
        "Immune thrombocytopenia (ITP)",
        "Antibodies shorten platelet survival while the rest of the blood count and the "
        "film stay normal. No test proves it: it is a diagnosis of exclusion.",
        "Rule out the other causes first (film, clotting, spleen, drugs); in a patient with "
        "cancer in the bones, examine the marrow before calling it ITP.",
    ),
    Cause(
        "hypersplenism",
        "Hypersplenism (platelets pooled in a large spleen)",
        "An enlarged spleen, for example from portal hypertension, holds back a large share "
        "of the platelets; the fall is usually moderate.",
        "Confirm the enlarged spleen on ultrasound and look for its cause, such as portal "
        "hypertension.",
    ),
    Cause(
        "hit",
        "Heparin-induced thrombocytopenia (HIT)",
        "Antibodies against heparin bound to platelet factor 4 activate platelets: the "
        "count falls, typically 5–10 days after heparin is started, and, paradoxically, "
        "clots form.",
        "Score the 4Ts; if HIT is likely, stop all heparin, give a non-heparin "
        "anticoagulant and test for antibodies to PF4–heparin.",
    ),
    Cause(
        "drug_induced",
        "Thrombocytopenia caused by another drug",
        "A drug other than heparin lowers the count, either through antibodies that act "
        "only while the drug is present (quinine, vancomycin) or by suppressing platelet "
        "production (linezolid, valproate).",
        "Go through every drug, including over-the-counter ones, tonic water and herbal "
        "remedies; stop the likely culprit and watch the count recover.",
    ),
    Cause(
        "pseudothrombocytopenia",
        "EDTA pseudothrombocytopenia (laboratory artefact)",
        "Platelets clump in the EDTA tube, so the analyser undercounts them while the "
        "patient's real count is normal.",
        "Look for clumps on the film and repeat the count in a citrate tube before acting on "
        "the number.",
    ),
    Cause(
        "sepsis",
        "Sepsis",
        "Severe infection lowers platelets by consuming them, suppressing the marrow and "
        "triggering DIC.",
        "Look for the source, take blood cultures and start treatment for the infection "
        "without delay.",
    ),
)

_TRUE_CAUSES = tuple(c.id for c in CAUSES if c.id != "pseudothrombocytopenia")

#: Conditions shared by several rules: the evidence comes from patients with a solid
#: tumour, or concerns heparin that was given.
_SOLID_TUMOUR = (("cancer", ("solid_no_bone", "solid_bone")),)
_HEPARIN_GIVEN = (("heparin", ("recent", "early")),)
_SPLEEN_ENLARGED = (("spleen", ("enlarged",)),)

_CITRATE_NORMAL_REASON = (
    "A count that is normal in citrate but low in EDTA points to EDTA-associated "
    "pseudothrombocytopenia (the difference between the two tubes predicted it better "
    "than the analyser's flags), so a true cause of thrombocytopenia is unlikely until "
    "that is settled."
)

# Each row: finding, option, cause, effect, reason, citation[, conditions that must
# also hold]. Strong = a finding that on its own changes the odds a lot (a hallmark,
# or a large odds ratio); weak = a finding that fits but is shared by many causes.
_RULE_ROWS: tuple[tuple, ...] = (
    # --- platelet count
    (
        "platelet_count",
        "below_50",
        "marrow_infiltration",
        "strongly_supports",
        "In patients with a solid tumour, a count below 50 ×10⁹/L was the strongest "
        "predictor of marrow metastasis (odds ratio about 14).",
        "filanovsky2017",
        _SOLID_TUMOUR,
    ),
    (
        "platelet_count",
        "below_50",
        "hypersplenism",
        "against",
        "Platelet pooling in a large spleen usually leaves the count above 30 ×10⁹/L "
        "unless the disorder behind it also impairs platelet production, so a very "
        "low count suggests something else as well.",
        "kuter2020splenic",
    ),
    (
        "platelet_count",
        "from_50_to_150",
        "hypersplenism",
        "supports",
        "With an enlarged spleen, a moderately low count fits sequestration, which "
        "usually leaves the count above 30 ×10⁹/L.",
        "kuter2020splenic",
        _SPLEEN_ENLARGED,
    ),
    # --- size of the fall (counts for HIT only when heparin was given)
    (
        "platelet_fall",
        "over_half",
        "hit",
        "supports",
        "After heparin, a fall of more than half of the previous count scores highest "
        "on the thrombocytopenia item of the 4Ts; a nadir below 10 ×10⁹/L scores "
        "lowest.",
        "gupta2015hit",
        _HEPARIN_GIVEN,
    ),
    (
        "platelet_fall",
        "under_third",
        "hit",
        "against",
        "On the thrombocytopenia item of the 4Ts a fall of less than 30 % scores 0 "
        "and a fall of 30–50 % scores 1, so a fall of less than a third scores at "
        "most 1 of 2.",
        "gupta2015hit",
        _HEPARIN_GIVEN,
    ),
    # --- other blood counts
    (
        "other_counts",
        "also_low",
        "marrow_infiltration",
        "supports",
        "A marrow crowded by tumour usually fails more than one cell line: anaemia was present "
        "in 17 of 22 patients with symptomatic marrow involvement from breast cancer.",
        "kopp2011bmc",
    ),
    (
        "other_counts",
        "also_low",
        "itp",
        "against",
        "The hallmark of ITP is isolated thrombocytopenia; anaemia or neutropenia may "
        "point to another disease.",
        "besa2022medscape",
    ),
    (
        "other_counts",
        "normal",
        "marrow_infiltration",
        "against",
        "Isolated thrombocytopenia with normal red and white cells is less typical of a marrow "
        "replaced by tumour, though it does not exclude it.",
        "general",
    ),
    # --- citrate tube
    (
        "citrate_count",
        "still_low",
        "pseudothrombocytopenia",
        "excludes",
        "The count is low in citrate too, so the thrombocytopenia is real and not an EDTA "
        "artefact.",
        "general",
    ),
    *(
        (
            "citrate_count",
            "normal",
            cause_id,
            "strongly_against",
            _CITRATE_NORMAL_REASON,
            "markewitz2023ptcp",
        )
        for cause_id in _TRUE_CAUSES
    ),
    # --- known cancer and bone metastases
    (
        "cancer",
        "none",
        "marrow_infiltration",
        "strongly_against",
        "Without a known cancer, infiltration of the marrow by tumour is rare, although it "
        "can be the first sign of one.",
        "general",
    ),
    (
        "cancer",
        "solid_no_bone",
        "marrow_infiltration",
        "strongly_against",
        "Every one of 22 breast-cancer patients with symptomatic marrow involvement also had "
        "bone metastases, so without them it is much less likely (imaging can miss marrow "
        "disease).",
        "kopp2011bmc",
    ),
    (
        "cancer",
        "solid_bone",
        "marrow_infiltration",
        "supports",
        "All 22 patients in that series had bone metastases; but bone metastases are far "
        "commoner than marrow failure (general teaching knowledge), so their presence adds "
        "less than their absence takes away.",
        "kopp2011bmc",
    ),
    # --- chemotherapy timing
    (
        "chemo_timing",
        "no_chemo_yet",
        "chemotherapy_induced",
        "excludes",
        "The count fell before any chemotherapy was given, so chemotherapy cannot have caused it.",
        "kuter2022cit",
    ),
    (
        "chemo_timing",
        "at_nadir",
        "chemotherapy_induced",
        "strongly_supports",
        "Chemotherapy-induced thrombocytopenia reaches its lowest point in the weeks after a "
        "cycle (often about 7–14 days, depending on the drug), so a fall at that time fits.",
        "general",
    ),
    (
        "chemo_timing",
        "outside_nadir",
        "chemotherapy_induced",
        "against",
        "A fall that does not match the expected nadir makes chemotherapy a less likely sole "
        "cause; cumulative damage can prolong it, but other causes should be looked for.",
        "kuter2022cit",
    ),
    # --- heparin
    (
        "heparin",
        "none",
        "hit",
        "excludes",
        "HIT follows exposure to unfractionated or low-molecular-weight heparin; with "
        "no heparin of any kind (line flushes included) it is not the diagnosis.",
        "gupta2015hit",
    ),
    (
        "heparin",
        "recent",
        "hit",
        "strongly_supports",
        "A clear onset 5–10 days after heparin is started, or within a day when "
        "heparin was given in the previous 30 days, scores highest on the timing item "
        "of the 4Ts.",
        "gupta2015hit",
    ),
    (
        "heparin",
        "early",
        "hit",
        "against",
        "A fall within the first 4 days of heparin, with no recent heparin before, "
        "scores lowest on the timing item of the 4Ts: it is too early for HIT.",
        "gupta2015hit",
    ),
    # --- other drugs
    (
        "other_drug",
        "none",
        "drug_induced",
        "strongly_against",
        "With no new drug known to lower platelets, drug-induced thrombocytopenia is "
        "unlikely; but patients may not think of self-regulated medicines, beverages, "
        "foods or herbal remedies, so ask about them before ruling it out.",
        "george2009ditp",
    ),
    (
        "other_drug",
        "new_drug",
        "drug_induced",
        "strongly_supports",
        "Drug-induced immune thrombocytopenia typically appears 1 to 2 weeks after a "
        "new drug is started, and recovery usually begins within 1 to 2 days of "
        "stopping it, so a fall in that window points to the drug.",
        "george2009ditp",
    ),
    # --- thrombosis
    (
        "thrombosis",
        "new",
        "hit",
        "strongly_supports",
        "A new thrombosis after heparin scores highest on the thrombosis item of the "
        "4Ts: HIT brings thrombosis together with the low count.",
        "gupta2015hit",
        _HEPARIN_GIVEN,
    ),
    (
        "thrombosis",
        "new",
        "dic",
        "supports",
        "DIC in cancer usually runs a slower, less fulminant course than after "
        "infection or trauma, and one of its presentations is dominated by "
        "thrombosis, from overt vascular thrombosis to microvascular platelet plugs.",
        "levi2019dic",
    ),
    # --- blood film
    (
        "blood_film",
        "normal",
        "marrow_infiltration",
        "against",
        "Marrow infiltration usually leaves traces on the film (nucleated red cells, immature "
        "white cells, teardrop cells); a normal film makes it less likely but cannot rule it out.",
        "general",
    ),
    (
        "blood_film",
        "normal",
        "ttp_tma",
        "strongly_against",
        "Fragmented red cells are a defining feature of a thrombotic microangiopathy; a film "
        "without them argues strongly against it.",
        "general",
    ),
    (
        "blood_film",
        "normal",
        "pseudothrombocytopenia",
        "strongly_against",
        "Platelet aggregates are seen on the film in pseudothrombocytopenia, which is "
        "why a first low count should be checked on a film; a film without clumps "
        "argues strongly against it.",
        "hemosurf_ptcp",
    ),
    (
        "blood_film",
        "leukoerythroblastic",
        "marrow_infiltration",
        "strongly_supports",
        "Infiltration of the marrow by foreign cells, such as metastatic cancer, "
        "disrupts it and releases immature cells early: nucleated red cells and "
        "myeloid precursors (leukoerythroblastosis), sometimes with teardrop cells.",
        "mhmedical_marrow",
    ),
    (
        "blood_film",
        "leukoerythroblastic",
        "itp",
        "strongly_against",
        "In ITP the red and white cells look normal on the film, so nucleated red "
        "cells and immature white cells point to another disease.",
        "besa2022medscape",
    ),
    (
        "blood_film",
        "schistocytes",
        "dic",
        "supports",
        "Schistocytes were seen in 30 of 35 patients with DIC, though usually few; a "
        "proportion of 1 % or more suggests an associated thrombotic microangiopathy.",
        "lesesve2014schisto",
    ),
    (
        "blood_film",
        "schistocytes",
        "ttp_tma",
        "strongly_supports",
        "Fragmented red cells (schistocytes) on the film, a sign of microangiopathic "
        "haemolysis, are one of the findings that suggest TTP.",
        "msd2024ttp",
    ),
    (
        "blood_film",
        "schistocytes",
        "itp",
        "strongly_against",
        "In ITP the red cells look normal on the film; fragmented red cells point to "
        "another disease.",
        "besa2022medscape",
    ),
    (
        "blood_film",
        "platelet_clumps",
        "pseudothrombocytopenia",
        "strongly_supports",
        "In some patients platelets clump in EDTA blood and the analyser then counts "
        "too few: clumps on the film explain the low count.",
        "hemosurf_ptcp",
    ),
    # --- coagulation
    (
        "coagulation",
        "normal",
        "dic",
        "strongly_against",
        "Strong coagulation activation becomes visible as prolonged routine clotting "
        "tests and a falling count, so normal tests argue strongly against overt DIC; "
        "milder activation, however, often escapes routine tests.",
        "levi2018dic",
    ),
    (
        "coagulation",
        "dic_pattern",
        "dic",
        "strongly_supports",
        "With an underlying disorder, a low count, a prolonged PT, low fibrinogen and a raised "
        "D-dimer are the items of the ISTH score for overt DIC.",
        "taylor2001isth",
    ),
    (
        "coagulation",
        "dic_pattern",
        "ttp_tma",
        "against",
        "A normal coagulation profile is one of the findings that suggest TTP, so "
        "marked clotting abnormalities favour DIC over TTP.",
        "msd2024ttp",
    ),
    (
        "coagulation",
        "dic_pattern",
        "itp",
        "strongly_against",
        "ITP does not disturb the clotting tests.",
        "general",
    ),
    (
        "coagulation",
        "dic_pattern",
        "sepsis",
        "supports",
        "DIC is a common complication of sepsis.",
        "iba2019sepsis",
    ),
    # --- haemolysis
    (
        "haemolysis",
        "absent",
        "ttp_tma",
        "excludes",
        "A thrombotic microangiopathy is characterised by thrombocytopenia, "
        "microangiopathic haemolytic anaemia and organ injury; with no sign of "
        "haemolysis it cannot be the diagnosis now (repeat the tests if the picture "
        "changes).",
        "brocklebank2018tma",
    ),
    (
        "haemolysis",
        "present",
        "ttp_tma",
        "strongly_supports",
        "Raised LDH and bilirubin with low haptoglobin are evidence of haemolysis, "
        "one of the findings that suggest TTP.",
        "msd2024ttp",
    ),
    (
        "haemolysis",
        "present",
        "dic",
        "supports",
        "Red cells can also be destroyed in DIC, though usually less than in TTP.",
        "general",
    ),
    (
        "haemolysis",
        "present",
        "itp",
        "against",
        "The hallmark of ITP is isolated thrombocytopenia, so haemolysis points to "
        "another disease, unless a positive direct antiglobulin test shows autoimmune "
        "haemolysis alongside it (Evans syndrome).",
        "besa2022medscape",
    ),
    # --- ALP and LDH
    (
        "alp_ldh",
        "raised",
        "marrow_infiltration",
        "supports",
        "In patients with a solid tumour a high ALP predicted marrow metastasis (odds ratio "
        "about 6.5), but bone or liver metastases raise it too, so it counts as weak evidence.",
        "filanovsky2017",
        _SOLID_TUMOUR,
    ),
    (
        "alp_ldh",
        "normal",
        "marrow_infiltration",
        "against",
        "A normal ALP removes one of the predictors of marrow metastasis, though it does not "
        "rule it out.",
        "filanovsky2017",
    ),
    # --- spleen
    (
        "spleen",
        "normal",
        "hypersplenism",
        "excludes",
        "Increased splenic sequestration of platelets occurs in disorders that "
        "enlarge the spleen; with a spleen of normal size it is not the explanation.",
        "kuter2020splenic",
    ),
    (
        "spleen",
        "enlarged",
        "hypersplenism",
        "strongly_supports",
        "Disorders that enlarge the spleen can increase the sequestration of "
        "platelets in it, which lowers the count.",
        "kuter2020splenic",
    ),
    (
        "spleen",
        "enlarged",
        "itp",
        "strongly_against",
        "An enlarged spleen points away from ITP, towards pooling, liver disease, infection or "
        "infiltration.",
        "general",
    ),
    # --- infection and sepsis
    (
        "sepsis",
        "absent",
        "sepsis",
        "excludes",
        "Sepsis is defined as a dysregulated host response to infection leading to "
        "organ failure: without infection there can be no sepsis.",
        "iba2019sepsis",
    ),
    (
        "sepsis",
        "fever",
        "sepsis",
        "supports",
        "An infection can lower platelets, but without organ dysfunction it is not yet sepsis "
        "(and fever also comes with cancer itself).",
        "general",
    ),
    (
        "sepsis",
        "present",
        "sepsis",
        "strongly_supports",
        "In sepsis, platelets are thought to fall mainly through consumption in the "
        "coagulopathy that the infection sets off.",
        "iba2019sepsis",
    ),
    (
        "sepsis",
        "present",
        "dic",
        "supports",
        "DIC is a common complication of sepsis.",
        "iba2019sepsis",
    ),
    # --- marrow examination
    (
        "marrow_exam",
        "dry_tap",
        "marrow_infiltration",
        "strongly_supports",
        "In patients with a solid tumour a dry tap predicted marrow metastasis (odds ratio "
        "about 7); the trephine biopsy then gives the answer.",
        "filanovsky2017",
        _SOLID_TUMOUR,
    ),
    (
        "marrow_exam",
        "dry_tap",
        "itp",
        "strongly_against",
        "In ITP the marrow shows a normal to increased number of megakaryocytes "
        "without other significant abnormalities, so a dry tap points to another "
        "marrow disease.",
        "kessler2020medscape",
    ),
    (
        "marrow_exam",
        "tumour",
        "marrow_infiltration",
        "strongly_supports",
        "Tumour cells in the marrow prove infiltration; other causes (DIC most often) can "
        "still coexist.",
        "general",
    ),
    (
        "marrow_exam",
        "tumour",
        "itp",
        "strongly_against",
        "A marrow full of tumour explains the low count without ITP.",
        "general",
    ),
    (
        "marrow_exam",
        "no_tumour",
        "marrow_infiltration",
        "strongly_against",
        "Marrow biopsy is the most reliable test for infiltration, so a trephine "
        "without tumour argues strongly against it, although metastatic deposits are "
        "usually focal and can be missed.",
        "mhmedical_marrow",
    ),
)


def _conditions(pairs: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[Condition, ...]:
    return tuple(Condition(finding_id, tuple(options)) for finding_id, options in pairs)


def _rule(row: tuple) -> Rule:
    finding_id, option_id, cause_id, effect, reason, citation, *given = row
    return Rule(
        finding_id,
        option_id,
        cause_id,
        effect,
        reason,
        citation,
        _conditions(given[0]) if given else (),
    )


#: Every rule, in the order its reasons are listed (grouped by finding).
RULES: tuple[Rule, ...] = tuple(_rule(row) for row in _RULE_ROWS)

#: What each diagnosis of exclusion must wait for. A cause with prerequisites may have
#: no supporting rule at all: no test proves it, it is what remains.
PREREQUISITES: tuple[Prerequisite, ...] = (
    Prerequisite(
        "itp",
        "nobody has looked at the blood film yet",
        _conditions((("blood_film", (UNKNOWN,)),)),
        "ITP is called only after the film has been seen: clumped platelets, fragmented red "
        "cells or immature cells would each point to another cause.",
        "general",
    ),
    Prerequisite(
        "itp",
        "a known cancer in the bones, and the marrow not yet examined",
        _conditions(
            (
                ("cancer", ("solid_bone",)),
                ("marrow_exam", (UNKNOWN, "not_done", "dry_tap")),
            )
        ),
        "With a known cancer in the bones, tumour in the marrow has to be excluded by "
        "examining it (aspirate and trephine biopsy) before ITP can be called, however "
        "normal the other tests are.",
        "general",
    ),
)

#: What the case report states about the patient before the marrow biopsy; every other
#: finding is unknown. Invasive ductal carcinoma was proven on biopsy and imaging showed
#: osteolytic metastases in T5, T8 and T9; the platelet count fell from 92 to 18 ×10⁹/L
#: in four days, before treatment began; the marrow was examined after that.
CASE_FINDINGS: Mapping[str, str] = {
    "platelet_count": "below_50",
    "platelet_fall": "over_half",
    "cancer": "solid_bone",
    "chemo_timing": "no_chemo_yet",
    "marrow_exam": "not_done",
}

#: A normal screen (film, clotting, spleen, haemolysis, citrate count), which the page
#: invites the student to add to the case's findings.
NORMAL_SCREEN: Mapping[str, str] = {
    "blood_film": "normal",
    "coagulation": "normal",
    "spleen": "normal",
    "haemolysis": "absent",
    "citrate_count": "still_low",
}

#: Wording shared by the Python renderer and the JavaScript one (sent in the JSON).
TEXT: Mapping[str, Any] = {
    "status": {
        "plausible": "plausible",
        "not_yet_callable": "cannot be called yet",
        "excluded": "excluded",
    },
    "effect": {
        "strongly_supports": "strongly supports",
        "supports": "supports",
        "against": "argues against",
        "strongly_against": "argues strongly against",
        "excludes": "excludes",
        OPEN_PREREQUISITE: "keeps it from being called yet",
    },
    "still_open": "Still open",
    "score": "score",
    "next_step": "Next step:",
    "no_reasons": "No finding chosen so far bears on this cause.",
    "summary": (
        "{plausible} of {total} causes plausible, {not_yet} cannot be called yet, "
        "{excluded} excluded."
    ),
    "leading": "Leading: {label}, {score}.",
    "tied": "No single cause leads: {count} are tied at {score}.",
    "blocked": (
        "No cause leads yet: the highest score, {score}, belongs to {label}, which cannot "
        "be called yet."
    ),
    "none_plausible": "Every cause is excluded: check the findings for a contradiction.",
    "case_button": "Use the case's findings",
    "reset_button": "Reset",
    "help": (
        "Choose what is known about the patient; anything left as “Not known” has no "
        "effect. A finding can strongly support a cause (+2), support it (+1), argue "
        "against it (−1), argue strongly against it (−2) or exclude it. Strong findings "
        "change the odds a lot on their own; weak ones fit but are shared by many causes. "
        "A normal result never adds points: it can only count against causes or exclude "
        "them. A diagnosis of exclusion, such as ITP, “cannot be called yet” while what "
        "it must exclude is still open, and cannot lead until then. The score weighs the "
        "evidence; it is not a probability. Causes can coexist (marrow infiltration with "
        "DIC is common). A teaching tool, not a diagnostic aid."
    ),
    "noscript": (
        "The results below are for all findings unknown. Turn on JavaScript to update "
        "them as you choose findings."
    ),
    "about": "About the causes",
    "general_source": "(general teaching knowledge: no specific source in this book)",
    "source": "[source: {key}]",
}

_FINDINGS_BY_ID = {f.id: f for f in FINDINGS}
_CAUSES_BY_ID = {c.id: c for c in CAUSES}
_CAUSE_ORDER = {c.id: i for i, c in enumerate(CAUSES)}
_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def finding(finding_id: str) -> Finding:
    """The finding with this id (ValueError with the list of ids if there is none)."""
    try:
        return _FINDINGS_BY_ID[finding_id]
    except (KeyError, TypeError):
        known = ", ".join(_FINDINGS_BY_ID)
        raise ValueError(
            f"There is no finding called {finding_id!r}; the findings are: {known}."
        ) from None


def cause(cause_id: str) -> Cause:
    """The cause with this id (ValueError with the list of ids if there is none)."""
    try:
        return _CAUSES_BY_ID[cause_id]
    except (KeyError, TypeError):
        known = ", ".join(_CAUSES_BY_ID)
        raise ValueError(
            f"There is no cause called {cause_id!r}; the causes are: {known}."
        ) from None


# ------------------------------------------------------------------------ validation

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def _option_ids(finding_id: str) -> set[str]:
    f = _FINDINGS_BY_ID.get(finding_id)
    return {o.id for o in f.options} if f else set()


def _normal_options(finding_id: str) -> set[str]:
    f = _FINDINGS_BY_ID.get(finding_id)
    return {o.id for o in f.options if o.normal} if f else set()


def _id_problems() -> list[str]:
    problems: list[str] = []
    for kind, ids in (("finding", [f.id for f in FINDINGS]), ("cause", [c.id for c in CAUSES])):
        if len(set(ids)) != len(ids):
            problems.append(f"duplicate {kind} ids")
        problems += [f"{kind} id {i!r} is not snake_case" for i in ids if not _ID_PATTERN.match(i)]
    for f in FINDINGS:
        option_ids = [o.id for o in f.options]
        if not option_ids or option_ids[0] != UNKNOWN or f.options[0].normal:
            problems.append(f"finding {f.id!r} must start with the {UNKNOWN!r} option")
        if len(set(option_ids)) != len(option_ids):
            problems.append(f"finding {f.id!r} has duplicate option ids")
        problems += [
            f"option id {f.id}.{o} is not snake_case"
            for o in option_ids
            if not _ID_PATTERN.match(o)
        ]
    return problems


def _condition_problems(
    where: str, conditions: tuple[Condition, ...], *, allow_unknown: bool
) -> list[str]:
    problems: list[str] = []
    for c in conditions:
        if c.finding not in _FINDINGS_BY_ID:
            problems.append(f"{where}: condition on unknown finding {c.finding!r}")
            continue
        if not c.options or not set(c.options) <= _option_ids(c.finding):
            problems.append(f"{where}: condition on {c.finding!r} has unknown options")
        if UNKNOWN in c.options and not allow_unknown:
            problems.append(f"{where}: 'unknown' must have no effect")
    return problems


def _rule_problems() -> list[str]:
    """Every rule names existing ids, has an effect, a reason and a citation; no rule
    fires on 'unknown'; no normal answer (as the rule's option or in its conditions)
    lets a rule add points."""
    problems: list[str] = []
    seen = set()
    for r in RULES:
        where = f"rule {r.finding}={r.option} -> {r.cause}"
        if r.finding not in _FINDINGS_BY_ID:
            problems.append(f"{where}: unknown finding")
        elif r.option not in _option_ids(r.finding):
            problems.append(f"{where}: unknown option")
        if r.option == UNKNOWN:
            problems.append(f"{where}: 'unknown' must have no effect")
        if r.cause not in _CAUSES_BY_ID:
            problems.append(f"{where}: unknown cause")
        if r.effect not in EFFECTS:
            problems.append(f"{where}: effect {r.effect!r} is not one of {EFFECTS}")
        if not r.reason.strip() or not r.citation.strip():
            problems.append(f"{where}: needs a reason and a citation")
        problems += _condition_problems(where, r.given, allow_unknown=False)
        if r.effect in _SUPPORTING and (
            r.option in _normal_options(r.finding)
            or any(set(c.options) & _normal_options(c.finding) for c in r.given)
        ):
            problems.append(f"{where}: a normal result must never add points")
        if (r.finding, r.option, r.cause) in seen:
            problems.append(f"{where}: duplicate rule")
        seen.add((r.finding, r.option, r.cause))
    return problems


def _prerequisite_problems() -> list[str]:
    problems: list[str] = []
    for p in PREREQUISITES:
        where = f"prerequisite of {p.cause}: {p.what}"
        if p.cause not in _CAUSES_BY_ID:
            problems.append(f"{where}: unknown cause")
        if not p.open_when:
            problems.append(f"{where}: needs at least one condition")
        if not p.what.strip() or not p.reason.strip() or not p.citation.strip():
            problems.append(f"{where}: needs words, a reason and a citation")
        problems += _condition_problems(where, p.open_when, allow_unknown=True)
    return problems


def validate_data() -> None:
    """Check that the data hang together; raise ValueError listing every problem.

    Ids are lower-case ``snake_case`` and unique; every finding starts with the
    ``unknown`` option; rules and prerequisites name existing findings, options and
    causes and carry a reason and a citation; no rule fires on ``unknown``; no normal
    answer lets a rule add points; every cause has a supporting rule or, as a
    diagnosis of exclusion, a prerequisite; :data:`CASE_FINDINGS` uses existing ids.
    Run at import time.
    """
    problems = _id_problems() + _rule_problems() + _prerequisite_problems()
    supported = {r.cause for r in RULES if r.effect in _SUPPORTING}
    supported |= {p.cause for p in PREREQUISITES}
    problems += [
        f"cause {c.id!r} has no supporting rule and no prerequisite"
        for c in CAUSES
        if c.id not in supported
    ]
    for finding_id, option_id in CASE_FINDINGS.items():
        if option_id not in _option_ids(finding_id):
            problems.append(f"CASE_FINDINGS has an unknown entry {finding_id}={option_id}")
    if problems:
        raise ValueError("The differential data are inconsistent: " + "; ".join(problems))


validate_data()


# ------------------------------------------------------------------------- evaluator


def _check_selection(selected: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(selected, Mapping):
        raise ValueError(
            "The findings must be given as a mapping from finding id to option id, "
            f"e.g. {{'spleen': 'normal'}}; got {type(selected).__name__}."
        )
    chosen: dict[str, str] = {}
    for finding_id, option_id in selected.items():
        f = finding(finding_id)
        if not isinstance(option_id, str):
            raise ValueError(
                f"The option for {finding_id!r} must be an option id (text), got {option_id!r}."
            )
        f.option(option_id)
        chosen[finding_id] = option_id
    return chosen


def _fires(rule: Rule, chosen: Mapping[str, str]) -> bool:
    return chosen.get(rule.finding, UNKNOWN) == rule.option and all(
        c.holds(chosen) for c in rule.given
    )


def _status(reasons: list[Reason]) -> str:
    effects = {r.effect for r in reasons}
    if "excludes" in effects:
        return "excluded"
    if OPEN_PREREQUISITE in effects:
        return "not_yet_callable"
    return "plausible"


def evaluate(selected: Mapping[str, str]) -> list[CauseResult]:
    """Apply :data:`RULES` and :data:`PREREQUISITES` to the chosen findings; rank every cause.

    ``selected`` maps finding ids to option ids; findings left out count as
    ``unknown``. Unknown finding or option ids raise ValueError.

    A rule fires when its finding has its option and its ``given`` conditions hold.
    A cause's score is the sum of :data:`POINTS` over its fired rules. Its status is
    ``"excluded"`` if a fired rule excludes it, else ``"not_yet_callable"`` if one of
    its prerequisites is open (all of its ``open_when`` conditions hold), else
    ``"plausible"``. Each result lists the fired rules in :data:`RULES` order, then
    the open prerequisites (effect :data:`OPEN_PREREQUISITE`). Results are ordered by
    status (as in :data:`STATUSES`), then score (highest first), then the order of
    :data:`CAUSES`, so the choice order of the findings never matters. The
    JavaScript in ``static/cb-differential.js`` does exactly the same.
    """
    chosen = _check_selection(selected)
    scores = {c.id: 0 for c in CAUSES}
    reasons: dict[str, list[Reason]] = {c.id: [] for c in CAUSES}
    for rule in RULES:
        if not _fires(rule, chosen):
            continue
        f = _FINDINGS_BY_ID[rule.finding]
        scores[rule.cause] += POINTS[rule.effect]
        reasons[rule.cause].append(
            Reason(f.label, f.option(rule.option).label, rule.effect, rule.reason, rule.citation)
        )
    for p in PREREQUISITES:
        if all(c.holds(chosen) for c in p.open_when):
            reasons[p.cause].append(
                Reason(TEXT["still_open"], p.what, OPEN_PREREQUISITE, p.reason, p.citation)
            )
    results = [
        CauseResult(c.id, c.label, _status(reasons[c.id]), scores[c.id], reasons[c.id])
        for c in CAUSES
    ]
    results.sort(key=lambda r: (_STATUS_ORDER[r.status], -r.score, _CAUSE_ORDER[r.cause_id]))
    return results


def _top(results: list[CauseResult]) -> tuple[int, list[CauseResult]]:
    """The highest score among causes not excluded, and the causes that have it."""
    contenders = [r for r in results if r.status != "excluded"]
    if not contenders:
        return 0, []
    best = max(r.score for r in contenders)
    return best, [r for r in contenders if r.score == best]


def leader(results: list[CauseResult]) -> CauseResult | None:
    """The cause that leads alone, or None.

    A cause leads alone when it is plausible (callable) and its score is strictly
    higher than that of every other cause that is not excluded, including causes that
    cannot be called yet.
    """
    _, holders = _top(results)
    if len(holders) == 1 and holders[0].status == "plausible":
        return holders[0]
    return None


# --------------------------------------------------------------------------- emitter


def _conditions_data(conditions: tuple[Condition, ...]) -> list[dict]:
    return [{"finding": c.finding, "options": list(c.options)} for c in conditions]


def data_dict() -> dict:
    """Everything the browser needs, as plain JSON-ready data (see :func:`to_json`)."""
    return {
        "schema": 2,
        "unknown": UNKNOWN,
        "effects": list(EFFECTS),
        "points": dict(POINTS),
        "open_prerequisite": OPEN_PREREQUISITE,
        "statuses": list(STATUSES),
        "findings": [
            {
                "id": f.id,
                "label": f.label,
                "options": [{"id": o.id, "label": o.label, "normal": o.normal} for o in f.options],
            }
            for f in FINDINGS
        ],
        "causes": [
            {"id": c.id, "label": c.label, "description": c.description, "next_step": c.next_step}
            for c in CAUSES
        ],
        "rules": [
            {
                "finding": r.finding,
                "option": r.option,
                "cause": r.cause,
                "effect": r.effect,
                "reason": r.reason,
                "citation": r.citation,
                "given": _conditions_data(r.given),
            }
            for r in RULES
        ],
        "prerequisites": [
            {
                "cause": p.cause,
                "what": p.what,
                "open_when": _conditions_data(p.open_when),
                "reason": p.reason,
                "citation": p.citation,
            }
            for p in PREREQUISITES
        ],
        "case_findings": dict(CASE_FINDINGS),
        "text": json.loads(json.dumps(TEXT)),
    }


def to_json() -> str:
    """The data as deterministic, HTML-safe JSON (ASCII only; ``<``, ``>``, ``&`` escaped).

    Shape (schema 2): ``{"schema", "unknown", "effects", "points": {effect: int},
    "open_prerequisite", "statuses", "findings": [{"id", "label", "options": [{"id",
    "label", "normal"}]}], "causes": [{"id", "label", "description", "next_step"}],
    "rules": [{"finding", "option", "cause", "effect", "reason", "citation", "given":
    [{"finding", "options"}]}], "prerequisites": [{"cause", "what", "open_when":
    [{"finding", "options"}], "reason", "citation"}], "case_findings": {finding:
    option}, "text": {...}}``. Because it is HTML-safe it can be placed verbatim
    inside a ``<script type="application/json">`` element.
    """
    text = json.dumps(data_dict(), ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def format_score(score: int) -> str:
    """A score as the differential shows it: +2, 0, −1 (true minus sign)."""
    if score > 0:
        return f"+{score}"
    if score < 0:
        return f"\u2212{-score}"
    return "0"


def _fill(template: str, **values: object) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def _summary(results: list[CauseResult]) -> str:
    """One sentence of counts, then who leads (or why nobody does)."""
    text = TEXT
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    summary = _fill(
        text["summary"],
        plausible=counts["plausible"],
        total=len(results),
        not_yet=counts["not_yet_callable"],
        excluded=counts["excluded"],
    )
    best, holders = _top(results)
    score = f"{text['score']} {format_score(best)}"
    if not holders:
        return summary + " " + text["none_plausible"]
    if len(holders) > 1:
        return summary + " " + _fill(text["tied"], count=len(holders), score=score)
    key = "leading" if holders[0].status == "plausible" else "blocked"
    return summary + " " + _fill(text[key], label=holders[0].label, score=score)


def _effect_words(effect: str) -> str:
    """An effect in words, with its points where it has any: "supports (+1)"."""
    points = POINTS.get(effect, 0)
    words = TEXT["effect"][effect]
    return f"{words} ({format_score(points)})" if points else words


def _source_text(citation: str) -> str:
    """How a reason names its source: a BibTeX key, or honestly none ("general")."""
    if citation == "general":
        return TEXT["general_source"]
    return TEXT["source"].format(key=citation)


def _render_reason(reason: Reason) -> str:
    return (
        f'<li class="cb-reason" data-effect="{_e(reason.effect)}">'
        f'<span class="cb-reason-finding">{_e(reason.finding_label)}: '
        f"{_e(reason.option_label)}</span> "
        f'<span class="cb-effect">{_e(_effect_words(reason.effect))}</span>. '
        f"{_e(reason.reason)} "
        f'<span class="cb-cite" data-key="{_e(reason.citation)}">'
        f"{_e(_source_text(reason.citation))}</span></li>"
    )


def _render_cause(r: CauseResult) -> str:
    text = TEXT
    c = _CAUSES_BY_ID[r.cause_id]
    parts = [
        f'<li class="cb-cause" data-cause="{_e(r.cause_id)}" data-status="{_e(r.status)}" '
        f'data-score="{r.score}">'
        f'<span class="cb-cause-label">{_e(r.label)}</span> '
        f'<span class="cb-cause-status">{_e(text["status"][r.status])}</span> '
        f'<span class="cb-cause-score">({_e(text["score"])} {format_score(r.score)})</span>'
        f'<p class="cb-cause-next"><strong>{_e(text["next_step"])}</strong> '
        f"{_e(c.next_step)}</p>"
        '<ul class="cb-reasons">'
    ]
    if not r.reasons:
        parts.append(f'<li class="cb-reason cb-reason-none">{_e(text["no_reasons"])}</li>')
    parts += [_render_reason(reason) for reason in r.reasons]
    parts.append("</ul></li>")
    return "".join(parts)


def render_results(results: list[CauseResult]) -> str:
    """The results markup (the inside of ``div.cb-differential-results``).

    Every state is written in words: the status ("plausible", "cannot be called
    yet", "excluded"), the score, and for each reason its effect with its points
    ("strongly supports (+2)") or what is still open. ``static/cb-differential.js``
    builds byte-for-byte the same string, so the page looks the same before and
    after the script runs.
    """
    parts = [
        f'<p class="cb-differential-summary">{_e(_summary(results))}</p>',
        '<ol class="cb-causes">',
    ]
    parts += [_render_cause(r) for r in results]
    parts.append("</ol>")
    return "".join(parts)


_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def javascript() -> str:
    """The source of ``static/cb-differential.js`` (for pages that do not load it themselves)."""
    source = resources.files(__package__).joinpath("static", "cb-differential.js")
    return source.read_text(encoding="utf-8")


def _findings_html(eid: str) -> list[str]:
    out = ['<div class="cb-differential-findings">']
    for f in FINDINGS:
        out.append(
            f'<fieldset class="cb-finding" data-finding="{_e(f.id)}"><legend>{_e(f.label)}</legend>'
        )
        for o in f.options:
            input_id = f"{eid}-{_e(f.id)}-{_e(o.id)}"
            checked = " checked" if o.id == UNKNOWN else ""
            out.append(
                f'<div class="cb-option"><input type="radio" id="{input_id}" name="{_e(f.id)}" '
                f'value="{_e(o.id)}"{checked}><label for="{input_id}">{_e(o.label)}</label></div>'
            )
        out.append("</fieldset>")
    out.append("</div>")
    return out


def to_html(element_id: str = "cb-differential", *, inline_script: bool = False) -> str:
    """An accessible HTML fragment: the findings as radio groups, the ranked causes, the data.

    ``<form class="cb-differential" id=element_id>`` holds one ``<fieldset>`` per
    finding (``<legend>`` = finding label; radio inputs ``name=finding id``,
    ``value=option id``, with ``<label for>``; "Not known" checked), two
    ``type="button"`` buttons ("Use the case's findings", "Reset"; ``hidden`` until
    the script shows them), the results for all-unknown findings pre-rendered in
    ``<div class="cb-differential-results" aria-live="polite">``, a static list of
    the causes and, last, ``<script type="application/json"
    class="cb-differential-data">`` holding :func:`to_json`. Give each form on a
    page its own ``element_id`` (letters, digits, ``-`` and ``_``).

    The book's pages load ``cb-differential.js`` themselves. Where nothing does (a
    live notebook, a stand-alone HTML file) pass ``inline_script=True`` to append
    the script after the form; it sets each form up only once, so loading it twice
    is harmless.
    """
    if not isinstance(element_id, str) or not _ELEMENT_ID.match(element_id):
        raise ValueError(
            "element_id must start with a letter and contain only letters, digits, '-' and '_', "
            f"got {element_id!r}."
        )
    eid = _e(element_id)
    text = TEXT
    out = [
        f'<form class="cb-differential" id="{eid}" aria-describedby="{eid}-help">',
        f'<p class="cb-differential-help" id="{eid}-help">{_e(text["help"])}</p>',
        *_findings_html(eid),
        '<div class="cb-differential-actions">',
        f'<button type="button" class="cb-differential-case" hidden>{_e(text["case_button"])}'
        "</button> ",
        f'<button type="button" class="cb-differential-reset" hidden>{_e(text["reset_button"])}'
        "</button>",
        "</div>",
        f'<noscript><p class="cb-differential-noscript">{_e(text["noscript"])}</p></noscript>',
        f'<div class="cb-differential-results" id="{eid}-results" aria-live="polite">',
        render_results(evaluate({})),
        "</div>",
        f'<details class="cb-differential-about"><summary>{_e(text["about"])}</summary><dl>',
    ]
    for c in CAUSES:
        out.append(
            f"<dt>{_e(c.label)}</dt><dd>{_e(c.description)} "
            f"<strong>{_e(text['next_step'])}</strong> {_e(c.next_step)}</dd>"
        )
    out += [
        "</dl></details>",
        f'<script type="application/json" class="cb-differential-data">{to_json()}</script>',
        "</form>",
    ]
    if inline_script:
        out.append(f"<script>{javascript()}</script>")
    return "\n".join(out)
