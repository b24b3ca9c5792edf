"""Tests for casebook.data: the shipped tables load, hold the reported values, and bad data is caught."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from casebook.data import (
    DATA_DIR,
    PACKAGE_FILE,
    RESOURCE_NAMES,
    Case,
    CaseDataError,
    file_hash,
    load_case,
    rehash,
)

PROVENANCES = {"reported", "reconstructed"}
DATE_PROVENANCES = {"reported", "derived", "month-reported", "reconstructed"}


# --------------------------------------------------------------------------- shipped data


def test_loads_seven_frames_with_datetime_dates(case: Case) -> None:
    for name in RESOURCE_NAMES:
        frame = getattr(case, name)
        assert isinstance(frame, pd.DataFrame)
        assert len(frame) > 0, name
        for field in _fields(case, name):
            if field["type"] == "date":
                assert frame[field["name"]].dtype == "datetime64[ns]", (name, field["name"])
    assert case.package["name"] == "tnbc-bone-marrow-case"


def test_columns_follow_the_schema(case: Case) -> None:
    for name in RESOURCE_NAMES:
        assert list(getattr(case, name).columns) == [f["name"] for f in _fields(case, name)]


def test_blank_cells_come_back_typed(case: Case) -> None:
    events = case.events
    point = events.loc[events["event_id"] == "E01"].iloc[0]
    assert point["drug"] == ""
    assert pd.isna(point["end_date"])
    assert pd.isna(point["dose_value"])
    assert pd.isna(point["line_of_therapy"])
    assert events["line_of_therapy"].dtype == "Int64"
    assert events["dose_value"].dtype == "float64"


def test_reported_platelet_counts(case: Case) -> None:
    platelets = case.labs[case.labs["analyte"] == "platelets"]
    reported = platelets[platelets["provenance"] == "reported"].set_index("date")["value"]
    assert reported.to_dict() == {
        pd.Timestamp("2024-06-03"): 92.0,
        pd.Timestamp("2024-06-07"): 18.0,
    }
    assert set(platelets["unit"]) == {"10^9/L"}


def test_treatment_start_is_reported(case: Case) -> None:
    paclitaxel = case.events[case.events["drug"] == "paclitaxel"]
    assert len(paclitaxel) == 1
    row = paclitaxel.iloc[0]
    assert row["date"] == pd.Timestamp("2024-06-10")
    assert row["date_provenance"] == "reported"
    assert row["dose_value"] == 120.0 and row["dose_unit"] == "mg"
    assert row["line_of_therapy"] == 1
    assert row["end_date"] > row["date"]


def test_reported_weights(case: Case) -> None:
    assert case.weights["weight_kg"].tolist() == [63.0, 45.0]
    assert set(case.weights["provenance"]) == {"reported"}


def test_reported_lesion_sizes(case: Case) -> None:
    lesions = case.lesions.sort_values("date")
    assert lesions["longest_diameter_mm"].tolist() == [100.0, 40.0, 50.0, 30.0]
    assert lesions["second_diameter_mm"].tolist() == [100.0, 40.0, 50.0, 30.0]
    assert set(lesions["provenance"]) == {"reported"}


def test_patient(case: Case) -> None:
    patient = case.patient.iloc[0]
    assert patient["age_years"] == 39
    assert patient["sex"] == "female"


def test_every_row_has_valid_provenance(case: Case) -> None:
    for name in RESOURCE_NAMES:
        frame = getattr(case, name)
        if "provenance" in frame:
            assert set(frame["provenance"]) <= PROVENANCES, name
        if "date_provenance" in frame:
            assert set(frame["date_provenance"]) <= DATE_PROVENANCES, name
        if "note" in frame:
            not_reported = (frame["provenance"] != "reported") | (
                frame["date_provenance"] != "reported"
            )
            assert (frame.loc[not_reported, "note"] != "").all(), name


def test_ca125_is_only_a_reconstructed_ratio(case: Case) -> None:
    ca125 = case.labs[case.labs["analyte"].str.contains("ca125")]
    assert len(ca125) > 0
    assert set(ca125["provenance"]) == {"reconstructed"}
    assert set(ca125["unit"]) == {"ratio to first value"}
    assert ca125.sort_values("date")["value"].iloc[0] == 1.0
    assert not case.labs["unit"].str.contains("U/mL", case=False).any()


def test_transfusions_match_low_platelets(case: Case) -> None:
    platelets = case.labs[case.labs["analyte"] == "platelets"]
    low_days = set(platelets.loc[platelets["value"] < 30, "date"])
    transfusions = case.events[case.events["kind"] == "transfusion"]
    assert set(transfusions["date"]) == low_days
    assert set(transfusions["dose"]) == {"10 units"}


def test_loads_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert len(load_case().labs) > 0


def test_case_is_frozen(case: Case) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.labs = pd.DataFrame()  # type: ignore[misc]


# --------------------------------------------------------------------------- bad data


def _fields(case: Case, name: str) -> list[dict]:
    resource = next(r for r in case.package["resources"] if r["name"] == name)
    return resource["schema"]["fields"]


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _corrupt(data_dir: Path, file_name: str, match: dict[str, str], column: str, value: str) -> int:
    """Set ``column`` to ``value`` in the one row matching ``match``; return that row's CSV line."""
    path = data_dir / file_name
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert not any("\n" in cell for row in rows for cell in row), (
        "line arithmetic assumes one line per row"
    )
    hits = [
        i for i, row in enumerate(body) if all(row[header.index(k)] == v for k, v in match.items())
    ]
    assert len(hits) == 1, f"{match} matched {len(hits)} rows of {file_name}"
    body[hits[0]][header.index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body])
    return hits[0] + 2  # header is line 1


