"""HTML tables the pages show: a scrollable box, provenance marks, readable sources.

Display only: each function takes frames from :mod:`casebook.data` or
:mod:`casebook.ihc` and returns an HTML string for ``IPython.display.HTML``.
"""

from __future__ import annotations

import html

import pandas as pd

from casebook import ihc
from casebook.provenance import with_marks

__all__ = [
    "SOURCE_NAMES",
    "scroll_table",
    "linked_table",
    "provenance_table",
    "ihc_panel_table",
    "ck_pattern_table",
]

#: Short, readable names for the BibTeX keys the IHC tables cite (each is also cited in
#: the text around the table, which links to the bibliography).
SOURCE_NAMES: dict[str, str] = {
    "general": "general knowledge (no source in this book)",
    "chu2000ck": "Chu 2000",
    "selves2018cup": "Selves 2018",
    "vanpoznak2015asco": "Van Poznak 2015 (ASCO)",
}


def _source_names(keys: str) -> str:
    """'Chu 2000, Selves 2018' from 'chu2000ck, selves2018cup' (ValueError for an unknown key)."""
    names = []
    for key in (k.strip() for k in keys.split(",")):
        if key not in SOURCE_NAMES:
            raise ValueError(
                f"no readable name for the source {key!r}: add it to tables.SOURCE_NAMES"
            )
        names.append(SOURCE_NAMES[key])
    return ", ".join(names)


def _scroll_box(inner: str, name: str) -> str:
    """``inner`` in the horizontally scrollable box (phones scroll the table, not the page).

    The box is focusable (``tabindex="0"``, so the keyboard can scroll it: WCAG 2.1.1,
    axe's scrollable-region-focusable) and a named region (``name``, plain text), in the
    HTML itself, without JavaScript.
    """
    if not name.strip():
        raise ValueError(
            "A scrollable table needs a name for screen readers: give it a caption or a label."
        )
    label = html.escape(name.strip(), quote=True)
    return f'<div class="cb-table-scroll" tabindex="0" role="region" aria-label="{label}">{inner}</div>'


def scroll_table(
    frame: pd.DataFrame, *, caption: str = "", after: str = "", label: str = ""
) -> str:
    """``frame`` as a table in a horizontally scrollable box (phones), with optional
    bold caption above and a description paragraph below (both plain text).

    The box is named by ``label``, else by ``caption``; a table with neither is refused
    (:class:`ValueError`): a keyboard or screen-reader user lands on the box by its name.
    """
    head = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    tail = f'<p class="cb-chart-description">{html.escape(after)}</p>' if after else ""
    # Blank cells read as blank (pandas would write NaN, <NA> or NaT).
    shown = frame.astype(object).where(frame.notna(), "")
    body = shown.to_html(index=False, border=0, classes=["table", "cb-data-table"])
    return _scroll_box(f"{head}{body}{tail}", label or caption)


def linked_table(
    frame: pd.DataFrame,
    *,
    link_column: str,
    href_column: str,
    caption: str = "",
    label: str = "",
) -> str:
    """:func:`scroll_table`, but each cell of ``link_column`` links to the URL in the same
    row's ``href_column`` (which is not shown). Every text is escaped; only the links are
    HTML."""
    kept = frame.drop(columns=[href_column])
    shown = kept.astype(object).where(kept.notna(), "")
    cells = shown.map(lambda v: html.escape(str(v)))
    cells[link_column] = [
        f'<a class="reference internal" href="{html.escape(str(url))}">{text}</a>'
        for text, url in zip(cells[link_column], frame[href_column], strict=True)
    ]
    head = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    body = cells.to_html(index=False, border=0, escape=False, classes=["table", "cb-data-table"])
    return _scroll_box(f"{head}{body}", label or caption)


def provenance_table(frame: pd.DataFrame, caption: str) -> str:
    """A data table whose first column says, with a symbol, where each row comes from."""
    return scroll_table(with_marks(frame), caption=caption)


def ihc_panel_table(pathology: pd.DataFrame) -> str:
    """The marrow's stains: result, what each stain is for, and its source."""
    panel = ihc.marrow_panel(pathology)
    shown = panel.assign(source=[_source_names(k) for k in panel["purpose_source"]])
    shown = shown[["marker", "result", "purpose", "source"]]
    shown.columns = ["Marker", "Result", "What the stain is for", "Source"]
    locators = "; ".join(dict.fromkeys(panel["locator"]))
    return scroll_table(
        shown,
        label="The marrow's stains: result, purpose and source of each",
        after=f"All results reported in the case report (locators: {locators}).",
    )


def ck_pattern_table() -> str:
    """The CK7/CK20 patterns by primary site, with readable sources."""
    table = ihc.pattern_table()
    table["sources"] = [_source_names(v) for v in table["sources"]]
    return scroll_table(table, label="CK7 and CK20 patterns by primary site")
