"""The execution cache of the site build: keyed on what a page reads, filled in parallel.

Jupyter Book 1 executes pages one after another (one of its Sphinx extensions is not
parallel-safe), and myst-nb's cache (jupyter-cache) keys a page on its code cells
only: a changed CSV in ``data/`` or a changed module in ``casebook/`` would leave a
stale number on the page. This module fixes both:

``inputs_hash(root)``
    A SHA-256 over everything an executed page reads besides its own code: every
    file of the data folder the kernels load (``data/``, or ``CASEBOOK_DATA_DIR``) and
    of the ``casebook`` package they import (``__pycache__`` excluded), the pinned
    environment (``requirements.lock``, ``pyproject.toml``), the Python version and
    the renderer the kernels inherit (``CASEBOOK_RENDERER``, static for the site).
``cache_path(root)``
    ``_build/.jupyter_cache/<inputs hash>``: the Sphinx extension
    (:mod:`casebook.sphinxext.execution`) points myst-nb at it, so a changed input
    means an empty cache, and every page that reads it executes again.
``prefill(root, jobs)``
    Reads each notebook page exactly as the Sphinx build reads it (myst-nb's own
    reader, the book's MyST settings), executes the pages that are not cached yet,
    ``jobs`` at a time, and stores them. Sphinx then finds every page in the cache
    and executes nothing. A page read and found in this cache folder before, and not
    changed since, is not read again (``casebook-pages.json`` in the folder).
``main``
    ``make book`` runs the prefill, the classroom notebooks of the chapters that changed
    and ``jupyter-book build`` in one process:
    ``python -m casebook.buildcache ROOT [JOBS] --notebooks DIR --jupyter-book ARGS...``.

A prose edit changes no code cell, so it re-executes nothing; an edited code cell
re-executes that page only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

__all__ = [
    "CACHE_ROOT",
    "PREFILL_LOG",
    "data_folder",
    "package_folder",
    "inputs_hash",
    "cache_path",
    "notebook_pages",
    "md_config",
    "read_page",
    "prefill",
]

#: Under the project root; one folder per inputs hash (older ones are removed).
CACHE_ROOT = Path("_build") / ".jupyter_cache"
#: What the last prefill did, one line per page (read by the build tests).
PREFILL_LOG = Path("_build") / "prefill.log"
# Hashed besides data/ and casebook/: the pinned environment the kernels run in.
_ENVIRONMENT_FILES = ("requirements.lock", "pyproject.toml")
_TIMEOUT_S = 120  # as _config.yml's execute.timeout


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    )


def data_folder(root: Path) -> Path:
    """The folder the pages' kernels load: ``CASEBOOK_DATA_DIR`` if set, else ``root/data``."""
    from casebook.data import DATA_DIR_ENV

    return Path(os.environ.get(DATA_DIR_ENV) or Path(root) / "data")


def package_folder() -> Path:
    """The ``casebook`` package the kernels import (this one: same environment)."""
    return Path(__file__).resolve().parent


def inputs_hash(root: Path) -> str:
    """A short SHA-256 of ``data/``, ``casebook/``, the pinned environment, Python and the renderer."""
    root = Path(root)
    renderer = os.environ.get("CASEBOOK_RENDERER", "static")  # the site's; kernels inherit it
    digest = hashlib.sha256(f"python {sys.version_info[:2]}\nrenderer {renderer}\n".encode())
    for label, folder in (("data", data_folder(root)), ("casebook", package_folder())):
        for path in _files(folder):
            digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _ENVIRONMENT_FILES:
        path = root / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_path(root: Path) -> Path:
    """The jupyter-cache folder for the current inputs (absolute)."""
    return (Path(root) / CACHE_ROOT / inputs_hash(root)).resolve()


def _toc_files(root: Path) -> list[str]:
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return files


def notebook_pages(root: Path) -> list[Path]:
    """The pages ``_toc.yml`` lists that are MyST notebooks (the ones Sphinx executes)."""
    from myst_nb.core.read import is_myst_markdown_notebook

    pages = []
    for name in _toc_files(Path(root)):
        md = Path(root) / (name if name.endswith(".md") else f"{name}.md")
        if md.is_file() and is_myst_markdown_notebook(md.read_text(encoding="utf-8")):
            pages.append(md.resolve())
    return pages


def md_config(root: Path):
    """The MyST settings the book's Sphinx build parses with (``_config.yml``)."""
    import yaml
    from myst_parser.config.main import MdParserConfig

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    extensions = (config.get("parse") or {}).get("myst_enable_extensions") or []
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    extra = {
        key.removeprefix("myst_"): value
        for key, value in sphinx_config.items()
        if key.startswith("myst_")
        and key.removeprefix("myst_") in MdParserConfig.__dataclass_fields__
    }
    return MdParserConfig(enable_extensions=set(extensions), **extra)


def read_page(md: Path, root: Path, config=None):
    """The notebook myst-nb's Sphinx parser makes of ``md`` (the one it looks up in the cache).

    ``config`` is :func:`md_config` of ``root``; pass it when reading many pages.
    """
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(
        md.read_text(encoding="utf-8"),
        config=config or md_config(root),
        add_source_map=True,
        path=str(md),
    )


