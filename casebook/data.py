"""Load and validate the case data in ``data/``.

The tables in ``data/`` transcribe one published case report into tidy CSV files. Their
schema lives in ``data/datapackage.json`` (Frictionless Table Schema style), plus a
top-level ``"x-casebook"`` block for rules Table Schema cannot express. This module reads
the package, checks every file against it and returns pandas DataFrames with proper
dtypes. It imports nothing else from :mod:`casebook` and caches nothing, so tests can load
modified copies of the folder.

Validation rules
----------------
* Every resource file must exist; its header must list the schema's field names exactly,
  **in the same order**.
* Each cell is checked against its field: ``required``, type (``string``, ``integer``,
  ``number``, ``date`` as ``YYYY-MM-DD``), ``enum``, ``pattern``, ``minimum``/``maximum``
  and ``unique``; then the ``primaryKey`` must be unique.
* ``x-casebook`` rules: the unit and value range of each lab analyte; CA125 rows may only
  be reconstructed and start at 1.0; a note is required on any row that is not fully
  reported; event rules (``end_date`` not before ``date``; ``drug``, ``dose_unit`` and
  ``line_of_therapy`` consistent with ``kind``); platelet values below the transfusion
  trigger match transfusion events one to one; lesion and weight dates match events; every
  id in ``events.csv``'s ``assumption_ids`` is an ``assumption_id`` in ``assumptions.csv``;
  ``value_unit`` is filled in wherever ``value`` is (``assumptions.csv``).

The Table Schema part is checked by hand rather than with the ``frictionless`` library:
every book page's kernel loads the data, and the library would add 19 packages (34 MiB) to
the environment and 0.4 to 1.6 s to each kernel (its import plus a first validation),
where this whole loader takes 15 to 50 ms on the same shared machine
(``scripts/bench_data.py`` measures both).
``tests/test_data.py`` checks that broken copies this loader rejects for a Table Schema
reason are rejected by Frictionless at the same row and field. This loader is stricter
on purpose in a few places: numbers must be finite (no ``NaN``/``INF``), dates must be
zero-padded ``YYYY-MM-DD``; it is more lenient in two: spaces around a cell are
stripped and blank lines are skipped.

Checksums
---------
Each resource in ``datapackage.json`` carries the SHA-256 of its file's bytes,
Frictionless style: ``"hash": "sha256:<64 hex digits>"``. :func:`load_case` compares
them **after** validation, so a bad value is still reported by file, line and column;
a valid file whose bytes no longer match its hash raises :class:`CaseDataError` with a
sentence naming the file. After a deliberate change, one command validates the data and
rewrites every hash (it refuses invalid data)::

    make rehash                                  # or:
    .venv/bin/python -m casebook.data rehash [DATA_DIR]

Validation stops at the first problem and raises :class:`CaseDataError`, whose message
names the file, the CSV line (the header is line 1, the first data row line 2) and the
column, then says what is wrong in a plain sentence, e.g.::

    labs.csv, line 3, column 'value': must be ≥ 0, got -5

Returned dtypes
---------------
``date`` → ``datetime64[ns]`` (blank: ``NaT``); ``number`` → ``float64`` (blank: ``NaN``);
``integer`` → nullable ``Int64`` (blank: ``<NA>``); ``string`` → pandas' default string
dtype (``str`` in pandas 3), blank cells as ``""`` (never NaN). Leading and trailing spaces
are stripped from every cell. Rows keep the file order.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from casebook.provenance import with_marks

__all__ = [
    "DATA_DIR",
    "DATA_DIR_ENV",
    "PACKAGE_FILE",
    "RESOURCE_NAMES",
    "Case",
    "CaseDataError",
    "load_case",
    "file_hash",
    "rehash",
    "REHASH_COMMAND",
    "data_dictionary",
    "with_provenance_marks",
]

DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data"
"""The repository's ``data/`` folder, found from this file (independent of the working directory)."""

DATA_DIR_ENV = "CASEBOOK_DATA_DIR"
"""Environment variable that points :func:`load_case` at another copy of ``data/``."""

PACKAGE_FILE = "datapackage.json"
RESOURCE_NAMES: tuple[str, ...] = (
    "patient",
    "labs",
    "events",
    "lesions",
    "weights",
    "pathology",
    "assumptions",
)
"""Resources :func:`load_case` requires, in the order of the :class:`Case` attributes."""