BAD_CELLS = [
    pytest.param(
        "labs.csv",
        {"date": "2024-06-03", "analyte": "platelets"},
        "unit",
        "g/L",
        "platelets must be in 10^9/L, got 'g/L'",
        id="wrong-unit",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-06-07", "analyte": "platelets"},
        "value",
        "-5",
        "must be ≥ 0, got -5",
        id="negative-count",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-06-14", "analyte": "platelets"},
        "date",
        "2024-13-45",
        "'2024-13-45' is not a date in YYYY-MM-DD form",
        id="unparsable-date",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-05", "analyte": "platelets"},
        "provenance",
        "guessed",
        "'guessed' is not one of reported, reconstructed",
        id="unknown-provenance",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E09"},
        "end_date",
        "2024-06-01",
        "must not be before date (2024-06-10), got 2024-06-01",
        id="end-before-start",
    ),
    pytest.param(
        "lesions.csv",
        {"date": "2024-10-07"},
        "longest_diameter_mm",
        "",
        "a value is required but the cell is empty",
        id="missing-required",
    ),
    pytest.param(
        "weights.csv",
        {"date": "2025-01-15"},
        "weight_kg",
        "-45",
        "must be ≥ 20, got -45",
        id="negative-weight",
    ),
    pytest.param(
        "lesions.csv",
        {"date": "2025-01-06"},
        "second_diameter_mm",
        "-30",
        "must be ≥ 0, got -30",
        id="negative-diameter",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E19"},
        "date",
        "14/10/2024",
        "'14/10/2024' is not a date in YYYY-MM-DD form",
        id="non-iso-date",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E03"},
        "kind",
        "surgery",
        "'surgery' is not one of visit, test",
        id="unknown-kind",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-15", "analyte": "platelets"},
        "value",
        "forty",
        "must be a number, got 'forty'",
        id="not-a-number",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-29", "analyte": "ca125_relative"},
        "provenance",
        "reported",
        "provenance must be reconstructed, got 'reported'",
        id="ca125-reported",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-29", "analyte": "ca125_relative"},
        "unit",
        "U/mL",
        "ca125_relative must be in ratio to first value, got 'U/mL'",
        id="ca125-in-U/mL",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-06-10", "analyte": "ca125_relative"},
        "value",
        "0.9",
        "earliest value must be 1",
        id="ca125-first-not-1",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-29", "analyte": "platelets"},
        "value",
        "5000",
        "platelets must be ≤ 1500, got 5000",
        id="platelets-out-of-range",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-08-12", "analyte": "platelets"},
        "note",
        "",
        "a note is required",
        id="reconstructed-without-note",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E05"},
        "event_id",
        "E04",
        "duplicate primary key E04 (first used on line 5)",
        id="duplicate-key",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E13"},
        "drug",
        "",
        "a drug name is required when kind is 'drug'",
        id="drug-without-name",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E07"},
        "dose_unit",
        "mg",
        "'mg' is not allowed for kind 'transfusion' (allowed: units)",
        id="transfusion-in-mg",
    ),
    pytest.param(
        "labs.csv",
        {"date": "2024-07-15", "analyte": "platelets"},
        "value",
        "25",
        "has no transfusion event on that date",
        id="low-count-without-transfusion",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E15"},
        "date",
        "2024-06-29",
        "has no platelets value below 30 on that date",
        id="transfusion-without-low-count",
    ),
    pytest.param(
        "lesions.csv",
        {"date": "2024-09-02"},
        "date",
        "2024-09-03",
        "events.csv has no visit or assessment on 2024-09-03",
        id="lesion-date-not-an-event",
    ),
    pytest.param(
        "patient.csv",
        {"patient_id": "P1"},
        "age_years",
        "39.5",
        "must be a whole number, got '39.5'",
        id="integer-not-whole",
    ),
    pytest.param(
        "patient.csv",
        {"patient_id": "P1"},
        "age_years",
        "121",
        "must be ≤ 120, got 121",
        id="above-maximum",
    ),
    pytest.param(
        "patient.csv",
        {"patient_id": "P1"},
        "sex",
        "Female",
        "'Female' is not one of female, male",
        id="enum-is-case-sensitive",
    ),
    pytest.param(
        "patient.csv",
        {"patient_id": "P1"},
        "patient_id",
        "X1",
        "'X1' does not match the pattern ^P[0-9]+$",
        id="pattern",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E09"},
        "assumption_ids",
        "A02,A03",
        "'A02,A03' does not match the pattern",
        id="id-list-pattern",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E08"},
        "date",
        "2023-12-31",
        "must be ≥ 2024-01-01, got 2023-12-31",
        id="date-before-minimum",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E09"},
        "line_of_therapy",
        "11",
        "must be ≤ 10, got 11",
        id="integer-above-maximum",
    ),
    pytest.param(
        "assumptions.csv",
        {"assumption_id": "A05"},
        "assumption_id",
        "A04",
        "duplicate primary key A04 (first used on line 5)",
        id="duplicate-assumption-id",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E09"},
        "assumption_ids",
        "A02 A99",
        "'A99' is not listed in assumptions.csv (column 'assumption_id')",
        id="unknown-assumption-id",
    ),
    pytest.param(
        "events.csv",
        {"event_id": "E08"},
        "assumption_ids",
        "A6",
        "'A6' does not match the pattern",
        id="assumption-id-too-short",
    ),
    pytest.param(
        "assumptions.csv",
        {"assumption_id": "A01"},
        "value_unit",
        "",
        "a value is required because value is given (value is 2)",
        id="value-without-unit",
    ),
]


