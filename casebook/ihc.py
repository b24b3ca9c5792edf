"""Reading a metastatic carcinoma's cytokeratin 7 / cytokeratin 20 pattern.

Two small things, both data first:

* :data:`CK_PATTERNS` -- the four CK7/CK20 combinations and the primary sites each
  one typically points to (Chu 2000, a survey of 435 carcinomas, ``chu2000ck``;
  Selves 2018, a review of immunohistochemistry for carcinoma of unknown primary,
  ``selves2018cup``). :func:`candidate_primaries` looks a result up in it.
* :func:`marrow_panel` -- the case's bone-marrow immunohistochemistry panel, read from
  ``Case.pathology`` (``data/pathology.csv``), with what each stain was for.

The patterns are *typical*, not absolute: each site has exceptions, so a pattern
narrows the search for a primary; it never proves one. Sources are BibTeX keys of
the book's bibliography; ``general`` marks general teaching knowledge that has no
entry of its own.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

__all__ = [
    "CKPattern",
    "CK_PATTERNS",
    "CK_SOURCES",
    "MARKER_ROLES",
    "MARROW_SPECIMEN",
    "parse_result",
    "candidate_primaries",
    "pattern_for",
    "pattern_table",
    "marrow_panel",
    "marrow_ck_status",
    "case_candidates",
]

#: The BibTeX keys behind :data:`CK_PATTERNS`.
CK_SOURCES: tuple[str, ...] = ("chu2000ck", "selves2018cup")


class CKPattern(NamedTuple):
    """One CK7/CK20 combination and the primary sites it typically points to."""

    ck7_positive: bool
    ck20_positive: bool
    primaries: tuple[str, ...]

    @property
    def label(self) -> str:
        """The pattern written the usual way, e.g. ``'CK7+/CK20−'``."""
        return f"CK7{'+' if self.ck7_positive else '−'}/CK20{'+' if self.ck20_positive else '−'}"


#: Typical primary sites for each CK7/CK20 pattern (chu2000ck, selves2018cup).
CK_PATTERNS: tuple[CKPattern, ...] = (
    CKPattern(True, False, ("breast", "lung (adenocarcinoma)", "thyroid", "endometrium")),
    CKPattern(False, True, ("colorectal",)),
    CKPattern(True, True, ("urothelial (bladder)", "pancreatobiliary", "mucinous ovarian")),
    CKPattern(
        False,
        False,
        ("prostate", "adrenal cortex", "hepatocellular (liver)", "renal cell (kidney)"),
    ),
)

_POSITIVE = {"positive", "pos", "+", "true", "yes"}
_NEGATIVE = {"negative", "neg", "-", "−", "false", "no"}


def parse_result(result: object, marker: str = "stain") -> bool:
    """``True`` for a positive stain, ``False`` for a negative one.

    Accepts booleans and text such as ``"positive"``, ``"negative (…)"``, ``"+"``
    or ``"−"`` (case and surrounding spaces ignored; only the first word counts, so
    ``"negative (c-erbB2 stain)"`` is negative). Anything else raises ValueError
    with a sentence naming the marker.
    """
    if isinstance(result, bool):
        return result
    if isinstance(result, str) and result.strip():
        first = result.strip().split()[0].lower().rstrip(",;:")
        if first in _POSITIVE:
            return True
        if first in _NEGATIVE:
            return False
    raise ValueError(
        f"{marker} result must be 'positive' or 'negative' (or True/False), got {result!r}"
    )


def pattern_for(ck7: object, ck20: object) -> CKPattern:
    """The :class:`CKPattern` matching a CK7 and a CK20 result (see :func:`parse_result`)."""
    ck7_pos, ck20_pos = parse_result(ck7, "CK7"), parse_result(ck20, "CK20")
    for pattern in CK_PATTERNS:
        if (pattern.ck7_positive, pattern.ck20_positive) == (ck7_pos, ck20_pos):
            return pattern
    raise AssertionError("CK_PATTERNS covers all four combinations")  # pragma: no cover


def candidate_primaries(ck7: object, ck20: object) -> tuple[str, ...]:
    """Primary sites a metastasis with this CK7/CK20 result typically comes from.

    >>> candidate_primaries("positive", "negative")[0]
    'breast'
    >>> candidate_primaries("negative", "positive")
    ('colorectal',)
    """
    return pattern_for(ck7, ck20).primaries


def pattern_table() -> pd.DataFrame:
    """:data:`CK_PATTERNS` as a table: pattern, CK7, CK20, typical primary sites, sources."""
    return pd.DataFrame(
        {
            "pattern": [p.label for p in CK_PATTERNS],
            "CK7": ["positive" if p.ck7_positive else "negative" for p in CK_PATTERNS],
            "CK20": ["positive" if p.ck20_positive else "negative" for p in CK_PATTERNS],
            "typical primary sites": [", ".join(p.primaries) for p in CK_PATTERNS],
            "sources": [", ".join(CK_SOURCES)] * len(CK_PATTERNS),
        }
    )


# ------------------------------------------------------------------ the case's panel

#: The specimen name used for the marrow in ``data/pathology.csv``.
MARROW_SPECIMEN = "bone marrow biopsy"

#: Why each marker is stained on a marrow with tumour in it: (purpose, source key).
MARKER_ROLES: dict[str, tuple[str, str]] = {
    "histology": ("What the cells look like on H&E: are there tumour cells at all?", "general"),
    "aspirate cytology": (
        "The aspirate smear: clusters of non-marrow cells suggest metastasis.",
        "general",
    ),
    "CK-pan": (
        "Pan-cytokeratin marks epithelial cells, which do not belong in marrow: with "
        "nests that look like carcinoma, a positive stain means carcinoma cells are present. "
        "Alone it is not proof (some sarcomas, rare haematological tumours and contamination "
        "can stain), and isolated positive cells without marrow failure are common in breast "
        "cancer.",
        "general",
    ),
    "CK7": ("With CK20, narrows down the primary site (see the CK7/CK20 table).", "chu2000ck"),
    "CK20": ("With CK7, narrows down the primary site (see the CK7/CK20 table).", "chu2000ck"),
    "ER": (
        "Receptor status can change in a metastasis, so it is re-tested there.",
        "vanpoznak2015asco",
    ),
    "PR": (
        "Receptor status can change in a metastasis, so it is re-tested there.",
        "vanpoznak2015asco",
    ),
    "HER2": (
        "HER2 status can change in a metastasis, so it is re-tested there.",
        "vanpoznak2015asco",
    ),
    "Mum-1": (
        "A plasma-cell marker (MUM1/IRF4): a negative stain argues against myeloma or "
        "another plasma-cell tumour.",
        "general",
    ),
}


def marrow_panel(pathology: pd.DataFrame, specimen: str = MARROW_SPECIMEN) -> pd.DataFrame:
    """The marrow's rows of ``Case.pathology`` with what each stain was for.

    Columns: ``marker``, ``result``, ``purpose``, ``purpose_source`` (a BibTeX key or
    ``general``), ``provenance``, ``locator``; rows in file order. ``positive`` is
    ``True``/``False`` for stains read as positive/negative and ``<NA>`` for
    descriptive rows (histology, cytology). Raises ValueError if the table holds no
    row for ``specimen``.
    """
    missing = {"specimen", "marker", "result", "provenance", "locator"} - set(pathology.columns)
    if missing:
        raise ValueError(f"the pathology table lacks the column(s) {', '.join(sorted(missing))}")
    rows = pathology[pathology["specimen"] == specimen]
    if rows.empty:
        raise ValueError(f"the pathology table holds no row for the specimen {specimen!r}")
    panel = rows.loc[:, ["marker", "result", "provenance", "locator"]].reset_index(drop=True)
    roles = panel["marker"].map(lambda m: MARKER_ROLES.get(m, ("", "")))
    panel.insert(2, "purpose", [r[0] for r in roles])
    panel.insert(3, "purpose_source", [r[1] for r in roles])

    def _positive(row) -> object:
        if row["marker"] in ("histology", "aspirate cytology"):
            return pd.NA
        try:
            return parse_result(row["result"], row["marker"])
        except ValueError:
            return pd.NA

    panel.insert(
        2, "positive", pd.array([_positive(r) for _, r in panel.iterrows()], dtype="boolean")
    )
    return panel


def marrow_ck_status(pathology: pd.DataFrame, specimen: str = MARROW_SPECIMEN) -> tuple[bool, bool]:
    """``(CK7 positive, CK20 positive)`` for the marrow specimen.

    Raises ValueError if either stain is missing or its result cannot be read.
    """
    panel = marrow_panel(pathology, specimen)
    status = []
    for marker in ("CK7", "CK20"):
        rows = panel[panel["marker"] == marker]
        if len(rows) != 1:
            raise ValueError(f"expected one {marker} result for {specimen!r}, found {len(rows)}")
        status.append(parse_result(rows["result"].iloc[0], marker))
    return status[0], status[1]


def case_candidates(pathology: pd.DataFrame, specimen: str = MARROW_SPECIMEN) -> tuple[str, ...]:
    """Candidate primary sites for the marrow specimen's CK7/CK20 result."""
    ck7, ck20 = marrow_ck_status(pathology, specimen)
    return candidate_primaries(ck7, ck20)
