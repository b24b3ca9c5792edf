"""Browser test of the refeeding planner on a one-page book of its own (no chapter needed).

A module fixture builds a one-page book with the project's ``_config.yml`` and the
casebook Sphinx extension (``-W``, as ``make book``), whose only cell is
:data:`PLANNER_CELL`, the cell a chapter shows the planner with. Debian's Chromium then
loads it offline (every non-local request is blocked and counted) and the page is
compared with :func:`casebook.planner.planner_lookup`: the level, the BMI line, the
reasons, the kcal and kcal/kg of each day and the goal, after moving controls from the
keyboard and after setting a few dozen seeded random settings. ``planner_lookup`` itself
is checked against the rules in ``tests/test_planner.py``.

``test_a_broken_lookup_is_caught`` swaps "yes" and "no" for the drugs criterion in a copy
of the built page and asserts that the same comparison reports it.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casebook import planner
from casebook.charts import PLANNER_PARAMS
from casebook.planner import GRID
from tests import site_support as site

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
PAGE = "book/page.html"
PAGE_GZIP_LIMIT = 150_000  # bytes: the whole page, data included, gzipped

FRONT = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)

#: What a chapter writes to show the planner (its setup cell has ``case = setup()``).
PLANNER_CELL = textwrap.dedent("""\
    ```{glue:figure} fig_refeeding_planner
    :name: fig-refeeding-planner

    The refeeding planner: NICE CG32's risk and the first week of feeding. For teaching
    only: it is not a prescribing tool.
    ```

    ```{code-cell} ipython3
    :tags: [remove-input]

    t = planner.planner_tables()
    show_chart(
        "fig_refeeding_planner",
        charts.refeeding_planner_chart(t, **planner.case_planner_defaults(case)),
        planner.plan_table(t),
        "Data behind the planner: kcal/kg by day and risk level (goal 25 kcal/kg, day 5)",
        planner.PLAN_TABLE_COLUMNS,
    )
    ```
    """)

BODY = (
    FRONT
    + textwrap.dedent("""\

    # Refeeding planner

    ```{code-cell} ipython3
    :tags: [remove-cell]

    from casebook import charts, planner
    from casebook.notebook import setup, show_chart

    case = setup()
    ```

    """)
    + PLANNER_CELL
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The one-page book, built once for the module: (the build's result, its html folder)."""
    book = tmp_path_factory.mktemp("planner_book")
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (book / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    (book / "book" / "page.md").write_text(BODY)
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going", "--builder", "html"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CASEBOOK_RENDERER": "static"},
    )
    return result, book / "_build" / "html"


@pytest.fixture(scope="module")
def html_dir(built) -> Path:
    result, html = built
    if result.returncode != 0 or not (html / PAGE).is_file():
        pytest.fail(
            "the planner's one-page book did not build:\n"
            + result.stdout[-3000:]
            + result.stderr[-3000:],
            pytrace=False,
        )
    return html


@pytest.fixture(scope="module")
def url(html_dir):
    with site.serve(html_dir) as base:
        yield f"{base}/{PAGE}"


@pytest.fixture(scope="module")
def start(case) -> dict:
    return planner.case_planner_defaults(case)


@pytest.mark.build
def test_the_planner_page_builds_with_warnings_as_errors(built):
    result, html = built
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (html / PAGE).read_bytes()
    gz = len(gzip.compress(page, 9))
    assert gz < PAGE_GZIP_LIMIT, f"the page is {gz} bytes gzipped"
    assert planner.TEACHING_ONLY.encode() in page


# ------------------------------------------------------------------ reading the page


READ = """el => {
    const texts = sel => Array.from(el.querySelectorAll(`svg g.role-mark[class*='${sel}_'] text`))
        .map(t => {
            const spans = Array.from(t.querySelectorAll('tspan')).map(s => s.textContent);
            const m = /translate\\(([-\\d.]+),([-\\d.]+)\\)/.exec(t.getAttribute('transform') || '');
            return {text: spans.length ? spans.join(' ') : t.textContent,
                    x: m ? +m[1] : 0, y: m ? +m[2] : 0};
        });
    const byX = a => a.sort((p, q) => p.x - q.x).map(t => t.text);
    const byY = a => a.sort((p, q) => p.y - q.y).map(t => t.text);
    return {
        level: texts('cb_planner_level').map(t => t.text),
        bmi: texts('cb_planner_bmi').map(t => t.text),
        reasons: byY(texts('cb_planner_reasons')),
        kcal: byX(texts('cb_planner_kcal')),
        rate: byX(texts('cb_planner_rate')),
        goal: texts('cb_planner_goal').map(t => t.text),
        bars: el.querySelectorAll("svg g.role-mark[class*='cb_planner_bars_'] path").length,
    };
}"""


def drawing(chart) -> dict:
    return chart.evaluate(READ)


