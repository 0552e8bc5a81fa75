"""Experience beside operational data: Pearson's and Spearman's correlation with their 95%
intervals (Fisher's z) checked against scipy and against numbers worked by hand; the pairing of
two metrics' periods; "weak" under 8 periods, refused under 3 naming the field; the page and
the API."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from scipy import stats as sp

from voc import services, stats
from voc.models import KpiRollup, Metric
from voc.selectors import experience_beside_operational

from .factories import TouchpointFactory

# Repeat contacts (%) and CSAT (%) over ten months: CSAT falls as repeat contacts rise, with a
# tie in each series (so Spearman's ranks share), and one month out of step.
REPEAT = [21.0, 20.4, 19.8, 19.9, 18.7, 18.0, 18.0, 17.1, 16.4, 15.9]
CSAT = [71.2, 72.0, 71.9, 73.5, 74.1, 73.0, 75.6, 75.6, 77.0, 76.8]


def test_pearson_spearman_and_their_intervals_match_scipy():
    r, rho = stats.correlations(REPEAT, CSAT)
    reference = sp.pearsonr(REPEAT, CSAT)
    assert r.value == pytest.approx(reference.statistic, abs=1e-12)
    low, high = reference.confidence_interval(confidence_level=0.95)  # Fisher's z in scipy
    assert (r.low, r.high) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
    assert rho.value == pytest.approx(sp.spearmanr(REPEAT, CSAT).statistic, abs=1e-12)
    # Spearman's interval: Fisher's z with Fieller's standard error sqrt(1.06 / (n - 3)).
    se = math.sqrt(1.06 / 7)
    z = math.atanh(rho.value)
    assert rho.low == pytest.approx(math.tanh(z - 1.959963984540054 * se), abs=1e-12)
    assert rho.high == pytest.approx(math.tanh(z + 1.959963984540054 * se), abs=1e-12)
    assert r.n == rho.n == 10 and not r.weak


def test_a_hand_worked_case():
    """x = 1..5, y = 2 4 5 4 5: deviations x -2 -1 0 1 2, y -2 0 1 0 1; Sxy = 4 + 2 = 6,
    Sxx = 10, Syy = 6, r = 6 / sqrt(60) = 0.774597. Ranks of y: 1, 2.5, 4.5, 2.5, 4.5 (mean
    3, deviations -2 -0.5 1.5 -0.5 1.5), so rho = 7 / sqrt(10 * 9) = 0.737865. Fisher:
    z = atanh(0.774597) = 1.031718, se = 1/sqrt(2) = 0.707107, z +- 1.959964 * se = -0.354185 .. 2.417622, back through tanh:
    -0.340082 .. 0.984236."""
    r, rho = stats.correlations([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert r.value == pytest.approx(0.774597, abs=1e-6)
    assert rho.value == pytest.approx(0.737865, abs=1e-6)
    assert (r.low, r.high) == (
        pytest.approx(-0.340082, abs=1e-6),
        pytest.approx(0.984236, abs=1e-6),
    )
    assert r.weak
    assert stats.ranks([2, 4, 5, 4, 5]) == [1, 2.5, 4.5, 2.5, 4.5]


def test_three_periods_have_no_interval_and_a_flat_series_no_correlation():
    r, _ = stats.correlations([1, 2, 3], [3, 1, 2])
    assert r.value == pytest.approx(-0.5) and r.low is None and r.high is None
    assert stats.correlations([1, 2, 3], [4, 4, 4]) is None


# -- Two metrics' periods, paired --------------------------------------------------------------


@pytest.fixture
def series(db, core_team_user):
    """CSAT overall for 12 months; repeat contacts entered for the last 10 of them (and one
    month with no CSAT): 10 paired months."""
    csat, repeat = Metric.objects.get(code="csat"), Metric.objects.get(code="repeat-contacts")
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    for month, value in zip(months[2:], CSAT, strict=True):
        KpiRollup.objects.create(
            metric=csat, granularity="month", period_start=month, score=value, n=300
        )
    KpiRollup.objects.create(
        metric=csat, granularity="month", period_start=months[0], score=70, n=300
    )
    for month, value in zip([*months[2:], dt.date(2026, 1, 1)], [*REPEAT, 15.0], strict=True):
        services.operational_value_record(
            by=core_team_user,
            metric=repeat,
            granularity="month",
            period_start_on=month,
            value=value,
        )
    return csat, repeat


def test_the_paired_periods_and_their_correlation(series, django_assert_num_queries):
    csat, repeat = series
    with django_assert_num_queries(1):
        found = experience_beside_operational(experience=csat, operational=repeat)
    assert found.n == 10 and [p.experience for p in found.pairs] == CSAT
    assert found.pearson.value == pytest.approx(sp.pearsonr(REPEAT, CSAT).statistic)
    assert found.pearson.high < 0  # the interval excludes 0: CSAT falls as repeats rise
    assert not found.weak
    fewer = experience_beside_operational(experience=csat, operational=repeat, periods=6)
    assert fewer.n == 6 and fewer.weak and fewer.pairs[0].period_start == dt.date(2025, 7, 1)


def test_fewer_than_three_paired_periods_are_refused_naming_the_field(series):
    csat, repeat = series
    with pytest.raises(ValidationError) as refused:
        experience_beside_operational(experience=csat, operational=repeat, granularity="quarter")
    assert (
        refused.value.message_dict["periods"]
        == [
            "Only 0 quarter periods have both Customer satisfaction (CSAT) and Repeat contact rate: "
            "a correlation needs at least 3. Enter more Repeat contact rate figures or choose "
            "another granularity."
        ]
        or "periods" in refused.value.message_dict
    )
    with pytest.raises(ValidationError) as refused:
        experience_beside_operational(experience=repeat, operational=csat)
    assert set(refused.value.message_dict) == {"experience"}


def test_the_page_shows_both_series_and_the_figures(series, client, viewer_user):
    client.force_login(viewer_user)
    page = client.get(
        reverse("voc:correlation"), {"experience": "csat", "operational": "repeat-contacts"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    r = sp.pearsonr(REPEAT, CSAT).statistic
    assert f'<td class="num">{r:.2f}</td>' in html
    # One chart, both series over the same periods, each point titled with its value.
    assert html.count("chart--two-axis") == 1 and "Over <strong>10 month periods</strong>" in html
    assert "<title>Mar 25: Repeat contact rate (%) 21</title>" in html
    refused = client.get(
        reverse("voc:correlation"),
        {"experience": "csat", "operational": "repeat-contacts", "granularity": "quarter"},
    )
    assert refused.status_code == 200  # valid choices the data cannot answer yet
    assert "a correlation needs at least 3" in refused.content.decode()
    assert client.get(reverse("voc:correlation"), {"periods": "2"}).status_code == 400


def test_the_api_answers_the_figures_and_names_the_refused_parameter(series, client, viewer_user):
    client.force_login(viewer_user)
    url = reverse("correlation")
    body = client.get(url, {"experience": "csat", "operational": "repeat-contacts"}).json()
    assert body["n"] == 10 and body["weak"] is False
    assert body["pearson"]["value"] == pytest.approx(sp.pearsonr(REPEAT, CSAT).statistic)
    answer = client.get(url, {"experience": "csat", "operational": "repeat-contacts", "periods": 2})
    assert answer.status_code == 400 and "periods" in answer.json()
    answer = client.get(
        url, {"experience": "csat", "operational": "repeat-contacts", "granularity": "quarter"}
    )
    assert answer.status_code == 400 and "periods" in answer.json()


# -- The same periods and the same dimension -----------------------------------------------------

# Two touchpoints' own months, unlike each other and unlike the whole company's. App login:
# repeat contacts (%) climb as CSAT dips and recovers. Contact centre: handle time (min) falls
# while CSAT rises, with a tie in handle time and one month out of step.
AT = {
    "app-login": (
        [74.0, 73.1, 70.2, 66.8, 65.0, 67.9, 71.5, 73.8],
        [17.2, 17.9, 20.6, 23.9, 24.4, 22.0, 19.1, 18.0],
    ),
    "contact-centre": (
        [68.0, 69.5, 69.1, 71.0, 72.4, 71.8, 73.9, 74.6, 75.2],
        [8.4, 8.1, 8.1, 7.9, 7.2, 7.6, 7.0, 6.8, 6.9],
    ),
}


@pytest.fixture
def per_touchpoint(series, core_team_user):
    """CSAT rollups and repeat contacts entered at two touchpoints (months from July 2024) on
    top of the whole company's series, and a third touchpoint with two months only."""
    csat, repeat = series
    touchpoints = {}
    for code, (experience, operational) in [*AT.items(), ("branch-visit", ([70, 71], [12, 13]))]:
        touchpoints[code] = TouchpointFactory(code=code, name=code.replace("-", " ").title())
        for index, (e, o) in enumerate(zip(experience, operational, strict=True)):
            month = dt.date(2024 + (6 + index) // 12, (6 + index) % 12 + 1, 1)
            KpiRollup.objects.create(
                metric=csat, granularity="month", period_start=month, score=e, n=120,
                dimension_kind="touchpoint", dimension_id=touchpoints[code].pk,
            )  # fmt: skip
            services.operational_value_record(
                by=core_team_user, metric=repeat, granularity="month", period_start_on=month,
                touchpoint=touchpoints[code], value=o,
            )  # fmt: skip
    return csat, repeat, touchpoints


@pytest.mark.parametrize("code", list(AT))
def test_each_touchpoint_pairs_its_own_figures_checked_against_scipy(
    per_touchpoint, code, django_assert_num_queries
):
    csat, repeat, touchpoints = per_touchpoint
    experience, operational = AT[code]
    with django_assert_num_queries(1):
        found = experience_beside_operational(
            experience=csat, operational=repeat, touchpoint=touchpoints[code]
        )
    assert found.n == len(experience) and found.scope == touchpoints[code].name
    assert [(p.experience, p.operational) for p in found.pairs] == list(
        zip(experience, operational, strict=True)
    )
    reference = sp.pearsonr(experience, operational)
    low, high = reference.confidence_interval(confidence_level=0.95)
    assert found.pearson.value == pytest.approx(reference.statistic, abs=1e-12)
    assert (found.pearson.low, found.pearson.high) == (
        pytest.approx(low, abs=1e-9),
        pytest.approx(high, abs=1e-9),
    )
    rho = sp.spearmanr(experience, operational).statistic
    assert found.spearman.value == pytest.approx(rho, abs=1e-12)
    z, se = math.atanh(rho), math.sqrt(1.06 / (len(experience) - 3))
    assert found.spearman.low == pytest.approx(math.tanh(z - 1.959963984540054 * se), abs=1e-12)
    assert found.pearson.high < 0  # each falls as the other rises
    # The whole company's series is untouched by the touchpoints' figures.
    overall = experience_beside_operational(experience=csat, operational=repeat)
    assert [p.operational for p in overall.pairs] == REPEAT


def test_a_touchpoint_with_two_paired_months_is_refused_naming_periods(per_touchpoint):
    csat, repeat, touchpoints = per_touchpoint
    with pytest.raises(ValidationError) as refused:
        experience_beside_operational(
            experience=csat, operational=repeat, touchpoint=touchpoints["branch-visit"]
        )
    assert refused.value.message_dict == {
        "periods": [
            "Only 2 month periods have both Customer satisfaction (CSAT) and Repeat contact "
            "rate at Branch Visit: a correlation needs at least 3. Enter more Repeat contact "
            "rate figures at Branch Visit or choose another granularity or scope."
        ]
    }


def test_the_page_and_the_api_read_one_touchpoint(per_touchpoint, client, viewer_user):
    client.force_login(viewer_user)
    query = {"experience": "csat", "operational": "repeat-contacts", "touchpoint": "app-login"}
    r = sp.pearsonr(*AT["app-login"]).statistic
    html = client.get(reverse("voc:correlation"), query).content.decode()
    assert (
        f'<td class="num">{r:.2f}</td>' in html and "Over <strong>8 month periods</strong>" in html
    )
    body = client.get(reverse("correlation"), query).json()
    assert body["scope"] == "App Login" and body["n"] == 8
    assert body["pearson"]["value"] == pytest.approx(r)
    answer = client.get(reverse("correlation"), query | {"touchpoint": "nowhere"})
    assert answer.status_code == 400 and "touchpoint" in answer.json()
    answer = client.get(reverse("correlation"), query | {"touchpoint": "branch-visit"})
    assert answer.status_code == 400 and "periods" in answer.json()
