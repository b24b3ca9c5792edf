"""Old import path of the marrow chapter's explorer: the code is in casebook.widgets.marrow.

Kept because chapters and instructors' notebooks say::

    from casebook.widgets_marrow import PlateletExplorer
"""

from casebook.widgets.marrow import (  # noqa: F401
    DOSE_ASSUMPTION_ID,
    HYPOTHETICAL_BSA_M2,
    HYPOTHETICAL_POST_10E9_PER_L,
    MAX_THRESHOLD_10E9_PER_L,
    PlateletExplorer,
    __all__,
    assumed_platelet_dose_1e11,
    threshold_summary,
)
