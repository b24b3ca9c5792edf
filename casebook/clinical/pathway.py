"""Biomarker routing of treatment for metastatic triple-negative breast cancer (TNBC).

Pure rules: given gBRCA status, PD-L1 CPS, HER2 (0 or low), the number of prior
chemotherapy lines for metastatic disease, the disease-free interval and which drugs the
patient cannot get, list every treatment branch with its drug, trial, source keys,
eligibility sentence and whether the inputs meet it (``"met"``, ``"not met"``,
``"unknown"`` or ``"not available"``). A branch is ``"unknown"`` when a missing result
decides it; it then says what to order or check. A branch is ``"not available"`` when
its eligibility is met but its drug is not available to the patient (e.g. not covered
by insurance, as sacituzumab govitecan was in the case). Only the biomarker- or
trial-selected drugs (:data:`ACCESS_KEYS`) can be marked unavailable; chemotherapy
(single-agent chemotherapy, eribulin) is taken as always available.

The branches and their sources (BibTeX keys of ``book/references.bib``):

* PARP inhibitor (olaparib, talazoparib) for a germline BRCA1/2 mutation:
  OlympiAD ``robson2017olympiad``, EMBRACA ``litton2018embraca``;
* pembrolizumab plus chemotherapy, first line, CPS ≥ 10, disease-free interval
  ≥ 6 months: KEYNOTE-355 ``cortes2020kn355``, ``cortes2022kn355``;
* single-agent chemotherapy when no *available* biomarker-selected option above
  applies (weekly paclitaxel, CALGB 9840 ``seidman2008calgb9840``; the case report);
* sacituzumab govitecan after ≥ 2 chemotherapies: ASCENT ``bardia2021ascent``;
* trastuzumab deruxtecan for HER2-low disease after chemotherapy: DESTINY-Breast04
  ``modi2022destiny04`` (its hormone-receptor-negative cohort was small, exploratory);
* eribulin after 2–5 regimens including an anthracycline and a taxane: EMBRACE
  ``cortes2011embrace``, a trial of all breast-cancer subtypes.

Marrow failure routes nothing (no trial selects on it): :func:`marrow_failure_modifier`
gives the book's reasoning about it, labelled as such. Standard library only.
"""

from __future__ import annotations

import numbers
from itertools import product
from typing import NamedTuple

from ._checks import _at_least, _show

__all__ = [
    "GBRCA_VALUES",
    "HER2_VALUES",
    "CPS_BANDS",
    "PRIOR_LINE_VALUES",
    "INTERVAL_VALUES",
    "STATUSES",
    "ACCESS_KEYS",
    "ALWAYS_AVAILABLE_KEYS",
    "ACCESS_COMBINATIONS",
    "KEYNOTE355_CPS_CUTOFF",
    "ASCENT_MIN_PRIOR_CHEMO_LINES",
    "OLYMPIAD_MAX_PRIOR_CHEMO_LINES",
    "EMBRACE_PRIOR_REGIMENS",
    "BRANCH_KEYS",
    "PATHWAY_SOURCES",
    "CASE_PATHWAY_INPUTS",
    "CpsBand",
    "Branch",
    "Routing",
    "Modifier",
    "route_treatment",
    "case_route",
    "cps_band",
    "all_combinations",
    "marrow_failure_modifier",
]

GBRCA_VALUES = ("positive", "negative", "unknown")
HER2_VALUES = ("0", "low", "unknown")
#: KEYNOTE-355: overall-survival benefit was shown at CPS ≥ 10 (cortes2022kn355).
KEYNOTE355_CPS_CUTOFF = 10
#: ASCENT enrolled patients after at least two chemotherapies (bardia2021ascent).
ASCENT_MIN_PRIOR_CHEMO_LINES = 2
#: OlympiAD enrolled patients with at most two prior chemotherapy lines (robson2017olympiad).
OLYMPIAD_MAX_PRIOR_CHEMO_LINES = 2
#: EMBRACE enrolled patients after 2 to 5 regimens (cortes2011embrace).
EMBRACE_PRIOR_REGIMENS = (2, 5)

MET, NOT_MET, UNKNOWN, NOT_AVAILABLE = "met", "not met", "unknown", "not available"
#: Every status a branch can have.
STATUSES = (MET, NOT_MET, UNKNOWN, NOT_AVAILABLE)

