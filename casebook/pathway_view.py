"""The therapy chapter's decision pathway as a form that works on the static site.

The rules live once, in :mod:`casebook.clinical.pathway`. This module computes every
answer at build time and embeds the table in the page; ``static/cb-pathway.js`` holds
no clinical logic: it turns the form's current values into a table index and writes
the precomputed words. In a chapter::

    from IPython.display import HTML, display
    from casebook import pathway_view
    display(HTML(pathway_view.to_html("therapy-pathway")))

**The table.** The form's controls are, in order, gBRCA (3 options), PD-L1 CPS band (4),
HER2 (3), line of therapy (4: prior lines 0 to 3), disease-free interval (3) and one
checkbox per drug that can be marked unavailable (:data:`~casebook.clinical.ACCESS_KEYS`,
2 states each). Read as a mixed-radix number, the first control the most significant
digit, the controls give an index into the 3 × 4 × 3 × 4 × 3 × 16 = 6912 entries of
:func:`casebook.clinical.all_combinations`, which walks the same options in the same
order. Each CPS band is computed at its lowest value (:data:`~casebook.clinical.CPS_BANDS`).

**The payload** (:func:`payload`) is deduplicated: ``outcomes`` lists each distinct
``[status, reason, to_order]`` of a branch, ``summaries`` each distinct route and list of
orders, ``rows`` each distinct routing as ``[summary, outcome of each branch...]``, and
``entries`` gives, for each index, its row as ``width`` base-36 digits in one string.

**The case.** :data:`CASE_PATHS` are the case's first and second lines. Their entries
are flagged in the payload (``cases``: index, row and banner); the row of a case entry
is the routing of the case's own inputs (her CPS, not the band's lowest value), which
meets exactly the same branches. Marrow failure routes nothing: its checkbox shows
:func:`~casebook.clinical.marrow_failure_modifier`, labelled as the authors' reasoning.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from importlib import resources
from itertools import product
from typing import NamedTuple

from casebook.clinical import pathway as pw

__all__ = [
    "Option",
    "Control",
    "CasePath",
    "CONTROLS",
    "DEFAULT_INPUTS",
    "CASE_PATHS",
    "STATUS_WORDS",
    "TEXT",
    "control_values",
    "entry_index",
    "index_inputs",
    "payload",
    "to_json",
    "payload_size",
    "javascript",
    "to_html",
]


class Option(NamedTuple):
    """One option of a control: ``id`` (the input's value), its label, the rule's value."""

    id: str
    label: str
    value: object


class Control(NamedTuple):
    """A radio group (``kind="radio"``) or one checkbox (``kind="checkbox"``).

    ``arg`` is the :func:`~casebook.clinical.route_treatment` argument it sets. A checkbox
    has two options, unticked then ticked; ticked puts ``key`` in ``unavailable``.
    """

    name: str
    kind: str
    legend: str
    arg: str
    options: tuple[Option, ...]
    key: str = ""


def _radio(name: str, legend: str, arg: str, *options: tuple[str, str, object]) -> Control:
    return Control(name, "radio", legend, arg, tuple(Option(*o) for o in options))


_BAND_IDS = {"not tested": "not-tested", "<1": "lt1", "1 to <10": "1-to-lt10", "≥10": "ge10"}
_BAND_LABELS = {"not tested": "Not tested", "<1": "Below 1", "1 to <10": "1 to below 10",
                "≥10": "10 or more"}  # fmt: skip
_LINE_LABELS = {
    0: "First line (no prior chemotherapy for metastatic disease)",
    1: "Second line (1 prior line)",
    2: "Third line (2 prior lines)",
    3: "Fourth line or later (taken as 3 prior lines)",
}
_DRUG_SHORT = {
    "parp_inhibitor": "PARP inhibitor (olaparib, talazoparib)",
    "pembrolizumab_chemotherapy": "Pembrolizumab",
    "sacituzumab_govitecan": "Sacituzumab govitecan",
    "trastuzumab_deruxtecan": "Trastuzumab deruxtecan",
}

#: The form's controls in table order (the first is the most significant digit).
CONTROLS: tuple[Control, ...] = (
    _radio(
        "gbrca",
        "Germline BRCA1/2",
        "gbrca",
        ("positive", "Mutation found", "positive"),
        ("negative", "No mutation", "negative"),
        ("unknown", "Not known", "unknown"),
    ),
    _radio(
        "cps",
        "PD-L1 combined positive score (CPS)",
        "pdl1_cps",
        *((_BAND_IDS[b.label], _BAND_LABELS[b.label], b.value) for b in pw.CPS_BANDS),
    ),
    _radio(
        "her2",
        "HER2 (the tumour is HER2-negative)",
        "her2",
        ("0", "HER2-0 (IHC 0)", "0"),
        ("low", "HER2-low (IHC 1+, or 2+ with negative ISH)", "low"),
        ("unknown", "Not known: the report says only “HER2 negative”", "unknown"),
    ),
    _radio(
        "line",
        "Line of therapy",
        "prior_chemo_lines",
        *((str(n), _LINE_LABELS[n], n) for n in pw.PRIOR_LINE_VALUES),
    ),
    _radio(
        "interval",
        "Disease-free interval since curative treatment",
        "disease_free_interval_ge_6_months",
        ("ge6", "6 months or more", True),
        ("lt6", "Less than 6 months", False),
        ("de-novo", "De novo metastatic disease (no curative treatment)", None),
    ),
    *(
        Control(
            f"unavailable-{key}",
            "checkbox",
            f"{_DRUG_SHORT[key]}: not available to this patient",
            "unavailable",
            (Option("available", "available", False), Option("unavailable", "unavailable", True)),
            key,
        )
        for key in pw.ACCESS_KEYS
    ),
)
_RADIOS = tuple(c for c in CONTROLS if c.kind == "radio")
_CHECKBOXES = tuple(c for c in CONTROLS if c.kind == "checkbox")

#: What the form shows before anyone changes it, and what "Reset" returns to: nothing
#: known about the biomarkers, first line, at least 6 months, every drug available.
DEFAULT_INPUTS = {
    "gbrca": "unknown",
    "pdl1_cps": None,
    "her2": "unknown",
    "prior_chemo_lines": 0,
    "disease_free_interval_ge_6_months": True,
    "unavailable": (),
}


class CasePath(NamedTuple):
    """One of the case's own decision points: its button, inputs and what she received.

    ``marrow_failure``: whether its button ticks the marrow-failure modifier (at first
    line her marrow was failing; the report describes recovery during paclitaxel and
    nothing about it at second line, so the second-line button leaves it unticked).
    """

    id: str
    button: str
    inputs: dict
    received: str
    banner: str
    marrow_failure: bool


#: The case's first and second lines. The inputs are
#: :data:`~casebook.clinical.CASE_PATHWAY_INPUTS` (second line: one prior line, and
#: sacituzumab govitecan not covered by local insurance, as the case report says);
#: ``received`` is the drug of that line (``tests/test_pathway_view.py`` checks it
#: against ``data/events.csv``).
CASE_PATHS = (
    CasePath(
        "first-line",
        "The case at first line",
        {**pw.CASE_PATHWAY_INPUTS, "unavailable": ()},
        "weekly paclitaxel",
        "This is her path at first line. She received weekly paclitaxel.",
        True,
    ),
    CasePath(
        "second-line",
        "The case at second line",
        {
            **pw.CASE_PATHWAY_INPUTS,
            "prior_chemo_lines": 1,
            "unavailable": ("sacituzumab_govitecan",),
        },
        "eribulin",
        "This is her path at second line: sacituzumab govitecan was not covered by local "
        "insurance. She received eribulin.",
        False,
    ),
)

#: The status of a branch in words (the page never relies on colour alone).
STATUS_WORDS = {
    pw.MET: "Met",
    pw.NOT_MET: "Not met",
    pw.UNKNOWN: "Unknown: a result is needed",
    pw.NOT_AVAILABLE: "Eligible, but not available",
}

TEXT = {
    "help": (
        "Set what is known about the patient. Every branch below is listed with its "
        "drug, trial, eligibility and whether these inputs meet it; the route is every "
        "branch that is met. Each CPS band is evaluated at its lowest value. The answers "
        "were computed from the book's rules when the page was built."
    ),
    "access_legend": "Access to the drug",
    "access_note": (
        "Tick a drug the patient cannot get (for example, not covered by insurance). "
        "Chemotherapy (single-agent chemotherapy and eribulin) is taken as always "
        "available."
    ),
    "modifier_legend": "Modifier (not a routing rule)",
    "modifier_checkbox": "Marrow failure / visceral crisis",
    "modifier_note": "No trial routes on it: ticking it shows reasoning and changes no branch.",
    "reset": "Reset",
    "route": "Route:",
    "no_route": "No branch is met yet: the results to order below decide it.",
    "orders": "To order or check:",
    "trials": "Trial:",
    "eligibility": "Eligibility:",
    "reason": "For these inputs:",
    "to_order": "To order:",
    "branches": "Every branch",
    "noscript": (
        "The form needs JavaScript to change the inputs; without it, the results below "
        "are those for the default inputs."
    ),
}


# ------------------------------------------------------------------------------ table


def _radix() -> list[int]:
    return [len(c.options) for c in CONTROLS]


def control_values(inputs: dict) -> dict[str, str]:
    """The option id of every control for ``inputs`` (route_treatment's arguments).

    ``pdl1_cps`` picks its band (:func:`~casebook.clinical.cps_band`); ``unavailable``
    ticks the checkboxes. Raises ValueError for inputs no option stands for.
    """
    checked = pw.route_treatment(**inputs).inputs  # validates and canonicalises
    out = {}
    for c in _RADIOS:
        if c.arg == "pdl1_cps":
            band = checked["pdl1_cps_band"]
            out[c.name] = _BAND_IDS[band]
            continue
        value = checked[c.arg]
        ids = [o.id for o in c.options if o.value == value and type(o.value) is type(value)]
        if not ids:
            raise ValueError(f"no option of {c.name!r} stands for {value!r}")
        out[c.name] = ids[0]
    for c in _CHECKBOXES:
        out[c.name] = "unavailable" if c.key in checked["unavailable"] else "available"
    return out


def entry_index(inputs: dict) -> int:
    """The table index of ``inputs`` (mixed radix over :data:`CONTROLS`)."""
    values = control_values(inputs)
    index = 0
    for c in CONTROLS:
        digit = [o.id for o in c.options].index(values[c.name])
        index = index * len(c.options) + digit
    return index


def index_inputs(index: int) -> dict:
    """The route_treatment arguments of table entry ``index`` (the inverse of
    :func:`entry_index`, with each CPS band at its lowest value)."""
    radix = _radix()
    total = 1
    for r in radix:
        total *= r
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < total:
        raise ValueError(f"a table index is a whole number from 0 to {total - 1}, got {index!r}")
    digits = []
    for r in reversed(radix):
        index, digit = divmod(index, r)
        digits.append(digit)
    digits.reverse()
    inputs: dict = {"unavailable": []}
    for c, digit in zip(CONTROLS, digits, strict=True):
        value = c.options[digit].value
        if c.kind == "checkbox":
            if value:
                inputs["unavailable"].append(c.key)
        else:
            inputs[c.arg] = value
    inputs["unavailable"] = tuple(inputs["unavailable"])
    return inputs


def _summary(routing: dict, names: dict[str, str]) -> list:
    route = routing["route"]
    text = " and ".join(names[k] for k in route) if route else TEXT["no_route"]
    return [" ".join(route), text, list(routing["to_order"])]


def _base36(n: int, width: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        n, d = divmod(n, 36)
        out = digits[d] + out
    if n:
        raise ValueError("row index does not fit the width")  # pragma: no cover
    return out


def _heads(table: list[dict]) -> list[dict]:
    """Each branch's fixed parts (drug, trials, eligibility, sources): the same in
    every entry, which this checks, so the page writes them once."""
    heads = [
        {k: b[k] for k in ("key", "drug", "trials", "sources", "eligibility")}
        for b in table[0]["branches"]
    ]
    for entry in table:
        for head, b in zip(heads, entry["branches"], strict=True):
            if any(b[k] != head[k] for k in head):
                raise RuntimeError(f"branch {head['key']!r} changes its fixed parts")
    return heads


def payload() -> dict:
    """Every answer of the form, deduplicated (see the module docstring)."""
    table = pw.all_combinations()
    if len(table) != len(list(product(*(range(r) for r in _radix())))):
        raise RuntimeError("the form's controls and all_combinations() disagree in size")
    heads = _heads(table)
    names = {h["key"]: h["drug"] for h in heads}
    outcomes: dict[tuple, int] = {}
    summaries: dict[str, int] = {}
    rows: dict[tuple, int] = {}

    def row_of(routing: dict) -> int:
        out = []
        summary = _summary(routing, names)
        out.append(summaries.setdefault(json.dumps(summary), len(summaries)))
        for b in routing["branches"]:
            key = (b["status"], b["reason"], b["to_order"])
            out.append(outcomes.setdefault(key, len(outcomes)))
        return rows.setdefault(tuple(out), len(rows))

    entry_rows = [row_of(entry) for entry in table]
    cases = []
    for c in CASE_PATHS:
        index = entry_index(c.inputs)
        own = pw.route_treatment(**c.inputs).to_dict()
        band = table[index]
        if [b["status"] for b in own["branches"]] != [b["status"] for b in band["branches"]]:
            raise RuntimeError(f"the case's {c.id} does not route like its CPS band")
        cases.append(
            {
                "id": c.id,
                "index": index,
                "row": row_of(own),
                "banner": c.banner,
                "marrow_failure": c.marrow_failure,
            }
        )
    width = 1
    while 36**width < len(rows):
        width += 1
    return {
        "controls": [
            {"name": c.name, "kind": c.kind, "values": [o.id for o in c.options]} for c in CONTROLS
        ],
        "branches": [h["key"] for h in heads],
        "status_words": STATUS_WORDS,
        "outcomes": [list(k) for k in outcomes],
        "summaries": [json.loads(s) for s in summaries],
        "rows": [list(r) for r in rows],
        "width": width,
        "entries": "".join(_base36(r, width) for r in entry_rows),
        "default": entry_index(DEFAULT_INPUTS),
        "cases": cases,
    }


def to_json() -> str:
    """:func:`payload` as compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(payload(), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def payload_size() -> dict[str, int]:
    """The embedded JSON's size in bytes (UTF-8), raw and gzipped."""
    raw = to_json().encode("utf-8")
    return {"raw_bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, mtime=0))}


def javascript() -> str:
    """The source of ``static/cb-pathway.js`` (for pages that do not load it themselves)."""
    source = resources.files(__package__).joinpath("static", "cb-pathway.js")
    return source.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- HTML

_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _controls_html(eid: str, values: dict[str, str]) -> list[str]:
    out = ['<div class="cb-pathway-controls">']
    for c in _RADIOS:
        out.append(
            f'<fieldset class="cb-pathway-control" data-control="{_e(c.name)}">'
            f"<legend>{_e(c.legend)}</legend>"
        )
        for o in c.options:
            input_id = f"{eid}-{c.name}-{o.id}"
            checked = " checked" if values[c.name] == o.id else ""
            out.append(
                f'<div class="cb-option"><input type="radio" id="{input_id}" '
                f'name="{_e(c.name)}" value="{_e(o.id)}"{checked}>'
                f'<label for="{input_id}">{_e(o.label)}</label></div>'
            )
        out.append("</fieldset>")
    out.append(
        '<fieldset class="cb-pathway-control" data-control="access">'
        f"<legend>{_e(TEXT['access_legend'])}</legend>"
        f'<p class="cb-pathway-note" id="{eid}-access-note">{_e(TEXT["access_note"])}</p>'
    )
    for c in _CHECKBOXES:
        input_id = f"{eid}-{c.name}"
        checked = " checked" if values[c.name] == "unavailable" else ""
        out.append(
            f'<div class="cb-option"><input type="checkbox" id="{input_id}" '
            f'name="{_e(c.name)}" value="unavailable"{checked} '
            f'aria-describedby="{eid}-access-note">'
            f'<label for="{input_id}">{_e(c.legend)}</label></div>'
        )
    out.append("</fieldset>")
    out.append(
        '<fieldset class="cb-pathway-control" data-control="modifier">'
        f"<legend>{_e(TEXT['modifier_legend'])}</legend>"
        f'<div class="cb-option"><input type="checkbox" id="{eid}-marrow-failure" '
        f'name="marrow-failure" value="yes" aria-describedby="{eid}-modifier-note">'
        f'<label for="{eid}-marrow-failure">{_e(TEXT["modifier_checkbox"])}</label></div>'
        f'<p class="cb-pathway-note" id="{eid}-modifier-note">{_e(TEXT["modifier_note"])}</p>'
        "</fieldset>"
    )
    out.append("</div>")
    return out


def _results_html(eid: str, data: dict, index: int) -> list[str]:
    """The results for entry ``index``, as the script writes them (before it runs)."""
    case = next((c for c in data["cases"] if c["index"] == index), None)
    row = data["rows"][case["row"] if case else int(_entry(data, index), 36)]
    route, route_text, orders = data["summaries"][row[0]]
    modifier = pw.marrow_failure_modifier()
    out = [
        f'<div class="cb-pathway-results" id="{eid}-results" aria-live="polite">',
        f'<p class="cb-pathway-case-banner" data-case="{_e(case["id"]) if case else ""}"'
        f"{'' if case else ' hidden'}>{_e(case['banner'] if case else '')}</p>",
        f'<p class="cb-pathway-route" data-route="{_e(route)}"><strong>{_e(TEXT["route"])}'
        f'</strong> <span class="cb-pathway-route-text">{_e(route_text)}</span></p>',
        f'<div class="cb-pathway-orders"{"" if orders else " hidden"}>'
        f"<strong>{_e(TEXT['orders'])}</strong><ul>"
        + "".join(f"<li>{_e(o)}</li>" for o in orders)
        + "</ul></div>",
        '<div class="cb-pathway-modifier" hidden>'
        f'<p class="cb-pathway-modifier-label"><strong>{_e(modifier.label)}</strong></p>'
        f'<p class="cb-pathway-modifier-text">{_e(modifier.text)}</p></div>',
        f'<ol class="cb-pathway-branches" aria-label="{_e(TEXT["branches"])}">',
    ]
    heads = _heads([pw.route_treatment(**DEFAULT_INPUTS).to_dict()])
    for head, outcome_index in zip(heads, row[1:], strict=True):
        status, reason, order = data["outcomes"][outcome_index]
        out.append(
            f'<li class="cb-branch" data-branch="{_e(head["key"])}" data-status="{_e(status)}">'
            f'<p class="cb-branch-head"><span class="cb-branch-drug">{_e(head["drug"])}</span> '
            f'<span class="cb-branch-status">{_e(STATUS_WORDS[status])}</span></p>'
            f'<p class="cb-branch-trials"><strong>{_e(TEXT["trials"])}</strong> '
            f"{_e(', '.join(head['trials']))}</p>"
            f'<p class="cb-branch-eligibility"><strong>{_e(TEXT["eligibility"])}</strong> '
            f"{_e(head['eligibility'])}</p>"
            f'<p class="cb-branch-reason"><strong>{_e(TEXT["reason"])}</strong> '
            f'<span class="cb-branch-reason-text">{_e(reason)}</span></p>'
            f'<p class="cb-branch-order"{"" if order else " hidden"}>'
            f"<strong>{_e(TEXT['to_order'])}</strong> "
            f'<span class="cb-branch-order-text">{_e(order)}</span></p></li>'
        )
    out += ["</ol>", "</div>"]
    return out


def _entry(data: dict, index: int) -> str:
    w = data["width"]
    return data["entries"][index * w : (index + 1) * w]


def to_html(element_id: str = "cb-pathway", *, inline_script: bool = False) -> str:
    """An accessible HTML form: the inputs, every branch's result, and the whole table.

    ``<form class="cb-pathway" id=element_id>`` holds one ``<fieldset>`` per input
    (``<legend>``; native radios or checkboxes with ``<label for>``), the access
    checkboxes, the marrow-failure checkbox, three ``type="button"`` buttons (the case
    at first line, at second line, "Reset"; ``hidden`` until the script shows them),
    the results for :data:`DEFAULT_INPUTS` pre-rendered in ``<div
    class="cb-pathway-results" aria-live="polite">`` (each branch an ``li.cb-branch``
    with ``data-branch`` and ``data-status``; the route in ``p.cb-pathway-route``
    with ``data-route``) and, last, ``<script type="application/json"
    class="cb-pathway-data">`` holding :func:`to_json`. Give each form on a page its
    own ``element_id`` (letters, digits, ``-`` and ``_``), or ValueError.

    The book's pages load ``cb-pathway.js``; elsewhere (a live notebook) pass
    ``inline_script=True`` to append it. It sets each form up once.
    """
    if not isinstance(element_id, str) or not _ELEMENT_ID.match(element_id):
        raise ValueError(
            "element_id must start with a letter and contain only letters, digits, '-' and '_', "
            f"got {element_id!r}."
        )
    eid = _e(element_id)
    data_json = to_json()
    data = json.loads(data_json)
    default = data["default"]
    out = [
        f'<form class="cb-pathway" id="{eid}" aria-describedby="{eid}-help">',
        f'<p class="cb-pathway-help" id="{eid}-help">{_e(TEXT["help"])}</p>',
        *_controls_html(eid, control_values(DEFAULT_INPUTS)),
        '<div class="cb-pathway-actions">',
        *(
            f'<button type="button" class="cb-pathway-case" data-case="{_e(c.id)}" hidden>'
            f"{_e(c.button)}</button> "
            for c in CASE_PATHS
        ),
        f'<button type="button" class="cb-pathway-reset" hidden>{_e(TEXT["reset"])}</button>',
        "</div>",
        f'<noscript><p class="cb-pathway-noscript">{_e(TEXT["noscript"])}</p></noscript>',
        *_results_html(eid, data, default),
        f'<script type="application/json" class="cb-pathway-data">{data_json}</script>',
        "</form>",
    ]
    if inline_script:
        out.append(f"<script>{javascript()}</script>")
    return "\n".join(out)
