"""Classroom notebooks (``make notebooks``): the student notebook holds no answer.

The ``notebook`` tests build both notebooks of every chapter once (module fixture,
executed as ``make notebooks`` does), then:

- collect, from each chapter's MyST source and independently of the converter, a few
  distinctive phrases of every ``{solution}`` block and every quiz option's feedback
  (the correct ones first of all); none may appear in the student notebook, and every
  one must appear in the executed notebook (so the check can fail);
- execute every student notebook again top to bottom (nbclient): no error;
- no MyST syntax is left in either notebook's Markdown, glued values are written in as
  the page shows them, and the charts are Vega-Lite output JupyterLab draws.

The ``unit`` tests check the conversion functions on small MyST snippets.
"""

from __future__ import annotations

import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from casebook import classroom, facts, render
from casebook.sphinxext import notebooks as site_notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = classroom.chapter_sources(ROOT)
MYST_LEFT = re.compile(r"\{[a-z][\w:.-]*\}`|^\s*(?:`{3,}|:{3,})\s*\{|\{glue|\{term\}", re.M)


# ----------------------------------------------------------- answers in the sources


def _block(lines: list[str], start: int) -> tuple[list[str], list[str], int]:
    """(option lines, body lines, index after the closing fence) of the fence at ``start``."""
    fence = re.match(r"\s*(`{3,}|:{3,})", lines[start]).group(1)
    close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    end = start + 1
    while not close.match(lines[end]):
        end += 1
    body = lines[start + 1 : end]
    n = 0
    while n < len(body) and re.match(r"^\s*:[\w-]+:", body[n]):
        n += 1
    return body[:n], body[n:], end + 1


def answer_blocks(source: str) -> list[tuple[str, str]]:
    """(what, text) of every solution and quiz-option feedback in a MyST page."""
    lines = source.splitlines()
    found = []
    i = 0
    while i < len(lines):
        head = re.match(r"^\s*(?:`{3,}|:{3,})\{(solution|quiz-option)\}\s*(.*)$", lines[i])
        if not head:
            i += 1
            continue
        options, body, after = _block(lines, i)
        kind = head.group(1)
        if kind == "quiz-option":
            correct = any(":correct:" in o for o in options)
            kind = f"{'correct' if correct else 'other'} feedback to {head.group(2)!r}"
        found.append((kind, "\n".join(body)))
        i = after
    return found


def _without_answers(source: str) -> str:
    text = source
    for _, body in answer_blocks(source):
        text = text.replace(body, "")
    return text


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def phrases(text: str, elsewhere: str, n: int = 3) -> list[str]:
    """Up to ``n`` long runs of plain words in ``text`` (roles, math, markup and
    citations cut them) that appear nowhere in ``elsewhere``."""
    plain = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "|", text, flags=re.S)
    plain = re.sub(r"\{[\w:.-]+\}`[^`]*`", "|", plain)
    pieces = re.split(r"[|*`\[\]()]|\n\s*\n", plain)
    runs = []
    for piece in pieces:
        run = _normal(piece).strip(" .,;:–-")
        if len(run.split()) >= 5 and run not in elsewhere:
            runs.append(run)
    return sorted(runs, key=len, reverse=True)[:n]


def notebook_text(path: Path) -> str:
    """Every string in the notebook's JSON (sources, outputs, metadata), whitespace-normalised."""
    strings: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            if all(isinstance(v, str) for v in node):  # a multi-line source or text
                strings.append("".join(node))
            else:
                for value in node:
                    walk(value)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return _normal(" ".join(strings))


def outputs_text(path: Path) -> str:
    """The text of every code cell's outputs (tables, forms), whitespace-normalised."""
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return _normal(json.dumps(outputs, ensure_ascii=False).replace("\\n", " "))


def glued(source: str, glue: dict[str, str]) -> str:
    """``source`` with every ``{glue:text}`` role replaced by its value, as the page shows it."""
    from myst_nb.core.variables import format_plain_text

    def value(match: re.Match) -> str:
        key, _, fmt = match.group(1).partition(":")
        return format_plain_text(glue[key], fmt or "s")

    return re.sub(r"\{glue:text\}`([^`]*)`", value, source)


