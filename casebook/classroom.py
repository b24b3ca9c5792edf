"""Classroom notebooks: each chapter as an executed and a student ``.ipynb``.

``make notebooks`` (``python -m casebook.classroom . _build/notebooks``) writes, for
every chapter page in ``_toc.yml`` that is a notebook (has a kernelspec), two files:

``<page>-executed.ipynb``
    executed top to bottom (the site build's execution) and readable in plain
    JupyterLab with no MyST extension: glued values written into the text as the page
    shows them, roles and directives made plain Markdown (admonitions as block quotes,
    quizzes as a list with each option's feedback in a collapsed ``<details>``,
    exercises with their solutions), charts stored as Vega-Lite output that JupyterLab
    draws with no kernel, no trust and no internet.
``<page>-student.ipynb``
    the same notebook without the answers: no ``{solution}`` block, no quiz feedback
    and no mark on the right option, no cell tagged ``solution``. It still executes.

Each chapter is executed once, by the site build (:mod:`casebook.buildcache`: the
static renderer stores every chart as Vega-Lite too, see :mod:`casebook.render`); both
files are made from that execution's cached outputs. Hidden setup and
guard cells stay as code cells, collapsed (students who run the notebook need them);
cells tagged ``skip-execution`` (the ipywidgets explorers) stay, not executed.

The Sphinx extension (:mod:`casebook.sphinxext.notebooks`) links both files from each
chapter page and copies them into the site.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from casebook.render import VEGALITE_MIMETYPE

__all__ = [
    "KINDS",
    "STUDENT_DROP_TAGS",
    "PageContext",
    "BookContext",
    "chapter_sources",
    "book_context",
    "glue_values",
    "strip_glue_outputs",
    "myst_to_markdown",
    "classroom_notebook",
    "execute",
    "Chapter",
    "build_chapter",
    "build",
]

KINDS = ("executed", "student")
#: Code cells with any of these tags hold an answer: the student notebook drops them.
STUDENT_DROP_TAGS = frozenset({"solution", "hide-solution", "remove-from-student"})
#: The renderer the classroom notebooks run under unless the kernel's environment
#: names one (``make lab`` sets ``live``).
RENDERER_CELL = (
    "# Classroom notebook: charts as Vega-Lite, which JupyterLab draws with no internet.\n"
    "import os\n"
    "\n"
    '_ = os.environ.setdefault("CASEBOOK_RENDERER", "notebook")'
)

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_ROLE = re.compile(r"\{(?P<name>[a-z][\w:.-]*)\}`(?P<content>[^`]*)`")
_TARGET = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[\w./-]+)\.md(?P<anchor>#[\w-]+)?\)")
_ADMONITIONS = {
    "note",
    "tip",
    "hint",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "seealso",
}


# ------------------------------------------------------------------ the book's context


@dataclass(frozen=True)
class BookContext:
    """What every page's conversion needs from the book: titles, citations, pages."""

    titles: Mapping[str, str] = field(default_factory=dict)  # doc name -> page title
    citations: Mapping[str, str] = field(default_factory=dict)  # bib key -> "Author year"
    references: Mapping[str, str] = field(default_factory=dict)  # bib key -> full reference
    notebooks: frozenset[str] = frozenset()  # doc names that have classroom notebooks


@dataclass
class PageContext:
    """One page's conversion: its glued values, figure numbers and what it cites."""

    kind: str = "executed"
    glue: Mapping[str, str] = field(default_factory=dict)  # key -> text/plain
    book: BookContext = field(default_factory=BookContext)
    figures: dict[str, int] = field(default_factory=dict)  # :name: -> number on the page
    cited: list[str] = field(default_factory=list)  # bib keys in order of first citation

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")


