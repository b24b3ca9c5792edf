"""Input checks shared by every clinical rule, and the platelet unit.

Each check returns the value it was given, unconverted, or raises :class:`ValueError`
with a sentence naming the quantity, the unit and the value received. ``True``/``False``,
``None``, strings, NaN and infinity are all refused. Standard library only.
"""

from __future__ import annotations

import decimal
import math
import numbers

PLATELET_UNIT = "×10⁹/L"

# --------------------------------------------------------------------------- input checks


def _show(value: object) -> str:
    """How a received value is quoted back in an error message."""
    if isinstance(value, (numbers.Real, decimal.Decimal)) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _unit_suffix(unit: str) -> str:
    return f" {unit}" if unit else ""


def _number(value: object, quantity: str, unit: str) -> numbers.Real | decimal.Decimal:
    """Return ``value`` unchanged if it is a finite real number, else raise ValueError.

    The value is not converted to float here, so callers that only compare it with
    a threshold compare the exact number they were given.
    """
    where = f" (in {unit})" if unit else ""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise ValueError(f"{quantity} must be a number{where}, got {_show(value)}")
    finite = value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)
    if not finite:
        raise ValueError(f"{quantity} must be a finite number{where}, got {_show(value)}")
    return value


def _at_least(value: object, minimum: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if number < minimum:
        raise ValueError(
            f"{quantity} must be ≥ {minimum:g}{_unit_suffix(unit)}, got {_show(value)}"
        )
    return number


def _above(value: object, minimum: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if not number > minimum:
        raise ValueError(
            f"{quantity} must be > {minimum:g}{_unit_suffix(unit)}, got {_show(value)}"
        )
    return number


def _between(value: object, low: float, high: float, quantity: str, unit: str):
    number = _number(value, quantity, unit)
    if not low <= number <= high:
        raise ValueError(
            f"{quantity} must be between {low:g} and {high:g}{_unit_suffix(unit)}, "
            f"got {_show(value)}"
        )
    return number


def _one(items, attr: str, value: str, missing: str):
    """The item of ``items`` whose ``attr`` is ``value``; else ValueError naming the known ones.

    ``missing`` starts the sentence: "no standard dose for" → "no standard dose for
    'aspirin'; known: paclitaxel, eribulin".
    """
    for item in items:
        if getattr(item, attr) == value:
            return item
    known = ", ".join(str(getattr(item, attr)) for item in items)
    raise ValueError(f"{missing} {value!r}; known: {known}")
