"""Convert the book's MyST notebooks to .ipynb in a folder outside book/ for nbval.

nbval collects only .ipynb, and a generated x.ipynb beside x.md would break the
-W build ("multiple files found for the document"), so the copies go elsewhere.
Pages without a kernelspec (plain Markdown such as the glossary) are skipped.

    python scripts/md_to_ipynb.py book _build/nbtest
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext


def convert(src: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for md in sorted(src.glob("*.md")):
        nb = jupytext.read(md)
        if "kernelspec" not in nb.metadata:
            continue
        out = dest / f"{md.stem}.ipynb"
        jupytext.write(nb, out)
        written.append(out)
    return written


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    done = convert(source, target)
    if not done:
        sys.exit(f"no MyST notebooks found in {source}")
    print(f"converted {len(done)} notebooks into {target}: {', '.join(p.name for p in done)}")
