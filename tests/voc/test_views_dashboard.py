"""The KPI dashboard and a metric's page: values never bare (interval, n, small sample),
target status, filters validated by name, and a query count that does not grow with the
number of responses (the pages read rollups only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from governance.models import SuccessStatement
from tests.helpers import assert_flat_query_count, count_queries
from voc.models import KpiRollup, KpiTarget, Response
from voc.services import rollup_rebuild

from .factories import TouchpointFactory, metric

MARCH = {"granularity": "month", "start": "2026-01-01", "end": "2026-03-31"}


def responses(code: str, scores: list[int], *, day=dt.date(2026, 3, 2), touchpoint=None, tag=""):
    m = metric(code)
    Response.objects.bulk_create(
        Response(
            metric=m,
            score=score,
            responded_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
            touchpoint=touchpoint,
            external_id=f"{code}-{tag}{day}-{i}",
            comment="",
        )
        for i, score in enumerate(scores)
    )


@pytest.fixture
def core(client: Client, core_team_user) -> Client:
    client.force_login(core_team_user)
    return client


def test_a_card_shows_the_latest_value_with_its_interval_n_and_a_small_sample_mark(core):
    # March: promoters 9, 10, 9; passive 7; detractor 3 -> (3 - 1) / 5 = +40.0, n = 5 < 30.
    responses("nps", [9, 10, 9, 7, 3])
    rollup_rebuild()
    page = core.get("/voc/", MARCH)
    assert page.status_code == 200
    html = page.content.decode()
    card = html[html.index('id="kpi-nps"') :]
    card = card[: card.index("</article>")]
    row = KpiRollup.objects.get(metric__code="nps", granularity="month", dimension_kind="overall")
    assert "+40.0" in card and "n = 5" in card and "Small sample" in card
    assert f"95% interval {row.low:+.1f} to {row.high:+.1f}".replace("-", "−") in card
    assert "March 2026" in card and "<svg" in card
    assert "No responses in these periods." in html[html.index('id="kpi-csat"') :]


def test_thirty_responses_are_not_a_small_sample(core, settings):
    settings.CXGOV_VOC_MIN_SAMPLE = 30
    responses("csat", [5] * 24 + [2] * 6)  # 24 of 30 satisfied: 80.0%
    rollup_rebuild()
    html = core.get("/voc/", MARCH).content.decode()
    card = html[html.index('id="kpi-csat"') :]
    card = card[: card.index("</article>")]
    assert "80.0%" in card and "n = 30" in card and "Small sample" not in card


def test_a_card_shows_its_target_status_from_the_target_rule(core):
    responses("nps", [0] * 40)  # NPS -100 in March, far below any path
    rollup_rebuild()
    statement = SuccessStatement.objects.create(title="Loved", text="By all.")
    KpiTarget.objects.create(
        success_statement=statement, metric=metric("nps"), baseline_value=10,
        baseline_period_start=dt.date(2026, 1, 1), target_value=40,
        target_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    html = core.get("/voc/", MARCH).content.decode()
    card = html[html.index('id="kpi-nps"') :]
    assert "Off track" in card[: card.index("</article>")]


def test_the_scope_filter_shows_one_touchpoints_values(core):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    responses("nps", [10, 10], touchpoint=checkout, tag="c")
    responses("nps", [0, 0], tag="o")
    rollup_rebuild()
    overall = core.get("/voc/", MARCH).content.decode()
    scoped = core.get("/voc/", {**MARCH, "scope": f"touchpoint:{checkout.pk}"}).content.decode()
    assert ">0.0<" in overall[overall.index('id="kpi-nps"') :][:2000]
    assert "+100.0" in scoped[scoped.index('id="kpi-nps"') :][:2000]
    assert "Checkout, by month" in scoped


def test_with_no_responses_the_page_tells_the_core_team_to_import(core, client, viewer_user):
    html = core.get("/voc/").content.decode()
    assert "No responses yet" in html and "Import a CSV file of responses" in html
    client.force_login(viewer_user)
    html = client.get("/voc/").content.decode()
    assert "The core CX team imports them" in html


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"granularity": "year"}, "Granularity: &#x27;year&#x27; is not a period length"),
        ({"start": "March"}, "From: Give a date as YYYY-MM-DD."),
        (
            {"start": "2026-03-01", "end": "2026-01-01"},
            "To: &#x27;To&#x27; (1 Jan 2026) is before",
        ),
        ({"scope": "touchpoint:999"}, "Responses: &#x27;touchpoint:999&#x27; is not a touchpoint"),
        ({"granularity": "day", "start": "2020-01-01", "end": "2026-01-01"}, "more than 400 days"),
    ],
)
def test_a_wrong_filter_is_a_400_that_names_it(core, params, named):
    for url in ("/voc/", "/voc/metrics/nps/"):
        page = core.get(url, params)
        assert page.status_code == 400
        assert named in page.content.decode()


def test_a_wrong_breakdown_is_named(core):
    page = core.get("/voc/metrics/nps/", {"breakdown": "planet"})
    assert page.status_code == 400
    assert "Break down by: &#x27;planet&#x27; is not a dimension" in page.content.decode()


def test_htmx_gets_the_results_alone_and_a_plain_request_the_whole_page(core):
    whole = core.get("/voc/").content.decode()
    part = core.get("/voc/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in whole and "<html" not in part and "kpi-results" not in part
    part = core.get("/voc/metrics/nps/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and "Trend" in part


def test_the_metric_page_draws_the_trend_with_band_and_target_and_breaks_it_down(core):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    delivery = TouchpointFactory(code="delivery", name="Delivery")
    TouchpointFactory(code="quiet", name="Quiet")
    responses("nps", [10, 9, 3], day=dt.date(2026, 2, 10), touchpoint=checkout, tag="f")
    responses("nps", [10, 10, 10, 0], touchpoint=checkout, tag="c")  # (3 - 1) / 4 = +50.0
    responses("nps", [0, 5, 9], touchpoint=delivery, tag="d")  # (1 - 2) / 3 = -33.3
    rollup_rebuild()
    statement = SuccessStatement.objects.create(title="Loved", text="By all.")
    KpiTarget.objects.create(
        success_statement=statement, metric=metric("nps"), baseline_value=10,
        baseline_period_start=dt.date(2026, 1, 1), target_value=40,
        target_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    html = core.get("/voc/metrics/nps/", MARCH).content.decode()
    assert 'class="chart__band"' in html and 'class="chart__target"' in html
    assert "Mar 26: +14.3" not in html  # values are formatted by the chart as plain numbers
    assert "Mar 26: 14.3 (95% interval" in html  # (4 - 3) / 7 overall in March
    breakdown = html[html.index('id="breakdown-title"') :]
    rows = breakdown.split("<tr>")[2:]
    assert "Checkout" in rows[0] and "+50.0" in rows[0] and ">4<" in rows[0]
    assert "Delivery" in rows[1] and "−33.3" in rows[1] and ">3<" in rows[1]
    assert "Quiet" in rows[2] and "No responses" in rows[2]
    assert "Small sample" in rows[0]
    assert f"scope=touchpoint%3A{checkout.pk}" in rows[0] and "period=2026-03-01" in rows[0]


def _grow(size: int) -> None:
    """`size` NPS responses spread over three months and two touchpoints, then the rollup."""
    have = Response.objects.count()
    touchpoints = [TouchpointFactory(code="a", name="A"), TouchpointFactory(code="b", name="B")]
    nps = metric("nps")
    Response.objects.bulk_create(
        Response(
            metric=nps,
            score=i % 11,
            responded_at=dt.datetime(2026, 1 + i % 3, 1 + i % 28, 9, tzinfo=dt.UTC),
            touchpoint=touchpoints[i % 2],
            external_id=f"grow-{i}",
        )
        for i in range(have, size)
    )
    rollup_rebuild()


@pytest.mark.parametrize("url", ["/voc/", "/voc/metrics/nps/"])
def test_the_page_query_count_does_not_grow_with_the_responses(core, url):
    _grow(10)
    core.get(url, MARCH)  # the persona's roles and session are read once
    count = assert_flat_query_count(
        fetch=lambda: core.get(url, MARCH), grow_to=_grow, sizes=(10, 600)
    )
    # user, roles, unread notifications (the session comes from the cache: cached_db); four
    # dimension lists; metrics (the metric page: its metric); rollups; targets and their two
    # latest-period reads (+1 on the metric page: the breakdown's period, +2 the operational
    # figures beside it; +1 on the dashboard: its open alerts).
    assert count == {"/voc/": 11, "/voc/metrics/nps/": 13}[url]


def test_the_dashboard_runs_a_fixed_number_of_queries(core):
    _grow(30)
    core.get("/voc/", MARCH)
    queries, page = count_queries(lambda: core.get("/voc/", MARCH))
    assert page.status_code == 200
    # session, user, roles; four dimension lists; metrics; rollups; targets and their two
    # latest-period reads; the open alerts; and "is there any rollup" only when the range is
    # empty.
    assert queries <= 13, queries


def test_the_filters_show_the_range_and_granularity_they_used(core):
    html = core.get("/voc/", {"granularity": "quarter", "end": "2026-05-20"}).content.decode()
    assert '<option value="quarter" selected>' in html
    # eight quarters back from the one containing 20 May 2026: Q3 2024 onwards
    assert 'name="start" value="2024-07-01"' in html and 'name="end" value="2026-05-20"' in html


def test_the_dashboard_lists_open_alerts_each_linking_to_its_kpi(core):
    from voc.models import Alert, AlertKind

    branch = TouchpointFactory(code="branch", name="Branch visit")
    Alert.objects.create(
        metric=metric("nps"), dimension_kind="touchpoint",
        dimension_id=branch.pk, granularity="month", period_start=dt.date(2026, 2, 1),
        kind=AlertKind.OFF_TRACK, message="NPS (Branch visit) is off track in February 2026.",
    )  # fmt: skip
    html = core.get("/voc/").content.decode()
    assert 'Open alerts <span class="muted">(1)</span>' in html
    assert f'href="/voc/metrics/nps/?granularity=month&amp;scope=touchpoint%3A{branch.pk}"' in html
    assert "NPS (Branch visit) is off track in February 2026." in html
    # The linked page draws that KPI.
    assert (
        core.get(f"/voc/metrics/nps/?granularity=month&scope=touchpoint:{branch.pk}").status_code
        == 200
    )


def test_without_open_alerts_the_dashboard_says_what_raises_one(core):
    html = core.get("/voc/").content.decode()
    assert "No open alert: the nightly check raises one" in html
