"""The mechanisms chapter's "vicious cycle" diagram: nodes and numbered arrows.

DataFrames in (:func:`casebook.mechanisms.cycle_nodes` and
:func:`~casebook.mechanisms.cycle_edges`, or any tables with the same columns), chart
out, no I/O, no params, no kernel. Nodes are coloured *and* shaped by kind (legend and
tooltip say the kind in words); every arrow is a line from source to target with a
marker at the target end: a triangle for "stimulates"/"releases", a flat bar for
"inhibits"/"blocks", whose lines are also dashed. Each arrow carries its number on a
badge; the same numbers lead the page's data table (:data:`CYCLE_TABLE_COLUMNS`) and
the description, which walks the arrows in order. Tooltips give each arrow's sentence,
its BibTeX key(s) and its kind of evidence.

The markers' positions come from Python (the target node's centre); Vega turns them to
point along their line and pulls them back to the node's rim in pixels, from the
plot's width and height, so they stay right at any container width.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebook.charts.style import PALETTE

__all__ = [
    "CYCLE_TABLE_COLUMNS",
    "CYCLE_KIND_STYLE",
    "CYCLE_LINE_LABELS",
    "cycle_edge_frame",
    "cycle_diagram",
]

#: The columns of the diagram's data table on the page (columns of ``cycle_edges()``).
CYCLE_TABLE_COLUMNS = [
    "number", "source", "effect", "target", "sentence", "sources", "evidence", "context",
]  # fmt: skip
#: Node kind -> (colour, shape); Okabe-Ito colours, and a shape each so colour is not alone.
CYCLE_KIND_STYLE: dict[str, tuple[str, str]] = {
    "tumour cell": (PALETTE["vermillion"], "circle"),
    "bone cell": (PALETTE["blue"], "square"),
    "factor": (PALETTE["bluish_green"], "diamond"),
    "drug": (PALETTE["reddish_purple"], "triangle-up"),
}
#: The arrow legend's words: solid lines stimulate or release, dashed ones block.
CYCLE_LINE_LABELS = ("solid: stimulates or releases", "dashed: inhibits or blocks")
_BLOCKING = frozenset({"inhibits", "blocks"})
_DASHES = [[1, 0], [6, 4]]
_NO_KEY = "none (general teaching knowledge)"

# The layout grid is 0-100 both ways (y up); the domains leave room for labels.
_X_DOMAIN = (-10.0, 110.0)
_Y_DOMAIN = (-14.0, 108.0)
_HEIGHT_PX = 400
_RIM_PX = 17  # a marker's distance from its target node's centre
_LINE_COLOR = "#444444"
_LABEL_GAP_PX = 15  # between a node's centre and its label
_LINE_HEIGHT_PX = 13


def cycle_edge_frame(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The edges with what the chart draws: end points, badge position, words.

    Adds ``sx``, ``sy``, ``tx``, ``ty`` (node positions), ``dx``, ``dy`` (target minus
    source), ``mx``, ``my`` (the number badge, half-way), ``line`` (a
    :data:`CYCLE_LINE_LABELS` entry), ``dashed`` (bool), ``marker`` ("arrow" or "bar"),
    ``sources_text`` (the keys, or that there is none) and ``context_text``.
    """
    pos = nodes.set_index("id")[["x", "y"]]
    missing = sorted(set(edges["source"]).union(edges["target"]) - set(pos.index))
    if missing:
        raise ValueError(f"The edges name {', '.join(missing)}, which are not nodes.")
    frame = edges.copy()
    frame["sx"] = frame["source"].map(pos["x"]).astype(float)
    frame["sy"] = frame["source"].map(pos["y"]).astype(float)
    frame["tx"] = frame["target"].map(pos["x"]).astype(float)
    frame["ty"] = frame["target"].map(pos["y"]).astype(float)
    frame["dx"] = frame["tx"] - frame["sx"]
    frame["dy"] = frame["ty"] - frame["sy"]
    frame["mx"] = (frame["sx"] + frame["tx"]) / 2
    frame["my"] = (frame["sy"] + frame["ty"]) / 2
    frame["dashed"] = frame["effect"].isin(_BLOCKING)
    frame["line"] = frame["dashed"].map({False: CYCLE_LINE_LABELS[0], True: CYCLE_LINE_LABELS[1]})
    frame["marker"] = frame["dashed"].map({False: "arrow", True: "bar"})
    sources = frame["sources"].fillna("").astype(str).str.strip()
    frame["sources_text"] = sources.where(sources != "", _NO_KEY)
    frame["context_text"] = frame["context"].fillna("").astype(str)
    return frame


