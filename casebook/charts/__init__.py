"""Altair chart builders: DataFrame in, chart out. No I/O, no global state.

Every builder sets a ``description`` (read by screen readers from the SVG's
aria-label) and a title that states the finding. One palette and one
"reported vs reconstructed" encoding live in :mod:`casebook.charts.style`:

* reported values are **filled** circles with solid lines;
* reconstructed values are **hollow** diamonds with dashed lines,
  and every legend says which is which.

One module per concern: :mod:`~casebook.charts.bands` (lines of therapy as shaded
bands, shared), :mod:`~casebook.charts.timeline` (the whole case on one time axis),
:mod:`~casebook.charts.labs` (the interactive lab curves of the static site),
:mod:`~casebook.charts.lab_snapshot` (the live explorer's chart),
:mod:`~casebook.charts.intro` (the platelet fall),
:mod:`~casebook.charts.marrow` (the CTCAE grade chart),
:mod:`~casebook.charts.therapy` (the forest plot of trial hazard ratios),
:mod:`~casebook.charts.trial_arms` (medians and rates per arm),
:mod:`~casebook.charts.weights` (the two weights, the gap and the screens),
:mod:`~casebook.charts.response` (lesion size by RECIST 1.1 or WHO, with thresholds),
:mod:`~casebook.charts.dose` (the flat doses per m² over assumed heights),
:mod:`~casebook.charts.nutrition` (the refeeding planner, from :mod:`casebook.planner`),
:mod:`~casebook.charts.cycle` (the mechanisms chapter's vicious-cycle diagram) and
:mod:`~casebook.charts.model` (the remodelling models' explorers).
:mod:`~casebook.charts.presentation` only re-exports the first four's names under
their old import path. Pages and notebooks use the names re-exported here::

    from casebook import charts
    charts.timeline_chart(case.events)
"""

# The old module of the course page's charts, now a re-export shim: imported so that
# ``charts.presentation.X`` keeps working after ``from casebook import charts``.
from casebook.charts import presentation  # noqa: F401
from casebook.charts.bands import LINE_COLORS
from casebook.charts.cycle import (
    CYCLE_KIND_STYLE,
    CYCLE_LINE_LABELS,
    CYCLE_TABLE_COLUMNS,
    cycle_diagram,
    cycle_edge_frame,
)
from casebook.charts.dose import (
    DEFAULT_HEIGHTS_CM,
    DOSE_TABLE_COLUMNS,
    FORM_LABELS,
    case_dose_frame,
    dose_check_chart,
    dose_check_frame,
)
from casebook.charts.intro import platelet_fall_chart
from casebook.charts.lab_snapshot import lab_curve_snapshot, lab_snapshot_parts
from casebook.charts.labs import ANALYTE_LABELS, lab_curves_chart, lab_curves_frame
from casebook.charts.marrow import (
    GRADE_BAND_FILLS,
    grade_cutoff_words,
    grade_frame,
    grade_lln,
    platelet_grade_chart,
)
from casebook.charts.model import (
    DEFAULT_GROWTH_RATES,
    DEFAULT_INHIBITIONS,
    DEFAULT_TREATMENT_STARTS,
    REMODELING_TABLE_COLUMNS,
    TUMOUR_BONE_TABLE_COLUMNS,
    model_data_sizes,
    remodeling_chart,
    remodeling_frame,
    remodeling_parts,
    remodeling_summary,
    tumour_bone_chart,
    tumour_bone_frame,
    tumour_bone_parts,
    tumour_bone_summary,
)
from casebook.charts.nutrition import (
    LEVEL_COLORS,
    PLANNER_DATASETS,
    PLANNER_PARAMS,
    planner_expressions,
    refeeding_planner_chart,
)
from casebook.charts.response import (
    RESPONSE_CRITERIA,
    RESPONSE_PARAM,
    RESPONSE_TABLE_COLUMNS,
    THRESHOLD_LABELS,
    response_chart,
    response_chart_frame,
    response_thresholds_frame,
)
from casebook.charts.style import (
    CONCAT_WIDTH_PX,
    PALETTE,
    PROVENANCE_DASH,
    PROVENANCE_FILLED,
    PROVENANCE_LABELS,
    PROVENANCE_ORDER,
    PROVENANCE_SHAPES,
    THEME,
    accessible_extras,
    data_table_html,
    date_tooltip,
    description_html,
    number_list,
    provenance_domain,
    provenance_fill,
    provenance_label,
    provenance_legend_title,
    provenance_shape,
)
from casebook.charts.therapy import (
    ANALYSIS_LABELS,
    CONFIDENCE_LABELS,
    FOREST_TABLE_COLUMNS,
    forest_plot_chart,
    forest_plot_frame,
)
from casebook.charts.timeline import (
    EVENT_KIND_LABELS,
    EVENT_KIND_ORDER,
    timeline_chart,
    timeline_frame,
)
from casebook.charts.trial_arms import (
    ARM_MEASURES,
    ARM_TABLE_COLUMNS,
    LOWER_IS_BETTER,
    arm_values_chart,
    arm_values_frame,
)
from casebook.charts.weights import (
    SCREEN_RULES,
    WEIGHT_TABLE_COLUMNS,
    screen_weights_frame,
    weight_chart,
)

