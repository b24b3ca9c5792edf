"""Reproducible build: a second clean build of the same sources, in another folder,
writes a site identical to ``_build/html``, byte for byte, file for file.

The second build runs whatever ``make book`` runs, by running ``make book`` itself in a
copy of the project (so a change to how the Makefile builds is tested with no change
here). The copy holds the files git knows (tracked, plus untracked ones not ignored:
what ``make book`` in this folder read) and no ``_build``/``.cache``, so the Vega
bundle, the classroom notebooks and every page are made again. It reuses this
session's virtual environment by absolute path (``make VENV=...``), with its install
stamp marked old (``make -o``) so make never reinstalls into it; ``PYTHONPATH`` points
the build and its kernels at the copy's ``casebook`` rather than at the editable
install (as a fresh clone with its own venv would). The launch-button URLs of the
project's build (``_build/.launch-urls``) are passed on, so both builds are asked the
same thing.

What made builds differ before (issue 15): random Altair chart ids (now derived from
the spec, ``casebook/render.py``) and the absolute ``html_static_path`` and
``templates_path`` entries hashed into ``.buildinfo`` (now relative, the venv's copied
into ``_build/.venv-paths``: ``casebook/sphinxext/vega.py``; a unit test here shows two
clones with venvs at different paths agreeing).

Expensive: a full second build (several minutes). The build happens once, in a
module-scoped fixture; the one ``build`` test only compares. The comparison itself is
checked on small trees (``unit``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = Path("_build") / "html"
SITE = ROOT / HTML
BUILT_STAMP = SITE / ".built"  # what `make book` touches when the site is complete
LAUNCH_STAMP = ROOT / "_build" / ".launch-urls"
VENV = Path(sys.prefix)  # the venv running the tests: make's $(VENV)
BUILD_TIMEOUT_S = 45 * 60
# Variables of an enclosing make (`make test`) or of the tests that must not reach the
# second build: it must be asked exactly what `make book` is asked.
DROPPED_ENV = (
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
    "MAKEOVERRIDES",
    "CASEBOOK_RENDERER",
    "CASEBOOK_DATA_DIR",
    "CASEBOOK_SITE_DIR",
    "CASEBOOK_REPOSITORY_URL",
    "CASEBOOK_JUPYTERHUB_URL",
    "REPO_URL",
    "JUPYTERHUB_URL",
    "JOBS",
)
SHOWN = 160  # characters of a differing line shown in the failure message


# ------------------------------------------------------------------------- comparison


def _first_difference(a: bytes, b: bytes) -> str:
    """Where two files first differ: the line number and both lines (shortened)."""
    lines_a, lines_b = a.splitlines(), b.splitlines()
    for number, (la, lb) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if la != lb:
            pairs = enumerate(zip(la, lb, strict=False))
            column = next((i for i, (x, y) in pairs if x != y), min(len(la), len(lb)))
            start = max(0, column - SHOWN // 2)
            return (
                f"line {number}, from column {column + 1}:\n"
                f"      first:  {la[start : start + SHOWN]!r}\n"
                f"      second: {lb[start : start + SHOWN]!r}"
            )
    return f"same first {min(len(lines_a), len(lines_b))} lines; {len(lines_a)} vs {len(lines_b)} lines"


def compare_trees(first: Path, second: Path) -> list[str]:
    """Every file that is missing from one tree or differs, with its first differing line."""
    files_a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    files_b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    problems = [f"only in the first build: {name}" for name in sorted(files_a - files_b)]
    problems += [f"only in the second build: {name}" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a != b:
            problems.append(f"differs: {name}: {_first_difference(a, b)}")
    return problems


@pytest.mark.unit
def test_the_comparison_names_missing_and_differing_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        (root / "book").mkdir(parents=True)
        (root / "same.txt").write_text("x\n")
    (first / "book" / "page.html").write_text('<p>\n<div id="altair-viz-1a2b"></div>\n')
    (second / "book" / "page.html").write_text('<p>\n<div id="altair-viz-9f8e"></div>\n')
    (first / "gone.js").write_text("")
    (second / "new.js").write_text("")
    assert compare_trees(first, second) == [
        "only in the first build: gone.js",
        "only in the second build: new.js",
        "differs: book/page.html: line 2, from column 21:\n"
        "      first:  b'<div id=\"altair-viz-1a2b\"></div>'\n"
        "      second: b'<div id=\"altair-viz-9f8e\"></div>'",
    ]
    assert compare_trees(first, first) == []


@pytest.mark.unit
def test_path_settings_name_no_folder_of_this_machine(tmp_path: Path) -> None:
    """What .buildinfo hashes is the same for two clones with venvs at different paths."""
    from casebook.sphinxext.vega import VENV_COPIES, _stable_entry

    entries = {}
    for clone in ("one", "two"):
        root, venv = tmp_path / clone, tmp_path / f"venv-{clone}"
        theme = venv / "lib" / "site-packages" / "theme" / "components"
        theme.mkdir(parents=True)
        (theme / "footer.html").write_text("<footer/>")
        (theme.parent / "macros").mkdir()
        (theme.parent / "macros" / "buttons.html").write_text("<button/>")  # ../macros
        os.utime(theme / "footer.html", (1_000_000, 1_000_000))
        (root / "casebook" / "static").mkdir(parents=True)
        entries[clone] = [
            _stable_entry(str(e), root, venv)
            for e in (theme, root / "casebook" / "static", Path("/elsewhere"), Path("rel"))
        ]
        copied = root / entries[clone][0] / "footer.html"
        assert copied.read_text() == "<footer/>"
        assert copied.stat().st_mtime == 1_000_000  # no newer template: no full rewrite
        assert (copied.parent.parent / "macros" / "buttons.html").is_file()
    assert (
        entries["one"]
        == entries["two"]
        == [
            (VENV_COPIES / "lib__site-packages__theme" / "components").as_posix(),
            "casebook/static",
            "/elsewhere",
            "rel",
        ]
    )


# ------------------------------------------------------------------------ second build


def _project_files() -> list[str]:
    """What git knows here: tracked files (as they are now) and untracked, unignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted({name for name in listed.split("\0") if name and (ROOT / name).is_file()})


