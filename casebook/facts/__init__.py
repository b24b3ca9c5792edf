"""What each chapter states about the case, computed once, from ``data/``.

One pure function per page: ``Case`` in, a dict of named facts out. Names carry
their unit (``plt_first_10e9_per_l``, ``weight_start_kg``, ``pac_bsa_match_m2``);
dates are ``pandas.Timestamp`` (the page's glue writes them with
:func:`casebook.dates.long_date`), month-only dates are already words ("January 2025").
A page's hidden setup cell glues them all with :func:`casebook.notebook.glue_facts`;
``tests/test_facts.py`` checks every value against the case report.

Layering: facts use the data, the rules (:mod:`casebook.clinical`), the differential
and the IHC reader; nothing here imports charts or widgets.
"""

from casebook.facts.appraisal import appraisal_facts
from casebook.facts.common import platelet_fall_facts, reported_platelets
from casebook.facts.course import course_facts
from casebook.facts.front import (
    DATA_PAGE_TABLES,
    data_facts,
    glance_facts,
    howmade_facts,
    intro_facts,
)
from casebook.facts.marrow import (
    HYPOTHETICAL_BSA_M2,
    HYPOTHETICAL_POST_10E9_PER_L,
    HYPOTHETICAL_POST_LOW_10E9_PER_L,
    assumed_platelet_dose_1e11,
    marrow_facts,
    marrow_window,
)
from casebook.facts.mechanisms import mechanisms_facts
from casebook.facts.nutrition import nutrition_facts
from casebook.facts.presentation import (
    HYPOTHETICAL_HEIGHTS_CM,
    first_visit_pathology,
    first_visit_record,
    presentation_facts,
)
from casebook.facts.therapy import therapy_facts

__all__ = [
    "DATA_PAGE_TABLES",
    "HYPOTHETICAL_BSA_M2",
    "HYPOTHETICAL_HEIGHTS_CM",
    "HYPOTHETICAL_POST_10E9_PER_L",
    "HYPOTHETICAL_POST_LOW_10E9_PER_L",
    "appraisal_facts",
    "assumed_platelet_dose_1e11",
    "course_facts",
    "data_facts",
    "glance_facts",
    "howmade_facts",
    "first_visit_pathology",
    "first_visit_record",
    "intro_facts",
    "marrow_facts",
    "marrow_window",
    "mechanisms_facts",
    "nutrition_facts",
    "platelet_fall_facts",
    "presentation_facts",
    "reported_platelets",
    "therapy_facts",
]