# Lines of therapy live in casebook.timeline (no charts there); re-exported for
# notebooks that call charts.therapy_lines.
from casebook.timeline import therapy_lines

__all__ = [
    # style
    "PALETTE",
    "THEME",
    "CONCAT_WIDTH_PX",
    "PROVENANCE_ORDER",
    "PROVENANCE_LABELS",
    "PROVENANCE_SHAPES",
    "PROVENANCE_FILLED",
    "PROVENANCE_DASH",
    "provenance_legend_title",
    "provenance_label",
    "provenance_domain",
    "provenance_shape",
    "provenance_fill",
    "date_tooltip",
    "number_list",
    "description_html",
    "data_table_html",
    "accessible_extras",
    # course page: bands, timeline, lab curves, snapshot
    "ANALYTE_LABELS",
    "LINE_COLORS",
    "EVENT_KIND_ORDER",
    "EVENT_KIND_LABELS",
    "timeline_frame",
    "timeline_chart",
    "lab_curves_frame",
    "lab_curves_chart",
    "lab_curve_snapshot",
    "lab_snapshot_parts",
    "therapy_lines",
    # marrow chapter
    "GRADE_BAND_FILLS",
    "platelet_fall_chart",
    "grade_lln",
    "grade_cutoff_words",
    "grade_frame",
    "platelet_grade_chart",
    # therapy chapter
    "ANALYSIS_LABELS",
    "CONFIDENCE_LABELS",
    "FOREST_TABLE_COLUMNS",
    "ARM_MEASURES",
    "SCREEN_RULES",
    "WEIGHT_TABLE_COLUMNS",
    "screen_weights_frame",
    "weight_chart",
    "ARM_TABLE_COLUMNS",
    "LOWER_IS_BETTER",
    "arm_values_frame",
    "arm_values_chart",
    "forest_plot_frame",
    "forest_plot_chart",
    "RESPONSE_CRITERIA",
    "RESPONSE_PARAM",
    "RESPONSE_TABLE_COLUMNS",
    "THRESHOLD_LABELS",
    "response_chart_frame",
    "response_thresholds_frame",
    "response_chart",
    "DEFAULT_HEIGHTS_CM",
    "DOSE_TABLE_COLUMNS",
    "FORM_LABELS",
    "dose_check_frame",
    "case_dose_frame",
    "dose_check_chart",
    # nutrition chapter
    "LEVEL_COLORS",
    "PLANNER_DATASETS",
    "PLANNER_PARAMS",
    "planner_expressions",
    "refeeding_planner_chart",
    # mechanisms chapter
    "CYCLE_TABLE_COLUMNS",
    "CYCLE_KIND_STYLE",
    "CYCLE_LINE_LABELS",
    "cycle_edge_frame",
    "cycle_diagram",
    # mechanisms chapter: the bone-remodelling models
    "DEFAULT_INHIBITIONS",
    "DEFAULT_GROWTH_RATES",
    "DEFAULT_TREATMENT_STARTS",
    "REMODELING_TABLE_COLUMNS",
    "TUMOUR_BONE_TABLE_COLUMNS",
    "remodeling_frame",
    "remodeling_summary",
    "remodeling_chart",
    "remodeling_parts",
    "tumour_bone_frame",
    "tumour_bone_summary",
    "tumour_bone_chart",
    "tumour_bone_parts",
    "model_data_sizes",
]