HASH_ALGORITHM = "sha256"
REHASH_COMMAND = "make rehash"
"""The command a checksum message names (it runs ``python -m casebook.data rehash data``)."""
_HASH_RE = re.compile(r"sha256:[0-9a-f]{64}")

_DATE_FORMAT = "%Y-%m-%d"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER_RE = re.compile(r"[+-]?\d+")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SUPPORTED_TYPES = frozenset({"string", "integer", "number", "date"})
_REPORTED = "reported"


class CaseDataError(ValueError):
    """A file in ``data/`` is missing or does not match ``datapackage.json``."""


@dataclass(frozen=True, eq=False)
class Case:
    """The whole case: one DataFrame per table plus the parsed data package.

    ``eq=False`` keeps identity comparison and hashing (DataFrames cannot be compared
    or hashed as a whole).
    """

    patient: pd.DataFrame
    labs: pd.DataFrame
    events: pd.DataFrame
    lesions: pd.DataFrame
    weights: pd.DataFrame
    pathology: pd.DataFrame
    assumptions: pd.DataFrame
    package: dict[str, Any]

    @property
    def transfusion_trigger_10e9_per_l(self) -> float:
        """The case's platelet-transfusion trigger (×10⁹/L): transfuse below it.

        Its one home is ``datapackage.json`` (``x-casebook.transfusion_rule``), where the
        loader also uses it to match low counts with transfusion events.
        """
        return float(self.package["x-casebook"]["transfusion_rule"]["trigger_below"])


# --------------------------------------------------------------------------- internals

Cell = str | int | float | datetime | None
"""A converted cell: str for strings (blank ""), None for blank non-strings."""


@dataclass
class _Table:
    """A validated CSV file before it becomes a DataFrame."""

    file_name: str
    fields: list[dict[str, Any]]
    raw: list[list[str]]  # stripped cells, one list per data row
    values: list[dict[str, Cell]]  # converted cells keyed by column name
    lines: list[int]  # CSV line on which each data row starts

    def column_index(self, name: str) -> int:
        return [field["name"] for field in self.fields].index(name)


def _error(file_name: str, line: int | None, column: str | None, message: str) -> CaseDataError:
    """Build a CaseDataError whose message names file, line and column."""
    where = file_name
    if line is not None:
        where += f", line {line}"
    if column is not None:
        where += f", column '{column}'"
    return CaseDataError(f"{where}: {message}")


def _format_limit(limit: Any) -> str:
    """Show a schema limit without a spurious '.0'."""
    if isinstance(limit, float) and limit.is_integer():
        return str(int(limit))
    return str(limit)


def _load_package(data_dir: Path) -> dict[str, Any]:
    path = data_dir / PACKAGE_FILE
    if not path.is_file():
        raise _error(PACKAGE_FILE, None, None, f"file not found in {data_dir}")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _error(PACKAGE_FILE, exc.lineno, None, f"not valid JSON ({exc.msg})") from exc
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise _error(PACKAGE_FILE, None, None, "must be an object with a 'resources' list")
    return package


