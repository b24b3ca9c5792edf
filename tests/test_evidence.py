"""Tests for casebook.evidence: the shipped trial table loads, holds the checked numbers,
and broken copies are rejected with file, line and column."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from casebook.data import PACKAGE_FILE, CaseDataError, file_hash, rehash
from casebook.evidence import EVIDENCE_DIR, TRIALS_FILE, bib_keys, load_trials


@pytest.fixture(scope="module")
def trials() -> pd.DataFrame:
    return load_trials()


def _row(trials: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=trials.index)
    for column, value in where.items():
        mask &= trials[column] == value
    rows = trials[mask]
    assert len(rows) == 1, (where, rows["row_id"].tolist())
    return rows.iloc[0]


# --------------------------------------------------------------------------- shipped table


def test_shipped_table_loads_with_typed_columns(trials: pd.DataFrame) -> None:
    assert len(trials) == 33
    assert list(trials["row_id"]) == [f"T{i:02d}" for i in range(1, 34)]
    for column in ("arm_a_value", "arm_b_value", "hazard_ratio", "ci_low", "ci_high"):
        assert trials[column].dtype == "float64", column
    for column in ("trial", "endpoint", "source", "confidence", "note"):
        assert pd.api.types.is_string_dtype(trials[column]), column
        assert not trials[column].isna().any(), column
    assert _row(trials, row_id="T01")["note"] == ""


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            {"trial": "OlympiAD", "endpoint": "PFS", "measure": "hazard_ratio"},
            (0.58, 0.43, 0.80, "primary", "V"),
        ),
        (
            {"trial": "EMBRACA", "endpoint": "OS", "measure": "hazard_ratio"},
            (0.848, 0.670, 1.073, "secondary", "V"),
        ),
        (
            {"trial": "ASCENT", "endpoint": "OS", "measure": "hazard_ratio"},
            (0.48, 0.38, 0.59, "secondary", "V"),
        ),
        (
            {
                "trial": "KEYNOTE-355",
                "endpoint": "OS",
                "population": "CPS>=10",
                "measure": "hazard_ratio",
            },
            (0.73, 0.55, 0.95, "primary", "V"),
        ),
        (
            {"trial": "KEYNOTE-355", "endpoint": "PFS", "population": "CPS 1-9"},
            (0.85, 0.65, 1.11, "exploratory_subgroup", "V"),
        ),
        (
            {"trial": "Stopeck 2010", "endpoint": "SRE", "measure": "hazard_ratio"},
            (0.82, 0.71, 0.95, "primary", "K"),
        ),
    ],
)
def test_hazard_ratios_match_the_checked_values(
    trials: pd.DataFrame, where: dict[str, str], expected: tuple
) -> None:
    row = _row(trials, **where)
    assert (row["hazard_ratio"], row["ci_low"], row["ci_high"]) == expected[:3]
    assert (row["analysis"], row["confidence"]) == expected[3:]


@pytest.mark.parametrize(
    ("where", "arms"),
    [
        ({"trial": "OlympiAD", "endpoint": "PFS", "measure": "median_months"}, (7.0, 4.2)),
        ({"trial": "OlympiAD", "endpoint": "ORR"}, (59.9, 28.8)),
        (
            {
                "trial": "KEYNOTE-355",
                "endpoint": "OS",
                "population": "CPS>=10",
                "measure": "median_months",
            },
            (23.0, 16.1),
        ),
        ({"trial": "EMBRACE", "endpoint": "OS", "measure": "median_months"}, (13.1, 10.6)),
        ({"trial": "CALGB 9840", "endpoint": "TTP"}, (9.0, 5.0)),
        ({"trial": "Stopeck 2010", "endpoint": "SRE", "measure": "rate_pct"}, (31.0, 36.0)),
    ],
)
def test_arm_values_match_the_checked_values(
    trials: pd.DataFrame, where: dict[str, str], arms: tuple[float, float]
) -> None:
    row = _row(trials, **where)
    assert (row["arm_a_value"], row["arm_b_value"]) == arms
    assert math.isnan(row["hazard_ratio"])


def test_authors_untraced_claim_is_marked_as_such(trials: pd.DataFrame) -> None:
    row = _row(trials, source="casereport")
    assert (row["hazard_ratio"], row["ci_low"], row["ci_high"]) == (0.94, 0.64, 1.38)
    assert (row["confidence"], row["analysis"], row["trial"]) == (
        "U",
        "exploratory_subgroup",
        "KEYNOTE-355",
    )
    assert "claim" in row["note"] and "could not trace" in row["note"]


def test_exploratory_kn355_rows_say_unstratified(trials: pd.DataFrame) -> None:
    rows = trials[(trials["population"] == "CPS 1-9") & (trials["source"] != "casereport")]
    assert sorted(rows["endpoint"]) == ["OS", "PFS"]
    assert set(rows["analysis"]) == {"exploratory_subgroup"}
    assert rows["note"].str.contains("unstratified").all()


def test_every_hazard_ratio_lies_in_its_ci(trials: pd.DataFrame) -> None:
    hr = trials[trials["measure"] == "hazard_ratio"]
    assert len(hr) == 16
    assert (hr["ci_low"] <= hr["hazard_ratio"]).all()
    assert (hr["hazard_ratio"] <= hr["ci_high"]).all()
    others = trials[trials["measure"] != "hazard_ratio"]
    assert others[["hazard_ratio", "ci_low", "ci_high"]].isna().all().all()


def test_every_source_is_in_the_bibliography(trials: pd.DataFrame) -> None:
    keys = bib_keys()
    assert "robson2017olympiad" in keys and "casereport" in keys
    assert set(trials["source"]) <= keys


# --------------------------------------------------------------------------- broken copies


def _set_cell(path: Path, row_id: str, column: str, value: str) -> Path:
    """Set one cell of the row ``row_id`` in the trial table at ``path``."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    (target,) = [row for row in rows[1:] if row[0] == row_id]
    target[index] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def _broken_copy(tmp_path: Path, row_id: str, column: str, value: str) -> Path:
    """Copy data/evidence and set one cell of the row ``row_id``."""
    folder = tmp_path / "evidence"
    shutil.copytree(EVIDENCE_DIR, folder)
    return _set_cell(folder / TRIALS_FILE.name, row_id, column, value)


