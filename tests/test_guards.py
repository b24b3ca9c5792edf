"""Guard: each page's hidden assertions fail when a valid change to data/ makes a claim
its prose states in words false.

Glued numbers follow the data by themselves (and ``tests/test_facts.py`` checks them
against the report); what glue cannot follow is a sentence such as "grade 4" or
"progressive disease". So, for each page, a copy of data/ is changed so that the data
stay valid but one worded claim of that page becomes false, the page is executed
against it, and it must fail on the guard that protects that claim: an AssertionError
raised by that very line, not by something else.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import jupytext
import nbclient
import pytest

from casebook.data import DATA_DIR, DATA_DIR_ENV, load_case, rehash

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    p for p in sorted((ROOT / "book").glob("*.md")) if "kernelspec" in jupytext.read(p).metadata
]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: IPython marks the failing line with an arrow padded to the line number's width:
#: "----> 5 assert ..." or "---> 12 assert ...".
_ARROW = re.compile(r"^\s*-+>\s*\d+\s")


class Break(NamedTuple):
    """A valid change to one data file that falsifies one worded claim of a page."""

    file: str
    old: str
    new: str
    claim: str  # the claim, as the page words it
    guard: str  # a snippet of the guard line that must raise


BREAKS: dict[str, Break] = {
    "intro.md": Break(
        "labs.csv",
        "2024-06-07,platelets,18.0,",
        "2024-06-07,platelets,26.0,",
        "the recheck is 'grade 4' (26 ×10⁹/L is grade 3, still below the trigger)",
        'f["plt_second_grade"] == 4',
    ),
    "presentation.md": Break(
        "pathology.csv",
        "breast core biopsy,HER2,negative (c-erbB2 stain),,",
        "breast core biopsy,HER2,negative (c-erbB2 stain),1,",
        "the report gives no HER2 score, so HER2-0 or HER2-low is unknown (IHC 1+ is HER2-low)",
        'f["her2_score_reported"]',
    ),
    "course.md": Break(
        "events.csv",
        "1.9,mg,2,4,reported,reconstructed,",
        "1.9,mg,2,4,reported,reported,",
        "the quiz: the start of paclitaxel is the one date of the four the report states",
        'f["quiz_dates_reported"]',
    ),
    "mechanisms.md": Break(
        "events.csv",
        "Denosumab for bone metastases (start),denosumab,",
        "Denosumab for bone metastases (start),zoledronic acid,",
        "'She received denosumab for the bone disease'",
        'f["denosumab_reported"]',
    ),
    "nutrition.md": Break(
        "weights.csv",
        "2025-01-15,45.0,6,",
        "2025-01-15,45.0,7,",
        "the loss 'meets the criteria for cachexia' (over 5 % in the past six months)",
        'f["cachexia_met"]',
    ),
    "therapy.md": Break(
        "lesions.csv",
        "2024-10-07,right breast primary,50.0,50.0,",
        "2024-10-07,right breast primary,44.0,44.0,",
        "the mass grew enough to be 'progressive disease' (40 -> 44 mm is +4 mm, +10 %)",
        'f["pd_recist"]',
    ),
    "marrow.md": Break(
        "pathology.csv",
        "bone marrow biopsy,CK20,negative,",
        "bone marrow biopsy,CK20,positive,",
        "the marrow is 'CK7 positive, CK20 negative'",
        'f["ck7_positive"], f["ck20_positive"]',
    ),
    "glance.md": Break(
        "events.csv",
        "every 3 weeks,1.9,mg,2,4,reported,reconstructed,",
        "every 3 weeks,1.9,mg,2,4,reported,reported,",
        "eribulin's start: '(date reconstructed)'",
        'f["eri_start_date_provenance"] == "reconstructed"',
    ),
    "howmade.md": Break(
        "labs.csv",
        "2024-09-23,platelets,108.0,",
        "2024-11-04,platelets,108.0,",
        "the report is silent on 'her counts during eribulin' (a count now falls in it)",
        'f["plt_only_during_pac"]',
    ),
    "appraisal.md": Break(
        "lesions.csv",
        "2024-06-03,right breast primary,100.0,100.0,100.0,80.0,",
        "2024-06-03,right breast primary,100.0,100.0,100.0,100.0,",
        "'the text and the legend disagree' on the mass (a legend of 10 x 10 cm agrees)",
        'f["mass_text_legend_disagree"]',
    ),
    "data.md": Break(
        "labs.csv",
        "2024-06-10,platelets,21.0,10^9/L,reconstructed,",
        "2024-06-10,platelets,21.0,10^9/L,reported,",
        "the platelet points after the recheck are reconstructed (quiz)",
        'f["plt_after_recheck_all_reconstructed"]',
    ),
}


def _execute(page: Path, workdir: Path) -> None:
    nb = jupytext.read(page)
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()


def _broken_copy(folder: Path, change: Break) -> Path:
    shutil.copytree(DATA_DIR, folder)
    path = folder / change.file
    text = path.read_text(encoding="utf-8")
    assert text.count(change.old) == 1, f"{change.file} no longer holds {change.old!r} once"
    path.write_text(text.replace(change.old, change.new), encoding="utf-8")
    # A deliberate, valid change: rewrite the checksums (rehash validates first), so the
    # page fails on its own guard, not on the checksum.
    rehash(folder)
    load_case(folder)
    return folder


def _failing_line(error: nbclient.exceptions.CellExecutionError) -> str:
    """The source line IPython marks with an arrow in the traceback."""
    lines = [line for line in _ANSI.sub("", str(error)).splitlines() if _ARROW.match(line)]
    assert lines, f"no failing line in the traceback: {error}"
    return lines[-1]


def test_every_notebook_page_has_a_break():
    assert sorted(p.name for p in PAGES) == sorted(BREAKS)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_fails_when_a_worded_claim_becomes_false(page, tmp_path, monkeypatch):
    change = BREAKS[page.name]
    monkeypatch.setenv(DATA_DIR_ENV, str(_broken_copy(tmp_path / "data", change)))
    monkeypatch.setenv("CASEBOOK_RENDERER", "static")
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        _execute(page, tmp_path)
    assert "AssertionError" in str(err.value), (
        f"{page.name} failed, but not on a guard: {err.value}"
    )
    assert change.guard in _failing_line(err.value), (
        f"{page.name} failed on another line than the guard of: {change.claim}"
    )


def test_bad_data_stops_a_page_with_the_loader_message(tmp_path, monkeypatch):
    """What `make book` shows when data/ is broken: the file, line and column, in words."""
    folder = tmp_path / "data-bad"
    shutil.copytree(DATA_DIR, folder)
    labs = folder / "labs.csv"
    labs.write_text(
        labs.read_text(encoding="utf-8").replace(
            "2024-06-03,platelets,92.0,", "2024-06-03,platelets,-92.0,"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("CASEBOOK_RENDERER", "static")
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        _execute(ROOT / "book" / "intro.md", tmp_path)
    assert "CaseDataError" in str(err.value)
    assert "labs.csv, line 2, column 'value': must be ≥ 0, got -92" in str(err.value)
