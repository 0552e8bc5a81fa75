"""The statistics behind every KPI value: scores and 95% intervals, in plain Python.

One estimator per way a metric is scored, each fed the sufficient statistics a rollup keeps
(counts, or a sum and a sum of squares), so a value computed from 10 million responses costs
the same as one from ten:

- NPS: % promoters - % detractors, in points (-100..100). Its interval is the normal
  approximation around the mean of the per-response score (+1 promoter, 0 passive,
  -1 detractor) using that score's sample variance.
- Shares (CSAT's share satisfied, a custom share): in percent, Wilson's score interval, which
  stays inside 0..100 and behaves at 0% and 100%.
- Means (CES, a custom mean): Student's t interval on the sample variance.

A difference between two periods gets an interval of its own (NPS: normal, shares: Newcombe's
hybrid score method built on the two Wilson intervals, means: Welch's t); a change is
"outside the noise" when that interval excludes zero.

Below a minimum sample (30 unless CXGOV_VOC_MIN_SAMPLE says otherwise) an estimate is marked
small_sample: every page shows the mark beside the value, never the value bare.
No numpy or scipy: the t quantile comes from the regularized incomplete beta function.

Two series side by side (an experience metric and an operational one over the same periods)
get Pearson's and Spearman's correlation, each with its 95% interval through Fisher's z.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
# The two-sided 95% normal quantile, 1.959963984540054.
Z95 = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
DEFAULT_MIN_SAMPLE = 30

# NPS bands on the 0-10 scale.
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


class Estimator(StrEnum):
    NPS = "nps"
    SHARE = "share"
    MEAN = "mean"
    VALUE = "value"  # an operational figure entered once per period: no sampling, no interval


def min_sample() -> int:
    """The configured minimum sample (settings.CXGOV_VOC_MIN_SAMPLE), 30 outside Django."""
    try:
        from django.conf import settings

        return int(getattr(settings, "CXGOV_VOC_MIN_SAMPLE", DEFAULT_MIN_SAMPLE))
    except Exception:  # Django not configured: a plain-Python caller
        return DEFAULT_MIN_SAMPLE


@dataclass(frozen=True)
class Estimate:
    """A KPI value with its 95% interval. `low`/`high` are None when no interval exists
    (fewer than two responses, or an entered value)."""

    estimator: Estimator
    n: int
    value: float | None
    low: float | None = None
    high: float | None = None
    standard_error: float | None = None
    # Per-response sample variance (means only; the difference of two means needs it).
    variance: float | None = None
    small_sample: bool = False

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class Difference:
    """later - earlier, with the 95% interval of the difference."""

    value: float
    low: float
    high: float
    small_sample: bool

    @property
    def excludes_zero(self) -> bool:
        """Outside the noise: the interval of the difference does not contain zero."""
        return self.low > 0 or self.high < 0


def _is_small(n: int, minimum: int | None) -> bool:
    return n < (min_sample() if minimum is None else minimum)


# -- Estimators ---------------------------------------------------------------------------


def nps(*, promoters: int, passives: int, detractors: int, minimum: int | None = None) -> Estimate:
    """Net Promoter Score in points, interval from the variance of the +1/0/-1 score."""
    if min(promoters, passives, detractors) < 0:
        raise ValueError("counts cannot be negative")
    n = promoters + passives + detractors
    small = _is_small(n, minimum)
    if n == 0:
        return Estimate(Estimator.NPS, 0, None, small_sample=small)
    mean = (promoters - detractors) / n
    value = 100 * mean
    if n < 2:
        return Estimate(Estimator.NPS, n, value, small_sample=small)
    # Sample variance of x in {+1, 0, -1}: sum(x^2) = promoters + detractors.
    variance = max(0.0, ((promoters + detractors) - n * mean * mean) / (n - 1))
    se = 100 * math.sqrt(variance / n)
    return Estimate(
        Estimator.NPS,
        n,
        value,
        low=max(-100.0, value - Z95 * se),
        high=min(100.0, value + Z95 * se),
        standard_error=se,
        small_sample=small,
    )


def share(*, successes: int, n: int, minimum: int | None = None) -> Estimate:
    """A share in percent with Wilson's score interval."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 <= successes <= n")
    small = _is_small(n, minimum)
    if n == 0:
        return Estimate(Estimator.SHARE, 0, None, small_sample=small)
    low, high = wilson(successes, n)
    p = successes / n
    return Estimate(
        Estimator.SHARE,
        n,
        100 * p,
        low=100 * low,
        high=100 * high,
        standard_error=100 * math.sqrt(p * (1 - p) / n),
        small_sample=small,
    )


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion, as fractions 0..1."""
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0% and 100% the bound is exactly 0 or 1; floating point would leave a hair's gap.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def mean(*, n: int, total: float, sum_squares: float, minimum: int | None = None) -> Estimate:
    """A mean with Student's t interval, from n, the sum and the sum of squares."""
    if n < 0:
        raise ValueError("n cannot be negative")
    small = _is_small(n, minimum)
    if n == 0:
        return Estimate(Estimator.MEAN, 0, None, small_sample=small)
    value = total / n
    if n < 2:
        return Estimate(Estimator.MEAN, n, value, small_sample=small)
    # Rounding can push a zero variance a hair below zero.
    variance = max(0.0, (sum_squares - total * total / n) / (n - 1))
    se = math.sqrt(variance / n)
    t = t_quantile(n - 1)
    return Estimate(
        Estimator.MEAN,
        n,
        value,
        low=value - t * se,
        high=value + t * se,
        standard_error=se,
        variance=variance,
        small_sample=small,
    )


