"""The differential diagnosis of thrombocytopenia in a patient with cancer.

Three layers, in one file so they cannot drift apart:

1. **Data** -- :data:`FINDINGS` (what a clinician can find out), :data:`CAUSES`
   (what could explain a low platelet count) and :data:`RULES` (how a finding bears
   on a cause). This is the one source of truth; the web page and its JavaScript
   read the same data as JSON.
2. **Evaluator** -- :func:`evaluate` applies the rules to a set of chosen findings.
   A cause is *excluded* as soon as one chosen finding excludes it, otherwise it
   is *plausible*; its *score* is (findings that support it) − (findings that argue
   against it). The score is a teaching device for weighing evidence, not a
   probability.
3. **Emitter** -- :func:`to_json` and :func:`to_html` produce a static, accessible
   HTML form that ``static/cb-differential.js`` makes interactive in the browser,
   re-running exactly the same evaluation without Python.

Every rule carries a plain-language reason and a citation (a BibTeX key of the
book's bibliography; ``general`` marks general medical knowledge without an entry
of its own). :data:`CASE_FINDINGS` holds only what the case report states about
the patient before her marrow biopsy.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "UNKNOWN",
    "EFFECTS",
    "STATUSES",
    "Option",
    "Finding",
    "Cause",
    "Rule",
    "Reason",
    "CauseResult",
    "FINDINGS",
    "CAUSES",
    "RULES",
    "CASE_FINDINGS",
    "TEXT",
    "finding",
    "cause",
    "validate_data",
    "evaluate",
    "data_dict",
    "to_json",
    "render_results",
    "to_html",
    "javascript",
]

#: The option id every finding has: "not known / not done". It never has an effect.
UNKNOWN = "unknown"
#: What a rule can do to a cause.
EFFECTS = ("supports", "against", "excludes")
#: What a cause can end up as.
STATUSES = ("plausible", "excluded")


# ----------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Option:
    """One possible answer to a finding."""

    id: str
    label: str


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
class Rule:
    """How one answer to one finding bears on one cause."""

    finding: str
    option: str
    cause: str
    effect: str  # one of EFFECTS
    reason: str
    citation: str  # BibTeX key, or "general"


class Reason(NamedTuple):
    """A fired rule as shown to the student: (finding label, option label, effect, reason, citation)."""

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
    status: str  # "plausible" or "excluded"
    score: int  # number of supporting findings minus number of findings against
    reasons: list[Reason] = field(default_factory=list)


def _finding(id: str, label: str, *options: tuple[str, str]) -> Finding:
    return Finding(id, label, (Option(UNKNOWN, "Not known"), *(Option(i, t) for i, t in options)))


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
        "other_counts",
        "Haemoglobin and white cells",
        ("also_low", "also low (anaemia or leucopenia)"),
        ("normal", "normal: the platelets alone are low"),
    ),
    _finding(
        "citrate_count",
        "Repeat count in a citrate tube",
        ("still_low", "still low"),
        ("normal", "normal"),
    ),
    _finding(
        "chemo_timing",
        "Timing against chemotherapy",
        ("no_chemo_yet", "no chemotherapy given yet"),
        ("at_nadir", "at the expected nadir, 7–14 days after a cycle"),
        ("outside_nadir", "chemotherapy given, but the fall does not fit the expected nadir"),
    ),
    _finding(
        "heparin",
        "Heparin exposure",
        ("none", "no heparin"),
        ("recent", "heparin started 5–14 days before the fall"),
    ),
    _finding(
        "blood_film",
        "Blood film",
        ("normal", "normal apart from few platelets"),
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
        ("normal", "normal"),
        ("dic_pattern", "PT and APTT prolonged, fibrinogen low, D-dimer raised"),
    ),
    _finding(
        "haemolysis",
        "Haemolysis markers",
        ("absent", "absent: haptoglobin and bilirubin normal"),
        ("present", "present: LDH and bilirubin raised, haptoglobin low"),
    ),
    _finding(
        "alp_ldh",
        "Alkaline phosphatase (ALP) and LDH",
        ("normal", "normal"),
        ("raised", "raised"),
    ),
    _finding(
        "spleen",
        "Spleen size",
        ("normal", "normal"),
        ("enlarged", "enlarged"),
    ),
    _finding(
        "bone_mets",
        "Bone metastases on imaging",
        ("absent", "absent"),
        ("present", "present"),
    ),
    _finding(
        "sepsis",
        "Signs of sepsis (infection with organ dysfunction, not fever alone)",
        ("absent", "absent"),
        ("present", "present: e.g. low blood pressure, raised lactate, positive blood cultures"),
    ),
    _finding(
        "marrow_aspirate",
        "Bone-marrow aspiration",
        ("good", "good aspirate obtained"),
        ("dry_tap", "dry tap (no marrow could be drawn)"),
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
        "film stay normal; it is a diagnosis of exclusion.",
        "Rule out the other causes first (film, clotting, spleen, drugs); in a patient with "
        "cancer an atypical picture calls for a marrow examination.",
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
        "drug_induced",
        "Heparin-induced (HIT) or other drug-induced immune thrombocytopenia",
        "A drug triggers antibodies against platelets; HIT typically starts 5–14 days after "
        "heparin and, paradoxically, causes clots.",
        "Go through every drug; if heparin was given, score the 4Ts, stop all heparin when "
        "HIT is likely and test for antibodies to PF4–heparin.",
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

_CITRATE_NORMAL_REASON = (
    "A normal count in citrate suggests the low EDTA count is an artefact, so a true cause "
    "of thrombocytopenia is less likely until that is settled."
)

_RULE_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # --- platelet count
    ("platelet_count", "below_50", "marrow_infiltration", "supports",
     "In patients with solid tumours, a count below 50 ×10⁹/L was a strong predictor of "
     "marrow metastasis (odds ratio about 14).",
     "filanovsky2017"),
    ("platelet_count", "below_50", "hypersplenism", "against",
     "Pooling in a large spleen usually lowers the count only moderately; a count below "
     "50 ×10⁹/L suggests something else is going on as well.",
     "general"),
    # --- other blood counts
    ("other_counts", "also_low", "marrow_infiltration", "supports",
     "A marrow crowded by tumour usually fails more than one cell line: anaemia was present "
     "in 17 of 22 patients with symptomatic marrow involvement from breast cancer.",
     "kopp2011bmc"),
    ("other_counts", "normal", "marrow_infiltration", "against",
     "Isolated thrombocytopenia with normal red and white cells is less typical of a marrow "
     "replaced by tumour, though it does not exclude it.",
     "general"),
    # --- citrate tube
    ("citrate_count", "still_low", "pseudothrombocytopenia", "excludes",
     "The count is low in citrate too, so the thrombocytopenia is real and not an EDTA "
     "artefact.",
     "general"),
    ("citrate_count", "normal", "pseudothrombocytopenia", "supports",
     "A normal count in citrate while the EDTA count is low is the hallmark of EDTA-dependent "
     "platelet clumping.",
     "general"),
    *(("citrate_count", "normal", cause_id, "against", _CITRATE_NORMAL_REASON, "general")
      for cause_id in _TRUE_CAUSES),
    # --- chemotherapy timing
    ("chemo_timing", "no_chemo_yet", "chemotherapy_induced", "excludes",
     "The count fell before any chemotherapy was given, so chemotherapy cannot have caused it.",
     "kuter2022cit"),
    ("chemo_timing", "at_nadir", "chemotherapy_induced", "supports",
     "Chemotherapy-induced thrombocytopenia reaches its lowest point in the weeks after a "
     "cycle (often about 7–14 days, depending on the drug), so a fall at that time fits.",
     "general"),
    ("chemo_timing", "outside_nadir", "chemotherapy_induced", "against",
     "A fall that does not match the expected nadir makes chemotherapy a less likely sole "
     "cause; cumulative damage can prolong it, but other causes should be looked for.",
     "kuter2022cit"),
    # --- heparin
    ("heparin", "none", "drug_induced", "against",
     "Without heparin there can be no HIT; other drugs can still cause immune "
     "thrombocytopenia, so review the whole drug list.",
     "general"),
    ("heparin", "recent", "drug_induced", "supports",
     "HIT typically begins 5–14 days after heparin is started (sooner if heparin was given "
     "in the previous few months).",
     "general"),
    # --- blood film
    ("blood_film", "normal", "marrow_infiltration", "against",
     "Marrow infiltration usually leaves traces on the film (nucleated red cells, immature "
     "white cells, teardrop cells); a normal film makes it less likely but cannot rule it out.",
     "general"),
    ("blood_film", "normal", "ttp_tma", "against",
     "Fragmented red cells are a defining feature of a thrombotic microangiopathy; a film "
     "without them argues strongly against it.",
     "general"),
    ("blood_film", "normal", "itp", "supports",
     "In ITP the film is normal apart from few (often large) platelets.",
     "general"),
    ("blood_film", "leukoerythroblastic", "marrow_infiltration", "supports",
     "Nucleated red cells, myelocytes and teardrop cells in the blood mean the marrow is "
     "being crowded out, as it is by tumour infiltration.",
     "general"),
    ("blood_film", "leukoerythroblastic", "itp", "against",
     "ITP affects platelets only; a leukoerythroblastic film points to disease in the marrow.",
     "general"),
    ("blood_film", "schistocytes", "dic", "supports",
     "Red cells are fragmented as they pass fibrin strands in small vessels, which happens "
     "in DIC.",
     "general"),
    ("blood_film", "schistocytes", "ttp_tma", "supports",
     "Schistocytes are the hallmark of a thrombotic microangiopathy such as TTP.",
     "general"),
    ("blood_film", "schistocytes", "itp", "against",
     "ITP does not fragment red cells; schistocytes point to a microangiopathy.",
     "general"),
    ("blood_film", "platelet_clumps", "pseudothrombocytopenia", "supports",
     "Clumped platelets on the film explain why the analyser counted too few.",
     "general"),
    # --- coagulation
    ("coagulation", "normal", "dic", "against",
     "Overt DIC prolongs the clotting times and lowers fibrinogen; normal tests argue against "
     "it (although slow, low-grade DIC in cancer can look nearly normal).",
     "general"),
    ("coagulation", "normal", "ttp_tma", "supports",
     "In TTP the clotting tests are usually normal, which helps tell it apart from DIC.",
     "general"),
    ("coagulation", "normal", "itp", "supports",
     "Clotting tests are normal in ITP.",
     "general"),
    ("coagulation", "dic_pattern", "dic", "supports",
     "Prolonged PT and APTT with low fibrinogen and raised D-dimer is the laboratory picture "
     "of DIC: clotting factors are being consumed and clots broken down.",
     "general"),
    ("coagulation", "dic_pattern", "ttp_tma", "against",
     "Marked clotting abnormalities favour DIC over TTP, in which the clotting tests are "
     "usually normal.",
     "general"),
    ("coagulation", "dic_pattern", "itp", "against",
     "ITP does not disturb the clotting tests.",
     "general"),
    ("coagulation", "dic_pattern", "sepsis", "supports",
     "Sepsis is one of the commonest triggers of DIC.",
     "general"),
    # --- haemolysis
    ("haemolysis", "absent", "ttp_tma", "excludes",
     "A thrombotic microangiopathy is defined by red cells being destroyed in small vessels; "
     "with no sign of haemolysis it cannot be the diagnosis now (repeat the tests if the "
     "picture changes).",
     "general"),
    ("haemolysis", "present", "ttp_tma", "supports",
     "Raised LDH and bilirubin with low haptoglobin show red cells being destroyed, as they "
     "are in a thrombotic microangiopathy.",
     "general"),
    ("haemolysis", "present", "dic", "supports",
     "Red cells can also be destroyed in DIC, though usually less than in TTP.",
     "general"),
    ("haemolysis", "present", "itp", "against",
     "ITP does not destroy red cells (unless autoimmune haemolysis coexists, which a positive "
     "antiglobulin test would show).",
     "general"),
    # --- ALP and LDH
    ("alp_ldh", "raised", "marrow_infiltration", "supports",
     "A high ALP predicted marrow metastasis in patients with solid tumours (odds ratio "
     "about 6.5), though bone or liver metastases can also raise it.",
     "filanovsky2017"),
    ("alp_ldh", "normal", "marrow_infiltration", "against",
     "A normal ALP removes one of the predictors of marrow metastasis, though it does not "
     "rule it out.",
     "filanovsky2017"),
    # --- spleen
    ("spleen", "normal", "hypersplenism", "excludes",
     "Hypersplenism needs an enlarged spleen.",
     "general"),
    ("spleen", "normal", "itp", "supports",
     "The spleen is not enlarged in ITP.",
     "general"),
    ("spleen", "enlarged", "hypersplenism", "supports",
     "A large spleen can hold back a large share of the body's platelets.",
     "general"),
    ("spleen", "enlarged", "itp", "against",
     "An enlarged spleen points away from ITP, towards pooling, liver disease, infection or "
     "infiltration.",
     "general"),
    # --- bone metastases
    ("bone_mets", "present", "marrow_infiltration", "supports",
     "In a series of 22 breast-cancer patients with symptomatic marrow involvement, every one "
     "also had bone metastases.",
     "kopp2011bmc"),
    ("bone_mets", "present", "itp", "against",
     "ITP is a diagnosis of exclusion: with a known metastatic carcinoma in the bones, "
     "marrow infiltration has to be excluded by examining the marrow before ITP can be "
     "called.",
     "general"),
    ("bone_mets", "absent", "marrow_infiltration", "against",
     "Every patient with symptomatic marrow involvement in that series had bone metastases, "
     "so without them it is less likely, though imaging can miss marrow disease.",
     "kopp2011bmc"),
    # --- sepsis
    ("sepsis", "absent", "sepsis", "excludes",
     "Without infection and organ dysfunction, sepsis cannot be the cause.",
     "general"),
    ("sepsis", "present", "sepsis", "supports",
     "Sepsis lowers platelets through consumption, marrow suppression and DIC.",
     "general"),
    ("sepsis", "present", "dic", "supports",
     "Sepsis is one of the commonest triggers of DIC.",
     "general"),
    # --- marrow aspiration
    ("marrow_aspirate", "dry_tap", "marrow_infiltration", "supports",
     "A dry tap predicted marrow metastasis in patients with solid tumours (odds ratio "
     "about 7); the trephine biopsy then gives the answer.",
     "filanovsky2017"),
    ("marrow_aspirate", "dry_tap", "itp", "against",
     "In ITP the marrow is easy to aspirate and full of megakaryocytes.",
     "general"),
)

#: Every rule, in the order its reasons are listed (grouped by finding).
RULES: tuple[Rule, ...] = tuple(Rule(*row) for row in _RULE_ROWS)

#: What the case report states about the patient before the marrow biopsy; every other
#: finding is unknown. The platelet count fell from 92 to 18 ×10⁹/L before treatment
#: began, and imaging showed osteolytic metastases in T5, T8 and T9.
CASE_FINDINGS: Mapping[str, str] = {
    "platelet_count": "below_50",
    "chemo_timing": "no_chemo_yet",
    "bone_mets": "present",
}

#: Wording shared by the Python renderer and the JavaScript one (sent in the JSON).
TEXT: Mapping[str, Any] = {
    "status": {"plausible": "plausible", "excluded": "excluded"},
    "effect": {"supports": "supports", "against": "argues against", "excludes": "excludes"},
    "score": "score",
    "next_step": "Next step:",
    "no_reasons": "No finding chosen so far bears on this cause.",
    "summary": "{plausible} of {total} causes remain plausible.",
    "leading": "Leading: {label}, {score}.",
    "tied": "No single cause leads: {count} are tied at {score}.",
    "none_plausible": "Every cause is excluded: check the findings for a contradiction.",
    "case_button": "Use the case's findings",
    "reset_button": "Reset",
    "help": (
        "Choose what is known about the patient; anything left as “Not known” has no "
        "effect. A cause is excluded as soon as one finding rules it out. Otherwise its "
        "score is the number of findings that support it minus the number that argue "
        "against it: a way to weigh the evidence, not a probability. Causes can coexist "
        "(marrow infiltration with DIC is common): the score ranks, it does not choose "
        "one. A teaching tool, not a diagnostic aid."
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
        raise ValueError(f"There is no cause called {cause_id!r}; the causes are: {known}.") from None


_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def validate_data() -> None:
    """Check that the data hang together; raise ValueError listing every problem.

    Ids are lower-case ``snake_case`` and unique, every finding starts with the
    ``unknown`` option, every rule names an existing finding, option and cause, has a
    known effect, a reason and a citation, no rule fires on ``unknown``, and every
    cause has at least one supporting rule. Run at import time.
    """
    problems: list[str] = []
    for kind, ids in (("finding", [f.id for f in FINDINGS]), ("cause", [c.id for c in CAUSES])):
        if len(set(ids)) != len(ids):
            problems.append(f"duplicate {kind} ids")
        problems += [f"{kind} id {i!r} is not snake_case" for i in ids if not _ID_PATTERN.match(i)]
    for f in FINDINGS:
        option_ids = [o.id for o in f.options]
        if not option_ids or option_ids[0] != UNKNOWN:
            problems.append(f"finding {f.id!r} must start with the {UNKNOWN!r} option")
        if len(set(option_ids)) != len(option_ids):
            problems.append(f"finding {f.id!r} has duplicate option ids")
        problems += [
            f"option id {f.id}.{o} is not snake_case" for o in option_ids if not _ID_PATTERN.match(o)
        ]
    seen = set()
    for r in RULES:
        where = f"rule {r.finding}={r.option} -> {r.cause}"
        if r.finding not in _FINDINGS_BY_ID:
            problems.append(f"{where}: unknown finding")
        elif r.option not in {o.id for o in _FINDINGS_BY_ID[r.finding].options}:
            problems.append(f"{where}: unknown option")
        if r.option == UNKNOWN:
            problems.append(f"{where}: 'unknown' must have no effect")
        if r.cause not in _CAUSES_BY_ID:
            problems.append(f"{where}: unknown cause")
        if r.effect not in EFFECTS:
            problems.append(f"{where}: effect {r.effect!r} is not one of {EFFECTS}")
        if not r.reason.strip() or not r.citation.strip():
            problems.append(f"{where}: needs a reason and a citation")
        if (r.finding, r.option, r.cause) in seen:
            problems.append(f"{where}: duplicate rule")
        seen.add((r.finding, r.option, r.cause))
    supported = {r.cause for r in RULES if r.effect == "supports"}
    problems += [f"cause {c.id!r} has no supporting rule" for c in CAUSES if c.id not in supported]
    for finding_id, option_id in CASE_FINDINGS.items():
        if finding_id not in _FINDINGS_BY_ID or option_id not in {
            o.id for o in _FINDINGS_BY_ID[finding_id].options
        }:
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


def evaluate(selected: Mapping[str, str]) -> list[CauseResult]:
    """Apply :data:`RULES` to the chosen findings and rank every cause.

    ``selected`` maps finding ids to option ids; findings left out count as
    ``unknown``. Unknown finding or option ids raise ValueError.

    A cause is ``"excluded"`` if any chosen finding excludes it, else
    ``"plausible"``. Its score is the number of supporting rules that fired minus
    the number of "against" rules (exclusions do not change the score). Results
    are ordered: plausible before excluded, then by score (highest first), then by
    the order of :data:`CAUSES`. Each result lists its reasons in :data:`RULES`
    order. The JavaScript in ``static/cb-differential.js`` does exactly the same.
    """
    chosen = _check_selection(selected)
    excluded = {c.id: False for c in CAUSES}
    scores = {c.id: 0 for c in CAUSES}
    reasons: dict[str, list[Reason]] = {c.id: [] for c in CAUSES}
    for rule in RULES:
        if chosen.get(rule.finding, UNKNOWN) != rule.option:
            continue
        f = _FINDINGS_BY_ID[rule.finding]
        if rule.effect == "supports":
            scores[rule.cause] += 1
        elif rule.effect == "against":
            scores[rule.cause] -= 1
        else:
            excluded[rule.cause] = True
        reasons[rule.cause].append(
            Reason(f.label, f.option(rule.option).label, rule.effect, rule.reason, rule.citation)
        )
    results = [
        CauseResult(
            c.id,
            c.label,
            "excluded" if excluded[c.id] else "plausible",
            scores[c.id],
            reasons[c.id],
        )
        for c in CAUSES
    ]
    results.sort(key=lambda r: (r.status != "plausible", -r.score, _CAUSE_ORDER[r.cause_id]))
    return results


# --------------------------------------------------------------------------- emitter


def data_dict() -> dict:
    """Everything the browser needs, as plain JSON-ready data (see :func:`to_json`)."""
    return {
        "schema": 1,
        "unknown": UNKNOWN,
        "effects": list(EFFECTS),
        "statuses": list(STATUSES),
        "findings": [
            {"id": f.id, "label": f.label, "options": [{"id": o.id, "label": o.label} for o in f.options]}
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
            }
            for r in RULES
        ],
        "case_findings": dict(CASE_FINDINGS),
        "text": json.loads(json.dumps(TEXT)),
    }


def to_json() -> str:
    """The data as deterministic, HTML-safe JSON (ASCII only; ``<``, ``>``, ``&`` escaped).

    Shape: ``{"schema": 1, "unknown": "unknown", "effects": [...], "statuses": [...],
    "findings": [{"id", "label", "options": [{"id", "label"}]}], "causes": [{"id",
    "label", "description", "next_step"}], "rules": [{"finding", "option", "cause",
    "effect", "reason", "citation"}], "case_findings": {finding: option}, "text":
    {...}}``. Because it is HTML-safe it can be placed verbatim inside a
    ``<script type="application/json">`` element.
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