def _label_frame(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The nodes with ``above`` (bool): each label goes on the side its lines leave freer.

    A side's score is how straight a line runs into it (the largest cosine between the
    line and straight up, or straight down); the label goes on the lower-scoring side,
    below on a tie.
    """
    pos = nodes.set_index("id")[["x", "y"]].astype(float)
    above = []
    for node in nodes.itertuples(index=False):
        others = list(edges.loc[edges["source"] == node.id, "target"])
        others += list(edges.loc[edges["target"] == node.id, "source"])
        up = down = 0.0
        for other in others:
            dx, dy = pos.at[other, "x"] - node.x, pos.at[other, "y"] - node.y
            cos = dy / max((dx * dx + dy * dy) ** 0.5, 1e-9)
            up, down = max(up, cos), max(down, -cos)
        above.append(up < down)
    lines = nodes["label"].astype(str).str.count("\n") + 1
    # Vega sets a multi-line label's first line at the baseline, so a label above its
    # node is lifted by its extra lines.
    lift = [
        -(_LABEL_GAP_PX + (n - 1) * _LINE_HEIGHT_PX) if a else _LABEL_GAP_PX
        for a, n in zip(above, lines, strict=True)
    ]
    return nodes.assign(above=above, label_offset=lift)


def _edge_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("number:O", title="Arrow"),
        alt.Tooltip("source:N", title="From"),
        alt.Tooltip("effect:N", title="Effect"),
        alt.Tooltip("target:N", title="To"),
        alt.Tooltip("sentence:N", title="What it means"),
        alt.Tooltip("sources_text:N", title="Source key(s)"),
        alt.Tooltip("evidence:N", title="Evidence"),
        alt.Tooltip("context_text:N", title="Context (not the source)"),
    ]


def _scales() -> tuple[alt.Scale, alt.Scale]:
    return alt.Scale(domain=list(_X_DOMAIN), nice=False), alt.Scale(
        domain=list(_Y_DOMAIN), nice=False
    )


def _marker_props() -> dict[str, dict[str, str]]:
    """Angle and pixel offsets of a marker pointing along its line, at the node's rim."""
    sx = _X_DOMAIN[1] - _X_DOMAIN[0]
    sy = _Y_DOMAIN[1] - _Y_DOMAIN[0]
    px = f"(datum.dx * width / {sx:g})"
    py = f"(datum.dy * height / {sy:g})"  # upwards, in pixels
    length = f"max(sqrt({px} * {px} + {py} * {py}), 1)"
    return {
        "angle": {"expr": f"atan2({px}, {py}) * 180 / PI"},
        "xOffset": {"expr": f"-{_RIM_PX} * {px} / {length}"},
        "yOffset": {"expr": f"{_RIM_PX} * {py} / {length}"},
    }


def _walk(edges: pd.DataFrame) -> str:
    return " ".join(
        f"{r.number}: {r.source} {r.effect} {r.target}. {r.sentence} "
        f"(source: {r.sources_text}; evidence: {r.evidence})."
        for r in edges.itertuples()
    )


