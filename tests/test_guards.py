"""Guard: every page's hidden assertion cells fail when data/ changes a stated number.

Each page is executed against a copy of data/ in which the second reported platelet
count is changed (18 -> 17 ×10⁹/L, still below the transfusion trigger so the data
themselves stay valid). Every page states that count, so every page must fail, and
fail on its guard (an AssertionError), not on something else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jupytext
import nbclient
import pytest

from casebook.data import DATA_DIR, DATA_DIR_ENV, load_case

ROOT = Path(__file__).resolve().parent.parent
PAGES = [p for p in sorted((ROOT / "book").glob("*.md")) if "kernelspec" in jupytext.read(p).metadata]


def _execute(page: Path, workdir: Path) -> None:
    nb = jupytext.read(page)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()


@pytest.fixture(scope="module")
def changed_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data-changed")
    shutil.copytree(DATA_DIR, folder, dirs_exist_ok=True)
    labs = folder / "labs.csv"
    text = labs.read_text(encoding="utf-8")
    assert "2024-06-07,platelets,18.0," in text
    labs.write_text(text.replace("2024-06-07,platelets,18.0,", "2024-06-07,platelets,17.0,"), encoding="utf-8")
    load_case(folder)  # the changed copy is still valid data
    return folder


def test_every_notebook_page_is_guarded():
    assert len(PAGES) >= 2


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_fails_when_a_stated_number_changes(page, changed_data, tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(changed_data))
    monkeypatch.setenv("CASEBOOK_RENDERER", "static")
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        _execute(page, tmp_path)
    assert "AssertionError" in str(err.value), f"{page.name} failed, but not on a guard: {err.value}"


def test_bad_data_stops_a_page_with_the_loader_message(tmp_path, monkeypatch):
    """What `make book` shows when data/ is broken: the file, line and column, in words."""
    folder = tmp_path / "data-bad"
    shutil.copytree(DATA_DIR, folder)
    labs = folder / "labs.csv"
    labs.write_text(labs.read_text(encoding="utf-8").replace("2024-06-03,platelets,92.0,", "2024-06-03,platelets,-92.0,"),
                    encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("CASEBOOK_RENDERER", "static")
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        _execute(ROOT / "book" / "intro.md", tmp_path)
    assert "CaseDataError" in str(err.value)
    assert "labs.csv, line 2, column 'value': must be ≥ 0, got -92" in str(err.value)