def render_results(results: list[CauseResult]) -> str:
    """The results markup (the inside of ``div.cb-differential-results``).

    ``static/cb-differential.js`` builds byte-for-byte the same string, so the
    page looks the same before and after the script runs.
    """
    text = TEXT
    plausible = sum(1 for r in results if r.status == "plausible")
    summary = text["summary"].replace("{plausible}", str(plausible)).replace("{total}", str(len(results)))
    if plausible:
        first = results[0]
        score = f"{text['score']} {format_score(first.score)}"
        tied = sum(1 for r in results if r.status == "plausible" and r.score == first.score)
        if tied > 1:
            summary += " " + text["tied"].replace("{count}", str(tied)).replace("{score}", score)
        else:
            summary += " " + text["leading"].replace("{label}", first.label).replace("{score}", score)
    elif results:
        summary += " " + text["none_plausible"]
    parts = [f'<p class="cb-differential-summary">{_e(summary)}</p>', '<ol class="cb-causes">']
    for r in results:
        c = _CAUSES_BY_ID[r.cause_id]
        parts.append(
            f'<li class="cb-cause" data-cause="{_e(r.cause_id)}" data-status="{_e(r.status)}" '
            f'data-score="{r.score}">'
            f'<span class="cb-cause-label">{_e(r.label)}</span> '
            f'<span class="cb-cause-status">{_e(text["status"][r.status])}</span> '
            f'<span class="cb-cause-score">({_e(text["score"])} {format_score(r.score)})</span>'
            f'<p class="cb-cause-next"><strong>{_e(text["next_step"])}</strong> {_e(c.next_step)}</p>'
            '<ul class="cb-reasons">'
        )
        if not r.reasons:
            parts.append(f'<li class="cb-reason cb-reason-none">{_e(text["no_reasons"])}</li>')
        for reason in r.reasons:
            parts.append(
                f'<li class="cb-reason" data-effect="{_e(reason.effect)}">'
                f'<span class="cb-reason-finding">{_e(reason.finding_label)}: {_e(reason.option_label)}</span> '
                f'<span class="cb-effect">{_e(text["effect"][reason.effect])}</span>. '
                f"{_e(reason.reason)} "
                f'<span class="cb-cite" data-key="{_e(reason.citation)}">{_e(_source_text(reason.citation))}</span>'
                "</li>"
            )
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "".join(parts)


