"""Shared fixtures, and the layer marker of every test (see tests/README.md).

Every test carries exactly one layer marker, which says what it needs to run:

    unit      nothing built, no browser: seconds (`make unit`)
    build     runs Sphinx / Jupyter Book on small books of its own (`make site`)
    notebook  executes chapters in a Jupyter kernel: nbval, data guards (`make nbval`)
    browser   Debian's Chromium, mostly against the built site (`make site`)
    lab       a real JupyterLab in Chromium (`make lab-test`)

Markers come from the table below, by module, so a test module cannot go unmarked:
a ``tests/test_*.py`` that is not in the table stops the run. A module whose tests
need different things lists more than one layer; its first layer is the default and
single tests carry another with ``@pytest.mark.<layer>``. The chapter notebooks that
nbval collects (``_build/nbtest/*.ipynb``) are ``notebook``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.data import Case, load_case
from tests import site_support as site

TESTS_DIR = Path(__file__).resolve().parent
LAYERS = ("unit", "build", "notebook", "browser", "lab")

# module -> layers its tests may carry; the first is the default.
MODULE_LAYERS: dict[str, tuple[str, ...]] = {
    "test_data": ("unit",),
    "test_evidence": ("unit",),
    "test_clinical": ("unit",),
    "test_response": ("unit",),
    "test_charts_response": ("unit",),
    "test_dosing": ("unit",),
    "test_trial_arms": ("unit",),
    "test_cycle": ("unit",),
    "test_nutrition": ("unit",),
    "test_charts_weights": ("unit",),
    "test_model": ("unit",),
    "test_planner": ("unit",),
    "test_charts_model": ("unit",),
    "test_pathway": ("unit",),
    "test_pathway_view": ("unit",),
    # The JS twin of the evaluator is checked in Chromium (parity and DOM wiring).
    "test_differential": ("unit", "browser"),
    "test_marrow": ("unit",),
    # The quiz-directive tests each run Sphinx on a one-page project.
    "test_render_and_charts": ("unit", "build"),
    "test_widgets": ("unit",),
    "test_widgets_therapy": ("unit",),
    "test_widgets_nutrition": ("unit",),
    "test_widgets_mechanisms": ("unit",),
    "test_live": ("unit",),
    "test_site_chart_order": ("browser",),
    "test_prose": ("unit",),
    "test_glossary": ("unit",),
    "test_facts": ("unit",),
    "test_provenance": ("unit",),
    "test_tables": ("unit",),
    # Parses book/instructor.md and _toc.yml: every chapter planned, every link resolves.
    "test_instructor": ("unit",),
    "test_appraisal": ("unit",),
    # Validates .github/workflows/publish.yml offline (check-jsonschema's vendored schema).
    "test_publish_workflow": ("unit",),
    # Executes every chapter in a kernel against changed copies of data/ (no Sphinx).
    "test_guards": ("notebook",),
    # Builds and executes every chapter's classroom notebooks; converter tests are unit,
    # and one opens a saved notebook in JupyterLab (lab).
    "test_classroom_notebooks": ("notebook", "unit", "lab"),
    "test_build_failures": ("build",),
    # Reads make book's log (Sphinx executed nothing); rebuilds a copy of the project
    # after a CSV change and a prose edit (the page is never stale).
    "test_incremental": ("build", "unit"),
    # Every page loaded once for three checks (offline, scripts and icons, axe-core), from
    # disk, and the landing page's quiz, solution, citation, glossary link and search.
    "test_site": ("browser",),
    "test_site_marrow": ("browser",),
    "test_site_presentation": ("browser",),
    "test_site_course": ("browser",),
    "test_site_therapy": ("browser",),
    "test_site_nutrition": ("browser",),
    "test_site_mechanisms": ("browser",),
    "test_site_pathway": ("browser",),
    "test_site_response": ("browser",),
    "test_site_dose": ("browser",),
    # Builds a one-page book of its own (module fixture), then checks it in Chromium.
    "test_site_planner": ("browser", "build"),
    "test_site_forest": ("browser",),
    "test_site_breaks": ("browser",),
    "test_site_appraisal": ("browser",),
    # The built site copied under a sub-path (as GitHub Pages serves it) in Chromium.
    "test_site_subpath": ("browser",),
    # The script-and-icon check on seeded pages (test_site.py runs it on every page), the
    # cut-down icon script; its icon-pack reader is unit.
    "test_site_light": ("browser", "unit"),
    # The axe-core and chart-description checkers on seeded pages (test_site.py runs them
    # on every page).
    "test_site_a11y": ("browser",),
    # Every kind of static-site control reached with Tab and operated by keyboard.
    "test_site_keyboard": ("browser",),
    # Every page at 320 CSS px: no sideways scrolling, no chart text cut off.
    "test_site_reflow": ("browser",),
    # Prints the built site to PDF in Chromium (make pdf), twice.
    "test_pdf": ("browser",),
    "test_lab": ("lab",),
    # Builds a one-page book three times at once (no repository URL / a github.com one /
    # a URL the buttons cannot use), checks the launch links, loads the page in Chromium;
    # the URL rules are unit tests.
    "test_launch_buttons": ("build", "browser", "unit"),
    # `make book` again in a copy of the project elsewhere (module fixture, minutes);
    # the site must come out byte for byte the same. Its comparison helper is unit.
    "test_reproducible": ("build", "unit"),
    # Every internal link, asset and #fragment of the built site resolves (no browser,
    # but it needs the built site like the site tests); external links are listed.
    "test_site_links": ("browser",),
}


# --------------------------------------------------------------------------- markers


def _check_table() -> None:
    unknown = {m: ls for m, ls in MODULE_LAYERS.items() if not ls or set(ls) - set(LAYERS)}
    if unknown:
        raise pytest.UsageError(f"tests/conftest.py: unknown layers in MODULE_LAYERS: {unknown}")
    unlisted = sorted(p.name for p in TESTS_DIR.glob("test_*.py") if p.stem not in MODULE_LAYERS)
    if unlisted:
        raise pytest.UsageError(
            f"{', '.join(unlisted)}: not in MODULE_LAYERS in tests/conftest.py. "
            f"Add each test module with its layer ({', '.join(LAYERS)}) so it runs in the right make target."
        )


def _selected_layers(config: pytest.Config) -> set[str] | None:
    """The layers that ``-m`` can select, or None when it names anything but layers."""
    expr = config.getoption("markexpr") or ""
    tokens = re.findall(r"[()]|[^\s()]+", expr)
    if not tokens or any(t not in (*LAYERS, "and", "or", "not", "(", ")") for t in tokens):
        return None
    selected = set()
    for layer in LAYERS:
        code = " ".join(str(t == layer) if t in LAYERS else t for t in tokens)
        if eval(code, {"__builtins__": {}}):  # noqa: S307 - only True/False/and/or/not/()
            selected.add(layer)
    return selected


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Do not even import a module none of whose layers ``-m`` selects.

    The site modules stop at import when ``_build/html`` is missing, and browser
    modules import Playwright; `make unit` on a fresh clone must need neither.
    """
    if collection_path.parent != TESTS_DIR or collection_path.stem not in MODULE_LAYERS:
        return None
    selected = _selected_layers(config)
    if selected is not None and not selected & set(MODULE_LAYERS[collection_path.stem]):
        return True
    return None


