"""Facts the front pages state: the landing page and the data page."""

from __future__ import annotations

from casebook.data import Case
from casebook.facts.common import Facts, platelet_fall_facts, platelets

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