def test_an_unchanged_copy_loads(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "T02", "note", "")
    assert load_trials(path).equals(load_trials())


@pytest.mark.parametrize(
    ("row_id", "column", "value", "message"),
    [
        (
            "T02",
            "ci_low",
            "0.9",
            "trials.csv, line 3, column 'ci_low': must be ≤ hazard_ratio (0.58), got 0.9",
        ),
        (
            "T02",
            "ci_high",
            "0.5",
            "trials.csv, line 3, column 'ci_high': must be ≥ hazard_ratio (0.58), got 0.5",
        ),
        (
            "T05",
            "source",
            "robson2099nope",
            "trials.csv, line 6, column 'source': 'robson2099nope' is not a key in references.bib",
        ),
        (
            "T03",
            "confidence",
            "V3",
            "trials.csv, line 4, column 'confidence': 'V3' is not one of V, V2, K, U",
        ),
        (
            "T03",
            "analysis",
            "subgroup",
            "trials.csv, line 4, column 'analysis': 'subgroup' is not one of primary, "
            "secondary, exploratory_subgroup",
        ),
        (
            "T04",
            "row_id",
            "T03",
            "trials.csv, line 5, column 'row_id': duplicate primary key T03 (first used on line 4)",
        ),
        (
            "T02",
            "hazard_ratio",
            "",
            "trials.csv, line 3, column 'hazard_ratio': a value is required because measure "
            "is 'hazard_ratio'",
        ),
        (
            "T14",
            "ci_high",
            "",
            "trials.csv, line 15, column 'ci_high': a value is required because measure "
            "is 'hazard_ratio'",
        ),
        (
            "T01",
            "hazard_ratio",
            "0.58",
            "trials.csv, line 2, column 'hazard_ratio': must be blank because measure is "
            "'median_months', got 0.58",
        ),
        (
            "T02",
            "hazard_ratio",
            "n/a",
            "trials.csv, line 3, column 'hazard_ratio': must be a number, got 'n/a'",
        ),
    ],
)
def test_broken_copy_is_rejected(
    tmp_path: Path, row_id: str, column: str, value: str, message: str
) -> None:
    path = _broken_copy(tmp_path, row_id, column, value)
    with pytest.raises(CaseDataError) as caught:
        load_trials(path)
    assert str(caught.value) == message