@pytest.mark.parametrize(("file_name", "match", "column", "value", "message"), BAD_CELLS)
def test_bad_cell_is_reported_with_file_line_and_column(
    tmp_path: Path, file_name: str, match: dict[str, str], column: str, value: str, message: str
) -> None:
    data_dir = _copy_data(tmp_path)
    line = _corrupt(data_dir, file_name, match, column, value)
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    text = str(caught.value)
    assert text.startswith(f"{file_name}, line {line}, column '{column}': "), text
    assert message in text


@pytest.mark.parametrize("file_name", ["labs.csv", "events.csv", "patient.csv", "datapackage.json"])
def test_missing_file(tmp_path: Path, file_name: str) -> None:
    data_dir = _copy_data(tmp_path)
    (data_dir / file_name).unlink()
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value) == f"{file_name}: file not found in {data_dir}"


def test_wrong_header_is_reported_on_line_1(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "weights.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        lines[0].replace("weight_kg", "weight_lb") + "".join(lines[1:]), encoding="utf-8"
    )
    with pytest.raises(
        CaseDataError, match=r"^weights\.csv, line 1: .*missing 'weight_kg'; unexpected 'weight_lb'"
    ):
        load_case(data_dir)


def test_header_in_the_wrong_order_names_the_first_misplaced_column(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "weights.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        lines[0].replace("weight_kg,loss_period_months", "loss_period_months,weight_kg")
        + "".join(lines[1:]),
        encoding="utf-8",
    )
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value).startswith(
        "weights.csv, line 1, column 'weight_kg': header must be date, weight_kg,"
    )
    assert (
        "same columns but in a different order; column 2 is 'loss_period_months' but should be 'weight_kg'"
        in str(caught.value)
    )


def test_duplicate_composite_key_names_both_columns(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    line = _corrupt(
        data_dir, "labs.csv", {"date": "2024-06-07", "analyte": "platelets"}, "date", "2024-06-03"
    )
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value) == (
        f"labs.csv, line {line}, columns 'date', 'analyte': duplicate primary key "
        "(2024-06-03, platelets) (first used on line 2)"
    )


