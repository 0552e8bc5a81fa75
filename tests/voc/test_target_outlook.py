"""One baseline and one sentence for a KPI target: the path starts from the KPI's measured
value in the baseline period when there is one (and the pages say when the typed baseline
differs); the status (today against the straight path) and the projection (the trend at the
target date) are put side by side in one sentence that says why they may disagree. Numbers
worked by hand in the comments."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse

from governance.models import SuccessStatement
from tests.voc.factories import metric
from tests.voc.test_targets_and_alerts import month, nps_target
from voc.models import Direction, KpiRollup, KpiTarget, Metric, TargetStatus
from voc.selectors import target_outlook, targets_with_status

# The path of every target here: baseline 20 in January 2026 to 40 on 1 Jan 2027 (365 days).
# June's last day, 30 Jun 2026, is 180 days in (31 + 28 + 31 + 30 + 31 + 29), so the path
# expects 20 + 20 * 180 / 365 = 29.863014 there.
JUNE_EXPECTED = 20 + 20 * 180 / 365


def t4_cdf(t: float) -> float:
    """Student's t with 4 degrees of freedom in closed form (not the code under test)."""
    u = t / math.sqrt(1 + t * t / 4)
    return 0.5 + 3 / 8 * u * (1 - t * t / (12 * (1 + t * t / 4)))


def target(measured: float | None = None) -> KpiTarget:
    t = KpiTarget(
        metric=Metric(name="A mean", direction=Direction.HIGHER),
        granularity="month",
        baseline_value=20,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=40,
        target_date=dt.date(2027, 1, 1),
    )
    t.measured_baseline = measured  # as the manager's annotation gives it
    return t


def series(values: list[float], half_width: float = 1.5) -> list[KpiRollup]:
    """January to June 2026, one value a month, each with an interval of +/- half_width."""
    return [
        KpiRollup(
            granularity="month",
            period_start=dt.date(2026, m, 1),
            n=400,
            score=v,
            low=v - half_width,
            high=v + half_width,
        )
        for m, v in enumerate(values, start=1)
    ]


def test_off_track_today_with_a_good_chance_says_both_and_why():
    # Months x = 0..5: 18, 19, 21, 24, 26, 27; mean x 2.5, mean y 22.5, Sxx 17.5,
    # Sxy = 11.25 + 5.25 + 0.75 + 0.75 + 5.25 + 11.25 = 34.5: slope 1.971429,
    # intercept 22.5 - 1.971429 * 2.5 = 17.571429. January 2027 is x = 12: the trend reaches
    # 17.571429 + 23.657143 = 41.228571, past 40. Residuals 0.429, -0.543, -0.514, 0.514,
    # 0.543, -0.429: SSE 1.485714; se = sqrt(SSE / 4) * sqrt(1/6 + 9.5^2 / 17.5).
    # June: 27 with its interval 25.5..28.5, all below 29.863: off track.
    outlook = target_outlook(target(), series([18, 19, 21, 24, 26, 27]))
    se = math.sqrt(1.485714 / 4) * math.sqrt(1 / 6 + 9.5**2 / 17.5)
    chance = t4_cdf((41.228571 - 40) / se)
    assert outlook.status == TargetStatus.OFF_TRACK
    assert outlook.expected == pytest.approx(JUNE_EXPECTED)
    assert outlook.projection.projected == pytest.approx(41.228571, abs=1e-6)
    assert outlook.projection.probability == pytest.approx(chance, abs=1e-5)
    assert round(chance * 100) == 78
    assert outlook.disagree
    assert outlook.sentence == (
        "Off track today: 27.0 in Jun 2026 is behind the 29.9 the straight path expects, "
        "but the trend of the last 6 months reaches 41.2 by Jan 2027, past the target of 40: "
        "a chance of 78% of reaching it."
    )


def test_on_track_today_with_a_poor_chance_says_both_and_why():
    # 26, 28, 29, 29.5, 30, 30: mean y 28.75, Sxy = 6.875 + 1.125 - 0.125 + 0.375 + 1.875
    # + 3.125 = 13.25: slope 0.757143, intercept 28.75 - 1.892857 = 26.857143; at x = 12,
    # 26.857143 + 9.085714 = 35.942857, short of 40. Residuals -0.857, 0.386, 0.629, 0.371,
    # 0.114, -0.643: SSE 1.842857. June's 30 is beyond 29.863: on track.
    outlook = target_outlook(target(), series([26, 28, 29, 29.5, 30, 30]))
    se = math.sqrt(1.842857 / 4) * math.sqrt(1 / 6 + 9.5**2 / 17.5)
    chance = t4_cdf((35.942857 - 40) / se)
    assert outlook.status == TargetStatus.ON_TRACK
    assert outlook.projection.projected == pytest.approx(35.942857, abs=1e-6)
    assert outlook.projection.probability == pytest.approx(chance, abs=1e-5)
    assert round(chance * 100) == 3
    assert outlook.disagree
    assert outlook.sentence == (
        "On track today: 30.0 in Jun 2026 is ahead of the 29.9 the straight path expects, "
        "but the trend of the last 6 months reaches 35.9 by Jan 2027, short of the target of "
        "40: a chance of 3% of reaching it."
    )