def entered_value(value: float | None) -> Estimate:
    """An operational figure entered for a period: shown as is, no interval, never 'small'."""
    return Estimate(Estimator.VALUE, 0 if value is None else 1, value)


# -- Differences between two periods ------------------------------------------------------


def difference(earlier: Estimate, later: Estimate) -> Difference | None:
    """later - earlier with its 95% interval; None when either side has no interval."""
    if earlier.estimator != later.estimator:
        raise ValueError("cannot compare estimates of different kinds")
    if not (earlier.has_interval and later.has_interval):
        return None
    small = earlier.small_sample or later.small_sample
    d = later.value - earlier.value
    if later.estimator == Estimator.NPS:
        se = math.hypot(earlier.standard_error, later.standard_error)
        return Difference(d, d - Z95 * se, d + Z95 * se, small)
    if later.estimator == Estimator.SHARE:
        # Newcombe (1998), method 10: combines the two Wilson intervals.
        p1, l1, u1 = earlier.value, earlier.low, earlier.high
        p2, l2, u2 = later.value, later.low, later.high
        low = d - math.hypot(p2 - l2, u1 - p1)
        high = d + math.hypot(u2 - p2, p1 - l1)
        return Difference(d, low, high, small)
    if later.estimator == Estimator.MEAN:
        a = earlier.variance / earlier.n
        b = later.variance / later.n
        se = math.sqrt(a + b)
        if se == 0:
            return Difference(d, d, d, small)
        # Welch-Satterthwaite degrees of freedom.
        df = (a + b) ** 2 / (a * a / (earlier.n - 1) + b * b / (later.n - 1))
        t = t_quantile(df)
        return Difference(d, d - t * se, d + t * se, small)
    return None


# -- Sample size to tell a change from noise ----------------------------------------------
#
# How many responses each of two periods needs so that a true change of a given size between
# them is found "outside the noise" (a two-sided test at ALPHA) with probability POWER. Both
# are the textbook normal-approximation formulas, equal sample sizes in the two periods:
# - shares: the two-proportion test (Fleiss, Statistical Methods for Rates and Proportions,
#   3rd ed., 4.14, without the continuity correction);
# - means and NPS: the two-mean test with a common per-response variance. NPS is a difference
#   of two shares (promoters minus detractors); the per-response variance of its +1/0/-1 score
#   carries both shares, so the two-mean form is the two-proportion test for it.

ALPHA = 0.05
POWER = 0.80


def _z_alpha_beta(alpha: float, power: float) -> tuple[float, float]:
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power lie strictly between 0 and 1")
    return NormalDist().inv_cdf(1 - alpha / 2), NormalDist().inv_cdf(power)


def _whole(n: float) -> int:
    # Round up, but not past a whole number that floating point missed by a hair.
    return max(2, math.ceil(n - 1e-9))


