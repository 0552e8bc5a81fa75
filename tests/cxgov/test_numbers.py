"""A signed number reads as a rise, a fall or no change, never as "-0.0"."""

import pytest

from cxgov.numbers import fixed, signed


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


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (66.25, 1, "66.3"),  # an exact half in binary: Python's own formatting gives 66.2
        (71.75, 1, "71.8"),
        (-1.25, 1, "-1.3"),
        (2.675, 2, "2.68"),  # repr 2.675; f"{2.675:.2f}" gives 2.67
        (5.0, 2, "5.00"),
        (-0.04, 1, "0.0"),
    ],
)
def test_fixed_rounds_halves_away_from_zero(value, places, shown):
    assert fixed(value, places) == shown


@pytest.mark.parametrize("value", [66.25, 71.75, 23.15, -4.45, 0.05, 99.95, 12.345, -0.04])
def test_fixed_agrees_with_the_templates_floatformat(value):
    from django.template.defaultfilters import floatformat

    assert fixed(value, 1) == floatformat(value, 1)
    assert signed(value) == ("+" if float(fixed(value)) > 0 else "") + floatformat(value, 1)