def expected_answers(
    md: Path, outputs: str = "", glue: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(what, phrase) for every answer block of the chapter ``md``.

    A phrase that the page also says outside its answers, or that its code cells'
    outputs show (the differential's rules, the pathway's table), proves nothing and
    is not used. A block with no run of five plain words left (a bare "Yes" and a
    citation) cannot be searched for; the structural checks cover it.
    """
    source = md.read_text(encoding="utf-8")
    rest = _without_answers(source)
    elsewhere = _normal(rest + " " + (glued(rest, glue) if glue else "")) + " " + outputs
    out = []
    for what, body in answer_blocks(source):
        found = phrases(body, elsewhere)
        words = " ".join(phrases(body, "", n=99)).split()
        assert found or len(words) < 12, f"{md.name}: no distinctive phrase in the {what}: {body!r}"
        out += [(what, p) for p in found]
    return out


# ----------------------------------------------------------------------- fixtures


def _run(path: Path) -> str | None:
    """Execute a notebook file top to bottom; the error, or None."""
    os.environ.pop(render.ENV_VAR, None)  # as a student opens it: its own default
    nb = nbformat.read(path, as_version=4)
    try:
        classroom.execute(nb, ROOT / "book")
    except Exception as exc:  # noqa: BLE001 - reported with the notebook's name
        return f"{type(exc).__name__}: {str(exc)[-2000:]}"
    return None


@pytest.fixture(scope="module")
def chapters(tmp_path_factory) -> dict[str, classroom.Chapter]:
    """Both classroom notebooks of every chapter, made once as ``make notebooks`` does."""
    return classroom.build(ROOT, tmp_path_factory.mktemp("notebooks"), jobs=2, log=lambda _: None)


@pytest.fixture(scope="module")
def built(chapters) -> dict[str, dict[str, Path]]:
    """Page name -> {kind: notebook file}, as the site finds them."""
    (folder,) = {f.parent for c in chapters.values() for f in c.files.values()}
    return site_notebooks.available(folder)


@pytest.fixture(scope="module")
def student_runs(built) -> dict[str, str | None]:
    """Each student notebook executed again, top to bottom: page -> error or None."""
    pages = sorted(built)
    with ProcessPoolExecutor(max_workers=2) as pool:
        errors = pool.map(_run, [built[p]["student"] for p in pages])
    return dict(zip(pages, errors, strict=True))


# ----------------------------------------------------------------- notebook layer


def test_every_notebook_chapter_has_both_notebooks(built):
    assert [md.stem for md in CHAPTERS][:1] == ["intro"]  # the root page comes first
    assert set(built) == {md.stem for md in CHAPTERS}
    assert {"therapy", "marrow", "presentation"} <= set(built)


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_holds_no_answer_and_executed_holds_all(built, chapters, md):
    outputs = outputs_text(built[md.stem]["executed"])
    answers = expected_answers(md, outputs, chapters[md.stem].glue)
    assert answers or not answer_blocks(md.read_text(encoding="utf-8")), md.stem
    student = notebook_text(built[md.stem]["student"])
    executed = notebook_text(built[md.stem]["executed"])
    leaked = [(what, p) for what, p in answers if p in student]
    assert not leaked, f"{md.stem}-student.ipynb shows answers: {leaked[:5]}"
    missing = [(what, p) for what, p in answers if p not in executed]
    assert not missing, f"{md.stem}-executed.ipynb lacks answers: {missing[:5]}"
    nb = nbformat.read(built[md.stem]["student"], as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "<details>" not in markdown and "Correct." not in markdown
    assert "**Solution**" not in markdown


def test_the_answer_check_covers_every_quiz_and_solution():
    counts = {}
    for md in CHAPTERS:
        source = md.read_text(encoding="utf-8")
        counts[md.stem] = len(answer_blocks(source))
        correct = sum(w.startswith("correct") for w, _ in answer_blocks(source))
        assert correct == source.count("\n:correct:"), md.stem
        assert sum(w == "solution" for w, _ in answer_blocks(source)) == source.count("{solution}")
    assert counts["intro"] == 4 and counts["therapy"] > 15  # 3 options + 1 solution


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_executes_cleanly(student_runs, md):
    assert student_runs[md.stem] is None, f"{md.stem}-student.ipynb: {student_runs[md.stem]}"


@pytest.mark.parametrize("kind", classroom.KINDS)
@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_no_myst_syntax_left_and_charts_are_vega_lite(built, md, kind):
    nb = nbformat.read(built[md.stem][kind], as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            left = MYST_LEFT.search(cell.source)
            assert not left, (
                f"{md.stem}-{kind}: MyST left: {cell.source[left.start() - 60 :][:160]!r}"
            )
    mimes = [set(o.get("data", {})) for c in nb.cells for o in c.get("outputs", [])]
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    assert not any(any(m.startswith("application/papermill") for m in ms) for ms in mimes)
    assert not any("application/vnd.jupyter.widget-view+json" in ms for ms in mimes)
    figures = md.read_text(encoding="utf-8").count("{glue:figure}")
    charts = sum(render.VEGALITE_MIMETYPE in ms for ms in mimes)
    assert charts >= figures, f"{md.stem}-{kind}: {charts} charts for {figures} figures"
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if "skip-execution" in tags:  # the ipywidgets explorers: kept, never run here
            assert cell.cell_type == "code" and not cell.outputs and "widgets" in cell.source
        if tags & {"remove-cell", "remove-input"}:
            assert cell.metadata["jupyter"]["source_hidden"] is True


def test_glued_values_are_written_in_as_the_page_shows_them(built, case):
    f = facts.intro_facts(case)
    for kind in classroom.KINDS:
        text = notebook_text(built["intro"][kind])
        assert f"Her platelet count was {f['plt_first_10e9_per_l']:.0f} ×10⁹/L" in text
        assert f"fall of {f['plt_fall_pct']:.0f} %" in text
        assert f"A {f['age_years']}-year-old woman" in text
    executed = notebook_text(built["intro"]["executed"])
    assert f"that is {f['plt_fall_pct']:.1f} %" in executed  # the solution's :.1f
    assert f"that is {f['plt_fall_pct']:.1f} %" not in notebook_text(built["intro"]["student"])


def test_quizzes_keep_their_options_for_students(built):
    nb = nbformat.read(built["intro"]["student"], as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "**Question**" in markdown
    assert "- **A.** Grade 2\n- **B.** Grade 4\n- **C.** It cannot be graded" in markdown
    executed = nbformat.read(built["intro"]["executed"], as_version=4)
    markdown = "\n".join(c.source for c in executed.cells if c.cell_type == "markdown")
    assert markdown.count("<details>") == 3 and markdown.count("**Correct.**") == 1


# -------------------------------------------------------------------- unit layer

SNIPPET = """\
(page-label)=
# A page

A {glue:text}`age`-year-old with {term}`triple-negative breast cancer <TNBC>`; the
count was {glue:text}`plt:.0f` ×10⁹/L {footcite:p}`casereport,robson2017olympiad`. See
{doc}`therapy`, {doc}`the data <data>` and {numref}`fig-x`.

```{admonition} For education only
:class: warning
Not clinical guidance.
```

```{glue:figure} fig_x
:name: fig-x

The counts.
```

::::{quiz}
How severe is {glue:text}`plt:.0f`?

:::{quiz-option} Grade 2
Too high a grade {footcite:p}`casereport`.
:::

:::{quiz-option} Grade 4
:correct:
Below 25 it is grade 4 {footcite:p}`casereport`.
:::
::::

```{exercise}
:label: ex-1

Work out the fall.
```

```{solution} ex-1
:class: dropdown

It is {glue:text}`fall:.1f` % of the first.
```

## References

```{footbibliography}
```
"""
GLUE = {"age": "39", "plt": "18.0", "fall": "80.43478260869566"}
BOOK = classroom.BookContext(
    titles={"therapy": "Therapy reasoning", "data": "The case as data"},
    citations={"casereport": "The case authors n.d.", "robson2017olympiad": "Robson et al. 2017"},
    references={"casereport": "The case report."},
    notebooks=frozenset({"therapy"}),
)


def _convert(kind: str) -> str:
    return classroom.myst_to_markdown(
        SNIPPET, classroom.PageContext(kind=kind, glue=GLUE, book=BOOK)
    )


@pytest.mark.unit
def test_roles_become_plain_markdown_with_glued_values():
    md = _convert("executed")
    assert "A 39-year-old with triple-negative breast cancer; the" in md
    assert "count was 18 ×10⁹/L (The case authors n.d.; Robson et al. 2017)" in md
    assert "See\n[Therapy reasoning](therapy-executed.ipynb), the data and Figure 1." in md
    assert "(page-label)=" not in md and not MYST_LEFT.search(md)


@pytest.mark.unit
def test_directives_become_readable_markdown():
    md = _convert("executed")
    assert "> **For education only**\n>\n> Not clinical guidance." in md
    assert "**Figure 1.** The counts." in md
    assert "**Question**\n\nHow severe is 18?\n\n- **A.** Grade 2\n- **B.** Grade 4" in md
    assert "<summary>Feedback on B</summary>\n\n**Correct.** Below 25 it is grade 4" in md
    assert "**Not the best answer.** Too high a grade (The case authors n.d.)." in md
    assert "**Exercise**\n\nWork out the fall." in md
    assert "**Solution**\n\nIt is 80.4 % of the first." in md
    assert "- **The case authors n.d.**: The case report." in md
    assert "- **Robson et al. 2017**: robson2017olympiad" in md


@pytest.mark.unit
def test_student_markdown_has_no_answers():
    md = _convert("student")
    assert "- **A.** Grade 2\n- **B.** Grade 4" in md and "**Exercise**" in md
    for answer in ("Below 25", "Too high", "<details>", "Correct", "Solution", "80.4"):
        assert answer not in md, answer
    assert "[Therapy reasoning](therapy-student.ipynb)" in md


@pytest.mark.unit
def test_answer_phrases_are_found_in_the_snippet():
    blocks = answer_blocks(SNIPPET)
    assert [w for w, _ in blocks] == [
        "other feedback to 'Grade 2'",
        "correct feedback to 'Grade 4'",
        "solution",
    ]
    assert phrases("Yes: +{glue:text}`x` % and more words here than five, so it is", "") == [
        "% and more words here than five, so it is"
    ]
    assert (
        phrases(
            "words that the page also says elsewhere",
            "also: words that the page also says elsewhere",
        )
        == []
    )


@pytest.mark.unit
def test_bad_myst_fails_loudly():
    ctx = classroom.PageContext(glue=GLUE, book=BOOK)
    with pytest.raises(KeyError, match="missing"):
        classroom.myst_to_markdown("{glue:text}`missing`", ctx)
    with pytest.raises(ValueError, match="unclosed directive"):
        classroom.myst_to_markdown("```{solution} x\nnever closed", ctx)
    with pytest.raises(ValueError, match="kind must be one of"):
        classroom.PageContext(kind="teacher")


@pytest.mark.unit
def test_glue_values_are_read_as_myst_nb_stores_them():
    cell = nbformat.v4.new_code_cell("glue")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "18.0"},
            metadata={"scrapbook": {"name": "plt", "mime_prefix": "application/papermill.record/"}},
        ),
        nbformat.v4.new_output("display_data", data={"text/plain": "shown"}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert classroom.glue_values(nb) == {"plt": "18.0"}
    classroom.strip_glue_outputs(nb)
    assert [o["data"] for o in nb.cells[0].outputs] == [{"text/plain": "shown"}]


@pytest.mark.unit
def test_student_notebook_drops_solution_cells_and_hides_setup():
    cells = [
        nbformat.v4.new_code_cell("setup()", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_markdown_cell("```{solution} x\nsecret\n```"),
        nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("explorer", metadata={"tags": ["skip-execution"]}),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    student = classroom.classroom_notebook(nb, "student", BOOK)
    assert [c.source for c in student.cells] == ["setup()", "explorer"]
    assert student.cells[0].metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    executed = classroom.classroom_notebook(nb, "executed", BOOK)
    assert [c.source for c in executed.cells][1:3] == ["**Solution**\n\nsecret", "answer = 42"]


@pytest.mark.unit
def test_the_notebook_renderer_gives_vega_lite_jupyterlab_draws(monkeypatch):
    import altair as alt

    monkeypatch.setenv(render.ENV_VAR, "notebook")
    assert render.configure() == "notebook"
    chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {render.VEGALITE_MIMETYPE, "text/plain"}
    assert bundle[render.VEGALITE_MIMETYPE]["mark"]["type"] == "point"
    render.configure("live")


@pytest.mark.unit
def test_site_links_only_pages_with_both_notebooks(tmp_path):
    for name in ("a-executed", "a-student", "b-executed"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert list(site_notebooks.available(tmp_path)) == ["a"]
    assert site_notebooks.available(tmp_path / "missing") == {}
    line = site_notebooks.download_html("a", "..")
    assert 'href="../notebooks/a-student.ipynb" download' in line
    assert 'href="../notebooks/a-executed.ipynb" download' in line


@pytest.mark.unit
def test_chapters_are_the_toc_pages_that_are_notebooks():
    stems = [p.stem for p in CHAPTERS]
    assert stems[0] == "intro" and {"therapy", "marrow", "course"} <= set(stems)
    assert not {"glossary", "bibliography"} & set(stems)  # plain Markdown pages


# ------------------------------------------------ incremental: changed chapters only


def _age(folder: Path) -> None:
    """Every notebook in ``folder`` dated a day back, so a rewrite shows in its mtime."""
    for path in folder.glob("*.ipynb"):
        old = path.stat().st_mtime - 86400
        os.utime(path, (old, old))


def _rewritten(folder: Path, since: float) -> set[str]:
    return {p.name for p in folder.glob("*.ipynb") if p.stat().st_mtime > since}


def test_a_second_build_remakes_only_the_changed_chapter(chapters, monkeypatch):
    """``make book`` after a prose edit of one page remakes that page's two notebooks.

    The edit is given to :func:`classroom.chapter_key` (whose own test below shows that
    a changed source changes the key); a file of a page no longer in the book goes.
    """
    (folder,) = {f.parent for c in chapters.values() for f in c.files.values()}
    _age(folder)
    since = time.time() - 3600
    (folder / "gone-executed.ipynb").write_text("{}", encoding="utf-8")
    again = classroom.build(ROOT, folder, jobs=2, log=lambda _: None)
    assert _rewritten(folder, since) == set(), "an unchanged chapter's notebooks were remade"
    assert not (folder / "gone-executed.ipynb").exists()
    assert {k: c.glue for k, c in again.items()} == {k: c.glue for k, c in chapters.items()}

    real_key = classroom.chapter_key

    def edited(md, *args):
        return real_key(md, *args) + ("edited" if md.stem == "marrow" else "")

    monkeypatch.setattr(classroom, "chapter_key", edited)
    classroom.build(ROOT, folder, jobs=2, log=lambda _: None)
    assert _rewritten(folder, since) == {"marrow-executed.ipynb", "marrow-student.ipynb"}


@pytest.mark.unit
def test_the_chapter_key_follows_what_a_chapter_is_made_from(tmp_path):
    from casebook import buildcache

    md = tmp_path / "page.md"
    md.write_text("# Page\n\nOne sentence.\n", encoding="utf-8")
    book = classroom.BookContext(titles={"page": "Page", "other": "Other"})
    config = buildcache.md_config(ROOT)
    cache = tmp_path / "cache" / "abc"

    def key(**change) -> str:
        args = {"md": md, "cache_path": cache, "book": book, "config": config} | change
        return classroom.chapter_key(**args)

    before = key()
    assert key(config=buildcache.md_config(ROOT)) == before, "the same inputs, another key"
    retitled = classroom.BookContext(titles={"page": "Page", "other": "Renamed"})
    assert key(book=retitled) != before, "another page's title (a link's text) changed"
    assert key(cache_path=tmp_path / "cache" / "def") != before, "data/ or casebook/ changed"
    md.write_text("# Page\n\nAn edit.\n", encoding="utf-8")
    assert key() != before, "the page's own text changed"


@pytest.mark.unit
def test_the_myst_settings_fingerprint_is_the_same_in_every_process():
    """A set's repr changes order with each process's string hashing; the fingerprint
    must not (else every page would count as changed on every build)."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from casebook import buildcache as b; "
        f"print(b.config_fingerprint(b.md_config(Path({str(ROOT)!r}))))"
    )
    prints = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(prints) == 1, prints


