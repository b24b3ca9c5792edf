"""Live explorers for JupyterLab (``make lab``): ipywidgets controls that redraw a chart.

They need a running kernel, so they never appear on the static site (a widget there
would be frozen: the control moves and nothing happens). Each chapter shows the
kernel-free version of the same chart, driven by Vega-Lite parameters, and keeps
the explorer in a cell tagged ``remove-cell`` and ``skip-execution``.

One module per chapter: :mod:`~casebook.widgets.presentation` (``LabExplorer``),
:mod:`~casebook.widgets.marrow` (``PlateletExplorer``),
:mod:`~casebook.widgets.therapy` (``ResponseExplorer``),
:mod:`~casebook.widgets.nutrition` (``RefeedingPlanner``) and
:mod:`~casebook.widgets.mechanisms` (``RemodelingExplorer``,
``TumourBoneExplorer``); all show bad input the same
way (:func:`casebook.widgets._errors.error_html`).

Layering: this package may import :mod:`casebook.charts`, :mod:`casebook.clinical`
and :mod:`casebook.data`; none of those imports it.

    from casebook.widgets import LabExplorer, PlateletExplorer, ResponseExplorer
    LabExplorer()          # in a notebook cell: shows the controls and the chart
"""

from casebook.widgets.marrow import (
    DOSE_ASSUMPTION_ID,
    HYPOTHETICAL_BSA_M2,
    HYPOTHETICAL_POST_10E9_PER_L,
    MAX_THRESHOLD_10E9_PER_L,
    PlateletExplorer,
    assumed_platelet_dose_1e11,
    threshold_summary,
)
from casebook.widgets.mechanisms import RemodelingExplorer, TumourBoneExplorer
from casebook.widgets.nutrition import RefeedingPlanner
from casebook.widgets.presentation import LabExplorer
from casebook.widgets.therapy import ResponseExplorer, assessment_choices

__all__ = [
    "LabExplorer",
    "PlateletExplorer",
    "ResponseExplorer",
    "RefeedingPlanner",
    "assessment_choices",
    "RemodelingExplorer",
    "TumourBoneExplorer",
    "DOSE_ASSUMPTION_ID",
    "HYPOTHETICAL_BSA_M2",
    "HYPOTHETICAL_POST_10E9_PER_L",
    "MAX_THRESHOLD_10E9_PER_L",
    "assumed_platelet_dose_1e11",
    "threshold_summary",
]
