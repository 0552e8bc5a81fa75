"""voc.stats checked two ways: hand-worked small cases and published values, then hypothesis
property tests against a plain reference computed from the raw scores.

The references below never use voc.stats' formulas: they work from lists of scores with the
standard library's `statistics`, solve Wilson's quadratic directly, and integrate the t density
numerically.
"""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voc import stats

Z = 1.959963984540054


# -- Hand-worked cases ----------------------------------------------------------------------


def test_nps_of_five_promoters_three_passives_two_detractors():
    # x = +1 x5, 0 x3, -1 x2: mean 0.3, sum x^2 = 7, sample variance (7 - 10*0.09)/9 = 0.67778,
    # se = sqrt(0.67778/10) = 0.260342 -> 26.0342 points; half-width 1.959964 * 26.0342 = 51.026.
    e = stats.nps(promoters=5, passives=3, detractors=2, minimum=30)
    assert e.value == pytest.approx(30.0)
    assert e.standard_error == pytest.approx(26.0342, abs=1e-4)
    assert e.low == pytest.approx(-21.026, abs=1e-3)
    assert e.high == pytest.approx(81.026, abs=1e-3)
    assert e.small_sample


def test_nps_interval_stays_within_minus_100_and_100():
    e = stats.nps(promoters=29, passives=0, detractors=1, minimum=30)
    assert e.value == pytest.approx(100 * 28 / 30)
    assert e.high <= 100
    assert not e.small_sample


def test_nps_of_one_response_has_a_value_but_no_interval():
    e = stats.nps(promoters=1, passives=0, detractors=0)
    assert e.value == 100 and not e.has_interval and e.small_sample


def test_nps_of_nothing_has_no_value():
    assert stats.nps(promoters=0, passives=0, detractors=0).value is None


def test_wilson_interval_of_8_out_of_10_matches_the_published_value():
    # Newcombe (1998), and every textbook since: 8/10 -> 0.4902 to 0.9433.
    e = stats.share(successes=8, n=10)
    assert e.value == pytest.approx(80.0)
    assert (e.low, e.high) == (pytest.approx(49.02, abs=0.01), pytest.approx(94.33, abs=0.01))


def test_wilson_interval_of_0_out_of_10_starts_at_zero():
    # Upper bound z^2/(n+z^2) = 3.8415/13.8415 = 0.2775.
    e = stats.share(successes=0, n=10)
    assert e.low == 0
    assert e.high == pytest.approx(27.75, abs=0.01)


def test_share_refuses_more_successes_than_responses():
    with pytest.raises(ValueError):
        stats.share(successes=11, n=10)


def test_mean_of_1_to_5_uses_t_with_4_degrees_of_freedom():
    # mean 3, sample variance 2.5, se = sqrt(0.5) = 0.70711, t(0.975, 4) = 2.77645,
    # half-width 1.96324.
    e = stats.mean(n=5, total=15, sum_squares=55)
    assert e.value == 3
    assert e.variance == pytest.approx(2.5)
    assert e.low == pytest.approx(1.03676, abs=1e-5)
    assert e.high == pytest.approx(4.96324, abs=1e-5)


def test_mean_of_identical_scores_has_a_zero_width_interval():
    e = stats.mean(n=40, total=40 * 7, sum_squares=40 * 49)
    assert e.low == e.high == 7


@pytest.mark.parametrize(
    "df, published",
    [
        (1, 12.7062),
        (2, 4.3027),
        (5, 2.5706),
        (10, 2.2281),
        (29, 2.0452),
        (30, 2.0423),
        (100, 1.9840),
        (1000, 1.9623),
    ],
)
def test_t_quantile_matches_the_printed_table(df, published):
    assert stats.t_quantile(df) == pytest.approx(published, abs=1e-4)


def test_difference_of_two_shares_matches_newcombes_worked_example():
    # Newcombe (1998), example (a): 56/70 - 48/80 = 0.2000, method 10: 0.0524 to 0.3339.
    d = stats.difference(stats.share(successes=48, n=80), stats.share(successes=56, n=70))
    assert d.value == pytest.approx(20.0)
    assert d.low == pytest.approx(5.24, abs=0.01)
    assert d.high == pytest.approx(33.39, abs=0.01)
    assert d.excludes_zero


