"""A signed number reads as a rise, a fall or no change, never as "-0.0"."""

import pytest

from cxgov.numbers import signed


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (2.46, 1, "+2.5"),
        (-1.0, 1, "-1.0"),
        (0.0, 1, "0.0"),
        (-0.04, 1, "0.0"),  # rounds to zero: no sign, not "-0.0"
        (0.04, 1, "0.0"),
        (-0.05001, 1, "-0.1"),
        (-0.4, 0, "0"),
        (12.0, 0, "+12"),
    ],
)
def test_a_signed_number_has_no_sign_only_when_it_rounds_to_zero(value, places, shown):
    assert signed(value, places) == shown


def test_the_minus_sign_can_be_the_typographic_one():
    assert signed(-3.5, 1, minus="−") == "−3.5"
    assert signed(-0.01, 1, minus="−") == "0.0"
