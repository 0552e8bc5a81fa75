"""A target is named with its scope everywhere (voc.models.scope_label: "Touchpoint: Mobile app
login", never "(touchpoint)"), and its KPI's name links to the metric's page at that scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from governance.models import SuccessStatement
from voc import services

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db

SCOPE = "Touchpoint: Mobile app login"


@pytest.fixture
def scoped(core_team_user):
    statement = SuccessStatement.objects.create(title="Easy to bank with", text="Every time.")
    login = TouchpointFactory(name="Mobile app login")
    return services.target_create(
        by=core_team_user,
        success_statement=statement,
        metric=metric("nps"),
        dimension_kind="touchpoint",
        dimension_id=login.pk,
        granularity="quarter",
        baseline_value=10,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=40,
        target_date=dt.date(2027, 1, 1),
    )


def test_the_metric_link_opens_the_targets_scope_and_granularity(scoped):
    tp = scoped.dimension_id
    assert scoped.get_metric_url() == (
        f"/voc/metrics/nps/?scope=touchpoint%3A{tp}&granularity=quarter"
    )


def test_the_statement_page_names_each_target_with_its_scope(client, viewer_user, scoped):
    client.force_login(viewer_user)
    url = reverse("governance:success-statement-detail", args=[scoped.success_statement_id])
    page = client.get(url).content.decode()
    assert f"Net Promoter Score, {SCOPE}: 40 by 1 Jan 2027" in strip_tags(page)
    assert f'<a href="{scoped.get_metric_url().replace("&", "&amp;")}">Net Promoter' in page


def test_the_target_page_names_its_scope_in_the_heading(client, viewer_user, scoped):
    client.force_login(viewer_user)
    page = client.get(reverse("voc:target", args=[scoped.pk])).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", page, flags=re.S).group(1)
    assert SCOPE in heading
    assert f'href="{scoped.get_metric_url().replace("&", "&amp;")}"' in page


def test_the_targets_api_names_the_scope(api_client, viewer_user, scoped):
    api_client.force_authenticate(viewer_user)
    (row,) = api_client.get("/api/v1/targets/").json()["results"]
    assert row["scope"] == SCOPE
    assert api_client.get(f"/api/v1/targets/{scoped.pk}/").json()["scope"] == SCOPE
