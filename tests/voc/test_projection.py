"""The chance of reaching a target at the current trend, against a calculation by hand."""

from __future__ import annotations

import math

import pytest

from voc.projection import project

# Six months, numbered 0..5, and the target of 20 in month 11.
POINTS = list(zip(range(6), [10, 12, 11, 14, 15, 14], strict=True))


def t4_cdf(t: float) -> float:
    """Student's t with 4 degrees of freedom has a closed form (not the code under test)."""
    u = t / math.sqrt(1 + t * t / 4)
    return 0.5 + 3 / 8 * u * (1 - t * t / (12 * (1 + t * t / 4)))


def test_the_projection_matches_a_calculation_by_hand():
    # By hand: mean x 2.5, mean y 76/6 = 12.667; Sxx = 17.5; Sxy = -25 - 18 - 5.5 + 7 + 22.5
    # + 35 = 16; slope 16/17.5 = 0.914286; intercept 12.667 - 0.914286 * 2.5 = 10.380952.
    # Residuals -0.381, 0.705, -1.210, 0.876, 0.962, -0.952: SSE 4.704762, s^2 = SSE/4.
    # At month 11: 10.380952 + 0.914286 * 11 = 20.438095;
    # se = s * sqrt(1/6 + 8.5^2 / 17.5) = 1.084523 * 2.072495 = 2.247669.
    # P = F4((20.438095 - 20) / 2.247669) = F4(0.194910).
    p = project(POINTS, target_x=11, target=20, higher_is_better=True, minimum=6)
    assert p.periods == 6
    assert p.slope == pytest.approx(0.914286, abs=1e-6)
    assert p.projected == pytest.approx(20.438095, abs=1e-6)
    s = math.sqrt(4.704762 / 4)
    se = s * math.sqrt(1 / 6 + 8.5**2 / 17.5)
    assert p.standard_error == pytest.approx(se, abs=1e-5)
    assert p.probability == pytest.approx(t4_cdf((20.438095 - 20) / se), abs=1e-5)
    assert p.probability == pytest.approx(0.5725, abs=1e-4)


def test_lower_is_better_takes_the_other_side():
    higher = project(POINTS, target_x=11, target=20, higher_is_better=True, minimum=6)
    lower = project(POINTS, target_x=11, target=20, higher_is_better=False, minimum=6)
    assert lower.probability == pytest.approx(1 - higher.probability, abs=1e-9)


def test_too_few_periods_gives_no_number_and_says_how_many():
    p = project(POINTS[:5], target_x=11, target=20, higher_is_better=True, minimum=6)
    assert p.probability is None and p.projected is None
    assert p.reason == "too few periods (5 of 6)"


def test_a_target_date_already_passed_is_not_projected():
    p = project(POINTS, target_x=5, target=20, higher_is_better=True, minimum=6)
    assert p.probability is None and "passed" in p.reason


def test_a_perfect_line_reaches_the_target_or_not():
    line = [(x, 10 + 2 * x) for x in range(6)]  # reaches 32 in month 11
    assert project(line, target_x=11, target=30, higher_is_better=True, minimum=6).probability == 1
    assert project(line, target_x=11, target=40, higher_is_better=True, minimum=6).probability == 0


def test_only_the_last_twelve_periods_count():
    old = [(x, 100.0) for x in range(-20, -8)]
    recent = project(POINTS, target_x=11, target=20, higher_is_better=True, minimum=6)
    with_old = project(old[-6:] + POINTS, target_x=11, target=20, higher_is_better=True, minimum=6)
    assert with_old.periods == 12 and recent.periods == 6
    more = project(old + POINTS, target_x=11, target=20, higher_is_better=True, minimum=6)
    assert more.periods == 12 and more.probability == pytest.approx(with_old.probability)
