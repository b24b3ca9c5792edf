"""The mechanisms chapter's "vicious cycle" of bone metastasis, as data.

Two typed tables, no charts (the diagram is :func:`casebook.charts.cycle_diagram`):

* :func:`cycle_nodes`: one row per node: ``id`` (plain words, used by the edges),
  ``label`` (short, for a 390-px phone; ``\\n`` breaks a line), ``kind`` (one of
  :data:`NODE_KINDS`) and ``x``, ``y``: layout positions chosen by hand on a 0-100
  grid (``y`` up) so that the cycle reads clockwise from the cancer cell at the top.
* :func:`cycle_edges`: one row per arrow, numbered in the order the chapter walks the
  cycle: ``number``, ``source``, ``target``, ``effect`` (one of :data:`EFFECTS`),
  ``sentence`` (what the arrow means), ``sources`` (the BibTeX keys that make that
  exact claim, ``"; "``-separated), ``evidence`` (one of :data:`EVIDENCE_KINDS`) and
  ``context`` (keys worth reading that do *not* make the claim, e.g. a drug's trial).

Honesty rules the validator enforces: an arrow cites a key only for the claim that
key makes; an arrow with no key is ``general teaching knowledge`` and says so. The
mechanisms come from Mundy 2002 (the vicious cycle), Kang 2003 (IL-11 and CTGF in
bone-metastatic MDA-MB-231 sublines) and Müller 2001 (CXCL12/CXCR4). The evidence
kind of the Mundy 2002 arrows is this book's reading of the experiments that review
summarises (a review is not itself evidence of a kind); check it against the review
before teaching from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

import pandas as pd

from casebook.evidence import bib_keys

__all__ = [
    "NODE_KINDS",
    "EFFECTS",
    "BLOCKING_EFFECTS",
    "EVIDENCE_KINDS",
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
    "Node",
    "Edge",
    "split_keys",
    "validate_cycle",
    "cycle_nodes",
    "cycle_edges",
]

NodeKind = Literal["tumour cell", "bone cell", "factor", "drug"]
Effect = Literal["stimulates", "inhibits", "releases", "blocks"]
EvidenceKind = Literal[
    "human", "mouse", "cell culture", "other cancer", "general teaching knowledge"
]

#: Node kinds, in legend order.
NODE_KINDS: tuple[str, ...] = ("tumour cell", "bone cell", "factor", "drug")
#: What an arrow does.
EFFECTS: tuple[str, ...] = ("stimulates", "releases", "inhibits", "blocks")
#: The effects drawn dashed.
BLOCKING_EFFECTS = frozenset({"inhibits", "blocks"})
#: What kind of evidence stands behind an arrow's claim.
EVIDENCE_KINDS: tuple[str, ...] = (
    "human",
    "mouse",
    "cell culture",
    "other cancer",
    "general teaching knowledge",
)
_TEACHING = "general teaching knowledge"
_KEY_SEP = "; "


class Node(NamedTuple):
    id: str
    label: str
    kind: NodeKind
    x: float
    y: float


class Edge(NamedTuple):
    number: int
    source: str
    target: str
    effect: Effect
    sentence: str
    sources: str
    evidence: EvidenceKind
    context: str = ""


NODE_COLUMNS: tuple[str, ...] = Node._fields
EDGE_COLUMNS: tuple[str, ...] = Edge._fields

# Clockwise from the top: cancer cell -> PTHrP -> osteoblast -> RANKL -> osteoclast
# -> factors freed from bone -> back to the cancer cell. OPG and IL-11/CTGF sit inside
# the ring, CXCL12 (the way in) top left, denosumab (the way out) bottom right.
_NODES: tuple[Node, ...] = (
    Node("cancer cell", "Cancer cell", "tumour cell", 50, 92),
    Node("PTHrP", "PTHrP", "factor", 84, 74),
    Node("osteoblast", "Osteoblast", "bone cell", 90, 42),
    Node("OPG", "OPG", "factor", 62, 44),
    Node("RANKL", "RANKL", "factor", 62, 14),
    Node("denosumab", "Denosumab", "drug", 92, 4),
    Node("osteoclast", "Osteoclast", "bone cell", 24, 12),
    Node("bone-matrix factors", "TGF-β, IGFs,\ncalcium", "factor", 10, 52),
    Node("IL-11 and CTGF", "IL-11, CTGF", "factor", 36, 48),
    Node("CXCL12", "CXCL12", "factor", 8, 92),
)

_MUNDY = "mundy2002"
_EDGES: tuple[Edge, ...] = (
    Edge(1, "CXCL12", "cancer cell", "stimulates",
         "CXCL12, high in bone marrow, attracts breast cancer cells that carry its "
         "receptor CXCR4; blocking CXCR4 reduced metastasis in mice.",
         "muller2001cxcr4", "mouse"),
    Edge(2, "cancer cell", "PTHrP", "releases",
         "Breast cancer cells in bone secrete PTHrP.", _MUNDY, "human"),
    Edge(3, "PTHrP", "osteoblast", "stimulates",
         "PTHrP acts on osteoblasts.", _MUNDY, "cell culture"),
    Edge(4, "osteoblast", "RANKL", "releases",
         "Osteoblasts under PTHrP make more RANKL.", _MUNDY, "cell culture"),
    Edge(5, "PTHrP", "OPG", "inhibits",
         "PTHrP lowers the OPG that osteoblasts make.", _MUNDY, "cell culture"),
    Edge(6, "OPG", "RANKL", "blocks",
         "OPG is a decoy receptor: it binds RANKL so RANKL cannot act.", "", _TEACHING),
    Edge(7, "RANKL", "osteoclast", "stimulates",
         "RANKL drives osteoclast formation.", _MUNDY, "mouse"),
    Edge(8, "osteoclast", "bone-matrix factors", "releases",
         "Osteoclasts resorb bone, which releases TGF-β, IGFs and calcium stored in it.",
         _MUNDY, "cell culture"),
    Edge(9, "bone-matrix factors", "cancer cell", "stimulates",
         "TGF-β (and calcium) stimulate the cancer cells to make more PTHrP, and IGFs "
         "help them grow: the cycle closes.", _MUNDY, "mouse"),
    Edge(10, "cancer cell", "IL-11 and CTGF", "releases",
         "Bone-metastatic sublines of the breast cancer cell line MDA-MB-231 make more "
         "IL-11 and CTGF.", "kang2003bone", "cell culture"),
    Edge(11, "IL-11 and CTGF", "osteoclast", "stimulates",
         "IL-11 is osteolytic (CTGF is pro-angiogenic); with other genes of the set they "
         "raised bone metastasis from MDA-MB-231 cells in mice.", "kang2003bone", "mouse"),
    Edge(12, "denosumab", "RANKL", "blocks",
         "Denosumab, an antibody, binds RANKL and neutralises it. (Its trial in bone "
         "metastases of breast cancer, in context, does not make this claim.)",
         "", _TEACHING, "stopeck2010denosumab"),
)  # fmt: skip


def split_keys(cell: object) -> list[str]:
    """The BibTeX keys in a ``sources`` or ``context`` cell (``"a; b"``), blanks dropped."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [k.strip() for k in str(cell).split(";") if k.strip()]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip()