def test_difference_of_two_nps_adds_the_variances():
    a = stats.nps(promoters=50, passives=30, detractors=20)
    b = stats.nps(promoters=60, passives=25, detractors=15)
    d = stats.difference(a, b)
    se = math.hypot(a.standard_error, b.standard_error)
    assert d.value == pytest.approx(15.0)
    assert d.high - d.value == pytest.approx(Z * se)
    assert not d.excludes_zero  # 15 points on 100 responses each is within the noise


def test_difference_of_means_uses_welch():
    # earlier [1,2,3,4,5] (var 2.5), later [4,5,6,7,8,9] (var 3.5):
    # se = sqrt(2.5/5 + 3.5/6) = 1.04083; df = 1.08333^2 / (0.25/4 + 0.34028/5) = 8.9897.
    a = stats.mean(n=5, total=15, sum_squares=55)
    b = stats.mean(n=6, total=39, sum_squares=271)
    d = stats.difference(a, b)
    assert d.value == pytest.approx(3.5)
    t = stats.t_quantile(8.98974)
    assert d.low == pytest.approx(3.5 - t * 1.040833, abs=1e-4)
    assert d.excludes_zero


def test_difference_needs_two_estimates_of_one_kind():
    with pytest.raises(ValueError):
        stats.difference(
            stats.share(successes=1, n=2), stats.nps(promoters=1, passives=1, detractors=0)
        )


def test_difference_without_intervals_is_none():
    assert stats.difference(stats.share(successes=0, n=0), stats.share(successes=1, n=3)) is None


def test_small_sample_threshold_comes_from_settings(settings):
    settings.CXGOV_VOC_MIN_SAMPLE = 5
    assert not stats.share(successes=3, n=5).small_sample
    assert stats.share(successes=3, n=4).small_sample
    settings.CXGOV_VOC_MIN_SAMPLE = 30
    assert stats.share(successes=3, n=29).small_sample
    assert not stats.share(successes=3, n=30).small_sample


def test_entered_operational_value_is_never_small_and_has_no_interval():
    e = stats.entered_value(4.2)
    assert e.value == 4.2 and not e.has_interval and not e.small_sample


# -- Plain references -------------------------------------------------------------------------


def reference_nps(scores: list[int]) -> tuple[float, float, float]:
    x = [1 if s >= 9 else -1 if s <= 6 else 0 for s in scores]
    m = statistics.fmean(x)
    se = math.sqrt(statistics.variance(x) / len(x))
    return 100 * m, max(-100, 100 * (m - Z * se)), min(100, 100 * (m + Z * se))


def reference_wilson(k: int, n: int) -> tuple[float, float]:
    """Roots of (p_hat - p)^2 = z^2 p (1-p) / n, solved as a quadratic in p."""
    p_hat, z2 = k / n, Z * Z
    a = 1 + z2 / n
    b = -(2 * p_hat + z2 / n)
    c = p_hat * p_hat
    root = math.sqrt(max(0.0, b * b - 4 * a * c))
    return max(0.0, (-b - root) / (2 * a)), min(1.0, (-b + root) / (2 * a))


def reference_t_cdf(t: float, df: float) -> float:
    """Simpson's rule on the t density from 0 to t."""
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def pdf(u: float) -> float:
        return math.exp(log_c - (df + 1) / 2 * math.log1p(u * u / df))

    steps = 2000
    h = t / steps
    area = pdf(0) + pdf(t) + sum((4 if i % 2 else 2) * pdf(i * h) for i in range(1, steps))
    return 0.5 + area * h / 3


def reference_mean(scores: list[float]) -> tuple[float, float, float]:
    m = statistics.fmean(scores)
    se = math.sqrt(statistics.variance(scores) / len(scores))
    t = stats.t_quantile(len(scores) - 1)  # checked against the table and the density above
    return m, m - t * se, m + t * se


# -- Properties -------------------------------------------------------------------------------

nps_scores = st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=400)
csat_scores = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=400)
ces_scores = st.lists(st.integers(min_value=1, max_value=7), min_size=2, max_size=400)
custom_scores = st.lists(
    st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 2)),
    min_size=2,
    max_size=200,
)


@given(nps_scores)
def test_nps_matches_the_reference_on_random_responses(scores):
    e = stats.nps(
        promoters=sum(s >= 9 for s in scores),
        passives=sum(7 <= s <= 8 for s in scores),
        detractors=sum(s <= 6 for s in scores),
    )
    value, low, high = reference_nps(scores)
    assert e.n == len(scores)
    assert e.value == pytest.approx(value, abs=1e-9)
    assert e.low == pytest.approx(low, abs=1e-7)
    assert e.high == pytest.approx(high, abs=1e-7)
    assert e.low <= e.value <= e.high
    assert e.small_sample == (len(scores) < 30)


