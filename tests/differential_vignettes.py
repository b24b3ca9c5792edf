"""Teaching vignettes for the differential of thrombocytopenia, as plain data.

Each vignette is a textbook picture: the findings a student would choose on the page
(finding id -> option id of :mod:`casebook.differential`; anything left out is "not
known") and the cause that must then **lead alone**: the highest score, strictly,
among all causes that are not excluded, and a cause that can be called (plausible).

``source`` says where the expectation comes from: a BibTeX key of
``book/references.bib`` whose paper makes the claim, or ``"standard teaching"``
(general teaching knowledge, no entry in the book). Never the tool's own output.
``why`` says it in one or two sentences a student can check.

The list is importable on its own (no casebook import), so any test can reuse it,
e.g. a browser test that clicks the same findings.
"""

from __future__ import annotations

STANDARD = "standard teaching"

#: The case as the report states it before the marrow biopsy.
_CASE = {
    "platelet_count": "below_50",
    "platelet_fall": "over_half",
    "chemo_timing": "no_chemo_yet",
    "cancer": "solid_bone",
    "marrow_exam": "not_done",
}

#: The "normal screen" the page invites the student to try.
_NORMAL_SCREEN = {
    "blood_film": "normal",
    "coagulation": "normal",
    "spleen": "normal",
    "haemolysis": "absent",
    "citrate_count": "still_low",
}

VIGNETTES: list[dict] = [
    {
        "id": "case_without_screen",
        "title": "The case before any screen: count below 50, no chemotherapy, bone metastases",
        "findings": dict(_CASE),
        "leads": "marrow_infiltration",
        "source": "filanovsky2017",
        "why": "In patients with a solid tumour, a count below 50 x10^9/L was the strongest "
        "predictor of marrow metastasis (odds ratio about 14).",
    },
    {
        "id": "case_with_normal_screen",
        "title": "The case plus a normal film, clotting, spleen, no haemolysis, citrate still low",
        "findings": {**_CASE, **_NORMAL_SCREEN},
        "leads": "marrow_infiltration",
        "source": "filanovsky2017",
        "why": "Normal screening tests do not remove the strongest predictor (count below 50 "
        "with a solid tumour); ITP cannot be called before the marrow is examined.",
    },
    {
        "id": "classic_itp",
        "title": "Classic ITP: no cancer, isolated low count, normal film, clotting and spleen",
        "findings": {
            "platelet_count": "below_50",
            "other_counts": "normal",
            "citrate_count": "still_low",
            "chemo_timing": "no_chemo_yet",
            "heparin": "none",
            "other_drug": "none",
            "blood_film": "normal",
            "coagulation": "normal",
            "haemolysis": "absent",
            "alp_ldh": "normal",
            "spleen": "normal",
            "cancer": "none",
            "sepsis": "absent",
        },
        "leads": "itp",
        "source": STANDARD,
        "why": "ITP is isolated thrombocytopenia once the other causes have been excluded; "
        "without a cancer a typical picture does not need a marrow examination.",
    },
    {
        "id": "chemotherapy_nadir",
        "title": "A chemotherapy nadir: fall 7-14 days after a cycle, other counts low too",
        "findings": {
            "platelet_count": "from_50_to_150",
            "other_counts": "also_low",
            "citrate_count": "still_low",
            "chemo_timing": "at_nadir",
            "blood_film": "normal",
            "coagulation": "normal",
            "spleen": "normal",
            "cancer": "solid_no_bone",
        },
        "leads": "chemotherapy_induced",
        "source": STANDARD,
        "why": "A fall at the expected nadir after a cycle, affecting more than one cell line, "
        "is the commonest cause of a low count in a patient on chemotherapy.",
    },
    {
        "id": "overt_dic",
        "title": "Overt DIC in a patient with cancer: count below 50, DIC clotting pattern",
        "findings": {
            "platelet_count": "below_50",
            "citrate_count": "still_low",
            "blood_film": "schistocytes",
            "coagulation": "dic_pattern",
            "spleen": "normal",
            "cancer": "solid_no_bone",
            "sepsis": "absent",
        },
        "leads": "dic",
        "source": "taylor2001isth",
        "why": "With an underlying disorder, a count below 50 (2 points), a strongly raised "
        "D-dimer (3) and a prolonged PT (1 or 2) score at least 5 on the ISTH scale, which is "
        "compatible with overt DIC.",
    },
    {
        "id": "ttp",
        "title": "TTP: schistocytes and haemolysis with normal clotting tests",
        "findings": {
            "platelet_count": "below_50",
            "citrate_count": "still_low",
            "blood_film": "schistocytes",
            "haemolysis": "present",
            "coagulation": "normal",
        },
        "leads": "ttp_tma",
        "source": STANDARD,
        "why": "Fragmented red cells and haemolysis with normal clotting tests are the picture "
        "of a thrombotic microangiopathy, and normal clotting argues against DIC.",
    },
    {
        "id": "hit",
        "title": "HIT: heparin 5-10 days before, fall of more than half, new thrombosis",
        "findings": {
            "platelet_count": "from_50_to_150",
            "platelet_fall": "over_half",
            "heparin": "recent",
            "thrombosis": "new",
            "blood_film": "normal",
        },
        "leads": "hit",
        "source": STANDARD,
        "why": "Timing 5-10 days after heparin, a fall of more than half and a new thrombosis "
        "are three of the 4Ts that make HIT likely.",
    },
    {
        "id": "edta_pseudothrombocytopenia",
        "title": "EDTA pseudothrombocytopenia: clumps on the film, normal count in citrate",
        "findings": {
            "platelet_count": "below_50",
            "other_counts": "normal",
            "blood_film": "platelet_clumps",
            "citrate_count": "normal",
        },
        "leads": "pseudothrombocytopenia",
        "source": STANDARD,
        "why": "Clumped platelets on the film with a normal count in a citrate tube show the "
        "low EDTA count is a laboratory artefact.",
    },
    {
        "id": "hypersplenism",
        "title": "Hypersplenism: enlarged spleen and a moderately low count",
        "findings": {
            "platelet_count": "from_50_to_150",
            "citrate_count": "still_low",
            "spleen": "enlarged",
            "blood_film": "normal",
            "coagulation": "normal",
        },
        "leads": "hypersplenism",
        "source": STANDARD,
        "why": "A large spleen pools platelets and typically lowers the count only moderately; "
        "an enlarged spleen points away from ITP.",
    },
    {
        "id": "sepsis",
        "title": "Sepsis: infection with organ dysfunction, clotting tests normal so far",
        "findings": {
            "platelet_count": "from_50_to_150",
            "citrate_count": "still_low",
            "sepsis": "present",
            "coagulation": "normal",
            "heparin": "none",
            "other_drug": "none",
        },
        "leads": "sepsis",
        "source": STANDARD,
        "why": "Sepsis lowers platelets by consumption and marrow suppression even before "
        "overt DIC develops.",
    },
    {
        "id": "drug_induced_quinine",
        "title": "Drug-induced immune thrombocytopenia: a new drug such as quinine, no heparin",
        "findings": {
            "platelet_count": "below_50",
            "other_counts": "normal",
            "citrate_count": "still_low",
            "heparin": "none",
            "other_drug": "new_drug",
            "blood_film": "normal",
            "coagulation": "normal",
            "cancer": "none",
        },
        "leads": "drug_induced",
        "source": STANDARD,
        "why": "An isolated, often severe fall days after starting a drug known to cause "
        "immune thrombocytopenia points to that drug; ITP is what remains once it is stopped "
        "and the count does not recover.",
    },
]