def _launch_urls() -> list[str]:
    """REPO_URL= and JUPYTERHUB_URL= as the project's last `make book` had them."""
    repo, hub = (
        [*LAUNCH_STAMP.read_text().splitlines(), "", ""] if LAUNCH_STAMP.is_file() else ["", ""]
    )[:2]
    return [f"REPO_URL={repo}", f"JUPYTERHUB_URL={hub}"]


@pytest.fixture(scope="module")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make book`` run in a copy of the project in another folder; its ``_build/html``."""
    if not BUILT_STAMP.is_file():
        pytest.fail(
            "the site is not built: run `make book` (make test does it for you)", pytrace=False
        )
    if not (VENV / "bin" / "jupyter-book").is_file():
        pytest.fail(
            f"no jupyter-book in {VENV}: run the tests with the project's .venv", pytrace=False
        )
    copy = tmp_path_factory.mktemp("repro-second-build") / "marrow-first-copy"
    for name in _project_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    assert copy.resolve() != ROOT and not (copy / "_build").exists()
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(copy), *filter(None, [env.get("PYTHONPATH")])])
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(copy),
        "book",
        f"VENV={VENV}",
        "-o",
        f"{VENV}/.installed",
        # One page at a time: make test's build fills the execution cache on every core,
        # so equal sites also prove the parallel prefill writes what a serial run does.
        "JOBS=1",
        *_launch_urls(),
    ]
    log = copy.parent / "make-book.log"
    with log.open("w") as out:
        done = subprocess.run(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
    if done.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(
            f"the second build failed ({' '.join(command)}); end of {log}:\n{tail}", pytrace=False
        )
    return copy / HTML


def test_no_file_of_the_site_names_the_build_folders() -> None:
    """Neither this folder nor the venv's path is written into the site.

    The second build below runs in another folder but with the same venv, so it would
    not notice the venv's path (a warning's traceback, say) in a page or notebook; on a
    fresh clone with its own venv that path differs. This cheap check reads the site
    this session built.
    """
    if not BUILT_STAMP.is_file():
        pytest.fail("the site is not built: run `make book`", pytrace=False)
    folders = {str(ROOT).encode(), str(VENV).encode(), str(VENV.resolve()).encode()}
    found = [
        f"{path.relative_to(SITE)}: {folder.decode()}"
        for path in sorted(SITE.rglob("*"))
        if path.is_file()
        for folder in sorted(folders)
        if folder in path.read_bytes()
    ]
    assert found == [], "the site names the folders it was built in:\n  " + "\n  ".join(found)


def test_a_second_build_elsewhere_writes_the_same_site(second_site: Path) -> None:
    differences = compare_trees(SITE, second_site)
    assert not differences, (
        f"two builds of the same sources differ ({SITE} vs {second_site}), "
        f"{len(differences)} file(s):\n  " + "\n  ".join(differences[:40]) + "\n"
        "(make test compares two clean builds; after incremental `make book` runs Sphinx adds "
        "?v= checksums and keeps removed search terms: `make clean-book book` first)"
    )
