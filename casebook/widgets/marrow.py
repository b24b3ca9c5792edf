"""Live explorer for the marrow chapter: transfusion threshold, grades and CCI.

Runs only in a live notebook (``make lab``); the static site shows the kernel-free
equivalent, the Vega-Lite chart from :func:`casebook.charts.platelet_grade_chart`.
Every rule comes from :mod:`casebook.clinical`; nothing is re-implemented here.

    from casebook.widgets import PlateletExplorer
    PlateletExplorer(case)          # displays itself in a notebook

Bad input (a negative count, NaN, a zero body-surface area) never raises out of the
widget: the ValueError's sentence is shown in the widget and kept in ``.message``,
and the last good chart and results stay as they were.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

from casebook import charts, clinical
from casebook.data import Case
from casebook.facts.marrow import (
    DOSE_ASSUMPTION_ID,
    HYPOTHETICAL_BSA_M2,
    HYPOTHETICAL_POST_10E9_PER_L,
    assumed_platelet_dose_1e11,
)
from casebook.widgets._display import DrawsLive, LiveChart, ShowsItself
from casebook.widgets._errors import error_html

__all__ = [
    "DOSE_ASSUMPTION_ID",
    "HYPOTHETICAL_BSA_M2",
    "HYPOTHETICAL_POST_10E9_PER_L",
    "assumed_platelet_dose_1e11",
    "threshold_summary",
    "PlateletExplorer",
]

# The exercise's hypothetical inputs and the assumed dose are facts of the marrow
# chapter (casebook.facts.marrow); the explorer starts from the same values.
#: The largest threshold the explorer accepts (×10⁹/L): higher has no clinical use.
MAX_THRESHOLD_10E9_PER_L = 100.0


def _check_threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(
            f"transfusion threshold must be a finite number (in ×10⁹/L), got {value!r}"
        )
    if not 0 <= value <= MAX_THRESHOLD_10E9_PER_L:
        raise ValueError(
            f"transfusion threshold must be between 0 and {MAX_THRESHOLD_10E9_PER_L:g} ×10⁹/L, got {value}"
        )
    return float(value)


def threshold_summary(values: pd.Series, threshold_10e9_per_l: float) -> dict[str, int]:
    """How many platelet values (×10⁹/L) lie below a threshold: ``{"below": k, "total": n}``."""
    threshold = _check_threshold(threshold_10e9_per_l)
    below = sum(1 for v in values if float(v) < threshold)
    return {"below": below, "total": len(values)}


class PlateletExplorer(DrawsLive, ShowsItself):
    """Threshold, pre/post counts, BSA and dose in; grades, CCI and the chart out.

    Attributes for tests and for the notebook: ``spec`` (the Vega-Lite spec last
    drawn: built once, then only the ``your_threshold`` parameter changes, see
    :class:`~casebook.widgets._display.LiveChart`), ``chart`` (the full Altair chart for
    the same threshold, built when read),
    ``message`` (the last error sentence, ``""`` when the inputs are fine),
    ``result_text`` (the plain-text results), ``cci`` (the last CCI) and ``widget``
    (the ipywidgets box). :meth:`update` is the callback every input calls; tests can
    call it directly, optionally with new input values.
    """

    def __init__(
        self,
        case: Case,
        *,
        until: pd.Timestamp | str | None = None,
        threshold_10e9_per_l: float | None = None,
        pre_10e9_per_l: float | None = None,
        post_10e9_per_l: float = HYPOTHETICAL_POST_10E9_PER_L,
        bsa_m2: float = HYPOTHETICAL_BSA_M2,
        dose_1e11: float | None = None,
    ) -> None:
        self.case = case
        self.until = until
        plt = case.labs[case.labs["analyte"] == "platelets"].sort_values("date")
        if until is not None:
            plt = plt[plt["date"] <= pd.Timestamp(until)]
        self.platelets = plt
        reported = plt[plt["provenance"] == "reported"]
        case_trigger = clinical.case_trigger(case.transfusion_trigger_10e9_per_l)
        self.thresholds = (clinical.transfusion_threshold("aabb_prophylaxis"), case_trigger)
        if threshold_10e9_per_l is None:
            threshold_10e9_per_l = case_trigger.platelets_10e9_per_l
        if pre_10e9_per_l is None:
            pre_10e9_per_l = float(reported["value"].min())
        if dose_1e11 is None:
            dose_1e11 = assumed_platelet_dose_1e11(case.assumptions)
        self._build_controls(
            threshold_10e9_per_l, pre_10e9_per_l, post_10e9_per_l, bsa_m2, dose_1e11
        )
        self.widget = self._layout(case)

        self.live = LiveChart(self.chart_out)
        self.message = ""
        self.result_text = ""
        self.cci: float | None = None
        self._drawn_threshold: float | None = None
        for control in (self.threshold, self.pre, self.post, self.bsa, self.dose):
            control.observe(self.update, names="value")
        self.update()

    def _build_controls(
        self, threshold: float, pre: float, post: float, bsa: float, dose: float
    ) -> None:
        """The five number boxes, with short labels and a fixed label width."""
        import ipywidgets as w

        style = {"description_width": "15em"}
        layout = w.Layout(width="24em")

        def box(value: float, step: float, label: str, hint: str) -> w.FloatText:
            return w.FloatText(
                value=value, step=step, description=label, tooltip=hint, style=style, layout=layout
            )

        self.threshold = box(
            threshold,
            1,
            "Transfuse below (×10⁹/L)",
            "Transfusion threshold: transfuse when the count is below this",
        )
        self.pre = box(pre, 1, "Count before (×10⁹/L)", "Platelet count before the transfusion")
        self.post = box(
            post,
            1,
            "Count after (×10⁹/L)",
            "Platelet count 10-60 minutes after the transfusion (hypothetical)",
        )
        self.bsa = box(
            bsa, 0.05, "Body-surface area (m²)", "Hypothetical: the report gives no height"
        )
        self.dose = box(
            dose,
            0.5,
            "Platelets given (×10¹¹)",
            f"Dose per transfusion: this book's assumption {DOSE_ASSUMPTION_ID}",
        )
        self.results_html = w.HTML()
        self.message_html = w.HTML()
        self.chart_out = w.Output()

    def _layout(self, case: Case) -> Any:
        """The note on hypothetical inputs, the boxes, the message, results and chart."""
        import ipywidgets as w

        tx = case.events[case.events["kind"] == "transfusion"]["dose"]
        dose_label = tx.iloc[0] if len(tx) else "platelet dose"
        note = w.HTML(
            "<p><em>Hypothetical inputs.</em> The report gives no height (so no body-surface "
            "area) and no count after a transfusion (taken 10–60 minutes after it ends), and "
            f"its “{html.escape(dose_label)}” is undefined: the dose is this book's assumption "
            f"{DOSE_ASSUMPTION_ID}. Change any value and press Enter; the grades and the CCI "
            "are recomputed by <code>casebook.clinical</code>.</p>"
        )
        return w.VBox(
            [
                note,
                w.HBox(
                    [w.VBox([self.threshold, self.pre, self.post]), w.VBox([self.bsa, self.dose])]
                ),
                self.message_html,
                self.results_html,
                self.chart_out,
            ]
        )

    # ------------------------------------------------------------------ callback

    def update(self, change: Any = None, **values: float) -> None:
        """Recompute everything from the inputs; show a message instead of failing.

        ``values`` may set inputs first (``threshold``, ``pre``, ``post``, ``bsa``,
        ``dose``), e.g. ``explorer.update(post=40)``.
        """
        if values:
            unknown = set(values) - {"threshold", "pre", "post", "bsa", "dose"}
            if unknown:
                raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
            for name, value in values.items():
                control = getattr(self, name)
                with control.hold_trait_notifications():
                    control.unobserve(self.update, names="value")
                    try:
                        control.value = value
                    finally:
                        control.observe(self.update, names="value")
        try:
            results = self._compute()
        except ValueError as err:
            self.message = str(err)
            self.message_html.value = error_html(self.message, heading="Check the input:")
            return
        self.message = ""
        self.message_html.value = ""
        self.result_text, self.cci = results["text"], results["cci"]
        self.results_html.value = results["html"]
        if self._drawn_threshold != results["threshold"] or self.live.spec is None:
            threshold = results["threshold"]
            self.live.draw(
                "platelets",
                lambda: self._full_chart(threshold),
                params={"your_threshold": threshold},
            )
            self._drawn_threshold = threshold

    def _full_chart(self, threshold: float) -> Any:
        return charts.platelet_grade_chart(
            self.case.labs,
            self.case.events,
            bands=clinical.CTCAE_PLATELET_BANDS,
            thresholds=self.thresholds,
            until=self.until,
            your_threshold_10e9_per_l=threshold,
        )

    def _compute(self) -> dict[str, Any]:
        threshold = _check_threshold(self.threshold.value)
        pre, post, bsa, dose = self.pre.value, self.post.value, self.bsa.value, self.dose.value
        # The CCI first: its error messages name the input (pre-/post-transfusion count...).
        cci = clinical.corrected_count_increment(
            pre_10e9_per_l=pre, post_10e9_per_l=post, bsa_m2=bsa, platelets_transfused_1e11=dose
        )
        pre_grade = clinical.ctcae_platelet_grade(pre)
        post_grade = clinical.ctcae_platelet_grade(post)
        reading = clinical.cci_interpretation(cci)
        summary = threshold_summary(self.platelets["value"], threshold)
        reported = self.platelets[self.platelets["provenance"] == "reported"]["value"]
        n_reported_below = threshold_summary(reported, threshold)["below"]
        trigger = "would" if pre < threshold else "would not"
        lines = [
            f"Before: {pre:g} ×10⁹/L, CTCAE grade {pre_grade}; after: {post:g} ×10⁹/L, grade {post_grade}.",
            f"At a threshold of <{threshold:g} ×10⁹/L this count {trigger} trigger a transfusion; "
            f"{summary['below']} of the {summary['total']} platelet values in the chart lie below it "
            f"({n_reported_below} of them reported, the rest reconstructed).",
            f"CCI = ({post:g} − {pre:g}) × 1000 per µL × {bsa:g} m² / {dose:g} ×10¹¹ platelets:",
            reading,
        ]
        body = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return {
            "threshold": threshold,
            "cci": cci,
            "text": "\n".join(lines),
            "html": f'<ul class="cb-explorer-results">{body}</ul>',
        }