def sample_size_two_proportions(
    p1: float, p2: float, *, alpha: float = ALPHA, power: float = POWER
) -> int:
    """Responses per period to tell share p1 from share p2 (fractions 0..1)."""
    if not (0 <= p1 <= 1 and 0 <= p2 <= 1) or p1 == p2:
        raise ValueError("need two different shares between 0 and 1")
    z_alpha, z_beta = _z_alpha_beta(alpha, power)
    pooled = (p1 + p2) / 2
    spread = z_alpha * math.sqrt(2 * pooled * (1 - pooled)) + z_beta * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return _whole(spread * spread / ((p1 - p2) ** 2))


def sample_size_two_means(
    delta: float, variance: float, *, alpha: float = ALPHA, power: float = POWER
) -> int:
    """Responses per period to tell two means `delta` apart, each response with `variance`."""
    if delta == 0 or variance <= 0:
        raise ValueError("need a non-zero change and a positive variance")
    z_alpha, z_beta = _z_alpha_beta(alpha, power)
    return _whole(2 * (z_alpha + z_beta) ** 2 * variance / (delta * delta))


# -- Student's t quantile -----------------------------------------------------------------


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df degrees of freedom (df > 0, need not be whole)."""
    x = df / (df + t * t)
    tail = 0.5 * regularized_incomplete_beta(df / 2, 0.5, x)
    return 1 - tail if t > 0 else tail


# Above this many degrees of freedom the Cornish-Fisher expansion agrees with the exact
# quantile to better than 1e-9 and is far cheaper than the continued fraction.
_EXPANSION_FROM_DF = 200


@lru_cache(maxsize=4096)
def t_quantile(df: float, confidence: float = CONFIDENCE) -> float:
    """The two-sided quantile t such that P(|T| <= t) = confidence."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    p = 1 - (1 - confidence) / 2
    if df >= _EXPANSION_FROM_DF:
        return t_quantile_expansion(df, NormalDist().inv_cdf(p))
    # Bisection on the exact CDF: slow-ish but exact, and cached per df.
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-13:
            break
    return (low + high) / 2


def t_quantile_expansion(df: float, z: float = Z95) -> float:
    """Cornish-Fisher expansion of the t quantile in powers of 1/df (Abramowitz & Stegun
    26.7.5), used for large df here and in the rollup's SQL."""
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betacf)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    log_front += a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_continued_fraction(b, a, 1 - x) / b


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h


# -- Correlation of two series (experience beside operational data) ---------------------------

# Under this many paired periods a correlation is weak evidence; under MIN_PAIRED none is
# computed (two points always lie on a line).
WEAK_PAIRED = 8
MIN_PAIRED = 3


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient with its 95% interval (Fisher's z); the interval is None
    with 3 periods (its standard error, 1/sqrt(n - 3), is unbounded)."""

    value: float
    n: int
    low: float | None
    high: float | None

    @property
    def weak(self) -> bool:
        return self.n < WEAK_PAIRED


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r of two equally long series; None when either does not vary."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho: Pearson's r of the ranks (ties share their mean rank)."""
    return pearson(ranks(xs), ranks(ys))


def fisher_interval(r: float, n: int, *, spread: float = 1.0) -> tuple[float | None, float | None]:
    """The 95% interval of a correlation through Fisher's z = atanh(r), standard error
    sqrt(spread / (n - 3)): 1 for Pearson's r, 1.06 for Spearman's rho (Fieller, Hartley and
    Pearson, 1957). None with 3 pairs or fewer; a perfect correlation is its own interval."""
    if n <= 3:
        return None, None
    if abs(r) >= 1:
        return r, r
    z, se = math.atanh(r), math.sqrt(spread / (n - 3))
    return math.tanh(z - Z95 * se), math.tanh(z + Z95 * se)


def correlations(xs: list[float], ys: list[float]) -> tuple[Correlation, Correlation] | None:
    """Pearson's and Spearman's correlation of paired series with their intervals; None when
    a series does not vary. The caller refuses fewer than MIN_PAIRED pairs first."""
    r, rho = pearson(xs, ys), spearman(xs, ys)
    if r is None or rho is None:
        return None
    n = len(xs)
    return (
        Correlation(r, n, *fisher_interval(r, n)),
        Correlation(rho, n, *fisher_interval(rho, n, spread=1.06)),
    )