BRANCH_KEYS = (
    "parp_inhibitor",
    "pembrolizumab_chemotherapy",
    "single_agent_chemotherapy",
    "sacituzumab_govitecan",
    "trastuzumab_deruxtecan",
    "eribulin",
)


class CpsBand(NamedTuple):
    """A PD-L1 CPS band of the lookup table and the CPS value that stands for it."""

    label: str
    value: float | None


#: The CPS bands of :func:`all_combinations`; ``value`` is the band's lowest CPS.
CPS_BANDS = (
    CpsBand("not tested", None),
    CpsBand("<1", 0),
    CpsBand("1 to <10", 1),
    CpsBand("≥10", KEYNOTE355_CPS_CUTOFF),
)
PRIOR_LINE_VALUES = (0, 1, 2, 3)
INTERVAL_VALUES = (True, False, None)

#: The branches whose drug can be marked as not available to the patient: the
#: biomarker- or trial-selected drugs.
ACCESS_KEYS = (
    "parp_inhibitor",
    "pembrolizumab_chemotherapy",
    "sacituzumab_govitecan",
    "trastuzumab_deruxtecan",
)
#: Chemotherapy, taken as always available: these cannot be marked unavailable.
ALWAYS_AVAILABLE_KEYS = ("single_agent_chemotherapy", "eribulin")
#: Every set of unavailable drugs, as :func:`all_combinations` walks them: each
#: :data:`ACCESS_KEYS` entry is one binary digit (available, then not), the first key
#: the most significant, so ``()`` comes first and all four unavailable last.
ACCESS_COMBINATIONS = tuple(
    tuple(key for key, off in zip(ACCESS_KEYS, bits, strict=True) if off)
    for bits in product((False, True), repeat=len(ACCESS_KEYS))
)


class Branch(NamedTuple):
    """One treatment branch and whether the inputs meet its eligibility.

    ``status`` is ``"met"``, ``"not met"``, ``"unknown"`` or ``"not available"``
    (eligibility met, drug not available to the patient); ``reason`` says why, for
    these inputs; ``to_order`` says what to order or check when the status is
    ``"unknown"`` (else it is empty).
    """

    key: str
    drug: str
    trials: tuple[str, ...]
    sources: tuple[str, ...]
    eligibility: str
    status: str
    reason: str
    to_order: str = ""

    @property
    def meets(self) -> bool | None:
        """Whether the eligibility is met: True if met (also when ``"not available"``),
        False if not, None if a missing result decides it."""
        return {MET: True, NOT_AVAILABLE: True, NOT_MET: False}.get(self.status)

    def to_dict(self) -> dict:
        d = self._asdict()
        d["trials"], d["sources"] = list(self.trials), list(self.sources)
        return d


class Routing(NamedTuple):
    """Every branch (in :data:`BRANCH_KEYS` order) for one set of inputs.

    ``route`` holds the keys of the branches that are met (a branch that is eligible
    but ``"not available"`` is not on it); ``to_order`` the distinct orders of the
    branches that are unknown; ``inputs`` the checked inputs, ``inputs["unavailable"]``
    a tuple of branch keys in :data:`ACCESS_KEYS` order.
    """

    inputs: dict
    branches: tuple[Branch, ...]

    @property
    def route(self) -> tuple[str, ...]:
        return tuple(b.key for b in self.branches if b.status == MET)

    @property
    def to_order(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.to_order for b in self.branches if b.to_order))

    def branch(self, key: str) -> Branch:
        for b in self.branches:
            if b.key == key:
                return b
        raise ValueError(f"no treatment branch {key!r}; known: {', '.join(BRANCH_KEYS)}")

    def to_dict(self) -> dict:
        """A JSON-ready dict: inputs, route, to_order and every branch."""
        inputs = dict(self.inputs)
        inputs["unavailable"] = list(inputs.get("unavailable", ()))
        return {
            "inputs": inputs,
            "route": list(self.route),
            "to_order": list(self.to_order),
            "branches": [b.to_dict() for b in self.branches],
        }


class Modifier(NamedTuple):
    """A consideration that changes how, not which, treatment is given."""

    label: str
    text: str
    sources: tuple[str, ...]


# --------------------------------------------------------------------------- input checks


