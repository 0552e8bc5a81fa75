"""The voice of the customer's digest sections, on hand-built data: the KPI changes outside the
noise (raised by the nightly alerts' own test on hand-worked rollups), and each person's own
closed-loop cases past their service level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.dates import today
from cxgov.digest import sections_for
from tests.factories import UserFactory
from voc import services
from voc.digest import kpi_changes, overdue_cases
from voc.models import Alert, ClosedLoopCase, KpiRollup, Response

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db


def month(code: str, start: dt.date, **fields) -> KpiRollup:
    return KpiRollup.objects.create(
        metric=metric(code), granularity="month", period_start=start, n=400, low=0, high=0,
        **fields,
    )  # fmt: skip


def test_only_changes_outside_the_noise_since_the_last_digest(
    core_team_user, steering_user, django_assert_num_queries
):
    # May: 200/120/80 -> NPS 30; June: 140/140/120 -> NPS 5, on 400 each: the change's
    # interval excludes zero. CSAT 300/400 then 306/400: within the noise, no alert.
    month("nps", dt.date(2026, 5, 1), score=30, promoters=200, passives=120, detractors=80)
    month("nps", dt.date(2026, 6, 1), score=5, promoters=140, passives=140, detractors=120)
    month("csat", dt.date(2026, 5, 1), score=75, share_count=300)
    month("csat", dt.date(2026, 6, 1), score=76.5, share_count=306)
    assert services.alerts_raise(on=dt.date(2026, 7, 15)) == 1
    since = timezone.now() - dt.timedelta(days=1)
    with django_assert_num_queries(1):
        found = kpi_changes(users=[core_team_user, steering_user], since=since)
    [item] = found[core_team_user.pk]
    assert item.text.startswith(
        "Net Promoter Score (overall) fell 25.0 points from May 2026 to June 2026"
    )
    assert (item.note, item.link.split("?")[0]) == ("", "/voc/metrics/nps/")
    assert found[steering_user.pk] == [item]
    # Raised before the period began: not news any more.
    Alert.objects.update(raised_at=since - dt.timedelta(days=1))
    assert kpi_changes(users=[core_team_user], since=since) == {}


def test_kpi_changes_are_for_those_who_steer_by_them(core_team_user, wg_member_user):
    assert "voc.kpi-changes" in {s.key for s in sections_for(core_team_user)}
    assert "voc.kpi-changes" not in {s.key for s in sections_for(wg_member_user)}


def test_each_persons_own_cases_past_their_service_level(
    wg_member_user, core_team_user, django_assert_num_queries
):
    nps = metric("nps")
    branch = TouchpointFactory(name="Branch")

    def case(owner, due: dt.date, i: int, **fields) -> ClosedLoopCase:
        response = Response.objects.create(
            metric=nps, score=2, external_id=f"digest-{i}",
            responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )  # fmt: skip
        return ClosedLoopCase.objects.create(
            response=response, metric=nps, owner=owner, due_on=due,
            opened_on=min(due, today()) - dt.timedelta(days=7), **fields,
        )  # fmt: skip

    on = today()
    late = case(wg_member_user, on - dt.timedelta(days=9), 1, touchpoint=branch)
    later = case(wg_member_user, on - dt.timedelta(days=1), 2)
    case(wg_member_user, on, 3)  # due today: within its service level still
    case(wg_member_user, on - dt.timedelta(days=4), 4, status="closed", closed_on=on,
         closing_note="Called back.")  # fmt: skip
    case(UserFactory(username="someone"), on - dt.timedelta(days=3), 5)  # not theirs
    with django_assert_num_queries(1):
        found = overdue_cases(users=[wg_member_user, core_team_user], since=timezone.now())
    assert [(i.text, i.note) for i in found[wg_member_user.pk]] == [
        (f"Case {late.pk}: a Net Promoter Score response at Branch",
         f"due {late.due_on:%-d %b %Y}, 9 days past"),
        (f"Case {later.pk}: a Net Promoter Score response",
         f"due {later.due_on:%-d %b %Y}, 1 day past"),
    ]  # fmt: skip
    assert found[wg_member_user.pk][0].link == f"/voc/cases/{late.pk}/"
    assert core_team_user.pk not in found
