"""The mechanisms chapter's vicious cycle: the diagram's data (casebook.mechanisms), its
validator on broken copies, and the chart (casebook.charts.cycle)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from casebook import charts, mechanisms
from casebook.evidence import bib_keys


@pytest.fixture(scope="module")
def nodes() -> pd.DataFrame:
    return mechanisms.cycle_nodes()


@pytest.fixture(scope="module")
def edges() -> pd.DataFrame:
    return mechanisms.cycle_edges()


@pytest.fixture(scope="module")
def spec(nodes, edges) -> dict:
    return charts.cycle_diagram(nodes, edges).to_dict()


# ------------------------------------------------------------------ the data


def test_tables_are_typed(nodes, edges):
    assert list(nodes.columns) == list(mechanisms.NODE_COLUMNS)
    assert list(edges.columns) == list(mechanisms.EDGE_COLUMNS)
    assert nodes["x"].dtype == "float64" and nodes["y"].dtype == "float64"
    assert edges["number"].dtype == "int64"
    assert set(nodes["kind"]) <= set(mechanisms.NODE_KINDS)
    assert set(edges["effect"]) <= set(mechanisms.EFFECTS)
    assert set(edges["evidence"]) <= set(mechanisms.EVIDENCE_KINDS)


def test_every_key_is_in_the_bibliography(edges):
    keys = bib_keys()
    cited = {k for cell in edges["sources"] for k in mechanisms.split_keys(cell)}
    context = {k for cell in edges["context"] for k in mechanisms.split_keys(cell)}
    assert cited | context <= keys
    assert {"mundy2002", "kang2003bone", "muller2001cxcr4"} <= cited
    assert "stopeck2010denosumab" in context


def test_the_cycle_as_the_sources_state_it(edges):
    pairs = {(e.source, e.target): e for e in edges.itertuples()}
    assert pairs["cancer cell", "PTHrP"].sources == "mundy2002"
    assert pairs["PTHrP", "OPG"].effect == "inhibits"
    assert pairs["RANKL", "osteoclast"].effect == "stimulates"
    assert pairs["bone-matrix factors", "cancer cell"].sources == "mundy2002"
    assert pairs["CXCL12", "cancer cell"].evidence == "mouse"
    # Stated from teaching, not from a source: said so, and no key claims them.
    for pair in [("OPG", "RANKL"), ("denosumab", "RANKL")]:
        assert pairs[pair].effect == "blocks"
        assert pairs[pair].evidence == "general teaching knowledge"
        assert pairs[pair].sources == ""
    # The denosumab trial is context, never the source of the mechanism.
    assert pairs["denosumab", "RANKL"].context == "stopeck2010denosumab"


def test_an_edge_without_a_key_is_teaching_knowledge(edges):
    for e in edges.itertuples():
        if not mechanisms.split_keys(e.sources):
            assert e.evidence == "general teaching knowledge", e.number


def test_the_cycle_closes(edges):
    """Following the arrows that do not block, the cancer cell reaches itself again."""
    forward = edges[~edges["effect"].isin(mechanisms.BLOCKING_EFFECTS)]
    step = forward.groupby("source")["target"].apply(set).to_dict()
    reached, frontier = set(), set(step["cancer cell"])
    while frontier:
        reached |= frontier
        frontier = set().union(*(step.get(n, set()) for n in frontier)) - reached
    assert "cancer cell" in reached
    assert {"PTHrP", "osteoblast", "RANKL", "osteoclast", "bone-matrix factors"} <= reached


# ------------------------------------------------------------------ the validator


def _broken(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    copy = frame.copy()
    copy.loc[row, column] = value
    return copy


def test_the_shipped_diagram_validates(nodes, edges):
    mechanisms.validate_cycle(nodes, edges)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("target", "osteocyte", r"Edge 1 .*its target 'osteocyte' is not a node"),
        ("source", "macrophage", r"Edge 1 .*its source 'macrophage' is not a node"),
        ("sources", "mundy2002; nobody1999", r"cites nobody1999 in sources.*references\.bib"),
        ("context", "nobody1999", r"cites nobody1999 in context"),
        ("sentence", "", r"has no sentence"),
        ("sentence", "   ", r"has no sentence"),
        ("evidence", "rat", r"evidence kind 'rat'; the kinds are human, mouse"),
        ("evidence", "expert opinion", r"evidence kind 'expert opinion'"),
        ("effect", "activates", r"effect 'activates'; the effects are"),
        ("sources", "", r"cites no source, so its evidence kind must be"),
    ],
)
def test_broken_edges_are_refused_with_a_sentence(nodes, edges, column, value, message):
    with pytest.raises(ValueError, match=message):
        mechanisms.validate_cycle(nodes, _broken(edges, 0, column, value))


def test_broken_nodes_and_numbers_are_refused(nodes, edges):
    with pytest.raises(ValueError, match="Node 'cancer cell' has kind 'virus'"):
        mechanisms.validate_cycle(_broken(nodes, 0, "kind", "virus"), edges)
    with pytest.raises(ValueError, match="appear more than once"):
        mechanisms.validate_cycle(_broken(nodes, 1, "id", "cancer cell"), edges)
    renumbered = edges.assign(number=edges["number"].iloc[::-1].to_numpy())
    with pytest.raises(ValueError, match="numbered 1 to"):
        mechanisms.validate_cycle(nodes, renumbered)
    with pytest.raises(ValueError, match="lacks the column"):
        mechanisms.validate_cycle(nodes, edges.drop(columns="evidence"))


def test_the_validator_reads_the_given_keys(nodes, edges):
    with pytest.raises(ValueError, match="cites mundy2002 in sources"):
        mechanisms.validate_cycle(nodes, edges, keys={"muller2001cxcr4", "kang2003bone"})


def test_mechanisms_sit_below_the_charts():
    path = Path(mechanisms.__file__)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not any(("charts" in m) or ("widgets" in m) or ("notebook" in m) for m in imported)


# ------------------------------------------------------------------ the chart


def _data_rows(spec: dict) -> list[list[dict]]:
    return list(spec["datasets"].values())


def _edge_rows(spec: dict) -> list[dict]:
    (rows,) = [rows for rows in _data_rows(spec) if rows and "number" in rows[0]]
    return rows


def test_every_edge_is_numbered_and_in_the_spec(spec, edges):
    rows = _edge_rows(spec)
    assert [r["number"] for r in rows] == list(range(1, len(edges) + 1))
    for row, edge in zip(rows, edges.itertuples(), strict=True):
        assert (row["source"], row["target"], row["sentence"]) == (
            edge.source,
            edge.target,
            edge.sentence,
        )
        assert row["evidence"] == edge.evidence
        assert row["sources_text"] == (edge.sources or "none (general teaching knowledge)")
    # The numbers are drawn: a text layer writes the field ``number``.
    texts = [lay for lay in spec["layer"] if lay["mark"]["type"] == "text"]
    assert any(lay["encoding"]["text"]["field"] == "number" for lay in texts)


def test_edge_tooltips_give_sentence_keys_and_evidence(spec):
    edge_layers = [lay for lay in spec["layer"] if lay["mark"]["type"] in ("rule", "circle")]
    assert edge_layers
    for lay in edge_layers:
        fields = {t["field"] for t in lay["encoding"]["tooltip"]}
        assert {"number", "sentence", "sources_text", "evidence"} <= fields


def test_the_description_walks_every_edge_in_order(spec, edges):
    description = spec["description"]
    positions = [description.find(f" {n}: ") for n in edges["number"]]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    for edge in edges.itertuples():
        assert edge.sentence in description


def test_dashed_exactly_for_inhibit_and_block_edges(spec, edges):
    (rule,) = [lay for lay in spec["layer"] if lay["mark"]["type"] == "rule"]
    dash = rule["encoding"]["strokeDash"]
    mapping = dict(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
    for row in _edge_rows(spec):
        is_dashed = mapping[row[dash["field"]]] != [1, 0]
        assert is_dashed == (row["effect"] in {"inhibits", "blocks"}), row["number"]
    assert any(mapping[r[dash["field"]]] != [1, 0] for r in _edge_rows(spec))


def test_no_fixed_width_wider_than_a_phone(spec):
    widths = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "width":
                    widths.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert spec["width"] == "container"
    assert all(w == "container" or (isinstance(w, int | float) and w <= 390) for w in widths)


def test_nodes_say_their_kind_in_words(spec):
    (marks,) = [
        lay
        for lay in spec["layer"]
        if lay["mark"]["type"] == "point" and "color" in lay["encoding"]
    ]
    enc = marks["encoding"]
    assert enc["color"]["field"] == enc["shape"]["field"] == "kind"
    assert enc["color"]["legend"]["title"] == "Kind"
    assert "kind" in {t["field"] for t in enc["tooltip"]}
    assert enc["color"]["scale"]["range"] == [c for c, _ in charts.CYCLE_KIND_STYLE.values()]
    assert set(enc["color"]["scale"]["range"]) <= set(charts.PALETTE.values())


def test_title_states_the_finding_and_no_params(spec):
    assert spec["title"]["text"][0].startswith("Tumour and bone feed each other")
    assert "params" not in spec
    assert not any("params" in lay for lay in spec["layer"])


def test_table_columns_are_columns_of_the_edges(edges):
    assert set(charts.CYCLE_TABLE_COLUMNS) <= set(edges.columns)
    html = charts.data_table_html(edges, "Data behind the diagram", charts.CYCLE_TABLE_COLUMNS)
    assert all(f"<td>{n}</td>" in html for n in edges["number"])


def test_an_edge_to_a_missing_node_is_a_sentence(nodes, edges):
    with pytest.raises(ValueError, match=re.escape("osteocyte, which are not nodes")):
        charts.cycle_diagram(nodes, _broken(edges, 0, "target", "osteocyte"))


@pytest.mark.parametrize("width_px", [360, 700])
def test_chart_draws_one_marker_per_edge_pointing_along_it(spec, edges, width_px):
    """Rendered (vl-convert), every arrow's marker is rotated; arrow 1 runs right, so 90°."""
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(spec | {"width": width_px})
    angles = [float(a) for a in re.findall(r"rotate\(([-\d.e]+)\)", svg)]  # markers only
    assert len(angles) == len(edges)
    assert angles[0] == pytest.approx(90)
    for label in ("Cancer cell", "Osteoclast", "RANKL", "Denosumab"):
        assert label in svg