def expected(inputs: dict) -> dict:
    view = planner.planner_lookup(**inputs)
    return {
        "level": [view.level_text],
        "bmi": [view.bmi_text],
        "reasons": [f"• {line}" for line in view.lines],
        "kcal": [d.kcal_text for d in view.plan],
        "rate": [d.rate_text for d in view.plan],
        "goal": [view.goal_text],
        "bars": len(view.plan),
    }


def shows(page, chart, inputs: dict, timeout_ms: int = 5000) -> dict:
    """Wait until the chart shows what ``planner_lookup`` says (or time out); return it."""
    want = expected(inputs)
    now = drawing(chart)
    for _ in range(timeout_ms // 100):
        if now == want:
            break
        page.wait_for_timeout(100)
        now = drawing(chart)
    return now


def set_inputs(chart, inputs: dict) -> None:
    """Set the controls as a reader would leave them (value, then the input's event)."""
    values = {
        PLANNER_PARAMS[k]: v for k, v in inputs.items() if k in PLANNER_PARAMS and k != "height_cm"
    }
    values[PLANNER_PARAMS["height_unknown"]] = inputs["height_cm"] is None
    if inputs["height_cm"] is not None:
        values[PLANNER_PARAMS["height_cm"]] = inputs["height_cm"]
    chart.evaluate(
        """(el, values) => {
            for (const [name, value] of Object.entries(values)) {
                const input = el.querySelector(`input[name='${name}']`);
                if (input.type === 'checkbox') {
                    input.checked = value;
                    input.dispatchEvent(new Event('change'));
                } else {
                    input.value = String(value);
                    input.dispatchEvent(new Event('input'));
                }
            }
        }""",
        values,
    )


def sampled_settings(n: int, seed: int = 20261130) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(
            {
                "weight_kg": rng.choice(GRID.weight_kg),
                "height_cm": None if rng.random() < 0.15 else rng.choice(GRID.height_cm),
                "weight_loss_pct": rng.choice(GRID.loss_pct),
                "over_months": rng.choice(GRID.months),
                "days_little_or_no_intake": rng.choice(GRID.days),
                "low_electrolytes_before_feeding": rng.random() < 0.25,
                "alcohol_or_risk_drugs": rng.random() < 0.5,
                "goal_kcal_per_kg": rng.choice(GRID.goal_kcal_per_kg),
                "days_to_goal": rng.choice(GRID.days_to_goal),
            }
        )
    return out


def mismatches(page, chart, settings: list[dict], *, first_only: bool = False) -> list[str]:
    """Each setting whose drawing differs from ``planner_lookup``'s, with the difference."""
    found = []
    for inputs in settings:
        set_inputs(chart, inputs)
        now = shows(page, chart, inputs, timeout_ms=2000)
        want = expected(inputs)
        if now != want:
            diff = {k: (now[k], want[k]) for k in want if now[k] != want[k]}
            found.append(f"{inputs}: page vs Python {diff}")
            if first_only:
                break
    return found


def lookup_inputs(start: dict, **changes) -> dict:
    inputs = {k: v for k, v in start.items() if k != "assumed_height_cm"}
    return {**inputs, "goal_kcal_per_kg": 25.0, "days_to_goal": 5, **changes}


def open_planner(page, url):
    log = site.watch(page)
    page.goto(url, wait_until="load")
    site.wait_for_charts(page)
    chart = page.locator(f".vega-embed:has(input[name='{PLANNER_PARAMS['weight_kg']}'])")
    assert chart.count() == 1, "expected exactly one planner chart"
    return chart, log


# ------------------------------------------------------------------ the tests


def test_the_page_works_offline_and_says_it_is_for_teaching(browser, url):
    page = browser.new_page()
    try:
        assert site.static_page_problems(page, url) == []
        chart = page.locator(".vega-embed").first
        label = chart.evaluate("el => el.querySelector('[aria-label]').getAttribute('aria-label')")
        assert planner.TEACHING_ONLY in label
        titles = chart.evaluate(
            "el => Array.from(el.querySelectorAll('svg g.role-title tspan'))"
            ".map(t => t.textContent)"
        )
        assert planner.TEACHING_ONLY in " ".join(titles)
        assert "Height is an assumption" in " ".join(titles)
        assert page.get_by_text("Chart description.").count() == 1
    finally:
        page.close()


def test_the_case_is_shown_first(page, url, start):
    chart, log = open_planner(page, url)
    inputs = lookup_inputs(start)
    assert shows(page, chart, inputs) == expected(inputs)
    assert drawing(chart)["level"] == [planner.LEVEL_WORDS["high"]]
    assert log.problems() == [], log.problems()


def test_controls_move_from_the_keyboard_and_the_page_follows_python(page, url, start):
    chart, log = open_planner(page, url)
    now = lookup_inputs(start)

    def press(param: str, key: str, **changes) -> None:
        chart.locator(f"input[name='{PLANNER_PARAMS[param]}']").focus()
        page.keyboard.press(key)
        now.update(changes)
        got = shows(page, chart, now)
        assert got == expected(now), f"after {key} on {param}: {got} vs {expected(now)}"

    press("weight_kg", "ArrowRight", weight_kg=now["weight_kg"] + 1)
    press("days_little_or_no_intake", "End", days_little_or_no_intake=GRID.days[-1])
    assert drawing(chart)["level"] == [planner.LEVEL_WORDS["extreme"]]
    press("days_little_or_no_intake", "Home", days_little_or_no_intake=GRID.days[0])
    # Untick "height not known": the assumed height (160 cm) now gives a BMI.
    press("height_unknown", "Space", height_cm=start["assumed_height_cm"])
    press("height_cm", "ArrowLeft", height_cm=start["assumed_height_cm"] - 1)
    press("weight_loss_pct", "ArrowLeft", weight_loss_pct=now["weight_loss_pct"] - 0.5)
    press("over_months", "End", over_months=GRID.months[-1])  # outside NICE's window
    press("alcohol_or_risk_drugs", "Space", alcohol_or_risk_drugs=False)
    press("low_electrolytes_before_feeding", "Space", low_electrolytes_before_feeding=True)
    press("goal_kcal_per_kg", "ArrowRight", goal_kcal_per_kg=30.0)
    press("days_to_goal", "Home", days_to_goal=GRID.days_to_goal[0])
    assert log.problems() == [], log.problems()


def test_sampled_settings_match_python(page, url):
    chart, log = open_planner(page, url)
    settings = sampled_settings(40)
    levels = {planner.planner_lookup(**s).level for s in settings}
    assert levels == {"low", "high", "extreme"}, "the sample should reach every level"
    assert mismatches(page, chart, settings) == []
    assert log.problems() == [], log.problems()


def test_a_broken_lookup_is_caught(browser, html_dir, tmp_path):
    broken = tmp_path / "html"
    shutil.copytree(html_dir, broken)
    path = broken / PAGE
    text = path.read_text()
    drugs = PLANNER_PARAMS["alcohol_or_risk_drugs"]
    right = f"({drugs} ? 'yes' : 'no')"
    assert right in text, "the page no longer builds the drugs key this way"
    path.write_text(text.replace(right, f"({drugs} ? 'no' : 'yes')"))
    page = browser.new_page()
    try:
        with site.serve(broken) as base:
            page.goto(f"{base}/{PAGE}", wait_until="load")
            site.wait_for_charts(page)
            chart = page.locator(".vega-embed").first
            found = mismatches(page, chart, sampled_settings(8), first_only=True)
        assert found, "a page that reads the drugs box backwards went unnoticed"
    finally:
        page.close()


def test_the_planner_fits_a_phone(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        site.wait_for_charts(page)
        chart = page.locator(".vega-embed").first
        for inputs in LONGEST:
            set_inputs(chart, inputs)
            assert shows(page, chart, inputs) == expected(inputs)
            check_fits(chart)
    finally:
        context.close()


#: Settings that write the most reasons, and the longest one (loss outside the window).
LONGEST = [
    {
        "weight_kg": GRID.weight_kg[0],
        "height_cm": GRID.height_cm[-1],
        "weight_loss_pct": GRID.loss_pct[-1],
        "over_months": 6.0,
        "days_little_or_no_intake": GRID.days[-1],
        "low_electrolytes_before_feeding": True,
        "alcohol_or_risk_drugs": True,
        "goal_kcal_per_kg": GRID.goal_kcal_per_kg[-1],
        "days_to_goal": GRID.days_to_goal[-1],
    },
    {
        "weight_kg": GRID.weight_kg[-1],
        "height_cm": None,
        "weight_loss_pct": GRID.loss_pct[-1],
        "over_months": GRID.months[-1],
        "days_little_or_no_intake": GRID.days[-1],
        "low_electrolytes_before_feeding": True,
        "alcohol_or_risk_drugs": True,
        "goal_kcal_per_kg": GRID.goal_kcal_per_kg[-1],
        "days_to_goal": GRID.days_to_goal[0],
    },
]


def check_fits(chart) -> None:
    overflow = chart.evaluate(
        """el => {
                const box = el.querySelector('svg').getBoundingClientRect();
                const wide = Array.from(el.querySelectorAll('svg text'))
                    .map(t => t.getBoundingClientRect())
                    .filter(r => r.right > box.right + 1 || r.left < box.left - 1).length;
                const inputs = Array.from(el.querySelectorAll('.vega-bindings input'))
                    .map(i => i.getBoundingClientRect())
                    .filter(r => r.right > window.innerWidth).length;
                return {svgRight: box.right, page: window.innerWidth, wide, inputs,
                        scroll: document.documentElement.scrollWidth};
            }"""
    )
    assert overflow["svgRight"] <= overflow["page"], overflow
    assert overflow["wide"] == 0, overflow
    assert overflow["inputs"] == 0, overflow
    assert overflow["scroll"] <= overflow["page"], overflow