def test_unknown_key_is_rejected_against_another_bibliography(tmp_path: Path) -> None:
    bib = tmp_path / "other.bib"
    bib.write_text("@misc{casereport, title={x}}\n", encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        load_trials(bib=bib)
    assert str(caught.value) == (
        "trials.csv, line 2, column 'source': 'robson2017olympiad' is not a key in other.bib"
    )


# --------------------------------------------------------------------------- checksum
# trials.csv carries "hash": "sha256:<hex>" in data/evidence/datapackage.json, checked by
# load_trials after validation as load_case checks the case tables; `make rehash`
# (python -m casebook.data rehash data) rewrites it with the case data's.


def _trials_hash(folder: Path) -> str | None:
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "trials"]
    return resource.get("hash")


def test_the_trial_table_carries_the_hash_of_its_file() -> None:
    assert _trials_hash(EVIDENCE_DIR) == file_hash(TRIALS_FILE)


def test_a_changed_trials_csv_without_rehash_fails_with_a_sentence(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "T02", "note", "a valid note, added without rehash")
    with pytest.raises(CaseDataError) as caught:
        load_trials(path)
    assert str(caught.value) == (
        "trials.csv has changed since its checksum was written in datapackage.json "
        '(its SHA-256 no longer matches the resource\'s "hash"), although its data are '
        "still valid. If you changed it on purpose, rewrite the checksums with `make rehash` "
        f"(python -m casebook.data rehash {path.parent}); if not, restore the file."
    )


def test_the_named_command_rehashes_the_copy_and_it_loads(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "T02", "note", "a valid note")
    run = [sys.executable, "-m", "casebook.data", "rehash", str(path.parent)]
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"trials.csv: {file_hash(path)}" in done.stdout
    assert load_trials(path).loc[1, "note"] == "a valid note"


def test_rehash_of_the_case_data_covers_the_evidence(tmp_path: Path) -> None:
    """`make rehash` names data/, and the trial results are in data/evidence/."""
    data_dir = tmp_path / "data"
    shutil.copytree(EVIDENCE_DIR.parent, data_dir)
    path = _set_cell(data_dir / "evidence" / TRIALS_FILE.name, "T02", "note", "changed")
    with pytest.raises(CaseDataError, match="^trials.csv has changed since its checksum"):
        load_trials(path)
    assert rehash(data_dir)["evidence/trials.csv"] == file_hash(path)
    assert load_trials(path).loc[1, "note"] == "changed"


def test_a_missing_hash_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    shutil.copytree(EVIDENCE_DIR, folder)
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    del package["resources"][0]["hash"]
    (folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2), encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        load_trials(folder / TRIALS_FILE.name)
    assert str(caught.value) == (
        "datapackage.json: resource 'trials' (trials.csv) needs a checksum, "
        '"hash": "sha256:<64 hex digits>", got None. Write the checksums with '
        f"`make rehash` (python -m casebook.data rehash {folder})."
    )


def test_rehash_refuses_an_invalid_table_and_writes_nothing(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "T02", "ci_low", "0.9")
    before = (path.parent / PACKAGE_FILE).read_bytes()
    with pytest.raises(CaseDataError, match=r"^trials\.csv, line 3, column 'ci_low': "):
        rehash(path.parent)
    assert (path.parent / PACKAGE_FILE).read_bytes() == before
