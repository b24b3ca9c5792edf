"""Live data: the rows an explorer swaps on each change, named so that it can find them.

A live explorer answers a control within 50 ms (issue 16); building an Altair chart
costs 50–1,800 ms (object construction, deep copies, ``to_dict``). So every chart an
explorer redraws keeps the parts a control changes in three places Vega-Lite can
update without a rebuild, and the explorer (:class:`casebook.widgets._display.LiveSpec`)
builds the chart once and swaps only those:

* **rows** in a top-level dataset with a ``live_`` name (:func:`live_datasets` for
  the chart's ``datasets``, :func:`live_data` for a layer that reads one);
* **numbers and words** in Vega-Lite parameters (``alt.param``), which titles, scale
  domains, marks and rules read through expressions;
* the top-level ``title`` and ``description`` (the text a screen reader hears).

Anything else a control changes (how many layers, which mark) is a different
structure: the explorer keys its template on it and builds that once.

:func:`records` is the one conversion of a frame to JSON-ready rows, used both when
the chart is built and when the rows are swapped, so the two specs are equal
(``tests/test_live.py`` checks every explorer against a full rebuild).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd

__all__ = ["LIVE_PREFIX", "LiveParts", "live_data", "live_datasets", "records"]

#: The name prefix of a dataset an explorer swaps.
LIVE_PREFIX = "live_"


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame`` as JSON-ready rows: dates as ISO text, missing values as ``None``.

    The same text Altair writes for a date column (``2024-09-02T00:00:00``), and Python
    numbers, so that a swapped dataset equals what a rebuild would inline.
    """
    names = [str(name) for name in frame.columns]
    columns = []
    for name in frame.columns:
        column = frame[name]
        missing = column.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.strftime("%Y-%m-%dT%H:%M:%S")
        values = column.tolist()  # Python numbers, not numpy's
        if missing.any():
            values = [None if gone else v for v, gone in zip(values, missing, strict=True)]
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _key(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"a live dataset's name must be a Python identifier, got {name!r}")
    return LIVE_PREFIX + name


def live_data(name: str) -> alt.NamedData:
    """A layer's data: the chart's live dataset ``name`` (see :func:`live_datasets`)."""
    return alt.NamedData(name=_key(name))


def live_datasets(frames: Mapping[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """The chart's top-level ``datasets`` for ``frames`` by name (``live_<name>``)."""
    return {_key(name): records(frame) for name, frame in frames.items()}


@dataclass(frozen=True)
class LiveParts:
    """What a chart shows that a control can change: its live datasets (frames by
    name), parameter values, title and description.

    A builder computes them once (:meth:`patch` is what a live explorer swaps into the
    chart it drew first); ``extra`` holds what only the builder needs.
    """

    data: dict[str, pd.DataFrame]
    params: dict[str, Any]
    title: Any = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def patch(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "params": self.params,
            "title": self.title,
            "description": self.description,
        }
