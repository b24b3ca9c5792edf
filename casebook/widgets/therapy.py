"""Live explorer for the therapy chapter: RECIST 1.1 or WHO on sizes you type.

Runs only in a live notebook (``make lab``); the static site shows the kernel-free
equivalent, :func:`casebook.charts.response_chart` with its criterion radio. The rules
come from :mod:`casebook.clinical` (through :mod:`casebook.assessments`); nothing is
re-implemented here.

    from casebook.widgets import ResponseExplorer
    ResponseExplorer(case)          # displays itself in a notebook

Bad input (a nadir above the baseline, a negative size, NaN) never raises out of the
widget: the ValueError's sentence is shown in the widget and kept in ``.message``,
and the last good result and chart stay as they were.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from casebook import charts, clinical
from casebook.assessments import (
    CRITERIA,
    CRITERION_UNITS,
    judge_response,
    response_assessments,
    response_sentence,
)
from casebook.data import Case
from casebook.dates import long_date
from casebook.timeline import therapy_lines
from casebook.widgets._display import DrawsLive, LiveChart, ShowsItself
from casebook.widgets._errors import error_html

__all__ = ["ResponseExplorer", "assessment_choices"]

#: The size each criterion measures, as the input boxes ask for it.
_MEASURES = {"recist": "sum", "who": "sum of products"}
_COLUMNS = {"recist": "sum_mm", "who": "product_mm2"}


def assessment_choices(assessments: pd.DataFrame) -> list[tuple[str, int]]:
    """The dropdown's options: ("2 September 2024: line 1 (paclitaxel), PR by RECIST", i).

    Only assessments (not the first baseline) are offered: each loads its line's
    baseline, its nadir so far and its own size.
    """
    options = []
    for i, row in assessments.iterrows():
        if row["role"] != "assessment":
            continue
        options.append(
            (
                f"{long_date(row['date'])}: line {row['line']} ({row['drug']}), "
                f"{row['recist_category']} by RECIST, {row['who_category']} by WHO",
                int(i),
            )
        )
    return options


class ResponseExplorer(DrawsLive, ShowsItself):
    """Baseline, nadir and current size in; the category and its arithmetic out.

    Controls: ``criterion`` (RECIST 1.1 on sums of longest diameters in mm, or WHO on
    sums of products of two diameters in mm²), ``baseline``, ``nadir``, ``current``
    (FloatText, in the criterion's unit; their labels say which), ``new_lesions``
    (Checkbox), and ``assessment`` (Dropdown of the case's assessments) with the
    ``load`` button, which fills the three sizes from the case for the chosen criterion.

    Switching the criterion relabels the boxes; if the sizes shown are still those of
    a loaded case assessment, they are replaced by that assessment's sizes in the new
    unit (a sum in mm is not a product in mm²).

    Attributes for tests and for the notebook: ``category`` ("PR"...), ``sentence``
    (the arithmetic: "50 mm is +25 % and +10 mm above the nadir of 40 mm: progressive
    disease."), ``message`` (the last error sentence, ``""`` when the inputs are fine),
    ``spec`` (the Vega-Lite spec drawn for the last valid input: built once, then only
    the marked size and the criterion parameter change, see
    :class:`~casebook.widgets._display.LiveChart`), ``chart`` (the full response chart
    for the same input: the case's assessments, on the chosen criterion, with the typed
    current size marked at the date of the chosen case assessment; built when read) and
    ``widget`` (the ipywidgets box).
    """

    def __init__(self, case: Case, *, criterion: str = "recist", load: int | None = None) -> None:
        import ipywidgets as w

        self.case = case
        self.assessments = response_assessments(case.lesions, therapy_lines(case.events))
        choices = assessment_choices(self.assessments)
        if not choices:
            raise ValueError("the case has no response assessment to load")
        self.category = ""
        self.sentence = ""
        self.message = ""
        self._loaded: tuple[int, str] | None = None  # (row, criterion) shown unedited
        self._quiet = False

        style = {"description_width": "16em"}
        layout = w.Layout(width="26em")
        self.criterion = w.RadioButtons(
            options=[(label, key) for key, label in CRITERIA.items()],
            value=criterion,
            description="Criterion",
            layout=w.Layout(width="auto"),
        )
        self.baseline = w.FloatText(step=1, style=style, layout=layout)
        self.nadir = w.FloatText(step=1, style=style, layout=layout)
        self.current = w.FloatText(step=1, style=style, layout=layout)
        self.new_lesions = w.Checkbox(value=False, description="New lesions", indent=False)
        self.assessment = w.Dropdown(
            options=choices,
            value=choices[-1][1] if load is None else load,
            description="Case assessment",
            style={"description_width": "initial"},
            layout=w.Layout(width="46em"),
        )
        self.load = w.Button(
            description="Load the case at this assessment",
            tooltip="Fill the baseline, nadir and current size from the case",
            layout=w.Layout(width="22em"),
        )
        self.message_html = w.HTML()
        self.result_html = w.HTML()
        self.chart_out = w.Output()
        self.live = LiveChart(self.chart_out)
        self.widget = w.VBox(
            [
                w.HTML(
                    "<p>Type a baseline, the smallest earlier size (the nadir, baseline "
                    "included) and the current size, or load one of the case's "
                    "assessments. The category is computed by <code>casebook.clinical</code>"
                    " (RECIST 1.1 or WHO).</p>"
                ),
                self.criterion,
                w.HBox([self.assessment, self.load]),
                w.VBox([self.baseline, self.nadir, self.current, self.new_lesions]),
                self.message_html,
                self.result_html,
                self.chart_out,
            ]
        )
        self._relabel()
        self.load.on_click(self._on_load)
        self.criterion.observe(self._on_criterion, names="value")
        for control in (self.baseline, self.nadir, self.current, self.new_lesions):
            control.observe(self._on_edit, names="value")
        self.load_assessment(self.assessment.value)

    # ------------------------------------------------------------------ callbacks

    def _relabel(self) -> None:
        unit = CRITERION_UNITS[self.criterion.value]
        measure = _MEASURES[self.criterion.value]
        self.baseline.description = f"Baseline {measure} ({unit})"
        self.nadir.description = f"Nadir: smallest earlier {measure} ({unit})"
        self.current.description = f"Current {measure} ({unit})"

    def load_assessment(self, row: int | None = None) -> None:
        """Fill the sizes from the case's assessment ``row`` (default: the dropdown's)."""
        if row is None:
            row = self.assessment.value
        elif self.assessment.value != row:
            self._quiet = True
            try:
                self.assessment.value = row
            finally:
                self._quiet = False
        criterion = self.criterion.value
        data = self.assessments.loc[row]
        self._quiet = True
        try:
            self.baseline.value = float(data[f"{criterion}_baseline"])
            self.nadir.value = float(data[f"{criterion}_nadir"])
            self.current.value = float(data[_COLUMNS[criterion]])
            self.new_lesions.value = False
        finally:
            self._quiet = False
        self._loaded = (int(row), criterion)
        self.update()

    def _on_load(self, _button: Any = None) -> None:
        self.load_assessment(self.assessment.value)

    def _on_criterion(self, change: Any = None) -> None:
        self._relabel()
        if self._loaded is not None:
            self.load_assessment(self._loaded[0])
        else:
            self.update()

    def _on_edit(self, change: Any = None) -> None:
        if self._quiet:
            return
        self._loaded = None  # the sizes are the reader's own now
        self.update()

    def update(self, change: Any = None, **values: Any) -> None:
        """Recompute the category and sentence, and redraw; show a message on bad input.

        ``values`` may set inputs first (``baseline``, ``nadir``, ``current``,
        ``new_lesions``, ``criterion``), e.g. ``explorer.update(current=50)``.
        """
        if values:
            unknown = set(values) - {"baseline", "nadir", "current", "new_lesions", "criterion"}
            if unknown:
                raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
            self._quiet = True
            try:
                if "criterion" in values:
                    self.criterion.value = values.pop("criterion")
                    self._relabel()
                for name, value in values.items():
                    getattr(self, name).value = value
            finally:
                self._quiet = False
            self._loaded = None
        criterion = self.criterion.value
        inputs = {
            "baseline": self.baseline.value,
            "nadir": self.nadir.value,
            "current": self.current.value,
            "new_lesions": self.new_lesions.value,
        }
        try:
            category = judge_response(criterion, **inputs)
            sentence = response_sentence(criterion, **inputs)
        except ValueError as err:
            self.message = str(err)
            self.message_html.value = error_html(
                f"{self.message}.",
                heading="Check the input:",
                after="The result below is still the last valid one.",
            )
            return
        self.message = ""
        self.message_html.value = ""
        self.category, self.sentence = category, sentence
        words = clinical.RECIST_CATEGORIES[category]
        source = ""
        if self._loaded is not None:
            row = self.assessments.loc[self._loaded[0]]
            source = (
                f"<p><em>The case at {html.escape(long_date(row['date']))} "
                f"(line {row['line']}, {html.escape(str(row['drug']))}; the date is this "
                "book's choice, the sizes are reported).</em></p>"
            )
        self.result_html.value = (
            f'<p class="cb-explorer-results"><strong>{category}: {html.escape(words)}</strong> '
            f"by {html.escape(CRITERIA[criterion])}.</p>"
            f"<p>{html.escape(sentence)}</p>{source}"
        )
        marked = self._marked(criterion, category)
        self.live.draw(
            "response",
            lambda: charts.response_chart(
                self.assessments, self.case.events, criterion=criterion, marked=marked
            ),
            data={"marked": marked},
            params={charts.RESPONSE_PARAM: criterion},
        )

    def _marked(self, criterion: str, category: str) -> pd.DataFrame:
        """The typed current size, marked at the date of the chosen case assessment."""
        date = self.assessments.loc[self.assessment.value, "date"]
        unit = CRITERION_UNITS[criterion]
        return pd.DataFrame(
            {
                "date": [date],
                "criterion": [criterion],
                "value": [float(self.current.value)],
                "label": [f"your input: {float(self.current.value):,.10g} {unit}, {category}"],
            }
        )