def _source_text(citation: str) -> str:
    """How a reason names its source: a BibTeX key, or honestly none ("general")."""
    if citation == "general":
        return TEXT["general_source"]
    return TEXT["source"].format(key=citation)


_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def javascript() -> str:
    """The source of ``static/cb-differential.js`` (for pages that do not load it themselves)."""
    return resources.files(__package__).joinpath("static", "cb-differential.js").read_text(encoding="utf-8")


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
        '<div class="cb-differential-findings">',
    ]
    for f in FINDINGS:
        out.append(f'<fieldset class="cb-finding" data-finding="{_e(f.id)}"><legend>{_e(f.label)}</legend>')
        for o in f.options:
            input_id = f"{eid}-{_e(f.id)}-{_e(o.id)}"
            checked = " checked" if o.id == UNKNOWN else ""
            out.append(
                f'<div class="cb-option"><input type="radio" id="{input_id}" name="{_e(f.id)}" '
                f'value="{_e(o.id)}"{checked}><label for="{input_id}">{_e(o.label)}</label></div>'
            )
        out.append("</fieldset>")
    out += [
        "</div>",
        '<div class="cb-differential-actions">',
        f'<button type="button" class="cb-differential-case" hidden>{_e(text["case_button"])}</button> ',
        f'<button type="button" class="cb-differential-reset" hidden>{_e(text["reset_button"])}</button>',
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
            f'<strong>{_e(text["next_step"])}</strong> {_e(c.next_step)}</dd>'
        )
    out += [
        "</dl></details>",
        f'<script type="application/json" class="cb-differential-data">{to_json()}</script>',
        "</form>",
    ]
    if inline_script:
        out.append(f"<script>{javascript()}</script>")
    return "\n".join(out)
