"""The portfolio's digest section, on hand-built initiatives: each person's own open initiatives
with their health, worst first, the quiet ones said to be quiet."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cxgov.digest import sections_for
from portfolio.digest import owned_initiatives
from portfolio.models import Health, Status
from tests.portfolio.factories import InitiativeFactory

SINCE = timezone.make_aware(dt.datetime(2026, 11, 1))


def test_each_persons_open_initiatives_worst_health_first(
    wg_member_user, core_team_user, django_assert_num_queries
):
    today = timezone.localdate()
    InitiativeFactory(
        owner=wg_member_user, title="Green one", status=Status.APPROVED, health=Health.GREEN
    )
    InitiativeFactory(
        owner=wg_member_user,
        title="Red one",
        status=Status.IN_PROGRESS,
        health=Health.RED,
        status_changed_on=today,
        last_update_on=today,
    )
    InitiativeFactory(
        owner=wg_member_user,
        title="Quiet one",
        status=Status.IN_PROGRESS,
        health=Health.AMBER,
        status_changed_on=today - dt.timedelta(days=60),
    )
    InitiativeFactory(owner=wg_member_user, title="Unreported", status=Status.PROPOSED)
    InitiativeFactory(
        owner=wg_member_user, title="Done", status=Status.COMPLETED, health=Health.RED
    )
    InitiativeFactory(
        owner=core_team_user, title="Carol's", status=Status.ON_HOLD, health=Health.AMBER
    )
    with django_assert_num_queries(1):
        found = owned_initiatives(users=[wg_member_user, core_team_user], since=SINCE)
    assert [(i.text, i.note) for i in found[wg_member_user.pk]] == [
        ("Red one", "health red, in progress"),
        ("Quiet one", "health amber, in progress, no status update lately"),
        ("Green one", "health green, approved"),
        ("Unreported", "no health reported yet, proposed"),
    ]
    assert [(i.text, i.note) for i in found[core_team_user.pk]] == [
        ("Carol's", "health amber, on hold")
    ]
    assert found[core_team_user.pk][0].link.startswith("/portfolio/initiatives/")


def test_a_viewer_has_no_initiatives_section(viewer_user, wg_member_user):
    assert "portfolio.initiatives" not in {s.key for s in sections_for(viewer_user)}
    assert "portfolio.initiatives" in {s.key for s in sections_for(wg_member_user)}
