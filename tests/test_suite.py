"""The suite's own machinery under pytest-xdist: Redis per worker, the serial group, and the
migrations' rows put back after a transactional test's flush."""

from __future__ import annotations

import pytest

from tests.conftest import _per_worker, join_serial_group


@pytest.mark.parametrize(
    ("worker", "url", "expected"),
    [
        ("gw0", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("gw1", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("gw1", "redis://127.0.0.1:6379/6", "redis://127.0.0.1:6379/7"),
        ("gw3", "redis://127.0.0.1:6379", "redis://127.0.0.1:6379/3"),
        ("gw2", "redis://:pw@redis.internal:6380/15", "redis://:pw@redis.internal:6380/1"),
    ],
)
def test_each_xdist_worker_has_a_redis_database_of_its_own(monkeypatch, worker, url, expected):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    assert _per_worker(url) == expected


def test_without_xdist_the_redis_database_is_the_one_given(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert _per_worker("redis://127.0.0.1:6379/6") == "redis://127.0.0.1:6379/6"


@pytest.mark.parametrize("marker", ["browser", "redis", "bench"])
def test_browser_redis_and_bench_tests_join_the_serial_group(request, marker):
    item = request.node
    join_serial_group(item, loadgroup=False)
    assert item.get_closest_marker("xdist_group") is None  # an ordinary test is spread
    item.add_marker(getattr(pytest.mark, marker))
    join_serial_group(item, loadgroup=False)
    assert item.get_closest_marker("xdist_group").args == ("serial",)


def test_under_loadgroup_the_group_is_in_the_node_id_where_xdist_looks(request):
    item = request.node
    nodeid, markers = item.nodeid, list(item.own_markers)
    saved = ("_id", item._id) if hasattr(item, "_id") else ("_nodeid", item._nodeid)
    try:
        item.add_marker(pytest.mark.browser)
        join_serial_group(item, loadgroup=True)
        assert item.nodeid == f"{nodeid}@serial"
        join_serial_group(item, loadgroup=True)
        assert item.nodeid == f"{nodeid}@serial"  # once, however often asked
    finally:
        setattr(item, *saved)
        item.own_markers[:] = markers
    assert item.nodeid == nodeid


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_a_flush_the_migrations_rows_and_the_sequences_come_back():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db.models import F

    from governance.models import Activity
    from tests.conftest import _restore_migrated_rows
    from tests.factories import ActivityFactory

    seeded = set(Activity.objects.values_list("code", flat=True))
    assert "approve-charter" in seeded
    # What a transactional test's teardown does: every row gone, sequences back to 1, and
    # without a serialized rollback the content types made again, under other ids.
    call_command("flush", interactive=False, verbosity=0)
    assert not Activity.objects.exists()
    Permission.objects.all().delete()
    ContentType.objects.update(id=F("id") + 1000)
    _restore_migrated_rows()
    assert ContentType.objects.get_for_model(Activity).pk < 1000
    assert set(Activity.objects.values_list("code", flat=True)) == seeded
    assert ActivityFactory(name="After the flush").pk > max(
        Activity.objects.exclude(name="After the flush").values_list("pk", flat=True)
    )