def cycle_diagram(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.LayerChart:
    """The vicious cycle: labelled nodes, numbered arrows, every arrow's source in its tooltip."""
    frame = cycle_edge_frame(nodes, edges)
    x_scale, y_scale = _scales()
    none = alt.Axis(labels=False, ticks=False, domain=False, grid=False, title=None)

    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", scale=x_scale, axis=none)

    def y(field: str) -> alt.Y:
        return alt.Y(f"{field}:Q", scale=y_scale, axis=none)

    base = alt.Chart(frame)
    lines = base.mark_rule(color=_LINE_COLOR, strokeWidth=2).encode(
        x=x("sx"),
        y=y("sy"),
        x2="tx:Q",
        y2="ty:Q",
        strokeDash=alt.StrokeDash(
            "line:N",
            title="Arrow",
            scale=alt.Scale(domain=list(CYCLE_LINE_LABELS), range=_DASHES),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        tooltip=_edge_tooltip(),
    )
    marker = _marker_props()
    heads = (
        base.transform_filter(alt.datum.marker == "arrow")
        .mark_point(
            shape="triangle-up", filled=True, size=110, color=_LINE_COLOR, opacity=1, **marker
        )
        .encode(x=x("tx"), y=y("ty"), tooltip=_edge_tooltip())
    )
    bars = (
        base.transform_filter(alt.datum.marker == "bar")
        .mark_point(shape="stroke", size=260, strokeWidth=3, color=_LINE_COLOR, opacity=1, **marker)
        .encode(x=x("tx"), y=y("ty"), tooltip=_edge_tooltip())
    )
    badges = base.mark_circle(size=300, color="white", stroke=_LINE_COLOR, opacity=1).encode(
        x=x("mx"), y=y("my"), tooltip=_edge_tooltip()
    )
    numbers = base.mark_text(fontSize=11, fontWeight="bold", color="black").encode(
        x=x("mx"), y=y("my"), text="number:O", tooltip=_edge_tooltip()
    )

    kinds = list(CYCLE_KIND_STYLE)
    legend = alt.Legend(orient="bottom", direction="vertical", title="Kind")
    node_marks = (
        alt.Chart(nodes)
        .mark_point(filled=True, size=420, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x=x("x"),
            y=y("y"),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[c for c, _ in CYCLE_KIND_STYLE.values()]),
                legend=legend,
            ),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[s for _, s in CYCLE_KIND_STYLE.values()]),
                legend=legend,
            ),
            tooltip=[alt.Tooltip("id:N", title="Node"), alt.Tooltip("kind:N", title="Kind")],
        )
    )
    # Each label twice: a white halo first, so lines under a label do not hide it.
    placed = alt.Chart(_label_frame(nodes, edges))
    labels = []
    for above in (False, True):
        for halo in (True, False):
            ink = {"stroke": "white", "strokeWidth": 3, "strokeJoin": "round"} if halo else {}
            labels.append(
                placed.transform_filter(alt.datum.above == above)
                .mark_text(
                    yOffset={"expr": "datum.label_offset"},
                    baseline="bottom" if above else "top",
                    fontSize=11,
                    lineHeight=_LINE_HEIGHT_PX,
                    lineBreak="\n",
                    color="black",
                    **ink,
                )
                .encode(x=x("x"), y=y("y"), text="label:N")
            )

    n = len(frame)
    dashed = frame.loc[frame["dashed"], "number"].tolist()
    title = alt.Title(
        ["Tumour and bone feed each other:", "a vicious cycle"],
        subtitle=[
            "Numbered arrows match the table below;",
            "dashed arrows inhibit or block.",
        ],
        anchor="start",
    )
    description = (
        f"Diagram of the vicious cycle of breast cancer in bone: {len(nodes)} nodes joined "
        f"by {n} numbered arrows, read clockwise from the cancer cell at the top. Dashed "
        f"arrows, which inhibit or block, are numbers {', '.join(map(str, dashed)) or 'none'}. "
        + _walk(frame)
    )
    return alt.layer(lines, heads, bars, badges, numbers, node_marks, *labels).properties(
        width="container",
        height=_HEIGHT_PX,
        title=title,
        description=description,
        view=alt.ViewBackground(stroke=None),
    )