def test_an_assumption_that_events_cite_cannot_be_renamed(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "assumptions.csv", {"assumption_id": "A05"}, "assumption_id", "A99")
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    # E02 is the first event that cites A05; its row is line 3.
    assert str(caught.value) == (
        "events.csv, line 3, column 'assumption_ids': "
        "'A05' is not listed in assumptions.csv (column 'assumption_id')"
    )


def test_every_cited_assumption_exists_and_values_have_units(case: Case) -> None:
    cited = {ident for ids in case.events["assumption_ids"] for ident in ids.split()}
    assert cited and cited <= set(case.assumptions["assumption_id"])
    given = case.assumptions["value"].notna()
    assert given.any() and (case.assumptions.loc[given, "value_unit"] != "").all()


def test_a_unit_without_a_value_is_allowed(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "assumptions.csv", {"assumption_id": "A02"}, "value_unit", "weeks")
    rehash(data_dir)
    assert load_case(data_dir).assumptions.loc[1, "value_unit"] == "weeks"


def test_ragged_row_is_reported(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "weights.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CaseDataError, match=r"^weights\.csv, line 3: expected 7 cells"):
        load_case(data_dir)


def test_copies_are_not_cached(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "patient.csv", {"patient_id": "P1"}, "ethnicity", "changed")
    rehash(data_dir)
    assert load_case(data_dir).patient.loc[0, "ethnicity"] == "changed"
    assert load_case().patient.loc[0, "ethnicity"] == "Asian"


# --------------------------------------------------------------------------- agreement with Frictionless
# casebook.data checks the Table Schema part of datapackage.json by hand (importing the
# frictionless library would cost every page kernel more than the whole load). These tests,
# run where the dev extras are installed, show that the hand-written checks and Frictionless
# agree: every broken copy is rejected by both, at the same CSV line and column, except for
# the case rules Table Schema cannot state (x-casebook), which Frictionless accepts.

# BAD_CELLS entries that break only an x-casebook rule.
CASE_RULE_IDS = {
    "wrong-unit",
    "end-before-start",
    "ca125-reported",
    "ca125-in-U/mL",
    "ca125-first-not-1",
    "platelets-out-of-range",
    "reconstructed-without-note",
    "drug-without-name",
    "transfusion-in-mg",
    "low-count-without-transfusion",
    "transfusion-without-low-count",
    "lesion-date-not-an-event",
    "unknown-assumption-id",
    "value-without-unit",
}


def _frictionless_errors(
    data_dir: Path, hashes: bool = False
) -> list[tuple[str, int | None, str | None, str]]:
    """Frictionless's errors as (file, row number, field name, error type), in report order.

    Frictionless numbers rows as this loader numbers CSV lines (header = 1) as long as no
    cell spans several lines, which ``_corrupt`` asserts. Frictionless also checks each
    resource's ``hash``; a broken copy's changed file fails it (``hash-count``), which is
    left out unless ``hashes`` (the checksum tests compare it on its own).
    """
    import frictionless  # pinned in requirements.lock (dev): missing is a failure, not a skip

    package = frictionless.Package(str(data_dir / "datapackage.json"))
    paths = {resource.name: resource.path for resource in package.resources}
    report = package.validate()
    errors = []
    for task in report.tasks:
        for error in task.errors:
            row = (
                getattr(error, "row_number", None)
                or (getattr(error, "row_numbers", None) or [None])[0]
            )
            if error.type == "hash-count" and not hashes:
                continue
            errors.append(
                (paths[task.name], row, getattr(error, "field_name", None) or None, error.type)
            )
    return errors


def test_frictionless_accepts_the_shipped_package() -> None:
    assert _frictionless_errors(DATA_DIR, hashes=True) == []


@pytest.mark.parametrize(
    ("file_name", "match", "column", "value", "case_rule"),
    [
        pytest.param(*param.values[:4], param.id in CASE_RULE_IDS, id=param.id)
        for param in BAD_CELLS
    ],
)
def test_frictionless_agrees_on_bad_cells(
    tmp_path: Path, file_name: str, match: dict[str, str], column: str, value: str, case_rule: bool
) -> None:
    data_dir = _copy_data(tmp_path)
    line = _corrupt(data_dir, file_name, match, column, value)
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    errors = _frictionless_errors(data_dir)
    if case_rule:
        assert errors == [], "Table Schema states this rule; check it there, not in x-casebook"
        return
    assert errors, "Frictionless accepts a copy that casebook.data rejects"
    found_file, found_line, found_field, kind = errors[0]
    assert (found_file, found_line) == (file_name, line), errors
    assert str(caught.value).startswith(f"{found_file}, line {found_line}, column"), caught.value
    assert found_field in (column, None), errors  # primary-key errors name no field
    assert kind in {"type-error", "constraint-error", "primary-key", "unique-error"}, errors


LineEdit = Callable[[list[str]], list[str]]


def _rewrite(data_dir: Path, file_name: str, edit: LineEdit) -> None:
    path = data_dir / file_name
    path.write_text(
        "".join(edit(path.read_text(encoding="utf-8").splitlines(keepends=True))), encoding="utf-8"
    )


LINE_EDITS = [
    pytest.param(
        "weights.csv",
        lambda lines: [lines[0].replace("weight_kg", "weight_lb"), *lines[1:]],
        "weights.csv, line 1",
        id="renamed-column",
    ),
    pytest.param(
        "weights.csv",
        lambda lines: [
            lines[0].replace("weight_kg,loss_period_months", "loss_period_months,weight_kg"),
            *lines[1:],
        ],
        "weights.csv, line 1, column 'weight_kg'",
        id="header-order",
    ),
    pytest.param(
        "patient.csv",
        lambda lines: [line.rstrip("\n").rsplit(",", 1)[0] + "\n" for line in lines],
        "patient.csv, line 1",
        id="missing-column",
    ),
    pytest.param(
        "weights.csv",
        lambda lines: [*lines[:2], lines[2].rstrip("\n") + ",extra\n", *lines[3:]],
        "weights.csv, line 3",
        id="extra-cell",
    ),
    pytest.param(
        "weights.csv",
        lambda lines: [*lines[:2], lines[2].rsplit(",", 1)[0] + "\n", *lines[3:]],
        "weights.csv, line 3",
        id="missing-cell",
    ),
]


@pytest.mark.parametrize(("file_name", "edit", "where"), LINE_EDITS)
def test_frictionless_agrees_on_headers_and_rows(
    tmp_path: Path, file_name: str, edit: LineEdit, where: str
) -> None:
    data_dir = _copy_data(tmp_path)
    _rewrite(data_dir, file_name, edit)
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value).startswith(where + ":")
    found_file, found_line, found_field, _ = _frictionless_errors(data_dir)[0]
    assert f"{found_file}, line {found_line}" == where.split(", column")[0]
    if ", column" in where:
        assert where.endswith(f"column '{found_field}'")