def _resource(package: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Find resource ``name`` and check its schema is one this loader understands."""
    matches = [r for r in package["resources"] if isinstance(r, dict) and r.get("name") == name]
    if len(matches) != 1:
        raise _error(
            PACKAGE_FILE,
            None,
            None,
            f"needs exactly one resource named '{name}', found {len(matches)}",
        )
    resource = matches[0]
    fields = resource.get("schema", {}).get("fields")
    if not isinstance(resource.get("path"), str) or not isinstance(fields, list) or not fields:
        raise _error(
            PACKAGE_FILE,
            None,
            None,
            f"resource '{name}' needs a 'path' and a non-empty schema.fields",
        )
    for field in fields:
        if field.get("type") not in _SUPPORTED_TYPES:
            raise _error(
                PACKAGE_FILE,
                None,
                None,
                f"resource '{name}', field '{field.get('name')}': unsupported type '{field.get('type')}'",
            )
        if field["type"] == "date" and field.get("format", "default") not in (
            "default",
            _DATE_FORMAT,
        ):
            raise _error(
                PACKAGE_FILE,
                None,
                None,
                f"resource '{name}', field '{field['name']}': only YYYY-MM-DD dates are supported",
            )
    return resource


def _read_rows(path: Path, file_name: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Read a CSV file; return header, stripped rows and the line on which each row starts."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        next_line = 1
        try:
            for record in reader:
                line, next_line = next_line, reader.line_num + 1
                if not record:  # blank line
                    continue
                cells = [cell.strip() for cell in record]
                if header is None:
                    header = cells
                    continue
                if len(cells) != len(header):
                    raise _error(
                        file_name,
                        line,
                        None,
                        f"expected {len(header)} cells (one per column), got {len(cells)}",
                    )
                rows.append(cells)
                lines.append(line)
        except csv.Error as exc:
            raise _error(file_name, reader.line_num, None, f"not valid CSV ({exc})") from exc
    if header is None:
        raise _error(file_name, 1, None, "the file is empty (no header row)")
    return header, rows, lines


def _check_header(file_name: str, header: Sequence[str], expected: Sequence[str]) -> None:
    if list(header) == list(expected):
        return
    missing = [name for name in expected if name not in header]
    unexpected = [name for name in header if name not in expected]
    problems = []
    if missing:
        problems.append("missing " + ", ".join(f"'{name}'" for name in missing))
    if unexpected:
        problems.append("unexpected " + ", ".join(f"'{name}'" for name in unexpected))
    column = None
    if not problems:
        # Same names, other order: name the first misplaced column, as Frictionless does.
        index = next(
            i
            for i, (found, wanted) in enumerate(zip(header, expected, strict=False))
            if found != wanted
        )
        column = expected[index]
        problems.append(
            f"same columns but in a different order; column {index + 1} is "
            f"'{header[index]}' but should be '{column}'"
        )
    raise _error(
        file_name,
        1,
        column,
        f"header must be {', '.join(expected)} (in this order): {'; '.join(problems)}",
    )


def _convert_cell(cell: str, field: Mapping[str, Any], file_name: str, line: int) -> Cell:
    """Check one cell against its field definition and return its typed value."""
    name: str = field["name"]
    kind: str = field["type"]
    constraints: Mapping[str, Any] = field.get("constraints", {})

    if cell == "":
        if constraints.get("required", False):
            raise _error(file_name, line, name, "a value is required but the cell is empty")
        return "" if kind == "string" else None

    if "enum" in constraints and cell not in [str(option) for option in constraints["enum"]]:
        options = ", ".join(str(option) for option in constraints["enum"])
        raise _error(file_name, line, name, f"'{cell}' is not one of {options}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        raise _error(
            file_name, line, name, f"'{cell}' does not match the pattern {constraints['pattern']}"
        )

    value: Cell
    comparable: float | datetime
    if kind == "string":
        return cell
    if kind == "integer":
        if not _INTEGER_RE.fullmatch(cell):
            raise _error(file_name, line, name, f"must be a whole number, got '{cell}'")
        value = comparable = int(cell)
    elif kind == "number":
        if not _NUMBER_RE.fullmatch(cell) or not math.isfinite(float(cell)):
            raise _error(file_name, line, name, f"must be a number, got '{cell}'")
        value = comparable = float(cell)
    else:  # date
        try:
            if not _DATE_RE.fullmatch(cell):
                raise ValueError(cell)
            value = comparable = datetime.strptime(cell, _DATE_FORMAT)
        except ValueError:
            raise _error(
                file_name, line, name, f"'{cell}' is not a date in YYYY-MM-DD form"
            ) from None

    for key, symbol in (("minimum", "≥"), ("maximum", "≤")):
        if key not in constraints:
            continue
        limit = constraints[key]
        bound = datetime.strptime(limit, _DATE_FORMAT) if kind == "date" else float(limit)
        if (key == "minimum" and comparable < bound) or (key == "maximum" and comparable > bound):
            raise _error(
                file_name, line, name, f"must be {symbol} {_format_limit(limit)}, got {cell}"
            )
    return value


def _read_table(data_dir: Path, resource: Mapping[str, Any]) -> _Table:
    """Read one resource and check every cell, unique constraint and the primary key."""
    file_name: str = resource["path"]
    path = data_dir / file_name
    if not path.is_file():
        raise _error(file_name, None, None, f"file not found in {data_dir}")
    fields: list[dict[str, Any]] = resource["schema"]["fields"]
    names = [field["name"] for field in fields]

    header, raw_rows, lines = _read_rows(path, file_name)
    _check_header(file_name, header, names)

    values: list[dict[str, Cell]] = []
    for cells, line in zip(raw_rows, lines, strict=True):
        values.append(
            {
                field["name"]: _convert_cell(cell, field, file_name, line)
                for cell, field in zip(cells, fields, strict=True)
            }
        )

    table = _Table(file_name, fields, raw_rows, values, lines)

    for field in fields:
        if field.get("constraints", {}).get("unique"):
            _check_unique(table, [field["name"]], "value")
    primary_key = resource["schema"].get("primaryKey")
    if primary_key:
        _check_unique(
            table,
            [primary_key] if isinstance(primary_key, str) else list(primary_key),
            "primary key",
        )
    return table


def _check_unique(table: _Table, columns: list[str], what: str) -> None:
    indices = [table.column_index(column) for column in columns]
    first_line: dict[tuple[str, ...], int] = {}
    for cells, line in zip(table.raw, table.lines, strict=True):
        key = tuple(cells[i] for i in indices)
        if all(part == "" for part in key):
            continue
        if key in first_line:
            shown = key[0] if len(key) == 1 else "(" + ", ".join(key) + ")"
            where = ", ".join(f"'{column}'" for column in columns)
            label = f"column {where}" if len(columns) == 1 else f"columns {where}"
            raise CaseDataError(
                f"{table.file_name}, line {line}, {label}: duplicate {what} {shown} "
                f"(first used on line {first_line[key]})"
            )
        first_line[key] = line


# --------------------------------------------------------------------------- x-casebook rules


def _day(value: Cell) -> str:
    return value.strftime(_DATE_FORMAT) if isinstance(value, datetime) else str(value)


def _check_notes(table: _Table) -> None:
    """A row whose value or date is not reported must say what it assumes."""
    names = {field["name"] for field in table.fields}
    if "note" not in names:
        return
    for row, line in zip(table.values, table.lines, strict=True):
        provenance = row.get("provenance", _REPORTED)
        date_provenance = row.get("date_provenance", _REPORTED)
        if (provenance != _REPORTED or date_provenance != _REPORTED) and row["note"] == "":
            raise _error(
                table.file_name,
                line,
                "note",
                f"a note is required because provenance is '{provenance}' and date_provenance is "
                f"'{date_provenance}': say what the value or date assumes",
            )


def _check_labs(table: _Table, rules: Mapping[str, Any]) -> None:
    units: Mapping[str, str] = rules.get("analyte_units", {})
    ranges: Mapping[str, Mapping[str, float]] = rules.get("analyte_ranges", {})
    allowed_provenance: Mapping[str, list[str]] = rules.get("analyte_allowed_provenance", {})
    for row, line in zip(table.values, table.lines, strict=True):
        analyte = str(row["analyte"])
        if analyte in units and row["unit"] != units[analyte]:
            raise _error(
                table.file_name,
                line,
                "unit",
                f"{analyte} must be in {units[analyte]}, got '{row['unit']}'",
            )
        value = row["value"]
        limits = ranges.get(analyte, {})
        if isinstance(value, float):
            if "minimum" in limits and value < limits["minimum"]:
                raise _error(
                    table.file_name,
                    line,
                    "value",
                    f"{analyte} must be ≥ {_format_limit(limits['minimum'])}, got {_format_limit(value)}",
                )
            if "maximum" in limits and value > limits["maximum"]:
                raise _error(
                    table.file_name,
                    line,
                    "value",
                    f"{analyte} must be ≤ {_format_limit(limits['maximum'])}, got {_format_limit(value)}",
                )
        if analyte in allowed_provenance and row["provenance"] not in allowed_provenance[analyte]:
            raise _error(
                table.file_name,
                line,
                "provenance",
                f"{analyte} values are never given by the case report, so provenance must be "
                f"{' or '.join(allowed_provenance[analyte])}, got '{row['provenance']}'",
            )

    for analyte, expected in rules.get("analyte_first_value", {}).items():
        rows = [
            (row, line)
            for row, line in zip(table.values, table.lines, strict=True)
            if row["analyte"] == analyte
        ]
        if not rows:
            continue
        first, line = min(rows, key=lambda item: _day(item[0]["date"]))
        value = first["value"]
        if not isinstance(value, float) or not math.isclose(value, float(expected)):
            raise _error(
                table.file_name,
                line,
                "value",
                f"{analyte} is a ratio to its first value, so the earliest value must be "
                f"{_format_limit(float(expected))}, got {value}",
            )


def _check_events(table: _Table, rules: Mapping[str, Any]) -> None:
    drug_kinds: list[str] = rules.get("drug_required_for_kinds", [])
    line_kinds: list[str] = rules.get("line_of_therapy_kinds", [])
    units_by_kind: Mapping[str, list[str]] = rules.get("dose_units_by_kind", {})
    file_name = table.file_name
    for row, line in zip(table.values, table.lines, strict=True):
        kind = str(row["kind"])
        start, end = row["date"], row["end_date"]
        if isinstance(start, datetime) and isinstance(end, datetime) and end < start:
            raise _error(
                file_name,
                line,
                "end_date",
                f"must not be before date ({_day(start)}), got {_day(end)}",
            )
        if kind in drug_kinds and row["drug"] == "":
            raise _error(file_name, line, "drug", f"a drug name is required when kind is '{kind}'")
        if kind not in drug_kinds and row["drug"] != "":
            raise _error(
                file_name, line, "drug", f"must be blank when kind is '{kind}', got '{row['drug']}'"
            )
        if row["line_of_therapy"] is not None and kind not in line_kinds:
            raise _error(file_name, line, "line_of_therapy", f"must be blank when kind is '{kind}'")
        if row["dose_value"] is not None and row["dose_unit"] == "":
            raise _error(file_name, line, "dose_unit", "required when dose_value is given")
        if row["dose_unit"] != "":
            if row["dose_value"] is None:
                raise _error(file_name, line, "dose_value", "required when dose_unit is given")
            allowed = units_by_kind.get(kind, [])
            if row["dose_unit"] not in allowed:
                shown = ", ".join(allowed) if allowed else "none"
                raise _error(
                    file_name,
                    line,
                    "dose_unit",
                    f"'{row['dose_unit']}' is not allowed for kind '{kind}' (allowed: {shown})",
                )


def _check_transfusions(labs: _Table, events: _Table, rule: Mapping[str, Any]) -> None:
    """Low platelet values and transfusion events must match one to one by date.

    Transfusion events are checked first, so a mistyped event date is blamed on the event.
    """
    analyte, trigger, event_kind = rule["analyte"], float(rule["trigger_below"]), rule["event_kind"]
    low_days = {
        _day(row["date"]): line
        for row, line in zip(labs.values, labs.lines, strict=True)
        if row["analyte"] == analyte and isinstance(row["value"], float) and row["value"] < trigger
    }
    event_days = {
        _day(row["date"]): line
        for row, line in zip(events.values, events.lines, strict=True)
        if row["kind"] == event_kind
    }
    for day, line in event_days.items():
        if day not in low_days:
            raise _error(
                events.file_name,
                line,
                "date",
                f"{event_kind} on {day} but {labs.file_name} has no {analyte} value below "
                f"{_format_limit(trigger)} on that date",
            )
    for day, line in low_days.items():
        if day not in event_days:
            raise _error(
                labs.file_name,
                line,
                "value",
                f"{analyte} below {_format_limit(trigger)} on {day} but {events.file_name} has no "
                f"{event_kind} event on that date",
            )


def _check_date_link(table: _Table, events: _Table, event_kinds: Sequence[str]) -> None:
    """Every date in ``table`` must be the date of an event (of ``event_kinds``, if given)."""
    days = {
        _day(row["date"]) for row in events.values if not event_kinds or row["kind"] in event_kinds
    }
    for row, line in zip(table.values, table.lines, strict=True):
        if _day(row["date"]) not in days:
            which = " or ".join(event_kinds) if event_kinds else "event"
            raise _error(
                table.file_name,
                line,
                "date",
                f"{events.file_name} has no {which} on {_day(row['date'])}",
            )


def _check_list_link(table: _Table, target: _Table, link: Mapping[str, Any]) -> None:
    """Each id in a space-separated list cell must be a value of the target column.

    A foreign key for lists of ids, which Table Schema cannot state.
    """
    field, target_field = link["field"], link["target_field"]
    known = {row[target_field] for row in target.values}
    for row, line in zip(table.values, table.lines, strict=True):
        for ident in str(row[field]).split():
            if ident not in known:
                raise _error(
                    table.file_name,
                    line,
                    field,
                    f"'{ident}' is not listed in {target.file_name} (column '{target_field}')",
                )


def _check_required_when_given(table: _Table, rule: Mapping[str, Any]) -> None:
    """A column that must be filled in whenever another one is (e.g. a value's unit)."""
    field, given = rule["field"], rule["when_given"]
    for row, line in zip(table.values, table.lines, strict=True):
        value = row[given]
        if value is not None and value != "" and row[field] == "":
            shown = _format_limit(value) if isinstance(value, float) else value
            raise _error(
                table.file_name,
                line,
                field,
                f"a value is required because {given} is given ({given} is {shown})",
            )


# --------------------------------------------------------------------------- frames


def _to_frame(table: _Table) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    for index, field in enumerate(table.fields):
        name, kind = field["name"], field["type"]
        raw = [cells[index] for cells in table.raw]
        if kind == "date":
            series = pd.to_datetime(
                pd.Series([cell or None for cell in raw], dtype=object), format=_DATE_FORMAT
            ).astype("datetime64[ns]")
        elif kind == "number":
            series = pd.Series([row[name] for row in table.values], dtype="float64")
        elif kind == "integer":
            series = pd.Series([row[name] for row in table.values], dtype="Int64")
        else:
            series = pd.Series(raw, dtype=str)
        columns[name] = series
    return pd.DataFrame(columns)


def file_hash(path: str | os.PathLike[str]) -> str:
    """The Frictionless-style hash of a file's bytes: ``"sha256:<hex>"``."""
    return f"{HASH_ALGORITHM}:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _check_hash(folder: Path, resource: Mapping[str, Any], file_name: str | None = None) -> None:
    """``resource``'s file (``file_name`` in ``folder``, default its ``path``) must match
    the ``hash`` recorded for it in ``datapackage.json``."""
    name, file_name = resource["name"], file_name or resource["path"]
    recorded = resource.get("hash")
    if not isinstance(recorded, str) or not _HASH_RE.fullmatch(recorded):
        raise _error(
            PACKAGE_FILE,
            None,
            None,
            f"resource '{name}' ({file_name}) needs a checksum, \"hash\": "
            f'"sha256:<64 hex digits>", got {recorded!r}. Write the checksums with '
            f"`{REHASH_COMMAND}` (python -m casebook.data rehash {folder}).",
        )
    if file_hash(folder / file_name) != recorded:
        raise CaseDataError(
            f"{file_name} has changed since its checksum was written in {PACKAGE_FILE} "
            f'(its SHA-256 no longer matches the resource\'s "hash"), although its data '
            f"are still valid. If you changed it on purpose, rewrite the checksums with "
            f"`{REHASH_COMMAND}` (python -m casebook.data rehash {folder}); if not, restore "
            f"the file."
        )


def _check_hashes(folder: Path, package: Mapping[str, Any]) -> None:
    """Each resource's file must match the ``hash`` recorded in ``datapackage.json``."""
    for name in RESOURCE_NAMES:
        _check_hash(folder, _resource(package, name))


def _validate(folder: Path) -> tuple[dict[str, Any], dict[str, _Table]]:
    """Every check except the checksums; the package and the validated tables."""
    package = _load_package(folder)
    rules: Mapping[str, Any] = package.get("x-casebook", {})

    tables = {name: _read_table(folder, _resource(package, name)) for name in RESOURCE_NAMES}

    for name in rules.get("note_required_unless_reported", []):
        _check_notes(tables[name])
    _check_labs(tables["labs"], rules)
    _check_events(tables["events"], rules.get("event_rules", {}))
    if "transfusion_rule" in rules:
        _check_transfusions(tables["labs"], tables["events"], rules["transfusion_rule"])
    for link in rules.get("date_links", []):
        _check_date_link(tables[link["resource"]], tables["events"], link.get("event_kinds", []))
    for link in rules.get("list_links", []):
        _check_list_link(tables[link["resource"]], tables[link["target_resource"]], link)
    for rule in rules.get("required_when_given", []):
        _check_required_when_given(tables[rule["resource"]], rule)
    return package, tables


def load_case(data_dir: str | os.PathLike[str] | None = None) -> Case:
    """Read and validate every table in ``data_dir``, then check its checksums.

    Default: the folder named by the environment variable ``CASEBOOK_DATA_DIR`` if
    set (the guard tests point a chapter at a modified copy this way), else
    :data:`DATA_DIR`.

    Raises :class:`CaseDataError` at the first problem found, naming the file, CSV line
    and column; only once everything is valid, a file whose bytes do not match its
    ``hash`` in ``datapackage.json`` (see :func:`rehash`). Nothing is cached: each call
    reads the files again.
    """
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or DATA_DIR
    folder = Path(data_dir)
    package, tables = _validate(folder)
    _check_hashes(folder, package)
    frames = {name: _to_frame(table) for name, table in tables.items()}
    return Case(**frames, package=package)


def _write_hashes(folder: Path, package: dict[str, Any], names: Iterable[str]) -> dict[str, str]:
    """Rewrite, in ``folder``'s ``datapackage.json``, the ``hash`` of each resource in
    ``names`` (right after its ``path``, 2-space JSON); ``{file name: hash}``."""
    names = frozenset(names)
    written: dict[str, str] = {}
    resources = []
    for resource in package["resources"]:
        if isinstance(resource, dict) and resource.get("name") in names:
            digest = file_hash(folder / resource["path"])
            written[resource["path"]] = digest
            rebuilt: dict[str, Any] = {}
            for key, value in resource.items():
                if key != "hash":
                    rebuilt[key] = value
                if key == "path":
                    rebuilt["hash"] = digest
            resource = rebuilt
        resources.append(resource)
    package["resources"] = resources
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (folder / PACKAGE_FILE).write_text(text, encoding="utf-8")
    return written


def rehash(data_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Validate ``data_dir`` (default :data:`DATA_DIR`), then rewrite every resource's hash.

    The trial results in its ``evidence/`` folder (:mod:`casebook.evidence`) are
    validated and rehashed too, so ``make rehash`` covers both packages; ``data_dir``
    may also be an evidence folder itself (its package holds the ``trials`` resource).
    Raises :class:`CaseDataError` and writes nothing when the data are invalid. Returns
    ``{file name: hash}`` (``evidence/trials.csv`` for the trial results).
    ``datapackage.json`` keeps its layout (2-space JSON); each ``hash`` sits right
    after its resource's ``path``.
    """
    from casebook import evidence  # it imports this module

    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    names = {r.get("name") for r in _load_package(folder)["resources"] if isinstance(r, dict)}
    if evidence.TRIALS_RESOURCE in names and not names & set(RESOURCE_NAMES):
        return evidence.rehash_trials(folder)
    package, _ = _validate(folder)
    trials: dict[str, str] = {}
    evidence_dir = folder / evidence.EVIDENCE_DIR.name
    if (evidence_dir / PACKAGE_FILE).is_file():
        written = evidence.rehash_trials(evidence_dir)  # validates first, then writes
        trials = {f"{evidence_dir.name}/{name}": digest for name, digest in written.items()}
    return {**_write_hashes(folder, package, RESOURCE_NAMES), **trials}


def _main(argv: Sequence[str]) -> int:
    usage = "usage: python -m casebook.data rehash [DATA_DIR]"
    if not argv or argv[0] != "rehash" or len(argv) > 2:
        print(usage, file=sys.stderr)
        return 2
    folder = Path(argv[1]) if len(argv) == 2 else DATA_DIR
    try:
        written = rehash(folder)
    except CaseDataError as exc:
        print(f"Not rehashed, the data are invalid: {exc}", file=sys.stderr)
        return 1
    for file_name, digest in written.items():
        print(f"{file_name}: {digest}")
    print(f"Rewrote the checksums of {len(written)} files in {folder}")
    return 0


def data_dictionary(package: Mapping[str, Any]) -> pd.DataFrame:
    """The data dictionary: one row per field of every resource in ``datapackage.json``.

    Columns: table, field, type, unit, required, allowed (enum or range), description.
    """
    rows = []
    for res in package["resources"]:
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            allowed = ", ".join(c["enum"]) if "enum" in c else ""
            if "minimum" in c or "maximum" in c:
                allowed = f"{c.get('minimum', '')} to {c.get('maximum', '')}".strip()
            if "pattern" in c:
                allowed = f"pattern {c['pattern']}"
            rows.append(
                {
                    "table": res["path"],
                    "field": f["name"],
                    "type": f["type"],
                    "unit": f.get("unit", ""),
                    "required": "yes" if c.get("required") else "",
                    "allowed": allowed,
                    "description": f.get("description", ""),
                }
            )
    return pd.DataFrame(rows)


# The provenance wording has one home, casebook.provenance; this name is kept for
# notebooks that import it from here.
with_provenance_marks = with_marks


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
