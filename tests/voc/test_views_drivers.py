"""The drivers page and the drivers and themes API: the ranked figures of the selector (tested
by hand in test_drivers.py) as a page every role reads and as JSON; the themes' API writes
through the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from voc import services
from voc.models import Response, Theme

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def drivers():
    """March 2026: 4 detractors (3 on login), 4 others (1 on login), on the app."""
    app = TouchpointFactory(code="app", name="Mobile app")
    for i, (score, text) in enumerate(
        [(1, "login broken"), (2, "login again"), (3, "login!"), (4, "slow"),
         (9, "login fine"), (10, "great"), (8, "ok"), (9, "nice")]
    ):  # fmt: skip
        Response.objects.create(
            metric=metric("nps"), score=score, comment=text, touchpoint=app,
            responded_at=dt.datetime(2026, 3, 2 + i, tzinfo=dt.UTC), external_id=f"x-{i}",
        )  # fmt: skip
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    Theme.objects.create(name="Speed", keywords=["slow"], languages=["en"])
    services.comments_backfill()
    return app


def test_every_role_reads_the_ranked_drivers(client, viewer_user, drivers):
    client.force_login(viewer_user)
    page = client.get(reverse("voc:driver-list"))
    assert page.status_code == 200
    text = page.content.decode()
    # Login: 3/4 - 1/4 = 50 points; speed: 1/4 - 0/4 = 25.
    assert text.index("App login") < text.index("Speed")
    assert "50.0" in text and "25.0" in text and "Small sample" in text
    assert reverse("voc:theme", kwargs={"pk": Theme.objects.get(name="Speed").pk}) not in text


def test_the_page_takes_the_metric_months_and_touchpoint(client, core_team_user, drivers):
    client.force_login(core_team_user)
    page = client.get(
        reverse("voc:driver-list"),
        {"metric": "nps", "months": "1", "until": "2026-03-15", "touchpoint": "app"},
    )
    assert page.status_code == 200
    table = page.context["table"]
    assert (table.first_month, table.last_month) == (dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    assert table.touchpoint_id == drivers.pk and table.drivers[0].value == pytest.approx(50)


def test_a_bad_filter_is_refused_naming_it(client, core_team_user, drivers):
    client.force_login(core_team_user)
    page = client.get(reverse("voc:driver-list"), {"metric": "churn", "months": "5"})
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"metric", "months"}


def test_the_drivers_page_reads_a_flat_number_of_queries(
    client, core_team_user, drivers, django_assert_max_num_queries
):
    client.force_login(core_team_user)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("voc:driver-list"))
    for n in range(30):
        Theme.objects.create(name=f"Theme {n}", keywords=[f"word{n}"], languages=["en"])
    services.comments_backfill()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("voc:driver-list"))


def test_the_drivers_api_answers_the_same_figures(api_client, steering_user, drivers):
    api_client.force_authenticate(steering_user)
    answer = api_client.get("/api/v1/drivers/", {"metric": "nps", "months": 3})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["detractors"], body["others"], body["first_month"]) == (4, 4, "2026-01-01")
    login = body["drivers"][0]
    assert login["theme_name"] == "App login" and login["difference"] == pytest.approx(50)
    assert login["low"] < 50 < login["high"] and login["small_sample"] is True
    refused = api_client.get("/api/v1/drivers/", {"metric": "nps", "colour": "red"})
    assert refused.status_code == 400 and "colour" in refused.content.decode()


def test_the_themes_api_creates_through_the_service(api_client, core_team_user, drivers):
    api_client.force_authenticate(core_team_user)
    made = api_client.post(
        "/api/v1/themes/",
        {"name": "Fees", "keywords": ["fee*", "charge"], "languages": ["en"]},
        format="json",
    )
    assert made.status_code == 201 and made.json()["keywords"] == ["fee*", "charge"]
    bad = api_client.post(
        "/api/v1/themes/", {"name": "Bad", "keywords": ["(x"], "languages": ["en"]}, format="json"
    )
    assert bad.status_code == 400 and "keywords" in bad.json()
    assert not Theme.objects.filter(name="Bad").exists()
    listed = api_client.get("/api/v1/themes/").json()["results"]
    login = next(t for t in listed if t["name"] == "App login")
    assert (login["mention_count"], login["detractor_mention_count"]) == (4, 3)


def test_the_themes_api_shows_none_to_those_who_read_no_comment(api_client, viewer_user, drivers):
    api_client.force_authenticate(viewer_user)
    assert api_client.get("/api/v1/themes/").json()["results"] == []
    theme = Theme.objects.get(name="App login")
    assert api_client.get(f"/api/v1/themes/{theme.pk}/").status_code == 404


def test_a_themes_page_draws_its_months(client, core_team_user, drivers):
    client.force_login(core_team_user)
    theme = Theme.objects.get(name="App login")
    page = client.get(reverse("voc:theme", kwargs={"pk": theme.pk})).content.decode()
    assert "Share of comments mentioning App login, by month" in page and "<svg" in page
    listing = client.get(reverse("voc:theme-list")).content.decode()
    assert "comments a month" in listing  # the sparklines' titles


def test_a_scope_without_comments_says_so_instead_of_ranking_zeros(client, core_team_user, drivers):
    quiet = TouchpointFactory(code="video", name="Video appointments")
    client.force_login(core_team_user)
    page = client.get(
        reverse("voc:driver-list"), {"metric": "nps", "until": "2026-03-01", "touchpoint": "video"}
    )
    assert page.status_code == 200
    assert page.context["table"].touchpoint_id == quiet.pk
    text = page.content.decode()
    assert "No comments on Net Promoter Score from Jan 2026 to Mar 2026, Video appointments" in text
    assert "Themes ranked" not in text and "0 of 0" not in text


@pytest.mark.parametrize(
    ("sent", "month"),
    [("2026-03", dt.date(2026, 3, 1)), ("2026-03-31", dt.date(2026, 3, 1)), ("", None)],
)
def test_the_month_is_picked_as_a_month_or_a_day_in_it(
    client, core_team_user, drivers, sent, month
):
    client.force_login(core_team_user)
    page = client.get(reverse("voc:driver-list"), {"until": sent})
    assert page.status_code == 200
    assert 'type="month"' in page.content.decode()
    # Blank: the latest month with comments, March 2026 in this data.
    assert page.context["table"].last_month == (month or dt.date(2026, 3, 1))


@pytest.mark.parametrize("sent", ["2026-13", "March", "2026-02-30"])
def test_a_month_that_is_not_one_is_refused_on_its_field(client, core_team_user, drivers, sent):
    client.force_login(core_team_user)
    page = client.get(reverse("voc:driver-list"), {"until": sent})
    assert page.status_code == 400
    assert page.context["form"].errors == {
        "until": ["Enter a month as year and month, e.g. 2026-11."]
    }


@pytest.mark.parametrize(
    ("code", "group"), [("nps", "Detractors"), ("csat", "Dissatisfied"), ("ces", "High effort")]
)
def test_the_table_names_the_metrics_own_group(client, core_team_user, code, group):
    Response.objects.create(
        metric=metric(code), score=1, comment="login broken",
        responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), external_id=f"g-{code}",
    )  # fmt: skip
    Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    services.comments_backfill()
    client.force_login(core_team_user)
    page = client.get(reverse("voc:driver-list"), {"metric": code}).content.decode()
    assert f'<th scope="col" class="num">{group} mentioning</th>' in page