# The slowest modules, slowest first. `make test` runs pytest-xdist with
# --no-loadscope-reorder and hands out whole modules in collection order, so these start
# first on their own workers and the many quick modules fill in around them; left to
# xdist's default order (most tests first) they started last and one worker ran them
# alone at the end.
SLOWEST_FIRST = (
    "test_reproducible",
    "test_incremental",
    "test_lab",
    "test_classroom_notebooks",
    "test_site",
    "test_guards",
    "test_site_reflow",
    "test_pdf",
    "test_site_keyboard",
    "test_launch_buttons",
    "test_site_pathway",
    "test_site_planner",
    "test_render_and_charts",
    "test_build_failures",
)

# The long test of a slow module runs first in it. xdist gives a worker its next module
# as soon as two or fewer tests of its current ones are left; a module whose minutes-long
# test came last would have the next module waiting behind it on that worker while other
# workers ran out of work.
LONGEST_FIRST = (
    "test_a_second_build_elsewhere_writes_the_same_site",  # test_reproducible
    "test_a_changed_csv_reaches_the_page_and_a_prose_edit_executes_nothing",  # test_incremental
)


def _slowest_first(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(SLOWEST_FIRST)}
    items.sort(
        key=lambda item: (
            rank.get(Path(item.path).stem, len(rank)),
            item.name not in LONGEST_FIRST,
        )
    )  # stable


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _check_table()
    _slowest_first(items)
    problems = []
    for item in items:
        path = Path(item.path)
        own = {m.name for m in item.iter_markers() if m.name in LAYERS}
        if path.suffix == ".ipynb":
            allowed: tuple[str, ...] = ("notebook",)
        elif path.parent == TESTS_DIR and path.stem in MODULE_LAYERS:
            allowed = MODULE_LAYERS[path.stem]
        else:
            problems.append(f"{item.nodeid}: outside the marker table in tests/conftest.py")
            continue
        if len(own) > 1 or own - set(allowed):
            problems.append(
                f"{item.nodeid}: marked {sorted(own)}; {path.name} allows {list(allowed)}"
            )
        elif not own:
            item.add_marker(allowed[0])
    if problems:
        raise pytest.UsageError("tests without a valid layer marker:\n  " + "\n  ".join(problems))


# -------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def case() -> Case:
    """The shipped case, loaded once per test module.

    Module scope, as each module had it: ``Case`` is frozen but its tables are
    pandas frames that a test could change in place, so no module shares them with
    another.
    """
    return load_case()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (never a downloaded browser), headless, one per test module."""
    from playwright import sync_api as playwright_sync

    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url():
    """The built site (``site.HTML_DIR``) served on 127.0.0.1."""
    with site.serve(site.HTML_DIR) as url:
        yield url


@pytest.fixture()
def page(browser):
    """A fresh browser context and page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
