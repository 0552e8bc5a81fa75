"""How realistic a KPI target is: the change it asks per period beside the largest change
between two consecutive periods in the KPI's history, and the responses per period needed to
tell that change from noise (80% power, 5% significance). A stretch is said with its numbers,
never refused. Numbers worked by hand in the comments; the sample sizes also against a
reference written here from the textbook formulas with the tables' z values."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse

from governance.models import SuccessStatement
from tests.helpers import assert_flat_query_count
from voc import services, stats
from voc.models import Direction, KpiRollup, KpiTarget, Metric, MetricKind
from voc.selectors import target_realism, targets_realism
from voc.selectors.realism import Point, largest_change, pooled_variance

from .factories import metric

# From the normal table: z for a two-sided 5% test, and z for 80% power.
Z_ALPHA, Z_BETA = 1.959964, 0.841621


def reference_two_proportions(p1: float, p2: float) -> float:
    """Fleiss (1981), 4.14, without continuity correction: not the code under test."""
    pooled = (p1 + p2) / 2
    top = Z_ALPHA * math.sqrt(2 * pooled * (1 - pooled)) + Z_BETA * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return top**2 / (p1 - p2) ** 2


def reference_two_means(delta: float, variance: float) -> float:
    return 2 * (Z_ALPHA + Z_BETA) ** 2 * variance / delta**2


# -- The sample sizes ------------------------------------------------------------------------


def test_two_proportions_from_80_to_82_percent_need_6039_a_period():
    # pooled 0.81: 1.959964 * sqrt(2 * 0.81 * 0.19) = 1.959964 * 0.554797 = 1.087382;
    # 0.841621 * sqrt(0.16 + 0.1476) = 0.841621 * 0.554617 = 0.466778; sum 1.554160,
    # squared 2.415413, over 0.02^2: 6038.53, so 6039.
    assert math.isclose(reference_two_proportions(0.80, 0.82), 6038.53, abs_tol=0.01)
    assert stats.sample_size_two_proportions(0.80, 0.82) == 6039
    assert stats.sample_size_two_proportions(0.82, 0.80) == 6039  # either way


def test_two_means_a_tenth_apart_with_sd_1_5_need_3532_a_period():
    # 2 * (1.959964 + 0.841621)^2 * 2.25 / 0.01 = 2 * 7.848879 * 225 = 3531.995: 3532.
    assert math.isclose(reference_two_means(0.1, 2.25), 3531.995, abs_tol=0.001)
    assert stats.sample_size_two_means(0.1, 2.25) == 3532
    assert stats.sample_size_two_means(-0.1, 2.25) == 3532


@pytest.mark.parametrize(
    "p1, p2", [(0.5, 0.55), (0.9, 0.95), (0.1, 0.13), (0.62, 0.60), (0.3, 0.31)]
)
def test_two_proportions_agree_with_the_reference(p1, p2):
    assert stats.sample_size_two_proportions(p1, p2) == math.ceil(reference_two_proportions(p1, p2))


def test_a_sample_size_without_a_change_is_refused():
    with pytest.raises(ValueError):
        stats.sample_size_two_proportions(0.5, 0.5)
    with pytest.raises(ValueError):
        stats.sample_size_two_means(0, 1.0)
    with pytest.raises(ValueError):
        stats.sample_size_two_proportions(0.5, 1.2)


# -- The history: largest change and spread ------------------------------------------------


def nps_point(month: int, promoters: int, detractors: int, n: int = 100) -> Point:
    return Point(
        dt.date(2026, month, 1),
        100 * (promoters - detractors) / n,
        n=n,
        promoters=promoters,
        detractors=detractors,
    )


# NPS January to June 2026, 100 responses a month, 20 detractors each:
# promoters 40, 41, 43, 42, 45, 46: NPS 20, 21, 23, 22, 25, 26.
# Month-on-month changes +1, +2, -1, +3, +1: the largest is +3, from April.
NPS_HISTORY = [
    nps_point(1, 40, 20),
    nps_point(2, 41, 20),
    nps_point(3, 43, 20),
    nps_point(4, 42, 20),
    nps_point(5, 45, 20),
    nps_point(6, 46, 20),
]
# Within each month the +1/0/-1 score has sum P - D and sum of squares P + D: squared
# deviations (P + D) - (P - D)^2 / 100 = 56, 56.59, 57.71, 57.16, 58.75, 59.24, in all 345.45
# over 6 * 99 = 594 degrees of freedom: 0.581566, or 5815.657 in points squared.
NPS_VARIANCE = 345.45 / 594 * 10_000


def test_the_largest_change_is_between_consecutive_periods_only():
    assert largest_change(NPS_HISTORY, "month", higher=True) == (3, dt.date(2026, 4, 1), 5)
    # Without May, April to June (+4 over two months) is not one month's change.
    gap = [p for p in NPS_HISTORY if p.period_start.month != 5]
    assert largest_change(gap, "month", higher=True) == (2, dt.date(2026, 2, 1), 3)
    # Lower is better: the largest fall, 20 -> ... never falls by more than -1 (Mar to Apr).
    assert largest_change(NPS_HISTORY, "month", higher=False) == (1, dt.date(2026, 3, 1), 5)
    assert largest_change(NPS_HISTORY[:1], "month", higher=True) == (None, None, 0)


def test_the_spread_is_pooled_within_periods():
    from voc.stats import Estimator

    assert math.isclose(pooled_variance(NPS_HISTORY, Estimator.NPS), NPS_VARIANCE)
    assert pooled_variance([nps_point(1, 1, 0, n=1)], Estimator.NPS) is None


def target(kind=MetricKind.NPS, direction=Direction.HIGHER, *, baseline, value, until, start=None):
    t = KpiTarget(
        metric=Metric(name="A KPI", kind=kind, direction=direction, scale_min=1, scale_max=7),
        granularity="month",
        baseline_value=baseline,
        baseline_period_start=start or dt.date(2026, 1, 1),
        target_value=value,
        target_date=until,
    )
    t.measured_baseline = None  # as the manager's annotation gives it without data
    return t


def test_a_target_within_history_asks_less_than_the_largest_change():
    # 20 to 44 from January 2026 to January 2027: 12 months, +2 a month, under April's +3.
    # To tell 2 points from noise: 2 * 7.848879 * 5815.657 / 4 = 22823.2, so 22824 a month.
    realism = target_realism(target(baseline=20, value=44, until=dt.date(2027, 1, 1)), NPS_HISTORY)
    assert (realism.periods, realism.asked, realism.largest) == (12, 2, 3)
    assert realism.stretch is False
    assert realism.sample_size == math.ceil(reference_two_means(2, NPS_VARIANCE)) == 22824
    assert realism.latest_n == 100
    assert realism.sentence == (
        "It asks +2.0 a month for 12 months (from +20.0 to +44.0). History has given as much: "
        "the largest change from one month to the next in 5 pairs of consecutive months was "
        "+3.0 (from Apr 2026). Telling a change of 2.0 from noise between two months takes "
        "22,824 responses a month (80% power, 5% significance); the latest month had 100."
    )


def test_a_target_beyond_history_is_a_stretch_with_its_numbers():
    # 20 to 60 over 12 months: +3.33 a month, more than April's +3.
    # 2 * 7.848879 * 5815.657 / 3.3333^2 = 8216.3, so 8217 a month.
    realism = target_realism(target(baseline=20, value=60, until=dt.date(2027, 1, 1)), NPS_HISTORY)
    assert realism.stretch is True
    assert math.isclose(realism.asked, 40 / 12)
    assert realism.sample_size == math.ceil(reference_two_means(40 / 12, NPS_VARIANCE)) == 8217
    assert "A stretch: the largest change from one month to the next" in realism.sentence
    assert "was +3.0 (from Apr 2026)" in realism.sentence


def test_a_share_uses_two_proportions_from_the_baseline():
    # CSAT 80% in January to 82% by 1 February: one month, 2 points: 6039 (above).
    realism = target_realism(
        target(MetricKind.CSAT, baseline=80, value=82, until=dt.date(2026, 2, 1)), []
    )
    assert (realism.periods, realism.asked, realism.sample_size) == (1, 2, 6039)
    assert realism.sentence.startswith(
        "It asks +2.0 points a month for 1 month (from 80.0% to 82.0%)."
    )
    assert "Telling a change of 2.0 points from noise" in realism.sentence
    assert realism.stretch is False  # no history: nothing to say it is beyond
    assert "no two consecutive months with a value" in realism.sentence


def mean_point(month: int, mean: float) -> Point:
    # 101 responses with variance 2.25: squared deviations 225 = sum of squares - total^2 / 101.
    total = 101 * mean
    return Point(
        dt.date(2026, month, 1), mean, n=101, total=total, total_squares=225 + total**2 / 101
    )


def test_lower_is_better_asks_a_fall_and_reads_falls_as_changes():
    # 3.0, 2.8, 2.9, 2.5: falls 0.2, -0.1, 0.4; the largest fall is 0.4, from March.
    history = [mean_point(1, 3.0), mean_point(2, 2.8), mean_point(3, 2.9), mean_point(4, 2.5)]
    # 3.0 to 2.6 over January to May: 4 months, a fall of 0.1 a month; variance 2.25: 3532.
    easy = target_realism(
        target(
            MetricKind.CUSTOM_MEAN,
            Direction.LOWER,
            baseline=3,
            value=2.6,
            until=dt.date(2026, 5, 1),
        ),
        history,
    )
    assert easy.periods == 4 and math.isclose(easy.asked, 0.1)
    assert math.isclose(easy.largest, 0.4) and easy.largest_from == dt.date(2026, 3, 1)
    assert easy.stretch is False and easy.sample_size == 3532
    assert "It asks −0.10 a month for 4 months (from 3.00 to 2.60)" in easy.sentence
    # 3.0 to 1.0 over the same months: 0.5 a month, beyond 0.4.
    hard = target_realism(
        target(
            MetricKind.CUSTOM_MEAN, Direction.LOWER, baseline=3, value=1, until=dt.date(2026, 5, 1)
        ),
        history,
    )
    assert hard.stretch is True and math.isclose(hard.asked, 0.5)


def test_a_measured_baseline_already_past_the_target_asks_nothing():
    t = target(baseline=20, value=24, until=dt.date(2027, 1, 1))
    t.measured_baseline = 30
    realism = target_realism(t, NPS_HISTORY)
    assert realism.asked < 0 and realism.stretch is False and realism.sample_size is None
    assert (
        realism.sentence
        == "The baseline +30.0 already meets the target +24.0: it asks no further change."
    )


def test_an_operational_figure_has_no_sample_size():
    history = [Point(dt.date(2026, m, 1), v) for m, v in ((1, 5.0), (2, 4.5))]
    realism = target_realism(
        target(
            MetricKind.OPERATIONAL, Direction.LOWER, baseline=5, value=3, until=dt.date(2026, 3, 1)
        ),
        history,
    )
    assert realism.stretch is True  # a fall of 1 a month against 0.5 once
    assert realism.sample_size is None and "responses a" not in realism.sentence


# -- Read from the rollups; shown on the pages and in the API -------------------------------


@pytest.fixture
def statement(db):
    return SuccessStatement.objects.create(title="Easy to do business with", text="Every time.")


def store_nps_history(scope=("overall", 0)) -> None:
    nps = metric("nps")
    for p in NPS_HISTORY:
        KpiRollup.objects.create(
            metric=nps,
            granularity="month",
            period_start=p.period_start,
            dimension_kind=scope[0],
            dimension_id=scope[1],
            n=p.n,
            promoters=p.promoters,
            passives=p.n - p.promoters - p.detractors,
            detractors=p.detractors,
            score=p.score,
        )


def set_target(by, statement, value, **fields) -> KpiTarget:
    values = {
        "success_statement": statement,
        "metric": metric("nps"),
        "baseline_value": 20,
        "baseline_period_start": dt.date(2026, 1, 1),
        "target_value": value,
        "target_date": dt.date(2027, 1, 1),
    }
    values.update(fields)
    return services.target_create(by=by, **values)


@pytest.mark.django_db
def test_targets_realism_reads_every_series_in_one_query_and_skips_the_open_period(
    core_team_user, statement, django_assert_num_queries
):
    store_nps_history()
    # July is the period holding `on`: not complete, so its +30 jump is not history.
    KpiRollup.objects.create(
        metric=metric("nps"), granularity="month", period_start=dt.date(2026, 7, 1),
        n=100, promoters=76, passives=4, detractors=20, score=56,
    )  # fmt: skip
    within = set_target(core_team_user, statement, 44)
    other = SuccessStatement.objects.create(title="Other", text="Elsewhere.")
    stretch = set_target(core_team_user, other, 60)
    csat = set_target(
        core_team_user, other, 82, metric=metric("csat"), baseline_value=80,
        target_date=dt.date(2026, 2, 1),
    )  # fmt: skip
    targets = list(KpiTarget.objects.select_related("metric"))
    with django_assert_num_queries(1):
        realism = targets_realism(targets, on=dt.date(2026, 7, 15))
    assert realism[within.pk].largest == 3 and realism[within.pk].stretch is False
    assert realism[stretch.pk].stretch is True
    assert realism[csat.pk].sample_size == 6039 and realism[csat.pk].pairs == 0
    assert targets_realism(targets, on=dt.date(2026, 8, 15))[within.pk].largest == 30


@pytest.mark.django_db
def test_a_stretch_target_is_set_from_the_page_with_its_numbers(client, core_team_user, statement):
    store_nps_history()
    client.force_login(core_team_user)
    answer = client.post(
        reverse("voc:target-create", args=[statement.pk]),
        {
            "metric": metric("nps").pk,
            "scope": "overall",
            "granularity": "month",
            "baseline_value": "20",
            "baseline_period_start": "2026-01-01",
            "target_value": "60",
            "target_date": "2027-01-01",
            "note": "",
        },
        follow=True,
    )
    assert answer.status_code == 200
    saved = KpiTarget.objects.get()  # never refused
    assert saved.target_value == 60
    page = answer.content.decode()
    assert "A stretch: the largest change from one month to the next in 5 pairs" in page
    assert "8,217 responses a month" in page
    detail = client.get(reverse("voc:target", args=[saved.pk])).content.decode()
    assert "How realistic it is" in detail and 'badge--warning">Stretch' in detail
    statement_page = client.get(
        reverse("governance:success-statement-detail", args=[statement.pk])
    ).content.decode()
    assert 'badge--warning">Stretch' in statement_page


@pytest.mark.django_db
def test_changing_a_target_shows_the_new_figures(client, core_team_user, statement):
    store_nps_history()
    target = set_target(core_team_user, statement, 60)
    client.force_login(core_team_user)
    edit = reverse("voc:target-edit", args=[target.pk])
    assert "A stretch" in client.get(edit).content.decode()  # as it stands
    data = {
        "granularity": "month",
        "baseline_value": "20",
        "baseline_period_start": "2026-01-01",
        "target_value": "44",
        "target_date": "2027-01-01",
        "note": "",
        "version": target.version,
    }
    page = client.post(edit, data, follow=True).content.decode()
    assert "History has given as much" in page and "22,824 responses a month" in page
    assert 'badge--warning">Stretch' not in page


@pytest.mark.django_db
def test_the_api_answers_a_stretch_with_its_numbers(api_client, core_team_user, statement):
    store_nps_history()
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/targets/",
        {
            "success_statement": statement.pk,
            "metric": metric("nps").pk,
            "baseline_value": 20,
            "baseline_period_start": "2026-01-01",
            "target_value": 60,
            "target_date": "2027-01-01",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    realism = answer.json()["realism"]
    assert realism["stretch"] is True
    assert realism["periods"] == 12 and math.isclose(realism["asked_per_period"], 40 / 12)
    assert realism["largest_change"] == 3 and realism["largest_change_from"] == "2026-04-01"
    assert realism["history_pairs"] == 5
    assert (realism["sample_size_per_period"], realism["latest_n"]) == (8217, 100)


@pytest.mark.django_db
def test_the_target_list_reads_realism_in_a_flat_number_of_queries(
    api_client, core_team_user, statement
):
    store_nps_history()
    api_client.force_authenticate(core_team_user)
    nps = metric("nps")

    def grow_to(size):
        for i in range(KpiTarget.objects.count(), size):
            s = SuccessStatement.objects.create(title=f"Statement {i}", text="More.")
            KpiTarget.objects.create(
                success_statement=s, metric=nps, baseline_value=20,
                baseline_period_start=dt.date(2026, 1, 1), target_value=30 + 3 * i,
                target_date=dt.date(2027, 1, 1),
            )  # fmt: skip

    grow_to(2)
    api_client.get("/api/v1/targets/")
    assert_flat_query_count(
        fetch=lambda: api_client.get("/api/v1/targets/"), grow_to=grow_to, sizes=(2, 12)
    )
    rows = api_client.get("/api/v1/targets/", {"page_size": 50}).json()["results"]
    assert {r["realism"]["stretch"] for r in rows} == {True, False}
