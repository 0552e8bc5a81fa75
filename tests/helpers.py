"""Test helpers shared across apps."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.template.base import VariableDoesNotExist
from django.template.context import BaseContext
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cxgov.roles import Role

# Roles that read but do not configure: for "refused" rows of a permission test.
NOT_CONFIGURERS = [
    Role.EXECUTIVE.value,
    Role.STEERING_COMMITTEE.value,
    Role.WORKING_GROUP_MEMBER.value,
    Role.VIEWER.value,
]


def count_queries(fetch: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fetch()
    return len(ctx.captured_queries), result


def assert_flat_query_count(
    *, fetch: Callable[[], object], grow_to: Callable[[int], None], sizes=(10, 200)
) -> int:
    """Grow the data to each size, fetch (a page or an API list), and assert the query count
    does not change with the size. Returns the count, so a test can also pin it."""
    from cxgov.caching import data_changed

    counts = []
    for size in sizes:
        grow_to(size)
        data_changed()  # a cold cache at each size: the cached panels' own queries count too
        queries, response = count_queries(fetch)
        status = getattr(response, "status_code", 200)
        assert status == 200, f"fetch answered {status} at size {size}"
        counts.append(queries)
    assert len(set(counts)) == 1, (
        f"query count grows with the data: {dict(zip(sizes, counts, strict=True))}"
    )
    return counts[0]


class _MissingContextKeys(logging.Handler):
    """Django logs every failed variable lookup at DEBUG on "django.template"; a lookup that
    fails on the context itself is a key the view never set. Collects (template, key)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, VariableDoesNotExist) and isinstance(error.params[1], BaseContext):
            key, template = record.args
            self.found.append((str(template), str(key)))


@contextlib.contextmanager
def missing_context_keys() -> Iterator[list[tuple[str, str]]]:
    """The (template, key) pairs templates rendered inside the block read from a context
    that lacked them: a panel reading a key nobody sets renders as empty, silently, so
    tests make it loud with this."""
    logger = logging.getLogger("django.template")
    handler, level = _MissingContextKeys(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def table_fingerprints(cursor, *, vendor: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, md5 of its rows)} for every table a database cursor sees, computed
    by the database on PostgreSQL (each row as text, in a fixed order) and over the sorted rows
    on SQLite: an independent measure of "the same data" for backup and idempotency tests."""
    import hashlib

    if vendor == "postgresql":
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
        tables = [name for (name,) in cursor.fetchall()]
        fingerprints = {}
        for table in tables:
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            )
            count, digest = cursor.fetchone()
            fingerprints[table] = (count, digest)
        return fingerprints
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    fingerprints = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(map(repr, cursor.fetchall()))
        fingerprints[table] = (len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest())
    return fingerprints


@contextlib.contextmanager
def in_process_requests():
    """Requests go through Django's WSGI handler in the test's transaction, as the test client
    does: the per-request connection housekeeping would close the test's connection. (Enter it
    after any test-client request: the test client reconnects the housekeeping when done.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(ALLOWED_HOSTS=["*"]):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
