"""The appraisal chapter's data: the case report against the CARE checklist, and the
inconsistencies a careful reader finds in it, each with where the book deals with it.

Two kinds of frozen record, held here as data rather than typed into the page:

- :class:`CareItem`, one per item of the CARE checklist for case reports (Gagnier 2013,
  ``gagnier2013care``): what the item asks, the report's status on it and the evidence;
- :class:`Inconsistency`, one per problem a careful reader spots, with why it matters,
  how the book handled it and the page and section that do so.

Evidence texts that mention a patient value hold a ``{fact_name}`` placeholder, never the
value itself: :func:`care_frame` and :func:`inconsistency_frame` fill them from the
chapter's facts (:func:`casebook.facts.appraisal_facts`), so they follow ``data/``.
Display only below that: the two HTML tables the page shows.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from docutils.nodes import make_id

from casebook import tables

__all__ = [
    "CARE_ITEMS",
    "CARE_ITEM_NAMES",
    "INCONSISTENCIES",
    "STATUSES",
    "CareItem",
    "Inconsistency",
    "care_frame",
    "care_table_html",
    "fill",
    "inconsistency_frame",
    "inconsistency_table_html",
    "status_counts",
]

#: The four statuses an item can have. "cannot tell": our copy of the report lacks the
#: part of a published article where the item would be (title page, end matter).
STATUSES: tuple[str, ...] = ("present", "partial", "missing", "cannot tell")

#: The 13 items of the CARE checklist, in its order (Gagnier 2013, Table 1).
CARE_ITEM_NAMES: tuple[str, ...] = (
    "Title",
    "Keywords",
    "Abstract",
    "Introduction",
    "Patient information",
    "Clinical findings",
    "Timeline",
    "Diagnostic assessment",
    "Therapeutic intervention",
    "Follow-up and outcomes",
    "Discussion",
    "Patient perspective",
    "Informed consent",
)


def _check_text(owner: str, **fields: str) -> None:
    for name, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{owner}: {name} must be a sentence, got {value!r}")


@dataclass(frozen=True)
class CareItem:
    """One CARE item and how the report meets it (``{fact}`` placeholders allowed in
    ``evidence``)."""

    number: int  # 1-13, the item's number in the checklist
    item: str  # the item's name, as CARE_ITEM_NAMES spells it
    asks: str  # what CARE asks for, in our words
    status: str  # one of STATUSES
    evidence: str  # what our copy of the report has or lacks
    locator: str  # where in the report (or where it would be)

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or not 1 <= self.number <= len(CARE_ITEM_NAMES):
            raise ValueError(
                f"a CARE item number must be a whole number from 1 to {len(CARE_ITEM_NAMES)}, "
                f"got {self.number!r}"
            )
        expected = CARE_ITEM_NAMES[self.number - 1]
        if self.item != expected:
            raise ValueError(f"CARE item {self.number} is called {expected!r}, got {self.item!r}")
        if self.status not in STATUSES:
            raise ValueError(
                f"CARE item {self.number} ({self.item}): the status must be one of "
                f"{', '.join(STATUSES)}; got {self.status!r}"
            )
        _check_text(
            f"CARE item {self.number} ({self.item})",
            asks=self.asks,
            evidence=self.evidence,
            locator=self.locator,
        )


@dataclass(frozen=True)
class Inconsistency:
    """A problem a careful reader finds in the report, and where the book handles it."""

    key: str  # a short, stable name (tests and guards use it)
    what: str  # the problem, in a few words
    where: str  # locator in the report
    detail: str  # what the report says ({fact} placeholders allowed)
    why: str  # why it matters ({fact} placeholders allowed)
    handled: str  # how the book handled it
    page: str  # the book page that handles it, as in _toc.yml ("book/therapy")
    section: str  # the heading of the section on that page, exactly as written
    sources: tuple[str, ...] = ()  # BibTeX keys behind "why" (book/references.bib)
    authors_claim: bool = False  # a figure that could not be traced: the authors' claim

    def __post_init__(self) -> None:
        owner = f"inconsistency {self.key!r}"
        _check_text(
            owner,
            key=self.key,
            what=self.what,
            where=self.where,
            detail=self.detail,
            why=self.why,
            handled=self.handled,
            page=self.page,
            section=self.section,
        )
        if not self.page.startswith("book/") or self.page.endswith(".md"):
            raise ValueError(
                f"{owner}: the page must be written as in _toc.yml (e.g. 'book/therapy'), "
                f"got {self.page!r}"
            )

    @property
    def href(self) -> str:
        """The link from the appraisal page (both pages sit in ``book/``)."""
        return f"{self.page.removeprefix('book/')}.html#{make_id(self.section)}"


CARE_ITEMS: tuple[CareItem, ...] = (
    CareItem(
        1,
        "Title",
        "The words 'case report' and the phenomenon of greatest interest in the title.",
        "cannot tell",
        "Our copy of the report has no title page: no title, authors or journal.",
        "none in our copy",
    ),
    CareItem(
        2,
        "Keywords",
        "Two to five words naming the key elements of the case.",
        "cannot tell",
        "Our copy carries no keywords; a journal would print them with the title or abstract.",
        "none in our copy",
    ),
    CareItem(
        3,
        "Abstract",
        "What the case adds; the main symptoms, findings, diagnoses, interventions and "
        "outcomes; the take-away lesson.",
        "partial",
        "An unheaded opening paragraph gives the rarity, the thrombocytopenia, the marrow "
        "biopsy, both drugs and a lesson, but its only outcome is 'significant symptom "
        "control': the progression, the malnutrition and the refeeding syndrome that ended "
        "chemotherapy are left out.",
        "opening paragraph (unheaded)",
    ),
    CareItem(
        4,
        "Introduction",
        "A brief background to the case, referencing the relevant literature.",
        "present",
        "A background on metastatic breast cancer and marrow metastasis, with numbered "
        "references; two of its figures could not be traced, and our copy does not list "
        "the references.",
        "Introduction",
    ),
    CareItem(
        5,
        "Patient information",
        "Demographics; the main symptoms; medical, family and psychosocial history, "
        "including diet, lifestyle and genetics; past interventions.",
        "partial",
        "Age, sex, ethnicity, no past illness, no family history of cancer, the presenting "
        "lump and a BRCA1/2 result are given; psychosocial history, diet, lifestyle, "
        "menopausal status, height and performance status are not.",
        "Case report section, opening sentences",
    ),
    CareItem(
        6,
        "Clinical findings",
        "The relevant physical examination findings.",
        "present",
        "The breast mass, the red skin and the enlarged axillary nodes, with a photograph; "
        "but the text gives the mass as {mass_size_text} and the Figure 1 legend as "
        "{mass_legend_size_text}.",
        "Case report section (physical exam); Figure 1 legend (A)",
    ),
    CareItem(
        7,
        "Timeline",
        "The important dates and times of the case, as a table or figure.",
        "missing",
        "No timeline table or figure; the text states only {n_events_dated} full dates of "
        "events, and a few months, so most of the course cannot be dated.",
        "whole report",
    ),
    CareItem(
        8,
        "Diagnostic assessment",
        "Diagnostic methods; diagnostic challenges; the reasoning, with other diagnoses "
        "considered; prognostic characteristics such as stage.",
        "partial",
        "Biopsies, immunohistochemistry, MRI, CT, a whole-body scan, the marrow biopsy, "
        "BRCA and PD-L1 are described. Immune thrombocytopenia and hypersplenism are named as "
        "differentials, but no test that would exclude them (blood film, clotting screen) "
        "is reported, and no formal stage is given.",
        "Case report section; Discussion, para 1",
    ),
    CareItem(
        9,
        "Therapeutic intervention",
        "The types of intervention; their administration (dose, strength, duration); "
        "changes, with the reasons.",
        "partial",
        "Drugs, schedules and the reason for the switch to eribulin are given, but both "
        "doses are flat ({pac_dose_text}; {eri_dose_text}) with no height or BSA, the "
        "'unit' of platelets is not defined, and the denosumab and TPO-receptor agonist "
        "doses and dates are missing.",
        "Case report section (regimens, thrombocytopenia management)",
    ),
    CareItem(
        10,
        "Follow-up and outcomes",
        "Clinician- and patient-assessed outcomes; important follow-up test results; "
        "adherence and tolerability; adverse and unanticipated events.",
        "partial",
        "Sizes of the breast mass, a platelet and CA125 figure without numbers, the weight "
        "loss, the refeeding syndrome and a last contact in {contact_month} are given; how "
        "the mass was measured, chemotherapy toxicity and any patient-assessed outcome are "
        "not.",
        "Case report section; Figure 4 legend; Supplementary Figure 2 legend",
    ),
    CareItem(
        11,
        "Discussion",
        "Strengths and limitations of the approach; the relevant literature; the rationale "
        "for conclusions, including cause and effect; the take-away lessons.",
        "partial",
        "A long review of the literature, the reasons for each treatment choice and the "
        "lessons; the lack of nutritional management is admitted, but the strengths and "
        "limitations of the report are not discussed, and the platelet recovery is credited "
        "to the tumour's response without weighing the transfusions and TPO-receptor "
        "agonists.",
        "Discussion, paras 1-4; Conclusion",
    ),
    CareItem(
        12,
        "Patient perspective",
        "The patient's own perspective or experience, whenever possible.",
        "missing",
        "Nothing in her words: the only sign of her view is that she 'reported a stable "
        "condition' at the last contact.",
        "Case report section, last sentence",
    ),
    CareItem(
        13,
        "Informed consent",
        "Whether the patient gave informed consent (provided if the journal asks).",
        "cannot tell",
        "Our copy has no consent statement; journals often print it in the end matter, "
        "which our copy lacks, so its absence here does not show that consent was not given.",
        "none in our copy",
    ),
)


INCONSISTENCIES: tuple[Inconsistency, ...] = (
    Inconsistency(
        "mass_size",
        "Two sizes for the breast mass at presentation",
        "Case report section (physical exam); Figure 1 legend (A)",
        "The text gives {mass_size_text}; the Figure 1 legend gives {mass_legend_size_text}.",
        "The baseline of every response call. The longest diameter, {mass_longest_mm:.0f} mm, "
        "is the same in both, so RECIST's sum does not change; the WHO product of two "
        "diameters does.",
        "The data keep the text's size and the legend's beside it (assumption A15); the "
        "therapy chapter works the WHO response out with both.",
        "book/therapy",
        "Response: what RECIST 1.1 counts",
        ("eisenhauer2009recist", "miller1981who"),
    ),
    Inconsistency(
        "figure1_panels",
        "Figure 1 panel letters differ between text and legend",
        "Case report section (staging); Figure 1 legend (C, D)",
        "The text puts the vertebral lesions in panel C and the liver in panel D; the legend "
        "does the reverse.",
        "A reader matching words to images looks at the wrong panel, and it shows that text "
        "and figures were not checked against each other.",
        "The presentation chapter points it out and names each scan by what it shows, not "
        "by its letter.",
        "book/presentation",
        "Staging: what the scans show, and what they leave out",
        ("casereport",),
    ),
    Inconsistency(
        "liver_response",
        "The liver response: slight in the text, significant in a legend",
        "Case report section (response to eribulin); Supplementary Figure 2 legend (C)",
        "The text says the liver metastases shrank slightly; the legend of the same CT says "
        "the liver mass was significantly reduced.",
        "The size of the response outside the breast cannot be judged, and the report gives "
        "no liver measurements to settle it.",
        "The course page notes the disagreement where the timeline reaches eribulin.",
        "book/course",
        "The whole case on one timeline",
        ("casereport",),
    ),
    Inconsistency(
        "scent",
        "'SCENT' for ASCENT",
        "Discussion, para 2 (its reference 10)",
        "Sacituzumab govitecan's trial is called 'SCENT'.",
        "A reader cannot find a trial under a wrong name. ASCENT's primary analysis left out "
        "brain metastases, and it enrolled patients after at least two earlier "
        "chemotherapies.",
        "The therapy chapter names it ASCENT, quotes its results and shows that at the "
        "switch she was not yet in its population.",
        "book/therapy",
        "Reading the trials",
        ("bardia2021ascent",),
    ),
    Inconsistency(
        "doses",
        "Flat doses, an unstated salt, ambiguous cycles",
        "Case report section (regimens; response after the first cycles)",
        "Paclitaxel {pac_dose_text} and eribulin {eri_dose_text} are given in mg with no "
        "height or BSA; eribulin's salt or base is not stated; '{pac_cycles_before_response} "
        "cycles' of a weekly drug may mean weekly doses or four-week cycles.",
        "Standard doses are per m² of body-surface area, so a flat dose cannot be checked "
        "without a height; the meaning of a cycle decides when the response was assessed.",
        "The therapy chapter finds the BSA at which each flat dose meets the standard and "
        "lets the reader choose a height; the timeline reads the cycles as weekly doses "
        "(assumption A02).",
        "book/therapy",
        "The doses: flat, in mg",
        ("seidman2008calgb9840", "cortes2011embrace"),
    ),
    Inconsistency(
        "kn355_hr",
        "An untraceable KEYNOTE-355 hazard ratio",
        "Discussion, para 2 (its reference 9)",
        "A hazard ratio of {kn355_authors_hr_text} is quoted for 1 ≤ CPS < 10, with no "
        "endpoint named.",
        "The book could not trace it to any KEYNOTE-355 paper or presentation; the published "
        "exploratory CPS 1–9 figures are {kn355_pfs_cps1_9_hr_text} (progression-free "
        "survival) and {kn355_os_cps1_9_hr_text} (overall survival).",
        "The therapy chapter quotes it as the authors' claim, drawn apart on the forest plot, "
        "beside the published figures.",
        "book/therapy",
        "Reading the trials",
        ("cortes2021sabcs", "cortes2022kn355"),
        authors_claim=True,
    ),
    Inconsistency(
        "prevalence",
        "Two untraceable prevalence figures",
        "Introduction (its references 3 and 4)",
        "Up to 68.8 % of women with metastatic breast cancer develop bone metastases, and "
        "symptomatic marrow metastasis makes up 2.1 % of cases.",
        "Neither could be traced, our copy lists no references, and the 2.1 % has no stated "
        "denominator; published figures put bone involvement at about 65–75 % of advanced "
        "breast cancer.",
        "The marrow chapter quotes both as the authors' claims, beside published series.",
        "book/marrow",
        "How rare, and how grave",
        ("coleman2006", "gong2018bone", "yang2022bmm"),
        authors_claim=True,
    ),
    Inconsistency(
        "transfusion",
        "A high transfusion trigger, and TPO-receptor agonists outside their trials",
        "Case report section (thrombocytopenia management)",
        "Platelets ({transfusion_dose_text}, a unit never defined) were given below "
        "{trigger_10e9_per_l:.0f} ×10⁹/L, with hetrombopag and romiplostim.",
        "AABB's threshold for prophylaxis is {aabb_threshold_10e9_per_l:.0f} ×10⁹/L and the "
        "report gives no reason for a higher one; the romiplostim trial studied "
        "chemotherapy-induced thrombocytopenia, not a marrow full of tumour.",
        "The therapy chapter sets the trigger against AABB and ASCO and calls the "
        "TPO-receptor agonists an extrapolation; the course page draws the trigger on the "
        "platelet chart.",
        "book/therapy",
        "Supportive care when the marrow is failing",
        ("kaufman2015aabb", "schiffer2018asco", "soff2019romiplostim"),
    ),
    Inconsistency(
        "ca125",
        "CA125 followed, not CA15-3 or CEA",
        "Case report section (response); Figure 4 legend",
        "The response is supported by a gradual fall in CA125.",
        "ASCO does not endorse CA125 in metastatic breast cancer and allows CA15-3, CA27-29 "
        "and CEA only beside imaging; in one small series CA125 rose mainly with pleural or "
        "lung disease.",
        "The course page draws the CA125 trend as a reconstruction, without units, and asks "
        "why it was chosen.",
        "book/course",
        "Reading the lab curves against the timeline",
        ("vanpoznak2015asco", "jager1994ca125"),
    ),
    Inconsistency(
        "recist",
        "'RECIST 1.1' with no stated imaging",
        "Case report section (progression on continued paclitaxel)",
        "The mass grew from {mass_after_pac_text} to {mass_pd_text}, called progressive "
        "disease by RECIST 1.1, with no method of measurement and no other lesion measured.",
        "RECIST sums up to five target lesions measured the same way each time, on CT or MRI "
        "where possible; one lesion of unstated method cannot show its definition was met.",
        "The therapy chapter computes the call on the one lesion and shows, with invented "
        "liver lesions, how other targets could change it.",
        "book/therapy",
        "Response: what RECIST 1.1 counts",
        ("eisenhauer2009recist",),
    ),
    Inconsistency(
        "figure4",
        "Figure 4 published only as an image",
        "Figure 4 legend",
        "Platelets and CA125 over the treatment are drawn with no numbers; the text gives "
        "{n_plt_reported} platelet counts and no CA125 value.",
        "No value can be read off an image, so any curve between the reported counts is a "
        "reconstruction.",
        "The course page draws reported values filled and reconstructed ones hollow, and "
        "nothing after paclitaxel, where the report is silent.",
        "book/course",
        "Reading the lab curves against the timeline",
        ("casereport",),
    ),
    Inconsistency(
        "analogies",
        "Mechanisms shown in other cancers",
        "Discussion, para 3 (the mechanisms paragraph)",
        "Cancer cells are said to occupy the stem-cell niche of the marrow and then grow or "
        "lie dormant.",
        "Niche competition was shown for prostate cancer in mice, and the bone-and-tumour "
        "model the book runs was built for myeloma: analogies, not breast-cancer evidence.",
        "The mechanisms chapter labels both as analogies where it uses them.",
        "book/mechanisms",
        "From the breast to the marrow",
        ("shiozawa2011", "ayati2010"),
    ),
)


def fill(template: str, facts: Mapping[str, Any]) -> str:
    """``template`` with its ``{fact}`` placeholders filled from ``facts`` (ValueError
    naming a placeholder the facts do not have)."""
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = sorted(names - set(facts))
    if missing:
        raise ValueError(f"the text needs the fact(s) {', '.join(missing)}: {template!r}")
    return template.format_map(facts)


def status_counts(items: tuple[CareItem, ...] = CARE_ITEMS) -> dict[str, int]:
    """How many items have each status, in the order of STATUSES."""
    return {s: sum(i.status == s for i in items) for s in STATUSES}


def care_frame(facts: Mapping[str, Any], items: tuple[CareItem, ...] = CARE_ITEMS) -> pd.DataFrame:
    """The CARE table: one row per item, in checklist order, evidence filled from ``facts``."""
    return pd.DataFrame(
        {
            "#": [i.number for i in items],
            "CARE item": [i.item for i in items],
            "What CARE asks": [i.asks for i in items],
            "Status": [i.status for i in items],
            "What our copy has or lacks": [fill(i.evidence, facts) for i in items],
            "Where": [i.locator for i in items],
        }
    )


def inconsistency_frame(
    facts: Mapping[str, Any], items: tuple[Inconsistency, ...] = INCONSISTENCIES
) -> pd.DataFrame:
    """One row per inconsistency, texts filled from ``facts``; ``href`` is the link target."""
    return pd.DataFrame(
        {
            "#": range(1, len(items) + 1),
            "What": [i.what + (" (the authors' claim)" if i.authors_claim else "") for i in items],
            "Where in the report": [i.where for i in items],
            "What the report says": [fill(i.detail, facts) for i in items],
            "Why it matters": [fill(i.why, facts) for i in items],
            "How the book handled it": [i.handled for i in items],
            "See": [f"{i.page.removeprefix('book/').capitalize()}: {i.section}" for i in items],
            "href": [i.href for i in items],
        }
    )


def care_table_html(facts: Mapping[str, Any]) -> str:
    """The CARE table as the page shows it: four columns (the locator joins the evidence),
    so it reads on a narrow page."""
    frame = care_frame(facts)
    shown = pd.DataFrame(
        {
            "CARE item": [f"{n}. {i}" for n, i in zip(frame["#"], frame["CARE item"], strict=True)],
            "What CARE asks": frame["What CARE asks"],
            "Status": frame["Status"],
            "What our copy has or lacks": [
                f"{e} Where: {w}."
                for e, w in zip(frame["What our copy has or lacks"], frame["Where"], strict=True)
            ],
        }
    )
    counts = ", ".join(f"{n} {s}" for s, n in status_counts().items())
    return tables.scroll_table(
        shown,
        caption="The case report against the 13 items of the CARE checklist",
        after=f"Statuses: {counts}. 'Cannot tell': our copy lacks the part of the "
        "article where the item would be.",
    )


def inconsistency_table_html(facts: Mapping[str, Any]) -> str:
    """The inconsistencies as the page shows them (four columns), each linked to the
    section of the book that deals with it."""
    frame = inconsistency_frame(facts)
    shown = pd.DataFrame(
        {
            "Problem, and where in the report": [
                f"{w}. Where: {r}."
                for w, r in zip(frame["What"], frame["Where in the report"], strict=True)
            ],
            "What the report says, and why it matters": [
                f"{d} {y}"
                for d, y in zip(frame["What the report says"], frame["Why it matters"], strict=True)
            ],
            "How the book handled it": frame["How the book handled it"],
            "See": frame["See"],
            "href": frame["href"],
        }
    )
    return tables.linked_table(
        shown,
        link_column="See",
        href_column="href",
        caption="What a careful reader finds, and where this book deals with it",
    )
