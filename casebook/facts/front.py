"""Facts the front pages state: the landing page and the data page."""

from __future__ import annotations

from casebook.data import Case
from casebook.facts.common import Facts, platelet_fall_facts, platelets
from casebook.facts.course import course_facts
from casebook.facts.therapy import therapy_facts

#: The therapy facts the case-at-a-glance page states beside the course's.
GLANCE_THERAPY_KEYS = (
    "cps",
    "brca_negative",
    "her2_score_reported",
    "pac_recist",
    "pd_recist",
    "eri_recist",
    "pac_decrease_pct",
    "eri_decrease_pct",
)

#: The tables the data page shows, with their headings (assumptions have their own section).
DATA_PAGE_TABLES: dict[str, str] = {
    "patient": "Patient",
    "labs": "Laboratory values",
    "events": "Events",
    "lesions": "Lesion measurements",
    "weights": "Body weight",
    "pathology": "Pathology and biomarkers",
}


def intro_facts(case: Case) -> Facts:
    """The landing page's hook: the patient and the fall of her platelet count."""
    return platelet_fall_facts(case)


def glance_facts(case: Case) -> Facts:
    """The case-at-a-glance page: the whole course, stage by stage, with the response
    calls and the biomarkers that routed treatment (computed where the chapters compute
    them: :func:`course_facts` and :func:`therapy_facts`)."""
    facts = dict(course_facts(case))
    therapy = therapy_facts(case)
    facts.update({key: therapy[key] for key in GLANCE_THERAPY_KEYS})
    return facts


def data_facts(case: Case) -> Facts:
    """How many rows the data page's tables hold, and how many are reported."""
    tables = [getattr(case, name) for name in DATA_PAGE_TABLES]
    total = sum(len(t) for t in tables)
    reported = sum(int((t["provenance"] == "reported").sum()) for t in tables)
    ca125 = case.labs[case.labs["analyte"] == "ca125_relative"]
    plt = platelets(case)
    recheck = platelet_fall_facts(case)["plt_second_date"]
    return {
        "n_tables": len(tables),
        "n_rows": total,
        "n_reported": reported,
        "n_reconstructed": total - reported,
        "n_assumptions": len(case.assumptions),
        "ca125_any_reported": bool((ca125["provenance"] == "reported").any()),
        "plt_after_recheck_all_reconstructed": bool(
            (plt.loc[plt["date"] > recheck, "provenance"] == "reconstructed").all()
        ),
    }


def howmade_facts(case: Case) -> Facts:
    """The how-this-book-was-made page: the data page's counts, and the two silences it
    names (no height; no platelet count after the first line)."""
    course = course_facts(case)
    return {
        **data_facts(case),
        "height_reported": "height_cm" in case.patient.columns,
        "plt_only_during_pac": course["plt_only_during_pac"],
    }
