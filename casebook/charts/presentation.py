"""Old import path of the course page's charts; they now live one module per concern.

* :mod:`casebook.charts.bands`: lines of therapy as shaded bands (``LINE_COLORS``);
* :mod:`casebook.charts.timeline`: the whole case on one time axis;
* :mod:`casebook.charts.labs`: the interactive lab curves of the static site;
* :mod:`casebook.charts.lab_snapshot`: the live explorer's chart.

Kept so that ``casebook.charts.presentation.timeline_frame`` (and the other names
below) still work in notebooks and tests. New code imports from :mod:`casebook.charts`
or from the module that defines the name.
"""

from casebook.charts.bands import LINE_COLORS
from casebook.charts.lab_snapshot import lab_curve_snapshot
from casebook.charts.labs import (
    ANALYTE_LABELS,
    ANALYTE_NOUNS,
    lab_curves_chart,
    lab_curves_frame,
    lab_gaps_frame,
)
from casebook.charts.timeline import (
    EVENT_KIND_LABELS,
    EVENT_KIND_ORDER,
    timeline_chart,
    timeline_frame,
)

__all__ = [
    "ANALYTE_LABELS",
    "ANALYTE_NOUNS",
    "LINE_COLORS",
    "EVENT_KIND_ORDER",
    "EVENT_KIND_LABELS",
    "timeline_frame",
    "timeline_chart",
    "lab_curves_frame",
    "lab_gaps_frame",
    "lab_curves_chart",
    "lab_curve_snapshot",
]