def _execute(md: Path, root: Path) -> tuple[str, dict | None, float, str | None]:
    """Execute one page as myst-nb's cache client does; return it as a dict, or the error."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = read_page(md, root)
    result = single_nb_execution(
        nb, cwd=str(md.parent), allow_errors=False, timeout=_TIMEOUT_S, meta_override=True
    )
    if result.err is not None:
        return str(md), None, result.time, result.exc_string or traceback.format_exc()
    return str(md), nbformat.from_dict(nb), result.time, None


#: In each cache folder: page -> :func:`_page_key` of the pages known to be in it.
_KNOWN = "casebook-pages.json"


def config_fingerprint(config) -> str:
    """The MyST settings (:func:`md_config`) as text that is the same in every process.

    Not ``repr``: it shows sets (the enabled extensions) in an order that changes with
    each process's string hashing.
    """
    import dataclasses

    fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    return json.dumps(
        fields,
        sort_keys=True,
        default=lambda v: sorted(map(str, v)) if isinstance(v, set | frozenset) else repr(v),
    )


def _page_key(md: Path, config) -> str:
    """A page's text and the MyST settings it is read with, hashed: what its cache entry
    depends on besides the inputs the cache folder is keyed on."""
    text = md.read_bytes() + b"\0" + config_fingerprint(config).encode()
    return hashlib.sha256(text).hexdigest()


def _known_cached(path: Path) -> dict[str, str]:
    try:
        known = json.loads((path / _KNOWN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _record_cached(path: Path, keys: dict[str, str]) -> None:
    (path / _KNOWN).write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="utf-8")


def prefill(root: Path, jobs: int = 2, log=print) -> dict[str, str]:
    """Execute every notebook page missing from the cache, ``jobs`` at a time.

    Returns page name -> ``"cached"`` or ``"executed in N s"``. Raises ``SystemExit``
    with the failing page's traceback when a page fails (the build stops there, as a
    failing cell stops ``jupyter-book build``).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    root = Path(root).resolve()
    os.environ.setdefault("CASEBOOK_RENDERER", "static")  # the kernels inherit it
    path = cache_path(root)
    for old in (root / CACHE_ROOT).glob("*"):
        if old.is_dir() and old != path:
            shutil.rmtree(old)  # another inputs hash: never read again
    cache = get_cache(str(path))
    pages = notebook_pages(root)
    config = md_config(root)
    status: dict[str, str] = {}
    known = _known_cached(path)
    keys = {md: _page_key(md, config) for md in pages}
    todo = []
    for md in pages:
        if known.get(str(md)) == keys[md]:
            status[md.name] = "cached"  # read and found in this cache before, unchanged
            continue
        try:
            cache.match_cache_notebook(read_page(md, root, config))
            status[md.name] = "cached"
        except KeyError:
            todo.append(md)
    start = time.perf_counter()
    failures = []
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            for name, nb, seconds, err in pool.map(_execute, todo, [root] * len(todo)):
                if err is not None:
                    failures.append(f"{name} failed to execute:\n{err}")
                    continue
                cache.cache_notebook_bundle(
                    CacheBundleIn(nb, name, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
                status[Path(name).name] = f"executed in {seconds:.1f} s"
    _record_cached(path, {str(md): keys[md] for md in pages if md.name in status})
    lines = [f"{name}: {status.get(name, 'failed')}" for name in (p.name for p in pages)]
    (root / PREFILL_LOG).parent.mkdir(parents=True, exist_ok=True)
    (root / PREFILL_LOG).write_text("\n".join(lines) + "\n", encoding="utf-8")
    for line in lines:
        log(f"  {line}")
    log(
        f"prefill: {len(todo)} of {len(pages)} pages executed, {jobs} at a time, "
        f"in {time.perf_counter() - start:.1f} s; cache {path.relative_to(root)}"
    )
    if failures:
        raise SystemExit("\n\n".join(failures))
    return status


def skip_unused_imports() -> None:
    """Keep ``rfc3987_syntax`` out of this process (the build's own; kernels are not affected).

    jsonschema, which nbformat and jupyter-book import, imports it whenever it is
    installed, only to check the ``iri`` string format, which nothing in the build
    validates; importing it compiles 38 Lark grammars: 2 to 3 s of CPU in every
    process that imports jsonschema (measured with ``python -X importtime``). Marked
    missing, jsonschema leaves that one format unchecked.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


USAGE = (
    "usage: python -m casebook.buildcache ROOT [JOBS] [--notebooks DIR] [--jupyter-book ARGS...]"
)


def main(argv: list[str]) -> None:
    """``ROOT [JOBS]``: fill the cache. ``--notebooks DIR``: also make the classroom
    notebooks there (:func:`casebook.classroom.build`). ``--jupyter-book ARGS...``: then
    run ``jupyter-book ARGS...`` in this process, so ``make book`` starts Python and
    imports Sphinx, myst-nb and nbformat once, not three times.
    """
    book_args = None
    if "--jupyter-book" in argv:
        at = argv.index("--jupyter-book")
        argv, book_args = argv[:at], argv[at + 1 :]
    notebooks = None
    if "--notebooks" in argv:
        at = argv.index("--notebooks")
        if at + 1 >= len(argv):
            sys.exit(USAGE)
        notebooks = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    if len(argv) not in (1, 2) or (len(argv) == 2 and not argv[1].isdigit()):
        sys.exit(USAGE)
    root, jobs = Path(argv[0]), int(argv[1]) if len(argv) == 2 else 2
    skip_unused_imports()
    if notebooks is not None:
        from casebook import classroom

        classroom.build(root, notebooks, jobs)
    else:
        prefill(root, jobs)
    if book_args is not None:
        from jupyter_book.cli.main import main as jupyter_book

        sys.stdout.flush()
        jupyter_book.main(args=book_args, prog_name="jupyter-book")


if __name__ == "__main__":
    main(sys.argv[1:])
