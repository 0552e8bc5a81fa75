"""Closed-loop cases and KPI alerts on the homes: a member sees the cases they follow up, the
core team the open and overdue counts and the alerts the steering committee has not seen
(the "followup" panel)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from cxgov.dates import today
from tests.helpers import assert_flat_query_count
from voc.models import Alert, AlertKind, ClosedLoopCase, Metric, Response

pytestmark = pytest.mark.django_db


def make_cases(owner, count: int, *, due: dt.date) -> None:
    nps = Metric.objects.get(code="nps")
    start = Response.objects.count()
    responses = Response.objects.bulk_create(
        Response(
            metric=nps,
            score=2,
            comment="Slow.",
            external_id=f"home-{start + i}",
            responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )  # fmt: skip
        for i in range(count)
    )
    ClosedLoopCase.objects.bulk_create(
        ClosedLoopCase(response=r, metric=nps, owner=owner, opened_on=min(due, today()), due_on=due)
        for r in responses
    )


def test_a_member_sees_the_cases_they_follow_up_with_the_overdue_ones_marked(client, program):
    make_cases(program.member, 2, due=today() - dt.timedelta(days=2))
    make_cases(program.member, 1, due=today() + dt.timedelta(days=4))
    client.force_login(program.member)
    page = client.get(reverse("home")).content.decode()
    assert "My closed-loop cases" in page and "2 overdue" in page
    assert len(re.findall(r'href="/voc/cases/\d+/"', page)) == 3


def test_the_core_team_sees_case_counts_and_alerts_awaiting_the_committee(client, program):
    make_cases(program.member, 3, due=today() - dt.timedelta(days=1))
    make_cases(None, 1, due=today() + dt.timedelta(days=3))
    Alert.objects.create(
        metric=Metric.objects.get(code="nps"), granularity="month",
        period_start=dt.date(2026, 6, 1), kind=AlertKind.OUTSIDE_NOISE,
        message="NPS fell 25.0 points from May 2026 to June 2026.",
    )  # fmt: skip
    client.force_login(program.core)
    page = client.get(reverse("home")).content.decode()
    assert "Open alerts and cases" in page
    assert "<strong>1</strong> alert no steering committee meeting has covered yet" in page
    assert "<strong>4</strong> open cases</a>, <strong>3</strong> past their service level" in page
    assert "1 with no owner" in page


@pytest.mark.parametrize("persona", ["core", "member"])
def test_the_case_panels_read_in_a_flat_number_of_queries(client, program, persona):
    client.force_login(getattr(program, persona))
    fetch = lambda: client.get(reverse("home"))  # noqa: E731

    def grow_to(size: int) -> None:
        make_cases(program.member, size - ClosedLoopCase.objects.count(), due=today())

    grow_to(5)
    fetch()
    assert_flat_query_count(fetch=fetch, grow_to=grow_to, sizes=(5, 50))
