"""The data migration to packs frozen at the opening: a pack stored ahead for a meeting not yet
opened is removed (the meeting reads live again), one of a meeting opened or closed is frozen
as it was (at the closing, else when it was built); frozen_at is then required."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("program", "0001_kpi_pack")]
AFTER = [("program", "0002_pack_frozen_at_opening")]
UTC = dt.UTC


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_packs_built_ahead_go_and_packs_of_opened_meetings_freeze():
    old = migrate(BEFORE)
    Body = old.get_model("governance", "GovernanceBody")
    Meeting = old.get_model("governance", "Meeting")
    KpiPack = old.get_model("program", "KpiPack")
    body = Body.objects.create(name="Steering", tier="steering_committee")
    at = dt.datetime(2026, 11, 10, 9, 0, tzinfo=UTC)

    def meeting(status, **fields):
        return Meeting.objects.create(body=body, starts_at=at, status=status, **fields)

    ahead = KpiPack.objects.create(meeting=meeting("scheduled"), built_at=at, data={})
    running = KpiPack.objects.create(
        meeting=meeting("in_progress", opened_at=at), built_at=at, data={"n": 1}
    )
    closed_at = at + dt.timedelta(hours=1)
    closed = KpiPack.objects.create(
        meeting=meeting("closed", opened_at=at, closed_at=closed_at),
        built_at=at,
        data={"n": 2},
    )
    frozen_at = at + dt.timedelta(hours=2)
    kept = KpiPack.objects.create(
        meeting=meeting("closed", opened_at=at, closed_at=closed_at),
        built_at=at,
        frozen_at=frozen_at,
        data={"n": 3},
    )

    new = migrate(AFTER)
    KpiPack = new.get_model("program", "KpiPack")
    assert not KpiPack.objects.filter(pk=ahead.pk).exists()
    assert KpiPack.objects.get(pk=running.pk).frozen_at == at
    assert KpiPack.objects.get(pk=closed.pk).frozen_at == closed_at
    assert KpiPack.objects.get(pk=kept.pk).frozen_at == frozen_at
    assert KpiPack.objects.get(pk=closed.pk).data == {"n": 2}
    assert not KpiPack._meta.get_field("frozen_at").null
