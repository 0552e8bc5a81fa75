"""Numbers as pages show them."""

from decimal import ROUND_HALF_UP, Decimal


def fixed(value: float, places: int = 1) -> str:
    """`value` to `places` decimals with halves rounded away from zero, as the templates'
    floatformat rounds (66.25 gives 66.3, where Python's own formatting gives 66.2), so a
    sentence and the table beside it quote the same figure; never "-0.0"."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(rounded.copy_abs() if rounded == 0 else rounded)


def signed(value: float, places: int = 1, *, minus: str = "-") -> str:
    """A change or an NPS with its sign: +2.5, -1.0; one that rounds to zero is 0.0, with no
    sign (never "-0.0", which reads as a fall)."""
    text = fixed(value, places)
    if float(text) == 0:
        return text
    return text.replace("-", minus) if text.startswith("-") else "+" + text
