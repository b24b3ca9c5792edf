"""Facts the course page states: the whole-case timeline, the lab curves, doses and sizes.

The response calls (RECIST) and the doses per m² belong to the therapy chapter
(:mod:`casebook.facts.therapy`); this page states the sizes and doses only as reported.

The page (``book/course.md``, "The course at a glance") is read after the chapters: it
shows the whole story at once, so its facts span every line of therapy.
"""

from __future__ import annotations

import pandas as pd

from casebook import clinical
from casebook.data import Case
from casebook.dates import month_year
from casebook.facts.common import Facts, event, events_of_kind, platelet_fall_facts, platelets
from casebook.facts.therapy import mass_size_facts
from casebook.timeline import therapy_lines

#: Events the page's quiz on dates asks about (ids of events.csv).
MARROW_BIOPSY_EVENT = "E08"
RESPONSE_EVENT = "E17"  # the assessment after the first paclitaxel cycles
PROGRESSION_EVENT = "E18"


def dose_facts(case: Case, lines: pd.DataFrame) -> Facts:
    """The two lines of therapy: dates, doses and cycles (the therapy chapter checks the
    doses against mg/m²: :mod:`casebook.facts.therapy`).

    ``lines`` is :func:`casebook.timeline.therapy_lines` indexed by line number.
    """
    pac, eri = lines.loc[1], lines.loc[2]
    visit = events_of_kind(case, "visit").iloc[0]
    weights = case.weights.sort_values("date")
    w_start, w_end = float(weights["weight_kg"].iloc[0]), float(weights["weight_kg"].iloc[-1])
    return {
        "visit_date": visit["date"],
        "visit_locator": visit["locator"],
        "n_lines": len(lines),
        "pac_start_date": pac["start"],
        "pac_start_date_provenance": pac["start_date_provenance"],
        "pac_end_date": pac["end"],
        "pac_start_after_visit_days": int((pac["start"] - visit["date"]).days),
        "pac_dose_text": pac["dose"],
        "pac_dose_mg": float(pac["dose_value"]),
        "pac_cycles_before_response": int(event(case, RESPONSE_EVENT)["cycles"]),
        "eri_start_date": eri["start"],
        "eri_start_date_provenance": eri["start_date_provenance"],
        "eri_dose_text": eri["dose"],
        "eri_dose_mg": float(eri["dose_value"]),
        "eri_cycles": int(eri["cycles"]),
        "weight_start_kg": w_start,
        "weight_end_kg": w_end,
        "weight_loss_pct": -clinical.percent_change(w_start, w_end),
        "weight_end_month": month_year(weights["date"].iloc[-1]),
    }


def transfusion_facts(case: Case, pac_end: pd.Timestamp) -> Facts:
    """Transfusions, the case's trigger against AABB's, and the platelet series' provenance
    (``pac_end``: the end of paclitaxel, after which the report says nothing on platelets)."""
    plt = platelets(case)
    tx = events_of_kind(case, "transfusion")
    trigger = clinical.case_trigger(case.transfusion_trigger_10e9_per_l)
    below = plt[[trigger.applies(v) for v in plt["value"]]]
    return {
        "transfusion_dose_text": tx["dose"].iloc[0],
        "n_transfusions": len(tx),
        "transfusions_all_reconstructed": bool((tx["provenance"] == "reconstructed").all()),
        "trigger_10e9_per_l": trigger.platelets_10e9_per_l,
        "aabb_threshold_10e9_per_l": clinical.transfusion_threshold(
            "aabb_prophylaxis"
        ).platelets_10e9_per_l,
        "n_plt_below_trigger": len(below),
        "n_plt_below_trigger_reported": int((below["provenance"] == "reported").sum()),
        "last_below_trigger_date": below["date"].max(),
        "n_plt": len(plt),
        "n_plt_reported": int((plt["provenance"] == "reported").sum()),
        "n_plt_reconstructed": int((plt["provenance"] == "reconstructed").sum()),
        # Nothing is drawn where the report is silent: no platelet value after paclitaxel.
        "n_plt_after_pac": int((plt["date"] > pac_end).sum()),
        "plt_only_during_pac": bool(plt["date"].max() <= pac_end),
        "plt_last_month": month_year(plt["date"].max()),
    }


def record_facts(case: Case, pac_end: pd.Timestamp) -> Facts:
    """The timeline as a record: dated events, CA125 rows, and the dates the quiz asks about."""
    ca = case.labs[case.labs["analyte"] == "ca125_relative"]
    visit, contact = events_of_kind(case, "visit").iloc[0], events_of_kind(case, "outcome").iloc[-1]
    quiz = {
        name: event(case, eid)
        for name, eid in [
            ("marrow_biopsy", MARROW_BIOPSY_EVENT),
            ("progression", PROGRESSION_EVENT),
        ]
    }
    return {
        "n_events": len(case.events),
        "n_events_dated": int((case.events["date_provenance"] == "reported").sum()),
        "n_events_derived": int((case.events["date_provenance"] == "derived").sum()),
        "contact_month": month_year(contact["date"]),
        "months_total": (contact["date"].year - visit["date"].year) * 12
        + contact["date"].month
        - visit["date"].month,
        "n_ca125": len(ca),
        "ca125_lowest_ratio": float(ca["value"].min()),
        "ca125_all_reconstructed": bool((ca["provenance"] == "reconstructed").all()),
        "ca125_only_during_pac": bool(ca["date"].max() <= pac_end),
        "marrow_biopsy_date": quiz["marrow_biopsy"]["date"],
        "marrow_biopsy_date_provenance": quiz["marrow_biopsy"]["date_provenance"],
        "progression_date": quiz["progression"]["date"],
        "progression_date_provenance": quiz["progression"]["date_provenance"],
    }


def course_facts(case: Case) -> Facts:
    """Every fact the course page states, by name (units in the names)."""
    lines = therapy_lines(case.events).set_index("line")
    pac_end = lines.loc[1, "end"]
    facts = platelet_fall_facts(case)
    facts.update(mass_size_facts(case))
    facts.update(dose_facts(case, lines))
    facts.update(transfusion_facts(case, pac_end))
    facts.update(record_facts(case, pac_end))
    # The page's quiz on dates: which of these four dates does the report state?
    facts["quiz_dates_reported"] = tuple(
        k
        for k in ("pac_start", "marrow_biopsy", "progression", "eri_start")
        if facts[f"{k}_date_provenance"] == "reported"
    )
    return facts