@given(csat_scores, st.integers(min_value=1, max_value=5))
def test_csat_share_satisfied_matches_wilson_solved_as_a_quadratic(scores, threshold):
    k = sum(s >= threshold for s in scores)
    e = stats.share(successes=k, n=len(scores))
    low, high = reference_wilson(k, len(scores))
    assert e.value == pytest.approx(100 * k / len(scores))
    assert e.low == pytest.approx(100 * low, abs=1e-7)
    assert e.high == pytest.approx(100 * high, abs=1e-7)
    assert 0 <= e.low <= e.value <= e.high <= 100


@given(st.one_of(ces_scores, custom_scores))
def test_mean_matches_the_reference_on_random_responses(scores):
    e = stats.mean(n=len(scores), total=sum(scores), sum_squares=sum(s * s for s in scores))
    value, low, high = reference_mean(scores)
    assert e.value == pytest.approx(value, rel=1e-9, abs=1e-9)
    assert e.low == pytest.approx(low, rel=1e-6, abs=1e-6)
    assert e.high == pytest.approx(high, rel=1e-6, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.5, max_value=150), st.floats(min_value=0.05, max_value=6))
def test_t_cdf_matches_numerical_integration_of_the_density(df, t):
    assert stats.t_cdf(t, df) == pytest.approx(reference_t_cdf(t, df), abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1, max_value=5000))
def test_t_quantile_inverts_the_cdf(df):
    assert stats.t_cdf(stats.t_quantile(df), df) == pytest.approx(0.975, abs=1e-9)


@given(nps_scores, nps_scores)
def test_nps_difference_matches_the_reference(before, after):
    d = stats.difference(
        stats.nps(
            promoters=sum(s >= 9 for s in before),
            passives=sum(7 <= s <= 8 for s in before),
            detractors=sum(s <= 6 for s in before),
        ),
        stats.nps(
            promoters=sum(s >= 9 for s in after),
            passives=sum(7 <= s <= 8 for s in after),
            detractors=sum(s <= 6 for s in after),
        ),
    )

    def mean_and_var(scores):
        x = [1 if s >= 9 else -1 if s <= 6 else 0 for s in scores]
        return statistics.fmean(x), statistics.variance(x) / len(x)

    (m1, v1), (m2, v2) = mean_and_var(before), mean_and_var(after)
    se = 100 * math.sqrt(v1 + v2)
    assert d.value == pytest.approx(100 * (m2 - m1), abs=1e-9)
    assert d.low == pytest.approx(100 * (m2 - m1) - Z * se, abs=1e-7)
    assert d.excludes_zero == (d.low > 0 or d.high < 0)


@given(csat_scores, csat_scores)
def test_share_difference_contains_the_point_and_matches_newcombe(before, after):
    k1, n1 = sum(s >= 4 for s in before), len(before)
    k2, n2 = sum(s >= 4 for s in after), len(after)
    d = stats.difference(stats.share(successes=k1, n=n1), stats.share(successes=k2, n=n2))
    l1, u1 = reference_wilson(k1, n1)
    l2, u2 = reference_wilson(k2, n2)
    p1, p2 = k1 / n1, k2 / n2
    assert d.low == pytest.approx(
        100 * (p2 - p1 - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)), abs=1e-7
    )
    assert d.high == pytest.approx(
        100 * (p2 - p1 + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)), abs=1e-7
    )
    assert d.low <= d.value <= d.high


@given(ces_scores, ces_scores)
def test_mean_difference_matches_welch_from_the_raw_scores(before, after):
    def est(scores):
        return stats.mean(n=len(scores), total=sum(scores), sum_squares=sum(s * s for s in scores))

    d = stats.difference(est(before), est(after))
    a = statistics.variance(before) / len(before)
    b = statistics.variance(after) / len(after)
    diff = statistics.fmean(after) - statistics.fmean(before)
    assert d.value == pytest.approx(diff, abs=1e-9)
    if a + b == 0:
        assert d.low == d.high == pytest.approx(diff)
        return
    df = (a + b) ** 2 / (a * a / (len(before) - 1) + b * b / (len(after) - 1))
    assert stats.t_cdf((d.high - diff) / math.sqrt(a + b), df) == pytest.approx(0.975, abs=1e-6)
