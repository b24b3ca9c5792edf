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
    and executes nothing. ``make book`` runs it before Sphinx:
    ``python -m casebook.buildcache ROOT [JOBS]``.

A prose edit changes no code cell, so it re-executes nothing; an edited code cell
re-executes that page only.
"""

from __future__ import annotations

import hashlib
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
    todo = []
    for md in pages:
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


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m casebook.buildcache ROOT [JOBS]")
    prefill(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) == 3 else 2)
