"""Offline MathJax: MathJax 3 from the installed sphinx-mathjax-offline package.

The site loads MathJax from its own files (``_static/mathjax``), never from a CDN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

__all__ = ["MATHJAX_PATH", "MATHJAX_PARTS", "mathjax_source", "copy_mathjax", "setup"]

# MathJax 3 comes from the pip package sphinx-mathjax-offline (pinned in the lock
# file). Its whole tree is 24 MB; the site needs the TeX-to-CommonHTML component,
# its fonts, and the parts it can load on demand (TeX extensions, the accessibility
# menu and speech). The other prebuilt combinations are left out.
MATHJAX_PATH = "mathjax/tex-chtml.js"
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex", "a11y", "ui", "sre", "adaptors")


def mathjax_source() -> Path:
    """The MathJax tree shipped by sphinx-mathjax-offline."""
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError(
            "sphinx-mathjax-offline is not installed: it supplies the offline MathJax"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(source: Path, outdir: Path) -> None:
    """Copy the parts of MathJax the site uses into ``outdir/_static/mathjax``."""
    import shutil

    dest = outdir / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, dirs_exist_ok=True, copy_function=_copy_changed)
        elif src.is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            _copy_changed(src, dest / part)
        else:
            raise ExtensionError(f"MathJax part {part} missing from {source}")


def _copy_changed(src: str | Path, dst: str | Path) -> None:
    """``shutil.copy2``, skipped when ``dst`` is already a copy of it (same size and
    time, which copy2 keeps): an incremental build does not copy the tree again."""
    import shutil

    a, b = Path(src).stat(), Path(dst).stat() if Path(dst).exists() else None
    if b is None or (a.st_size, int(a.st_mtime)) != (b.st_size, int(b.st_mtime)):
        shutil.copy2(src, dst)


def _on_build_finished(app: Sphinx, exc: Exception | None) -> None:
    if exc is None and app.builder.format == "html":
        copy_mathjax(mathjax_source(), Path(app.outdir))


def _on_config_inited(app: Sphinx, config: Any) -> None:
    config.mathjax_path = MATHJAX_PATH


def setup(app: Sphinx) -> None:
    """Point Sphinx's MathJax at the site's copy, and copy it after an HTML build."""
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