def _choice(value: object, allowed: tuple[str, ...], quantity: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
        raise ValueError(f"{quantity} must be {options}, got {_show(value)}")
    return value


def _check_unavailable(unavailable: object) -> tuple[str, ...]:
    """The unavailable branch keys in :data:`ACCESS_KEYS` order, or ValueError."""
    if isinstance(unavailable, (str, bytes)) or not isinstance(
        unavailable, (tuple, list, set, frozenset)
    ):
        raise ValueError(
            "unavailable must be a tuple, list or set of branch keys (e.g. "
            f"('sacituzumab_govitecan',)), got {_show(unavailable)}"
        )
    for key in unavailable:
        if key in ALWAYS_AVAILABLE_KEYS:
            raise ValueError(
                f"{key!r} cannot be marked unavailable: chemotherapy is taken as always "
                f"available; only {', '.join(ACCESS_KEYS)} can be"
            )
        if not isinstance(key, str) or key not in ACCESS_KEYS:
            raise ValueError(
                f"unavailable names no treatment branch {_show(key)}; "
                f"it may hold {', '.join(ACCESS_KEYS)}"
            )
    return tuple(key for key in ACCESS_KEYS if key in unavailable)


def _check_inputs(gbrca, pdl1_cps, her2, prior_chemo_lines, interval, unavailable=()) -> dict:
    _choice(gbrca, GBRCA_VALUES, "gBRCA status")
    band = cps_band(pdl1_cps)  # checks the CPS
    _choice(her2, HER2_VALUES, "HER2 status")
    lines = prior_chemo_lines
    if isinstance(lines, bool) or not isinstance(lines, numbers.Integral) or lines < 0:
        raise ValueError(
            "prior chemotherapy lines for metastatic disease must be a whole number ≥ 0, "
            f"got {_show(lines)}"
        )
    if not (interval is None or isinstance(interval, bool)):
        raise ValueError(
            "disease-free interval ≥ 6 months must be True, False or None "
            f"(None: de novo metastatic disease), got {_show(interval)}"
        )
    return {
        "gbrca": gbrca,
        "pdl1_cps": pdl1_cps,
        "pdl1_cps_band": band,
        "her2": her2,
        "prior_chemo_lines": int(lines),
        "disease_free_interval_ge_6_months": interval,
        "unavailable": _check_unavailable(unavailable),
    }


def cps_band(pdl1_cps: float | None) -> str:
    """The :data:`CPS_BANDS` label of a CPS (None means not tested).

    >>> [cps_band(c) for c in (None, 0, 9.99, 10)]
    ['not tested', '<1', '1 to <10', '≥10']
    """
    if pdl1_cps is None:
        return CPS_BANDS[0].label
    _at_least(pdl1_cps, 0, "PD-L1 CPS", "")
    for band in reversed(CPS_BANDS[1:]):
        if pdl1_cps >= band.value:
            return band.label
    raise AssertionError("unreachable: CPS ≥ 0 is always in a band")  # pragma: no cover


# ------------------------------------------------------------------------------ branches


def _parp(i: dict) -> Branch:
    eligibility = (
        "A germline BRCA1 or BRCA2 mutation in HER2-negative metastatic breast cancer; "
        f"OlympiAD allowed at most {OLYMPIAD_MAX_PRIOR_CHEMO_LINES} prior chemotherapy lines "
        "and required an earlier anthracycline and taxane, EMBRACA an earlier anthracycline "
        "or taxane (given before or after the cancer spread)."
    )
    order = ""
    if i["gbrca"] == "positive":
        status, reason = MET, "Germline BRCA1/2 mutation present."
        if i["prior_chemo_lines"] > OLYMPIAD_MAX_PRIOR_CHEMO_LINES:
            reason += (
                f" {i['prior_chemo_lines']} prior lines is more than OlympiAD allowed "
                f"({OLYMPIAD_MAX_PRIOR_CHEMO_LINES})."
            )
    elif i["gbrca"] == "negative":
        status, reason = (
            NOT_MET,
            "No germline BRCA1/2 mutation: the PARP-inhibitor trials do not apply.",
        )
    else:
        status, reason = UNKNOWN, "Germline BRCA1/2 status is not known."
        order = "Order germline BRCA1/2 testing."
    return Branch(
        "parp_inhibitor",
        "PARP inhibitor (olaparib or talazoparib)",
        ("OlympiAD", "EMBRACA"),
        ("robson2017olympiad", "litton2018embraca"),
        eligibility,
        status,
        reason,
        order,
    )


def _interval_text(interval: bool | None) -> tuple[bool, str]:
    if interval is None:
        return True, (
            "The disease-free interval does not apply to de novo metastatic disease, "
            "so it is treated as eligible."
        )
    if interval:
        return True, "At least 6 months since curative treatment."
    return False, "Less than 6 months since curative treatment, which KEYNOTE-355 excluded."


def _pembrolizumab(i: dict) -> Branch:
    cps, lines = i["pdl1_cps"], i["prior_chemo_lines"]
    interval_ok, interval_text = _interval_text(i["disease_free_interval_ge_6_months"])
    eligibility = (
        f"PD-L1 CPS ≥ {KEYNOTE355_CPS_CUTOFF}, no prior chemotherapy for metastatic disease, "
        "and at least 6 months since curative treatment (KEYNOTE-355)."
    )
    order = ""
    if lines > 0:
        status = NOT_MET
        reason = f"{lines} prior chemotherapy line(s): KEYNOTE-355 was a first-line trial."
    elif not interval_ok:
        status, reason = NOT_MET, interval_text
    elif cps is None:
        status, reason = UNKNOWN, "PD-L1 CPS has not been tested. " + interval_text
        order = "Order PD-L1 testing with a combined positive score (CPS)."
    elif cps >= KEYNOTE355_CPS_CUTOFF:
        status = MET
        reason = f"CPS {cps:g} is ≥ {KEYNOTE355_CPS_CUTOFF}, first line. " + interval_text
    else:
        status = NOT_MET
        reason = (
            f"CPS {cps:g} is below {KEYNOTE355_CPS_CUTOFF}, the cut-off at which KEYNOTE-355 "
            "showed an overall-survival benefit."
        )
    return Branch(
        "pembrolizumab_chemotherapy",
        "Pembrolizumab with chemotherapy (nab-paclitaxel, paclitaxel or gemcitabine–carboplatin)",
        ("KEYNOTE-355",),
        ("cortes2020kn355", "cortes2022kn355"),
        eligibility,
        status,
        reason,
        order,
    )


def _single_agent(parp: Branch, pembro: Branch, unavailable: tuple[str, ...]) -> Branch:
    """Met when no *available* biomarker-selected option is met or could still be.

    ``parp`` and ``pembro`` already carry their access status: a pending (unknown)
    result counts only when its drug is available, since it could select nothing else.
    """
    eligibility = (
        "The default when no available biomarker-selected option (PARP inhibitor, "
        "pembrolizumab with chemotherapy) applies; no biomarker selects it."
    )
    order = ""
    selected = (parp, pembro)
    pending = [b for b in selected if b.status == UNKNOWN and b.key not in unavailable]
    if any(b.status == MET for b in selected):
        status = NOT_MET
        reason = "A biomarker-selected option applies (see the branches it is listed with)."
    elif pending:
        status = UNKNOWN
        reason = "It is the route only if the pending biomarker results select nothing else."
        order = "Await the pending biomarker results before settling on chemotherapy alone."
    elif any(b.status == NOT_AVAILABLE for b in selected):
        status = MET
        reason = (
            "No available biomarker-selected option applies: the patient is eligible for "
            "one, but its drug is not available to this patient."
        )
    elif any(b.status == UNKNOWN for b in selected):
        status = MET
        reason = (
            "No available biomarker-selected option applies: the pending result could "
            "select only a drug that is not available to this patient."
        )
    else:
        status = MET
        reason = "No biomarker-selected option applies to these inputs."
    return Branch(
        "single_agent_chemotherapy",
        "Single-agent chemotherapy (e.g. weekly paclitaxel)",
        ("CALGB 9840",),
        ("seidman2008calgb9840", "casereport"),
        eligibility,
        status,
        reason,
        order,
    )


def _sacituzumab(i: dict) -> Branch:
    lines = i["prior_chemo_lines"]
    if lines >= ASCENT_MIN_PRIOR_CHEMO_LINES:
        status, reason = MET, f"{lines} prior chemotherapies, at least the 2 ASCENT required."
    else:
        status = NOT_MET
        reason = f"{lines} prior chemotherapy line(s); ASCENT required at least 2."
    return Branch(
        "sacituzumab_govitecan",
        "Sacituzumab govitecan",
        ("ASCENT",),
        ("bardia2021ascent",),
        "Relapsed or refractory metastatic TNBC after at least 2 chemotherapies (ASCENT; "
        "its primary population had no brain metastases).",
        status,
        reason,
    )


def _trastuzumab_deruxtecan(i: dict) -> Branch:
    her2, lines = i["her2"], i["prior_chemo_lines"]
    caveat = " DESTINY-Breast04's hormone-receptor-negative cohort was small and exploratory."
    order = ""
    if lines < 1:
        status, reason = NOT_MET, "No prior chemotherapy for metastatic disease yet."
        if her2 == "unknown":
            reason += " Before a later line, ask whether the tumour is HER2-0 or HER2-low."
    elif her2 == "low":
        status, reason = MET, f"HER2-low after {lines} prior chemotherapy line(s)." + caveat
    elif her2 == "0":
        status, reason = NOT_MET, "HER2-0 (IHC 0), not HER2-low."
    else:
        status = UNKNOWN
        reason = "The report says only HER2-negative, which may be HER2-0 or HER2-low." + caveat
        order = "Ask pathology for the HER2 IHC score (0, 1+, or 2+ with negative ISH)."
    return Branch(
        "trastuzumab_deruxtecan",
        "Trastuzumab deruxtecan",
        ("DESTINY-Breast04",),
        ("modi2022destiny04",),
        "HER2-low (IHC 1+, or 2+ with negative ISH) metastatic breast cancer after prior "
        "chemotherapy (DESTINY-Breast04).",
        status,
        reason,
        order,
    )


def _eribulin(i: dict) -> Branch:
    lines = i["prior_chemo_lines"]
    low, high = EMBRACE_PRIOR_REGIMENS
    order = ""
    if not low <= lines <= high:
        status = NOT_MET
        reason = f"{lines} prior chemotherapy line(s); EMBRACE enrolled after {low} to {high}."
    else:
        status = UNKNOWN
        reason = (
            f"{lines} prior regimens is within {low} to {high}; these inputs do not record "
            "whether they included an anthracycline and a taxane."
        )
        order = "Check that the prior regimens included an anthracycline and a taxane."
    return Branch(
        "eribulin",
        "Eribulin",
        ("EMBRACE",),
        ("cortes2011embrace",),
        f"Metastatic breast cancer after {low} to {high} chemotherapy regimens including an "
        "anthracycline and a taxane (EMBRACE, a trial of all subtypes, not of TNBC alone).",
        status,
        reason,
        order,
    )


def _access(branch: Branch, unavailable: tuple[str, ...]) -> Branch:
    """``branch`` as it stands when the drugs in ``unavailable`` cannot be had.

    Met becomes ``"not available"``; not met and unknown keep their status (and what
    to order), with a sentence that the drug is not available either way.
    """
    if branch.key not in unavailable:
        return branch
    if branch.status == MET:
        return branch._replace(
            status=NOT_AVAILABLE,
            reason="Eligible but not available to this patient. " + branch.reason,
        )
    if branch.status == UNKNOWN:
        note = " Even if eligible, the drug is not available to this patient."
    else:
        note = " The drug is not available to this patient either."
    return branch._replace(reason=branch.reason + note)


# ------------------------------------------------------------------------------- routing


def route_treatment(
    gbrca: str,
    pdl1_cps: float | None,
    her2: str,
    prior_chemo_lines: int,
    disease_free_interval_ge_6_months: bool | None,
    *,
    unavailable: frozenset[str] | tuple[str, ...] = (),
) -> Routing:
    """Every treatment branch for metastatic TNBC, and whether these inputs meet it.

    ``gbrca``: ``'positive'``, ``'negative'`` or ``'unknown'`` (germline BRCA1/2).
    ``pdl1_cps``: PD-L1 combined positive score ≥ 0, or None if not tested.
    ``her2``: ``'0'``, ``'low'`` or ``'unknown'`` (HER2-negative, score not given).
    ``prior_chemo_lines``: chemotherapy lines already given for metastatic disease.
    ``disease_free_interval_ge_6_months``: True/False, or None for de novo metastatic
    disease (not applicable; treated as eligible for KEYNOTE-355).
    ``unavailable``: the branch keys whose drug the patient cannot get (e.g. not
    covered by insurance), any of :data:`ACCESS_KEYS` (a tuple, list or set).
    Chemotherapy is taken as always available, so ``single_agent_chemotherapy`` and
    ``eribulin`` are refused. A branch whose eligibility is met but whose drug is
    unavailable is ``"not available"`` and not on the route; single-agent
    chemotherapy becomes the route when no *available* biomarker-selected option
    (PARP inhibitor, pembrolizumab with chemotherapy) is met or still pending.

    Where several branches are met (e.g. gBRCA positive and CPS ≥ 10) all are in
    :attr:`Routing.route`. Bad input raises :class:`ValueError` with a sentence.

    >>> route_treatment("positive", 12, "0", 0, None).route
    ('parp_inhibitor', 'pembrolizumab_chemotherapy')
    >>> route_treatment("negative", 9.99, "0", 0, True).route
    ('single_agent_chemotherapy',)
    >>> route_treatment("unknown", None, "unknown", 0, None).to_order[:2]
    ('Order germline BRCA1/2 testing.', 'Order PD-L1 testing with a combined positive score (CPS).')
    >>> r = route_treatment("positive", 12, "0", 0, None, unavailable=("parp_inhibitor",))
    >>> r.route, r.branch("parp_inhibitor").status
    (('pembrolizumab_chemotherapy',), 'not available')
    >>> route_treatment("positive", 0, "0", 0, None, unavailable={"parp_inhibitor"}).route
    ('single_agent_chemotherapy',)
    """
    i = _check_inputs(
        gbrca,
        pdl1_cps,
        her2,
        prior_chemo_lines,
        disease_free_interval_ge_6_months,
        unavailable,
    )
    off = i["unavailable"]
    parp, pembro = _access(_parp(i), off), _access(_pembrolizumab(i), off)
    branches = (
        parp,
        pembro,
        _single_agent(parp, pembro, off),
        _access(_sacituzumab(i), off),
        _access(_trastuzumab_deruxtecan(i), off),
        _eribulin(i),
    )
    return Routing(i, branches)


#: The case's own inputs. The report gives BRCA1/2 mutation analysis as negative and
#: PD-L1 CPS 3; it says only "HER2 negative" (not 0 or low); treatment began at
#: diagnosis of de novo metastatic disease, with no prior chemotherapy.
CASE_PATHWAY_INPUTS = {
    "gbrca": "negative",
    "pdl1_cps": 3,
    "her2": "unknown",
    "prior_chemo_lines": 0,
    "disease_free_interval_ge_6_months": None,
}


def case_route() -> Routing:
    """The routing for the case's own inputs (:data:`CASE_PATHWAY_INPUTS`).

    >>> case_route().route
    ('single_agent_chemotherapy',)
    """
    return route_treatment(**CASE_PATHWAY_INPUTS)


def all_combinations() -> list[dict]:
    """The routing for every input combination of the lookup table, JSON-ready.

    The space is gBRCA × CPS band (:data:`CPS_BANDS`, each by its lowest value) ×
    HER2 × prior lines (:data:`PRIOR_LINE_VALUES`) × interval (True, False, None) ×
    access (:data:`ACCESS_COMBINATIONS`, the 16 sets of unavailable drugs):
    3 × 4 × 3 × 4 × 3 × 16 = 6912 entries, each ``Routing.to_dict()``, in
    :func:`itertools.product` order (access varies fastest).

    >>> table = all_combinations()
    >>> len(table), table[0]["inputs"]["unavailable"], table[15]["inputs"]["unavailable"][0]
    (6912, [], 'parp_inhibitor')
    """
    return [
        route_treatment(g, band.value, h, n, d, unavailable=off).to_dict()
        for g, band, h, n, d, off in product(
            GBRCA_VALUES,
            CPS_BANDS,
            HER2_VALUES,
            PRIOR_LINE_VALUES,
            INTERVAL_VALUES,
            ACCESS_COMBINATIONS,
        )
    ]


def marrow_failure_modifier() -> Modifier:
    """How marrow failure bears on the choice: the book's reasoning, not trial evidence."""
    return Modifier(
        label="The case book authors' reasoning, not trial evidence",
        text=(
            "No trial routes treatment on marrow failure, so it changes how chemotherapy "
            "is given rather than which branch applies. With the platelet count falling, "
            "a fast, adjustable, weekly regimen (as the case's weekly paclitaxel) lets each "
            "dose be held or reduced as counts change, with transfusion support. Whether "
            "marrow failure is a visceral crisis is the clinician's judgement: ESO-ESMO "
            "ABC4 defines visceral crisis as severe organ dysfunction, judged from signs, "
            "symptoms, laboratory studies and rapid progression, not the mere presence of "
            "visceral metastases; in TNBC, chemotherapy remains the standard response to it."
        ),
        sources=("cardoso2018abc4", "casereport"),
    )


#: Every BibTeX key this module cites (branches, then the marrow-failure modifier).
PATHWAY_SOURCES = tuple(
    dict.fromkeys(
        [key for branch in case_route().branches for key in branch.sources]
        + list(marrow_failure_modifier().sources)
    )
)
