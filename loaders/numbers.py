"""Numbers in fact records: what counts as one, reading one as a ``Decimal``, writing it back.

The errors name the fact and field (:class:`FactError`, also exported by :mod:`loaders.model`).

>>> is_number("12000"), is_number(True), number_out(decimal_of("6e9", "F1.amount"))
(True, False, 6000000000)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


class FactError(ValueError):
    """A fact record is malformed; ``where`` names the fact and field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float | Decimal):
        return True
    try:
        return Decimal(str(v)).is_finite()
    except InvalidOperation:
        return False


def decimal_of(v: Any, where: str) -> Decimal:
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        raise FactError(where, f"{v!r} is not a number") from None
    if not d.is_finite():
        raise FactError(where, f"{v!r} is not a finite number")
    return d


def number_out(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


__all__ = ["FactError", "decimal_of", "is_number", "number_out"]