# --------------------------------------------------------------------- lab layer


@pytest.mark.lab
def test_plain_jupyterlab_draws_the_saved_charts_without_a_kernel(tmp_path):
    """A saved classroom notebook shows its charts in JupyterLab before anything runs."""
    from playwright import sync_api as playwright_sync

    from tests import lab_support as lab
    from tests import site_support as site

    # The notebooks make book wrote (and the site offers), inside the folder JupyterLab serves.
    built = ROOT / "_build" / "notebooks"
    files = {kind: built / f"intro-{kind}.ipynb" for kind in classroom.KINDS}
    assert all(f.is_file() for f in files.values()), "run `make book` (make test does)"
    with lab.jupyterlab(tmp_path) as url, playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        log = site.watch(page)
        for kind, path in files.items():
            rel = path.relative_to(ROOT).as_posix()
            page.goto(f"{url}/lab/workspaces/t{kind}/tree/{rel}?reset")
            page.wait_for_function(
                """() => Array.from(document.querySelectorAll('.jp-Notebook .vega-embed canvas'))
                         .some(c => c.width > 300 && c.height > 100)""",
                timeout=90000,
            )
            outputs = page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts()
            assert not [t for t in outputs if "No renderer" in t], kind
            if kind == "executed":  # the intro quiz's three feedback blocks
                # JupyterLab draws only the cells in view: scroll down until they are drawn.
                page.wait_for_function(
                    """() => {
                        document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')
                            .forEach(el => { el.scrollTop = el.scrollHeight; });
                        return document.querySelectorAll('.jp-Notebook details').length >= 3;
                    }""",
                    polling=300,
                    timeout=30000,
                )
        browser.close()
    assert log.external == [], log.external