def _front_matter_free(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def _title(md: Path) -> str:
    for line in _front_matter_free(md.read_text(encoding="utf-8")).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return md.stem


def chapter_sources(root: Path) -> list[Path]:
    """The pages ``_toc.yml`` lists (root first, in order) that are notebooks."""
    from casebook import buildcache

    return buildcache.notebook_pages(Path(root))


def _bib(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """``key -> "Author year"`` and ``key -> full reference`` from the book's BibTeX."""
    bibs = sorted((root / "book").glob("*.bib")) if (root / "book").is_dir() else []
    if not bibs:
        return {}, {}
    from pybtex.database import parse_file

    short, full = {}, {}
    for bib in bibs:
        for key, entry in parse_file(str(bib)).entries.items():
            people = entry.persons.get("author", [])
            year = entry.fields.get("year", "n.d.")
            names = [" ".join(p.last_names) or str(p) for p in people if str(p) != "others"]
            others = len(people) > 1
            first = _plain(names[0]) if names else _plain(entry.fields.get("title", key))
            short[key] = f"{first}{' et al.' if others else ''} {year}"
            authors = ", ".join(_plain(str(p)) for p in people if str(p) != "others")
            authors += " et al." if any(str(p) == "others" for p in people) else ""
            parts = [
                f"{authors} ({year})." if authors else f"({year}).",
                _plain(entry.fields.get("title", "")) + ".",
            ]
            venue = entry.fields.get("journal") or entry.fields.get("publisher") or ""
            where = " ".join(
                x
                for x in (
                    _plain(venue),
                    entry.fields.get("volume", ""),
                    entry.fields.get("pages", "").replace("--", "–"),
                )
                if x
            )
            if where:
                parts.append(where + ".")
            if entry.fields.get("doi"):
                parts.append(f"doi:{entry.fields['doi']}")
            full[key] = " ".join(parts)
    return short, full


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("--", "–").strip()


def book_context(root: Path) -> BookContext:
    """Titles of every page in ``book/``, the bibliography, and the notebook pages."""
    book = root / "book"
    titles = {md.stem: _title(md) for md in sorted(book.glob("*.md"))}
    short, full = _bib(root)
    return BookContext(
        titles=titles,
        citations=short,
        references=full,
        notebooks=frozenset(md.stem for md in chapter_sources(root)),
    )


# ---------------------------------------------------------------------------- glue


def glue_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every glued value's ``text/plain`` by key, as myst_nb stores it in the outputs."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = meta.get("mime_prefix", "")
            data = {k[len(prefix) :]: v for k, v in output.get("data", {}).items()}
            if "text/plain" in data:
                values[meta["name"]] = data["text/plain"]
    return values


def strip_glue_outputs(nb: nbformat.NotebookNode) -> None:
    """Unglue the outputs: JupyterLab has no renderer for the glue mimetypes.

    A glued chart (the site shows it where ``{glue:figure}`` stands) becomes an
    ordinary output holding its Vega-Lite bundle, where the cell that glued it is;
    every other glued value is dropped (its text is written into the Markdown).
    """
    for cell in nb.cells:
        if "outputs" not in cell:
            continue
        outputs = []
        for output in cell.outputs:
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                outputs.append(output)
                continue
            prefix = meta.get("mime_prefix", "")
            data = {k[len(prefix) :]: v for k, v in output.get("data", {}).items()}
            if VEGALITE_MIMETYPE in data:
                outputs.append(
                    nbformat.v4.new_output(
                        "display_data",
                        data={k: data[k] for k in (VEGALITE_MIMETYPE, "text/plain") if k in data},
                    )
                )
        cell.outputs = outputs


def vegalite_only(nb: nbformat.NotebookNode) -> None:
    """Drop the site's HTML from outputs that also hold the chart as Vega-Lite.

    The static renderer stores both (:func:`casebook.render.static_bundle`); an
    untrusted notebook would show the HTML without running its script, so no chart.
    """
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VEGALITE_MIMETYPE in data:
                data.pop("text/html", None)


def _glued_text(ctx: PageContext, content: str) -> str:
    from myst_nb.core.variables import format_plain_text

    key, _, fmt = content.partition(":")
    if "::" in content:
        raise ValueError(f"glue from another page is not supported: {content!r}")
    if key not in ctx.glue:
        raise KeyError(f"glued value {key!r} not found in the executed notebook")
    return format_plain_text(ctx.glue[key], fmt or "s")


# --------------------------------------------------------------------------- roles


def _explicit(content: str) -> tuple[str | None, str]:
    """``text <target>`` -> (text, target); ``target`` -> (None, target)."""
    match = _EXPLICIT.match(content)
    if match:
        return match["text"].strip(), match["target"].strip()
    return None, content.strip()


def _cite(ctx: PageContext, content: str, textual: bool) -> str:
    keys = [k.strip() for k in content.split(",") if k.strip()]
    for key in keys:
        if key not in ctx.cited:
            ctx.cited.append(key)
    labels = [ctx.book.citations.get(k, k) for k in keys]
    if textual:
        return "; ".join(
            re.sub(r" (\S+)$", r" (\1)", label) if label != k else label
            for label, k in zip(labels, keys, strict=True)
        )
    return "(" + "; ".join(labels) + ")"


def _role(ctx: PageContext, name: str, content: str) -> str:
    if name in ("glue", "glue:", "glue:text", "glue:any", "glue:md"):
        return _glued_text(ctx, content)
    if name == "term":
        text, target = _explicit(content)
        return text or target
    if name in ("doc", "ref"):
        text, target = _explicit(content)
        stem = Path(target).stem
        text = text or ctx.book.titles.get(stem, target)
        return f"[{text}]({stem}-{ctx.kind}.ipynb)" if stem in ctx.book.notebooks else text
    if name == "numref":
        text, target = _explicit(content)
        number = ctx.figures.get(target)
        label = f"Figure {number}" if number else target
        return text.replace("%s", str(number or "")) if text else label
    if name.startswith(("footcite", "cite")):
        return _cite(ctx, content, textual=name.endswith(":t"))
    if name == "math":
        return f"${content}$"
    if name in ("sub", "sup"):
        return f"<{name}>{content}</{name}>"
    text, target = _explicit(content)
    return text or target


def _links(ctx: PageContext, text: str) -> str:
    """``[text](page.md)`` -> a link to that page's notebook of the same kind, or text."""

    def swap(match: re.Match) -> str:
        stem = Path(match["target"]).name
        if stem in ctx.book.notebooks:
            return f"[{match['text']}]({stem}-{ctx.kind}.ipynb)"
        return match["text"]

    return _MD_LINK.sub(swap, text)


def inline(ctx: PageContext, text: str) -> str:
    """Every MyST role in ``text`` made plain Markdown (glued values written in)."""
    text = _ROLE.sub(lambda m: _role(ctx, m["name"], m["content"]), text)
    return _links(ctx, text)


# ---------------------------------------------------------------------- directives


@dataclass
class _Directive:
    name: str
    arg: str
    options: dict[str, str]
    body: list[str]


def _blocks(lines: list[str]) -> list[str | _Directive]:
    """Split Markdown lines into plain lines and (possibly nested) fenced directives."""
    out: list[str | _Directive] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence = match["fence"]
        close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        options: dict[str, str] = {}
        while j < len(lines) and (opt := _OPTION.match(lines[j])):
            options[opt["key"]] = opt["value"].strip()
            j += 1
        body_start = j
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if j == len(lines):
            raise ValueError(f"unclosed directive {{{match['name']}}} at: {lines[i]!r}")
        out.append(_Directive(match["name"], match["arg"].strip(), options, lines[body_start:j]))
        i = j + 1
    return out


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _figure_names(text: str) -> list[str]:
    names = []
    for block in _blocks(text.splitlines()):
        if isinstance(block, _Directive):
            if block.name in ("glue:figure", "figure") and block.options.get("name"):
                names.append(block.options["name"])
            names.extend(_figure_names("\n".join(block.body)))
    return names


def _quiz(ctx: PageContext, d: _Directive) -> str:
    question: list[str] = []
    options: list[_Directive] = []
    for block in _blocks(d.body):
        if isinstance(block, _Directive) and block.name == "quiz-option":
            options.append(block)
        elif isinstance(block, _Directive):
            question.append(_directive(ctx, block))
        else:
            question.append(block)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    parts = ["**Question**", "", _render("\n".join(question), ctx).strip(), ""]
    parts += [f"- **{letters[n]}.** {inline(ctx, o.arg)}" for n, o in enumerate(options)]
    if ctx.kind == "student":
        return "\n".join(parts)
    for n, option in enumerate(options):
        verdict = "Correct." if "correct" in option.options else "Not the best answer."
        feedback = _render("\n".join(option.body), ctx).strip()
        parts += [
            "",
            "<details>",
            f"<summary>Feedback on {letters[n]}</summary>",
            "",
            f"**{verdict}** {feedback}",
            "",
            "</details>",
        ]
    return "\n".join(parts)


def _references(ctx: PageContext) -> str:
    if not ctx.cited:
        return ""
    return "\n".join(
        f"- **{ctx.book.citations.get(k, k)}**: {ctx.book.references.get(k, k)}" for k in ctx.cited
    )


def _directive(ctx: PageContext, d: _Directive) -> str:
    body = "\n".join(d.body)
    name = d.name
    if name == "solution":
        return "" if ctx.kind == "student" else f"**Solution**\n\n{_render(body, ctx).strip()}"
    if name == "exercise":
        return f"**Exercise**\n\n{_render(body, ctx).strip()}"
    if name == "quiz":
        return _quiz(ctx, d)
    if name in ("glue:figure", "figure"):
        label = d.options.get("name")
        number = ctx.figures.get(label) if label else None
        where = "the code cell below draws it" if name == "glue:figure" else d.arg
        head = f"**Figure {number}.**" if number else "**Figure.**"
        return f"{head} {_render(body, ctx).strip()} *({where}.)*"
    if name == "admonition" or name in _ADMONITIONS:
        title = inline(ctx, d.arg) if name == "admonition" else name.capitalize()
        return _quote(f"**{title}**\n\n{_render(body, ctx).strip()}")
    if name == "margin":
        return _quote(f"*Margin note:* {_render(body, ctx).strip()}")
    if name == "footbibliography":
        return _references(ctx)
    if name in ("code-cell", "code-block", "code"):
        return f"```{d.arg.split()[0] if d.arg else ''}\n{body}\n```"
    if name == "math":
        return f"$$\n{body}\n$$"
    title = inline(ctx, d.arg) if d.arg else name.replace("-", " ").capitalize()
    return f"**{title}**\n\n{_render(body, ctx).strip()}"


def _render(text: str, ctx: PageContext) -> str:
    out: list[str] = []
    plain: list[str] = []  # consecutive plain lines: a role may wrap across them
    for block in [*_blocks(text.splitlines()), None]:
        if isinstance(block, str):
            if not _TARGET.match(block):
                plain.append(block)
            continue
        if plain:
            out.append(inline(ctx, "\n".join(plain)))
            plain = []
        if block is not None:
            out.append(_directive(ctx, block))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def myst_to_markdown(text: str, ctx: PageContext) -> str:
    """One Markdown cell's MyST made plain Markdown for ``ctx.kind`` (executed or student)."""
    for name in _figure_names(text):
        ctx.figures.setdefault(name, len(ctx.figures) + 1)
    return _render(text, ctx).strip()


# ----------------------------------------------------------------------- notebooks


def _tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def classroom_notebook(
    executed: nbformat.NotebookNode, kind: str, book: BookContext
) -> nbformat.NotebookNode:
    """The classroom notebook of ``kind`` from one executed chapter notebook."""
    nb = copy.deepcopy(executed)
    ctx = PageContext(kind=kind, glue=glue_values(nb), book=book)
    strip_glue_outputs(nb)
    for cell in nb.cells:  # number the figures before any {numref} is read
        if cell.cell_type == "markdown":
            for name in _figure_names(cell.source):
                ctx.figures.setdefault(name, len(ctx.figures) + 1)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = myst_to_markdown(cell.source, ctx)
            if not cell.source.strip():
                continue
        elif cell.cell_type == "code":
            if kind == "student" and _tags(cell) & STUDENT_DROP_TAGS:
                continue
            jupyter = cell.metadata.setdefault("jupyter", {})
            if _tags(cell) & {"remove-cell", "remove-input", "hide-input", "hide-cell"}:
                jupyter["source_hidden"] = True
            if _tags(cell) & {"remove-cell", "hide-cell", "remove-output"}:
                jupyter["outputs_hidden"] = True
        cells.append(cell)
    nb.cells = cells
    _strip_run_details(nb)
    nb.metadata.pop("jupytext", None)
    nb.metadata["casebook"] = {"classroom": kind}
    return nb


#: Cell metadata that records a run rather than the notebook: execution timestamps
#: (nbclient's ``record_timing``, off in :func:`execute`) and collapsed-state noise.
_RUN_METADATA = ("execution", "ExecuteTime")


def _strip_run_details(nb: nbformat.NotebookNode) -> None:
    """No timestamps in a classroom notebook: two builds of the same sources are identical.

    :func:`execute` already asks nbclient for no timings and :func:`_read` numbers the
    cell ids; this removes whatever run metadata a kernel or tool still wrote.
    """
    nb.metadata.pop("widgets", None)  # live widget state: none on a static run
    for cell in nb.cells:
        for key in _RUN_METADATA:
            cell.metadata.pop(key, None)


def _renderer_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(RENDERER_CELL)
    cell.metadata.update({"tags": ["remove-cell"], "jupyter": {"source_hidden": True}})
    return cell


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run ``nb`` top to bottom in a ``python3`` kernel (cells tagged skip-execution skipped)."""
    from nbclient import NotebookClient

    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        skip_cells_with_tag="skip-execution",
        record_timing=False,  # no timestamps: two builds of the same sources are identical
    ).execute()
    return nb


def _read(md: Path) -> nbformat.NotebookNode:
    import jupytext

    nb = jupytext.read(md)
    nb.cells.insert(0, _renderer_cell())
    for n, cell in enumerate(nb.cells):  # stable ids: clean diffs between builds
        cell["id"] = f"{md.stem}-{n}"
    return nb


def executed_from_cache(md: Path, root: Path, cache: Any, config: Any) -> nbformat.NotebookNode:
    """The chapter as the site build executed it, taken from the execution cache.

    The notebook is read as the Sphinx build reads it (:func:`casebook.buildcache.read_page`,
    ``config`` its MyST settings) and given the outputs ``cache`` (the jupyter-cache of
    :func:`casebook.buildcache.cache_path`) holds; the renderer cell goes first (not
    executed: it only matters when a student runs the notebook) and cells get stable ids.
    """
    from casebook import buildcache

    try:
        _, nb = cache.merge_match_into_notebook(buildcache.read_page(md, root, config))
    except KeyError:
        raise RuntimeError(
            f"{md.name} is not in the execution cache {cache.path}: "
            "run `python -m casebook.buildcache .` first (make notebooks does)"
        ) from None
    nb = nbformat.from_dict(nb)
    nb.metadata.pop("source_map", None)
    vegalite_only(nb)
    nb.cells.insert(0, _renderer_cell())
    for n, cell in enumerate(nb.cells):  # stable ids: clean diffs between builds
        cell["id"] = f"{md.stem}-{n}"
    return nb


@dataclass(frozen=True)
class Chapter:
    """One chapter's classroom notebooks (kind -> file) and the values its page glued."""

    files: dict[str, Path]
    glue: dict[str, str]


def build_chapter(
    md: Path, out: Path, book: BookContext, executed: nbformat.NotebookNode | None = None
) -> Chapter:
    """Write the chapter ``md``'s executed and student notebooks.

    From ``executed`` (the site build's execution, :func:`executed_from_cache`) when
    given; otherwise the chapter is executed here under the ``notebook`` renderer.
    """
    out.mkdir(parents=True, exist_ok=True)
    if executed is None:
        os.environ["CASEBOOK_RENDERER"] = "notebook"  # the kernel inherits it
        executed = execute(_read(md), md.parent)
    files = {}
    for kind in KINDS:
        path = out / f"{md.stem}-{kind}.ipynb"
        nbformat.write(classroom_notebook(executed, kind, book), path)
        files[kind] = path
    return Chapter(files=files, glue=glue_values(executed))


#: In the output folder: each chapter's key and glued values when its notebooks were made.
MANIFEST = ".classroom.json"


def chapter_key(md: Path, cache_path: Path, book: BookContext, config: Any) -> str:
    """What a chapter's two notebooks are made from, hashed.

    Its own source; the execution cache folder (:func:`casebook.buildcache.cache_path`,
    keyed on ``data/``, the ``casebook`` package with this converter, and the pinned
    environment); the book context (every page's title, the bibliography, which pages
    have notebooks: a link or a citation in this chapter reads them); and the MyST
    settings the page is read with. A prose edit of one page changes that page's key
    only; a changed title, reference, data file or module changes every key.
    """
    import hashlib

    book_repr = json.dumps(
        [dict(book.titles), dict(book.citations), dict(book.references), sorted(book.notebooks)],
        sort_keys=True,
    )
    from casebook.buildcache import config_fingerprint

    digest = hashlib.sha256()
    for part in (str(cache_path), book_repr, config_fingerprint(config)):
        digest.update(hashlib.sha256(part.encode()).digest())
    digest.update(hashlib.sha256(md.read_bytes()).digest())
    return digest.hexdigest()


def _manifest(out: Path) -> dict[str, dict]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _up_to_date(out: Path, md: Path, entry: dict | None, key: str) -> bool:
    files = [out / f"{md.stem}-{kind}.ipynb" for kind in KINDS]
    return bool(entry) and entry.get("key") == key and all(f.is_file() for f in files)


def build(
    root: Path, out: Path, jobs: int = 2, log: Callable[[str], None] = print
) -> dict[str, Chapter]:
    """Both classroom notebooks of every chapter into ``out`` (page name -> its chapter).

    The pages are the site build's executions: the execution cache is filled first
    (:func:`casebook.buildcache.prefill`, ``jobs`` pages at a time; pages already in
    it do not run again), and both notebooks of a chapter are made from its entry.
    A chapter whose notebooks ``out`` already holds, made from the same inputs
    (:func:`chapter_key`, recorded in ``out/.classroom.json``), is left as it is; files
    of pages no longer in the book are removed.
    """
    from casebook import buildcache

    root = Path(root).resolve()
    out.mkdir(parents=True, exist_ok=True)
    book = book_context(root)
    pages = [md.resolve() for md in chapter_sources(root)]
    if not pages:
        raise SystemExit(f"no notebook pages found in {root / '_toc.yml'}")
    buildcache.prefill(root, jobs, log=log)
    from jupyter_cache import get_cache

    cache_path = buildcache.cache_path(root)
    cache = get_cache(str(cache_path))
    config = buildcache.md_config(root)
    wanted = {f"{md.stem}-{kind}.ipynb" for md in pages for kind in KINDS}
    for stale in out.glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    old, manifest = _manifest(out), {}
    start = time.perf_counter()
    chapters: dict[str, Chapter] = {}
    made = 0
    for md in pages:
        key = chapter_key(md, cache_path, book, config)
        entry = old.get(md.stem)
        if _up_to_date(out, md, entry, key):
            files = {kind: out / f"{md.stem}-{kind}.ipynb" for kind in KINDS}
            chapter = Chapter(files=files, glue=dict(entry.get("glue") or {}))
        else:
            chapter = build_chapter(md, out, book, executed_from_cache(md, root, cache, config))
            log(f"  {md.name}: {', '.join(p.name for p in chapter.files.values())}")
            made += 1
        manifest[md.stem] = {"key": key, "glue": chapter.glue}
        chapters[md.stem] = chapter
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    log(
        f"{2 * made} notebooks made in {out} ({time.perf_counter() - start:.0f} s); "
        f"{len(pages) - made} chapters up to date"
    )
    return chapters


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python -m casebook.classroom ROOT OUT_DIR [JOBS]")
    from casebook.buildcache import skip_unused_imports

    skip_unused_imports()
    build(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 2)
