"""Load and validate the trial results in ``data/evidence/``.

``data/evidence/trials.csv`` holds the published trial results the therapy discussion
cites: one row per median, rate or hazard ratio, with its analysis role, BibTeX source and
confidence tag. Its schema is ``data/evidence/datapackage.json`` (Frictionless Table Schema
style). The Table Schema part (header, types, ``required``, ``enum``, ``pattern``,
``minimum``, primary key) is checked by the same code as the case data in
:mod:`casebook.data`, so the messages read the same. This module adds two rules:

* by ``measure``: on ``hazard_ratio`` rows ``hazard_ratio``, ``ci_low`` and ``ci_high``
  are required, ``ci_low ≤ hazard_ratio ≤ ci_high``, and the arm values are blank; on
  other rows both arm values are required and the three hazard-ratio columns are blank;
* every ``source`` is a key in ``book/references.bib``.

The first problem raises :class:`casebook.data.CaseDataError` naming file, CSV line (the
header is line 1) and column, e.g.::

    trials.csv, line 4, column 'ci_low': must be ≤ hazard_ratio (0.58), got 0.9

Returned dtypes: numbers ``float64`` (blank: NaN); strings pandas' string dtype with blank
cells as ``""``. Rows keep the file order. Nothing is cached.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from casebook.data import (
    CaseDataError,
    _check_hash,
    _error,
    _load_package,
    _read_table,
    _resource,
    _Table,
    _to_frame,
    _write_hashes,
)

__all__ = [
    "BIB_FILE",
    "EVIDENCE_DIR",
    "TRIALS_FILE",
    "TRIALS_RESOURCE",
    "CaseDataError",
    "bib_keys",
    "load_trials",
    "rehash_trials",
]

_ROOT = Path(__file__).resolve().parent.parent
EVIDENCE_DIR: Path = _ROOT / "data" / "evidence"
"""The folder holding ``trials.csv`` and its ``datapackage.json``."""
TRIALS_FILE: Path = EVIDENCE_DIR / "trials.csv"
BIB_FILE: Path = _ROOT / "book" / "references.bib"
#: The resource's name in ``data/evidence/datapackage.json``.
TRIALS_RESOURCE = "trials"

_HR = "hazard_ratio"
_HR_COLUMNS = ("hazard_ratio", "ci_low", "ci_high")
_ARM_COLUMNS = ("arm_a_value", "arm_b_value")
_BIB_KEY_RE = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def bib_keys(bib: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """The entry keys of a BibTeX file (default ``book/references.bib``)."""
    path = Path(bib) if bib is not None else BIB_FILE
    if not path.is_file():
        raise _error(path.name, None, None, f"file not found in {path.parent}")
    return frozenset(_BIB_KEY_RE.findall(path.read_text(encoding="utf-8")))


def _check_measure_columns(table: _Table) -> None:
    """Hazard-ratio rows carry HR and CI only; median and rate rows carry arm values only."""
    for row, raw, line in zip(table.values, table.raw, table.lines, strict=True):
        is_hr = row["measure"] == _HR
        required, blank = (_HR_COLUMNS, _ARM_COLUMNS) if is_hr else (_ARM_COLUMNS, _HR_COLUMNS)
        for column in required:
            if row[column] is None:
                raise _error(
                    table.file_name,
                    line,
                    column,
                    f"a value is required because measure is '{row['measure']}'",
                )
        for column in blank:
            if row[column] is not None:
                raise _error(
                    table.file_name,
                    line,
                    column,
                    f"must be blank because measure is '{row['measure']}', "
                    f"got {raw[table.column_index(column)]}",
                )
        if not is_hr:
            continue
        shown_hr = raw[table.column_index(_HR)]
        for column, symbol, bad in (
            ("ci_low", "≤", row["ci_low"] > row[_HR]),
            ("ci_high", "≥", row["ci_high"] < row[_HR]),
        ):
            if bad:
                raise _error(
                    table.file_name,
                    line,
                    column,
                    f"must be {symbol} hazard_ratio ({shown_hr}), "
                    f"got {raw[table.column_index(column)]}",
                )


def _check_sources(table: _Table, keys: frozenset[str], bib_name: str) -> None:
    for row, line in zip(table.values, table.lines, strict=True):
        if row["source"] not in keys:
            raise _error(
                table.file_name,
                line,
                "source",
                f"'{row['source']}' is not a key in {bib_name}",
            )


def _validated(csv_path: Path, bib: str | os.PathLike[str] | None) -> tuple[dict, _Table]:
    """The ``trials`` resource beside ``csv_path`` and the table read and checked against
    it (everything but the checksum)."""
    resource = _resource(_load_package(csv_path.parent), TRIALS_RESOURCE)
    table = _read_table(csv_path.parent, {**resource, "path": csv_path.name})
    _check_measure_columns(table)
    bib_path = Path(bib) if bib is not None else BIB_FILE
    _check_sources(table, bib_keys(bib_path), bib_path.name)
    return resource, table


def load_trials(
    path: str | os.PathLike[str] | None = None,
    bib: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Read and validate ``trials.csv`` (default :data:`TRIALS_FILE`).

    The schema is the ``trials`` resource of the ``datapackage.json`` beside ``path``;
    sources are checked against ``bib`` (default :data:`BIB_FILE`). Raises
    :class:`~casebook.data.CaseDataError` at the first problem; only once the table is
    valid, when its bytes no longer match the resource's ``hash`` (as
    :func:`casebook.data.load_case` does; ``make rehash`` rewrites it).
    """
    csv_path = Path(path) if path is not None else TRIALS_FILE
    resource, table = _validated(csv_path, bib)
    _check_hash(csv_path.parent, resource, csv_path.name)
    return _to_frame(table)


def rehash_trials(folder: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Validate the trial results in ``folder`` (default :data:`EVIDENCE_DIR`), then
    rewrite their ``hash`` in its ``datapackage.json``; ``{file name: hash}``.

    Raises :class:`~casebook.data.CaseDataError` and writes nothing when the table is
    invalid. ``make rehash`` (:func:`casebook.data.rehash`) calls it for ``data/evidence``.
    """
    folder = Path(folder) if folder is not None else EVIDENCE_DIR
    package = _load_package(folder)
    _validated(folder / _resource(package, TRIALS_RESOURCE)["path"], None)
    return _write_hashes(folder, package, [TRIALS_RESOURCE])