def test_when_status_and_chance_agree_the_sentence_says_and():
    # A straight line 20, 22, ... 30 (2 a month): at x = 12 it reaches 44, past 40; a perfect
    # line has no spread, so the chance is 1 ("over 99%"). June's 30 is ahead of 29.863.
    outlook = target_outlook(target(), series([20, 22, 24, 26, 28, 30]))
    assert outlook.status == TargetStatus.ON_TRACK and not outlook.disagree
    assert outlook.sentence.endswith(
        "ahead of the 29.9 the straight path expects, and the trend of the last 6 months "
        "reaches 44.0 by Jan 2027, past the target of 40: a chance of over 99% of reaching it."
    )


def test_too_few_periods_give_the_position_and_no_chance():
    # 30 Apr 2026 is 119 days in (31 + 28 + 31 + 29): the path expects 20 + 20 * 119 / 365
    # = 26.520548, and April's 29 is ahead of it. Four months: no projection (6 needed).
    outlook = target_outlook(target(), series([26, 27, 28, 29]))
    assert outlook.expected == pytest.approx(20 + 20 * 119 / 365)
    assert outlook.sentence == (
        "On track today: 29.0 in Apr 2026 is ahead of the 26.5 the straight path expects; "
        "no projection: too few periods (4 of 6)."
    )
    assert not outlook.disagree


def test_an_at_risk_kpi_says_the_gap_is_within_the_noise():
    # June 29.5 is behind 29.863, its interval 28 .. 31 reaches the path: at risk.
    outlook = target_outlook(target(), series([24, 25, 26, 27, 28, 29.5]))
    assert outlook.status == TargetStatus.AT_RISK
    assert outlook.sentence.startswith(
        "At risk today: 29.5 in Jun 2026 is behind the 29.9 the straight path expects "
        "(within the noise of its 95% interval), "
    )


def test_no_data_says_so():
    assert target_outlook(target(), []).sentence == "No period of this target has data yet."


def test_the_path_starts_from_the_measured_baseline_when_its_period_has_data():
    # Typed 20, measured 23 in January: June expects 23 + 17 * 180 / 365 = 31.383562.
    # June's 30 (interval 28.5..31.5) is on track against the typed path (29.863) but only
    # at risk against the measured one, which is the one used.
    measured = target(measured=23.0)
    assert measured.baseline == 23.0 and measured.baseline_is_measured
    assert measured.expected_on(dt.date(2026, 6, 30)) == pytest.approx(23 + 17 * 180 / 365)
    outlook = target_outlook(measured, series([26, 28, 29, 29.5, 30, 30]))
    assert outlook.expected == pytest.approx(31.383562, abs=1e-6)
    assert outlook.status == TargetStatus.AT_RISK
    assert measured.baseline_note == (
        "The typed baseline 20 differs from the measured 23.0 of the baseline period: the "
        "path starts from the measured value."
    )
    typed = target(measured=None)
    assert typed.baseline == 20 and not typed.baseline_is_measured and typed.baseline_note == ""
    # Equal at one decimal: nothing to say.
    assert target(measured=20.04).baseline_note == ""


@pytest.mark.django_db
def test_every_read_of_a_target_carries_its_measured_baseline_in_the_same_query(
    django_assert_num_queries,
):
    t = nps_target(SuccessStatement.objects.create(title="Loyal", text="Always."))
    # Another granularity's January and another month do not count.
    KpiRollup.objects.create(
        metric=metric("nps"), granularity="quarter", period_start=dt.date(2026, 1, 1), score=99
    )
    month("nps", dt.date(2026, 2, 1), score=50, low=45, high=55)
    with django_assert_num_queries(1):
        read = KpiTarget.objects.get(pk=t.pk)
        assert read.baseline == 10 and not read.baseline_is_measured
    month("nps", dt.date(2026, 1, 1), score=12.5, low=10, high=15)
    with django_assert_num_queries(1):
        read = KpiTarget.objects.get(pk=t.pk)
        assert read.baseline == 12.5 and read.baseline_is_measured
    # A target not read through the manager asks once.
    t.__dict__.pop("measured_baseline", None)
    with django_assert_num_queries(1):
        assert t.baseline == 12.5 and t.baseline == 12.5


@pytest.mark.django_db
def test_the_target_page_metric_page_and_api_use_the_measured_baseline(client, core_team_user):
    # NPS path from 10 typed / 14 measured (January) to 40 on 1 Jan 2027.
    t = nps_target(SuccessStatement.objects.create(title="Loyal", text="Always."))
    month("nps", dt.date(2026, 1, 1), score=14, low=12, high=16)
    client.force_login(core_team_user)
    page = client.get(reverse("voc:target", args=[t.pk])).content.decode()
    note = (
        "The typed baseline 10 differs from the measured 14.0 of the baseline period: the "
        "path starts from the measured value."
    )
    assert note in page and "(measured)" in page
    [reading] = targets_with_status(KpiTarget.objects.filter(pk=t.pk), with_outlook=True)
    assert reading.outlook.sentence in page
    body = client.get(reverse("target-detail", args=[t.pk])).json()
    assert body["baseline"] == 14 and body["baseline_measured"] is True
    assert body["baseline_value"] == 10 and body["baseline_note"] == note
