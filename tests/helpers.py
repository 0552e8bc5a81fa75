"""Test helpers shared across apps."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
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
    counts = []
    for size in sizes:
        grow_to(size)
        queries, response = count_queries(fetch)
        status = getattr(response, "status_code", 200)
        assert status == 200, f"fetch answered {status} at size {size}"
        counts.append(queries)
    assert len(set(counts)) == 1, (
        f"query count grows with the data: {dict(zip(sizes, counts, strict=True))}"
    )
    return counts[0]
