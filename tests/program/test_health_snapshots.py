"""The monthly governance-health snapshot: one row per month for the program and each active
body, however often the job runs (a doubled beat, a worker that died after writing part of
it); the trend chart drawn from them; the change the homes show against last month's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cxgov.dates import today
from cxgov.program.health import health_summary
from cxgov.program.models import HealthSnapshot
from cxgov.program.services import health_snapshots_take
from cxgov.roles import Role
from governance.models import Activity, GovernanceBody, Tier
from tests.conftest import make_user
from tests.factories import ActivityFactory, BodyFactory, RaciFactory, UserFactory


@pytest.fixture
def organization(db):
    """Two active bodies and a disbanded one; one activity settled (A: the first, R: a person):
    RACI 100% for the program and for it, no data for the second."""
    GovernanceBody.objects.all().delete()
    Activity.objects.all().delete()
    first = BodyFactory(name="First", tier=Tier.STEERING_COMMITTEE)
    second = BodyFactory(name="Second")
    BodyFactory(name="Gone", disbanded_on=dt.date(2026, 1, 2))
    activity = ActivityFactory()
    RaciFactory(activity=activity, body=first, letter="A")
    RaciFactory(activity=activity, body=None, person=UserFactory(), letter="R")
    return first, second


def test_once_per_month_and_body_however_often_the_job_runs(organization):
    first, second = organization
    assert health_snapshots_take() == 3  # the program, First, Second (not the disbanded body)
    assert health_snapshots_take() == 0  # the doubled beat
    month = today().replace(day=1)
    rows = {s.body_id: s for s in HealthSnapshot.objects.filter(month=month)}
    assert set(rows) == {None, first.pk, second.pk}
    assert rows[first.pk].score is not None
    raci = {r["key"]: r for r in rows[None].readings}["raci"]
    assert raci["value"] == 1.0 and raci["weight"] == 1.0


def test_a_worker_that_died_half_way_is_completed_not_doubled(organization):
    first, second = organization
    month = today().replace(day=1)
    # The first run wrote the program's and First's rows, then its worker died.
    HealthSnapshot.objects.create(body=None, month=month, score=50, taken_at=timezone.now())
    HealthSnapshot.objects.create(body=first, month=month, score=50, taken_at=timezone.now())
    assert health_snapshots_take() == 1
    assert HealthSnapshot.objects.filter(month=month).count() == 3
    assert HealthSnapshot.objects.get(body=None, month=month).score == 50  # left as taken


def test_the_database_refuses_a_second_snapshot_of_a_month(organization):
    first, _ = organization
    month = today().replace(day=1)
    for body in (None, first):
        HealthSnapshot.objects.create(body=body, month=month, score=1, taken_at=timezone.now())
        with pytest.raises(IntegrityError), transaction.atomic():
            HealthSnapshot.objects.create(body=body, month=month, score=2, taken_at=timezone.now())


def test_the_change_is_against_the_latest_earlier_months_snapshot(db):
    this_month = today().replace(day=1)
    last = (this_month - dt.timedelta(days=1)).replace(day=1)
    older = (last - dt.timedelta(days=1)).replace(day=1)
    assert health_summary(score=70, weakest=None).change is None
    HealthSnapshot.objects.create(month=older, score=40, taken_at=timezone.now())
    HealthSnapshot.objects.create(month=last, score=64, taken_at=timezone.now())
    HealthSnapshot.objects.create(month=this_month, score=99, taken_at=timezone.now())
    summary = health_summary(score=70, weakest=None)
    assert (summary.change, summary.since) == (6, last)


def test_the_health_page_draws_the_trend_and_the_change(client, organization):
    this_month = today().replace(day=1)
    last = (this_month - dt.timedelta(days=1)).replace(day=1)
    HealthSnapshot.objects.create(month=last, score=80, taken_at=timezone.now())
    client.force_login(make_user("cora", Role.CORE_TEAM))
    html = client.get("/program/health/").content.decode()
    # The signals with data: RACI 100%, charters 0 of 2 bodies: 50, down 30.
    assert '<span class="health-score">50</span>' in html
    assert f"Down 30 since the {last:%B %Y} snapshot." in html
    assert "<svg" in html and f"{last:%b %Y}" in html
    home = client.get("/").content.decode()
    assert f"Down 30 since the {last:%B %Y} snapshot." in home