KNOWN_DIFFERENCES = [
    # casebook.data is stricter: numbers must be finite, dates zero-padded YYYY-MM-DD.
    pytest.param(
        "labs.csv",
        {"date": "2024-06-07", "analyte": "platelets"},
        "value",
        "inf",
        True,
        id="infinite",
    ),
    pytest.param("events.csv", {"event_id": "E08"}, "date", "2024-6-8", True, id="unpadded-date"),
    # casebook.data is more lenient: it strips spaces around every cell.
    pytest.param("patient.csv", {"patient_id": "P1"}, "patient_id", " P1", False, id="padded-id"),
]


@pytest.mark.parametrize(
    ("file_name", "match", "column", "value", "only_casebook_rejects"), KNOWN_DIFFERENCES
)
def test_known_differences_from_frictionless(
    tmp_path: Path,
    file_name: str,
    match: dict[str, str],
    column: str,
    value: str,
    only_casebook_rejects: bool,
) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, file_name, match, column, value)
    try:
        rehash(data_dir)  # validates first: refuses what load_case would refuse
        load_case(data_dir)
        casebook_rejects = False
    except CaseDataError:
        casebook_rejects = True
    frictionless_rejects = bool(_frictionless_errors(data_dir))
    assert (casebook_rejects, frictionless_rejects) == (
        only_casebook_rejects,
        not only_casebook_rejects,
    )