def _missing_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"The {what} table lacks the column(s) {', '.join(missing)}.")


def validate_cycle(
    nodes: pd.DataFrame, edges: pd.DataFrame, keys: Iterable[str] | None = None
) -> None:
    """Raise :class:`ValueError` (a sentence naming the row) if the diagram is not sound.

    Checks: node ids unique, kinds from :data:`NODE_KINDS`, positions numbers; edge
    numbers 1..n in order; every source and target a node; effect from :data:`EFFECTS`;
    a sentence; evidence from :data:`EVIDENCE_KINDS`; every key in ``sources`` and
    ``context`` a key of ``keys`` (default: ``book/references.bib``); and an arrow with
    no key in ``sources`` must say it is ``general teaching knowledge``.
    """
    known = frozenset(keys) if keys is not None else bib_keys()
    _missing_columns(nodes, NODE_COLUMNS, "node")
    _missing_columns(edges, EDGE_COLUMNS, "edge")

    ids = list(nodes["id"])
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"Node id(s) {', '.join(map(repr, duplicated))} appear more than once.")
    for node in nodes.itertuples(index=False):
        if _is_blank(node.id) or _is_blank(node.label):
            raise ValueError(f"A node has no id or no label: {tuple(node)!r}.")
        if node.kind not in NODE_KINDS:
            raise ValueError(
                f"Node {node.id!r} has kind {node.kind!r}; the kinds are {', '.join(NODE_KINDS)}."
            )
        for axis in ("x", "y"):
            value = getattr(node, axis)
            if not isinstance(value, int | float) or pd.isna(value):
                raise ValueError(f"Node {node.id!r} has no numeric {axis} position ({value!r}).")

    numbers = list(edges["number"])
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"Edges must be numbered 1 to {len(numbers)} in order; got {numbers}.")
    node_ids = set(ids)
    for edge in edges.itertuples(index=False):
        name = f"Edge {edge.number} ({edge.source} -> {edge.target})"
        for end in ("source", "target"):
            if getattr(edge, end) not in node_ids:
                raise ValueError(f"{name}: its {end} {getattr(edge, end)!r} is not a node.")
        if edge.effect not in EFFECTS:
            raise ValueError(
                f"{name} has effect {edge.effect!r}; the effects are {', '.join(EFFECTS)}."
            )
        if _is_blank(edge.sentence):
            raise ValueError(f"{name} has no sentence saying what the arrow means.")
        if edge.evidence not in EVIDENCE_KINDS:
            raise ValueError(
                f"{name} has evidence kind {edge.evidence!r}; the kinds are "
                f"{', '.join(EVIDENCE_KINDS)}."
            )
        cited = split_keys(edge.sources)
        for column, found in (("sources", cited), ("context", split_keys(edge.context))):
            unknown = [k for k in found if k not in known]
            if unknown:
                raise ValueError(
                    f"{name} cites {', '.join(unknown)} in {column}, which is not a key "
                    "in book/references.bib."
                )
        if not cited and edge.evidence != _TEACHING:
            raise ValueError(
                f"{name} cites no source, so its evidence kind must be '{_TEACHING}', "
                f"not {edge.evidence!r}."
            )


def cycle_nodes() -> pd.DataFrame:
    """The diagram's nodes (columns :data:`NODE_COLUMNS`), validated with the edges."""
    nodes = _node_frame()
    validate_cycle(nodes, _edge_frame())
    return nodes


def cycle_edges() -> pd.DataFrame:
    """The diagram's arrows in cycle order (columns :data:`EDGE_COLUMNS`), validated."""
    edges = _edge_frame()
    validate_cycle(_node_frame(), edges)
    return edges


def _node_frame() -> pd.DataFrame:
    frame = pd.DataFrame(_NODES, columns=list(NODE_COLUMNS))
    return frame.astype({"x": "float64", "y": "float64"})


def _edge_frame() -> pd.DataFrame:
    frame = pd.DataFrame(_EDGES, columns=list(EDGE_COLUMNS))
    return frame.astype({"number": "int64"})
