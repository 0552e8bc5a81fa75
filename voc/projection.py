"""The chance of reaching a KPI target by its date at the current trend: a projection, shown
with the number of periods it rests on, and never below a minimum number of periods.

The method, kept simple so a reader can redo it by hand:

1. Take the last `window` completed periods that have a value (at most 12), oldest first, and
   number them by their position on the calendar (x: months, weeks, ... since the first one;
   a missing period leaves a gap in x rather than closing it up).
2. Fit a straight line by ordinary least squares: slope b = Sxy / Sxx, intercept
   a = mean(y) - b * mean(x); residual variance s^2 = SSE / (n - 2).
3. The target date falls in period x*; the trend there is y* = a + b * x*, with the standard
   error of the fitted line at x*: se = s * sqrt(1/n + (x* - mean(x))^2 / Sxx).
4. The chance of reaching the target T is the probability that the trend at x* is on the
   right side of T under Student's t with n - 2 degrees of freedom: P = F((y* - T) / se)
   when higher is better, F((T - y*) / se) when lower is better. With se = 0 (a perfect line)
   it is 1 or 0.

It treats each period's value as one observation (the sampling noise of each period shows up
in the residuals), and it assumes the trend stays straight: a projection, not a forecast.
Fewer than CXGOV_PACK_PROJECTION_MIN_PERIODS periods (6 unless set): no projection, the pack
says "too few periods (n of 6)" and draws nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from .stats import t_cdf

DEFAULT_MIN_PERIODS = 6
WINDOW = 12


def chance_text(probability: float | None) -> str:
    """A probability 0..1 as a whole per cent, as every page writes it; below 1% and above
    99% say so rather than round to a certainty."""
    if probability is None:
        return "—"
    if probability < 0.01:
        return "under 1%"
    if probability > 0.99:
        return "over 99%"
    return f"{round(100 * probability)}%"


def min_periods() -> int:
    return int(getattr(settings, "CXGOV_PACK_PROJECTION_MIN_PERIODS", DEFAULT_MIN_PERIODS))


@dataclass(frozen=True)
class Projection:
    periods: int  # how many periods it rests on
    minimum: int
    slope: float | None = None  # per period
    projected: float | None = None  # the trend's value in the target's period
    standard_error: float | None = None
    probability: float | None = None  # of reaching the target, 0..1
    reason: str = ""  # why there is no probability, when there is none

    @property
    def shown(self) -> bool:
        return self.probability is not None

    def as_json(self) -> dict:
        return {
            "periods": self.periods,
            "minimum": self.minimum,
            "slope": self.slope,
            "projected": self.projected,
            "standard_error": self.standard_error,
            "probability": self.probability,
            "reason": self.reason,
        }


def project(
    points: Sequence[tuple[int, float]],
    *,
    target_x: int,
    target: float,
    higher_is_better: bool,
    minimum: int | None = None,
) -> Projection:
    """`points`: (period number, value), oldest first, the last WINDOW used. `target_x`: the
    period number holding the target date."""
    minimum = min_periods() if minimum is None else minimum
    points = list(points)[-WINDOW:]
    n = len(points)
    if n < max(minimum, 3):
        return Projection(n, minimum, reason=f"too few periods ({n} of {minimum})")
    if target_x <= points[-1][0]:
        return Projection(n, minimum, reason="the target date has passed: its latest value stands")
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    x_bar, y_bar = sum(xs) / n, sum(ys) / n
    sxx = sum((x - x_bar) ** 2 for x in xs)
    sxy = sum((x - x_bar) * (y - y_bar) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = y_bar - slope * x_bar
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(max(0.0, sse) / (n - 2))
    projected = intercept + slope * target_x
    se = s * math.sqrt(1 / n + (target_x - x_bar) ** 2 / sxx)
    margin = projected - target if higher_is_better else target - projected
    # A perfect line (se 0) reaches the target or it does not.
    probability = (1.0 if margin >= 0 else 0.0) if se == 0 else t_cdf(margin / se, n - 2)
    return Projection(
        periods=n,
        minimum=minimum,
        slope=slope,
        projected=projected,
        standard_error=se,
        probability=probability,
    )