def test_blank_lines_are_skipped_where_frictionless_reports_them(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _rewrite(data_dir, "weights.csv", lambda lines: [*lines[:2], "\n", *lines[2:]])
    rehash(data_dir)
    assert len(load_case(data_dir).weights) == 2
    assert ("weights.csv", 3, None, "blank-row") in _frictionless_errors(data_dir)


# --------------------------------------------------------------------------- checksums
# Each resource carries "hash": "sha256:<hex>" (Frictionless style). load_case checks it
# after validation; `make rehash` (python -m casebook.data rehash) rewrites it.

_CHANGED = ({"patient_id": "P1"}, "ethnicity", "Asian (changed)")


def _resource_of(data_dir: Path, name: str) -> dict:
    package = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    return next(r for r in package["resources"] if r["name"] == name)


def test_every_resource_carries_the_hash_of_its_file() -> None:
    package = json.loads((DATA_DIR / PACKAGE_FILE).read_text(encoding="utf-8"))
    hashes = {r["path"]: r.get("hash") for r in package["resources"]}
    assert set(hashes) == {f"{name}.csv" for name in RESOURCE_NAMES}
    assert hashes == {path: file_hash(DATA_DIR / path) for path in hashes}


def test_a_changed_byte_without_rehash_fails_with_a_sentence(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "patient.csv", *_CHANGED)  # still valid data
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value) == (
        "patient.csv has changed since its checksum was written in datapackage.json "
        '(its SHA-256 no longer matches the resource\'s "hash"), although its data are '
        "still valid. If you changed it on purpose, rewrite the checksums with `make rehash` "
        f"(python -m casebook.data rehash {data_dir}); if not, restore the file."
    )
    # Frictionless reads the same field and agrees.
    assert ("patient.csv", None, None, "hash-count") in _frictionless_errors(data_dir, hashes=True)


def test_a_bad_value_is_reported_by_line_and_column_before_the_checksum(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    line = _corrupt(data_dir, "weights.csv", {"date": "2024-06-10"}, "weight_kg", "-1")
    with pytest.raises(CaseDataError, match=rf"^weights\.csv, line {line}, column 'weight_kg': "):
        load_case(data_dir)


def test_rehash_then_loads_and_changes_only_that_hash(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "patient.csv", *_CHANGED)
    before = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    written = rehash(data_dir)
    assert written["patient.csv"] == file_hash(data_dir / "patient.csv")
    assert load_case(data_dir).patient.loc[0, "ethnicity"] == "Asian (changed)"
    after = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    changed = [
        (old["name"], key)
        for old, new in zip(before["resources"], after["resources"], strict=True)
        for key in old.keys() | new.keys()
        if old.get(key) != new.get(key)
    ]
    assert changed == [("patient", "hash")]
    assert {k: v for k, v in before.items() if k != "resources"} == {
        k: v for k, v in after.items() if k != "resources"
    }


def test_rehash_of_unchanged_data_rewrites_the_same_file(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    rehash(data_dir)
    assert (data_dir / PACKAGE_FILE).read_bytes() == (DATA_DIR / PACKAGE_FILE).read_bytes()


def test_rehash_refuses_invalid_data_and_writes_nothing(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    line = _corrupt(data_dir, "weights.csv", {"date": "2024-06-10"}, "weight_kg", "-1")
    package_before = (data_dir / PACKAGE_FILE).read_bytes()
    with pytest.raises(CaseDataError, match=rf"^weights\.csv, line {line}, column 'weight_kg': "):
        rehash(data_dir)
    assert (data_dir / PACKAGE_FILE).read_bytes() == package_before


@pytest.mark.parametrize("value", [None, "", "md5:0123", "sha256:" + "0" * 63])
def test_a_missing_or_malformed_hash_is_refused(tmp_path: Path, value: str | None) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / PACKAGE_FILE
    package = json.loads(path.read_text(encoding="utf-8"))
    labs = next(r for r in package["resources"] if r["name"] == "labs")
    if value is None:
        del labs["hash"]
    else:
        labs["hash"] = value
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        load_case(data_dir)
    assert str(caught.value) == (
        "datapackage.json: resource 'labs' (labs.csv) needs a checksum, "
        f'"hash": "sha256:<64 hex digits>", got {value!r}. Write the checksums with '
        f"`make rehash` (python -m casebook.data rehash {data_dir})."
    )
    rehash(data_dir)  # and the one command puts it back
    assert _resource_of(data_dir, "labs")["hash"] == file_hash(data_dir / "labs.csv")
    load_case(data_dir)


def test_rehash_command_line(tmp_path: Path) -> None:
    """`make rehash` runs this: it prints each hash; invalid data exit 1 with the reason."""
    data_dir = _copy_data(tmp_path)
    _corrupt(data_dir, "patient.csv", *_CHANGED)
    run = [sys.executable, "-m", "casebook.data", "rehash", str(data_dir)]
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"patient.csv: {file_hash(data_dir / 'patient.csv')}" in done.stdout
    load_case(data_dir)
    _corrupt(data_dir, "weights.csv", {"date": "2024-06-10"}, "weight_kg", "-1")
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("Not rehashed, the data are invalid: weights.csv, line 2,")
