"""Numbers as pages show them."""


def signed(value: float, places: int = 1, *, minus: str = "-") -> str:
    """A change or an NPS with its sign: +2.5, -1.0; one that rounds to zero is 0.0, with no
    sign (never "-0.0", which reads as a fall)."""
    text = f"{value:+.{places}f}"
    if float(text) == 0:
        return text[1:]
    return text.replace("-", minus)
