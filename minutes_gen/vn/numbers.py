"""Numbers as Vietnamese documents write them (Babel ``vi`` locale).

Counts below 10 get a leading zero (``02 hồ sơ``, ``04/12 đơn vị``), as ND30 asks for
numbers and as inspection minutes write counts. Shares are rounded half up to one decimal
(``13/15`` -> ``86,7%``), the way a reviewer rounds by hand; Babel's own rounding is
half-even, so the value is quantised before formatting.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi"
_ONE_DECIMAL = Decimal("0.1")


def grouped(value: int) -> str:
    """A quantity with its thousands grouped by dots, as Vietnamese writes them (``1.000.000``)."""
    return f"{value:,}".replace(",", ".")


def count(value: int) -> str:
    """Return a count with a leading zero below 10 and grouping above 999 (``07``, ``1.234``)."""
    if 0 <= value < 10:
        return f"{value:02d}"
    return grouped(value)


def document_number(value: int) -> str:
    """A document's number (ND30 Điều 15): ``07``, ``12``, ``1234`` — leading zero below 10, never
    a thousands separator (it is part of the symbol ``1234/PXL-SLĐTBXH``, not a quantity)."""
    return f"{value:02d}"


def ratio(part: int, whole: int) -> str:
    """Return ``part/whole`` with leading zeros (``04/12``)."""
    return f"{count(part)}/{count(whole)}"


def share(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole``, rounded half up to one decimal."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_ONE_DECIMAL, ROUND_HALF_UP)


def percent(part: int, whole: int) -> str:
    """Return the share as Vietnamese text (``86,7%``, ``100%``); empty when ``whole`` is 0."""
    value = share(part, whole)
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.#", locale=LOCALE) + "%"
